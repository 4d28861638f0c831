import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** What another process (`npm run sweep`) needs to act on a running stack. */
export interface RunningStack {
  pid: number;
  url: string;
  sfnEndpoint: string;
  dynamoEndpoint: string;
  tableName: string;
  outboxDir: string;
  /** Absent from the runtime.json of a stack started before SMS: it then sends none. */
  smsOutboxDir?: string;
  dataDir: string;
}

/**
 * Where running stacks announce themselves, whatever their DATA_DIR: one file per stack, in a
 * folder of this user's. `SHENBAO_RUNNING_DIR` moves it (the tests keep theirs apart).
 */
export const runningDir = () => process.env.SHENBAO_RUNNING_DIR ?? join(tmpdir(), `shenbao-running-${userInfo().uid}`);

/**
 * Writes `<dataDir>/runtime.json` and the stack's entry in `runningDir()`. `announced` is false
 * for the tests' own runtimes, which a user's `npm run sweep` must not pick up; they are found by
 * their DATA_DIR only. Returns what removes both on a clean stop.
 */
export function announce(stack: RunningStack, announced: boolean): () => void {
  const own = join(stack.dataDir, 'runtime.json');
  writeFileSync(own, JSON.stringify(stack, null, 2));
  const entry = join(runningDir(), `${stack.pid}-${new URL(stack.url).port}.json`);
  if (announced) {
    mkdirSync(runningDir(), { recursive: true });
    writeFileSync(entry, JSON.stringify(stack, null, 2));
  }
  return () => {
    rmSync(own, { force: true });
    if (announced) rmSync(entry, { force: true });
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const read = (file: string): RunningStack | undefined => {
  try {
    const stack = JSON.parse(readFileSync(file, 'utf8')) as RunningStack;
    return typeof stack.pid === 'number' && alive(stack.pid) ? stack : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The running stack to act on: the one whose data is in `dataDir` when it is given (DATA_DIR),
 * else the only one running. Entries of stacks that died (kill -9) are skipped and removed.
 */
export function findRunning(dataDir: string | undefined): { stack: RunningStack } | { problem: string } {
  const how = 'point at its data with DATA_DIR=<its data dir> npm run sweep -- --now <iso>';
  if (dataDir) {
    const stack = read(join(dataDir, 'runtime.json'));
    return stack
      ? { stack }
      : {
          problem: `no running shenbao has its data in ${dataDir} (no live ${join(dataDir, 'runtime.json')}): start it with DATA_DIR=${dataDir} npm start`,
        };
  }
  let files: string[] = [];
  try {
    files = readdirSync(runningDir()).filter((f) => f.endsWith('.json'));
  } catch {
    // Nothing has ever run.
  }
  const running: RunningStack[] = [];
  for (const file of files) {
    const stack = read(join(runningDir(), file));
    if (stack) running.push(stack);
    else rmSync(join(runningDir(), file), { force: true });
  }
  if (running.length === 1) return { stack: running[0]! };
  if (running.length === 0)
    return {
      problem: `no running shenbao found: start it with npm start (or, if it runs as another user or was started elsewhere, ${how})`,
    };
  return {
    problem: `${running.length} shenbao stacks are running (${running.map((s) => `${s.url}, data in ${s.dataDir}`).join('; ')}): ${how}`,
  };
}
