import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../local/dynamo';
import { projectRoot } from '../../local/runtime';
import { ApiClient, eventually } from '../support/runtime';
import { completeDeclaration } from '../support/slice';

/**
 * `npm start` as a user runs it: a separate process with its data on disk. It is killed with
 * SIGKILL mid-workflow, which must take DynamoDB Local down with it, and the next start must
 * pick the waiting execution up where it stopped.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-e2e-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function npmStart(port: number, sfnPort: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), SFN_PORT: String(sfnPort), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually(
    async () => output.includes('shenbao is running') || (child.exitCode !== null && Promise.reject(new Error(output))),
    'npm start to come up',
    90_000,
  );
  const dynamoEndpoint = /DynamoDB Local (http:\/\/\S+)/.exec(output)![1]!;
  return { child, exited, dynamoEndpoint, output: () => output };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

it('seeds a fresh install, survives kill -9 without orphaning DynamoDB Local, resumes, and stops cleanly on Ctrl-C', async () => {
  const [port, sfnPort] = [await freePort(), await freePort()];
  const api = new ApiClient(`http://127.0.0.1:${port}`);

  const first = await npmStart(port, sfnPort);
  expect(first.output()).toContain('seeded the demo users and one open call of each project kind');
  const calls = (await api.request('GET', '/calls')).body.items as any[];
  expect(calls.map((call) => call.kind).sort()).toEqual(['community-brand', 'demonstration-centre', 'elder-empowerment']);
  expect((await api.request('GET', '/dev/users')).body.items.map((u: any) => u.username)).toEqual(
    expect.arrayContaining(['admin', 'applicant-a1', 'district-a', 'expert-1']),
  );

  const elderCall = calls.find((call) => call.kind === 'elder-empowerment');
  const draft = await api.as('applicant-a1').post(`/calls/${elderCall.callId}/declarations`, completeDeclaration);
  expect(draft.status).toBe(201);
  const id = draft.body.declarationId;
  expect((await api.as('applicant-a1').post(`/declarations/${id}/submit`)).status).toBe(200);
  const task = await eventually(
    async () => ((await api.as('district-a').get('/tasks')).body.items as any[]).find((t) => t.declarationId === id),
    'the district recommendation task',
  );

  first.child.kill('SIGKILL');
  await first.exited;
  await eventually(async () => !(await answers(first.dynamoEndpoint)), 'DynamoDB Local to die with its parent', 15_000);

  const second = await npmStart(port, sfnPort);
  expect(second.output()).toContain('existing data kept');
  // The declaration's execution and the three seeded calls' (each waiting for its window to close).
  expect(second.output()).toContain('resumed 4 waiting execution(s)');
  expect((await api.request('GET', '/calls')).body.items).toHaveLength(3);
  const decided = await api.as('district-a').post(`/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank: 1 });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  await eventually(
    async () =>
      ((await api.as('admin').get('/tasks')).body.items as any[]).find((t) => t.declarationId === id && t.kind === 'formal_review'),
    'the resumed workflow to open the formal review',
  );
  expect((await api.as('applicant-a1').get(`/declarations/${id}`)).body.stage).toBe('formal_review');

  second.child.kill('SIGINT');
  expect(await second.exited).toBe(0);
  expect(await answers(second.dynamoEndpoint)).toBe(false);
}, 240_000);
