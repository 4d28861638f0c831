import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../local/dynamo';
import { projectRoot } from '../../local/runtime';

/**
 * A script that starts `npm start` and waits for it before using it: `/health` answers as soon as
 * the API listens, before the demo data is seeded; `/ready` answers 200 only once it is usable.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-ready-'));
let child: ChildProcess | undefined;
afterAll(async () => {
  // Ctrl-C, so it stops DynamoDB Local and takes itself off the list of running stacks.
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child!.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const get = async (url: string) => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { status: response.status, body: (await response.json()) as any };
  } catch {
    return undefined; // not listening yet
  }
};

it('GET /ready is 503 (starting) until the demo data is seeded, then 200; at its first 200 the seeded calls are listed', async () => {
  const [port, sfnPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), SFN_PORT: String(sfnPort), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  const seen: number[] = [];
  const deadline = Date.now() + 90_000;
  let ready: { status: number; body: any } | undefined;
  while (Date.now() < deadline) {
    expect(child.exitCode, output).toBeNull();
    const answer = await get(`${base}/ready`);
    if (answer) {
      if (seen.at(-1) !== answer.status) seen.push(answer.status);
      if (answer.status === 200) {
        ready = answer;
        break;
      }
      expect(answer, 'a /ready that is not 200 is 503 starting (or degraded)').toMatchObject({ status: 503 });
      expect(['starting', 'degraded']).toContain(answer.body.status);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(ready, `/ready never answered 200; answers seen ${seen.join(' → ')}\n${output}`).toBeDefined();
  expect(ready!.body).toEqual({ status: 'ready', checks: { dynamodb: 'ok', stepFunctions: 'ok' } });
  // What the waiting script does next: it finds the three seeded calls at once.
  const calls = await get(`${base}/calls`);
  expect(calls?.body.items.map((c: any) => c.kind).sort()).toEqual(['community-brand', 'demonstration-centre', 'elder-empowerment']);
  console.log(`/ready answers seen while starting: ${seen.join(' → ')}`);
}, 120_000);
