import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, expect, it } from 'vitest';
import { seededKind } from '../../local/kind-seeds';
import { freePort } from '../../local/dynamo';
import { projectRoot } from '../../local/runtime';
import { ApiClient } from '../support/runtime';
import { completeDeclaration } from '../support/slice';

/**
 * kill -9 at every step boundary of a declaration's path from submit to 立项 (issue 17). Each run
 * starts `npm start` with one fault point armed (SHENBAO_FAULT, functions/adapters/faults.ts),
 * walks a fresh declaration until the process kills itself there, starts it again unarmed, runs
 * one reconciler pass (`npm run sweep`), and walks on to 立项. Then: every write the API
 * acknowledged is there, nothing is there twice, and the declaration never stopped moving.
 * `SHENBAO_FAULTS=long` walks every point; the default, a few, to stay within CI's time.
 */
const everyPoint = [
  'submit.staged',
  'intent.started/declaration',
  'sfn.token-saved/DistrictRecommendation',
  'sfn.task-recorded/DistrictRecommendation',
  'decision.committed/district_recommendation',
  'sfn.token-settled/DistrictRecommendation',
  'sfn.token-saved/FormalReview',
  'decision.committed/formal_review',
  'sfn.task-recorded/AssignExperts',
  'decision.committed/expert_assignment',
  'sfn.token-saved/ExpertReview',
  'score.committed/expert_score:3',
  'decision.committed/expert_review',
  'decision.committed/shortlist',
  'call.settled/approved',
  'sfn.task-done/Establish',
];
const quick = [
  'submit.staged',
  'sfn.token-saved/DistrictRecommendation',
  'decision.committed/formal_review',
  'sfn.task-recorded/AssignExperts',
];
const chosen = process.env.SHENBAO_FAULTS;
/** `long`: every point; a comma-separated list: those (to look at one); unset: the quick few. */
const points = chosen === 'long' ? everyPoint : chosen ? chosen.split(',') : quick;
/** How long the declaration may show no next step before it counts as stuck. */
const STUCK_MS = 30_000;

const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-faults-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Stack {
  child: ChildProcess;
  exited: Promise<NodeJS.Signals | null>;
  dead: () => boolean;
  output: () => string;
}

async function npmStart(port: number, sfnPort: number, fault?: string): Promise<Stack> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SFN_PORT: String(sfnPort), DATA_DIR: dataDir };
  delete env.SHENBAO_FAULT;
  if (fault) env.SHENBAO_FAULT = fault;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 90_000;
  while (!output.includes('shenbao is running')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await sleep(200);
  }
  return { child, exited, dead: () => child.exitCode !== null || child.signalCode !== null, output: () => output };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the API acknowledged (a 2xx), to be found afterwards in the audit trail. */
interface Ack {
  action: string;
  taskId?: string;
  actor: string;
}

const kind = 'elder-empowerment';
/** The stack's Step Functions endpoint, on the port every start of this file is given. */
let sfn: SFNClient;
const sheet = Object.fromEntries(seededKind(kind).rubric.map((c) => [c.key, Math.round(c.maxScore * 0.85 * 100) / 100]));

/** One step of the path from where the declaration stands; 'waiting' when nothing is open to act on yet. */
async function step(api: ApiClient, id: string, callId: string, acks: Ack[]): Promise<'acted' | 'waiting' | 'done'> {
  const d = (await api.as('admin').get(`/declarations/${id}`)).body;
  const taskOf = async (who: string, kind: string) =>
    ((await api.as(who).get('/tasks')).body.items as any[]).find((t) => t.declarationId === id && t.kind === kind && t.status === 'open');
  const decide = async (who: string, kind: string, body: unknown) => {
    const task = await taskOf(who, kind);
    if (!task) return 'waiting' as const;
    const reply = await api.as(who).post(`/tasks/${task.taskId}/decision`, body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    acks.push({ action: `decided.${kind}`, taskId: task.taskId, actor: who });
    return 'acted' as const;
  };
  const moveClockPast = async (iso: string) => {
    await api.request('POST', '/dev/clock', { body: { now: new Date(Date.parse(iso) + 60_000).toISOString() } });
    api.forgetTokens();
    return 'acted' as const;
  };
  switch (d.stage) {
    case 'draft': {
      const reply = await api.as('applicant-a1').post(`/declarations/${id}/submit`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      acks.push({ action: 'submitted', actor: 'applicant-a1' });
      return 'acted';
    }
    case 'district_review':
      return decide('district-a', 'district_recommendation', { outcome: 'recommend', rank: 1 });
    case 'formal_review':
      return decide('admin', 'formal_review', { outcome: 'approve' });
    case 'expert_assignment': {
      if (!(await taskOf('admin', 'expert_assignment'))) return 'waiting';
      const reply = await api.as('admin').post(`/declarations/${id}/experts`, {});
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      acks.push({ action: 'experts.assigned', actor: 'admin' });
      return 'acted';
    }
    case 'expert_invitation':
      for (const expert of d.invitedExperts ?? [])
        if ((await decide(expert, 'expert_invitation', { outcome: 'accept' })) === 'acted') return 'acted';
      return 'waiting';
    case 'expert_review':
      for (const expert of d.experts ?? [])
        if ((await decide(expert, 'expert_score', { scores: sheet, comment: '方案完整' })) === 'acted') return 'acted';
      return 'waiting';
    case 'scored': {
      const call = (await api.as('admin').get(`/calls/${callId}`)).body;
      if (call.status === 'open') return moveClockPast(call.closesAt);
      const shortlist = ((await api.as('admin').get('/tasks')).body.items as any[]).find(
        (t) => t.declarationId === callId && t.kind === 'shortlist' && t.status === 'open',
      );
      if (!shortlist) return 'waiting';
      const reply = await api.as('admin').post(`/calls/${callId}/shortlist`, { declarationIds: [id] });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      acks.push({ action: 'shortlist.confirmed', actor: 'admin' });
      return 'acted';
    }
    case 'in_notice': {
      const call = (await api.as('admin').get(`/calls/${callId}`)).body;
      return call.noticeEndsAt && Date.parse(call.noticeEndsAt) > Date.parse((await api.request('GET', '/dev/clock')).body.now)
        ? moveClockPast(call.noticeEndsAt)
        : 'waiting';
    }
    case 'approved': {
      // Done when construction has begun and the declaration's execution has ended (not mid-step,
      // or the next run's start would resume that step with the next point armed); its last step
      // scheduled the mid-term's execution, which nothing runs before the mid-term (issue 25.4).
      const project = await api.as('admin').get(`/projects/${id}`);
      if (!(project.status === 200 && project.body.stage === 'construction')) return 'waiting';
      return (await sfn.send(new DescribeExecutionCommand({ executionArn: d.executionArn }))).status === 'SUCCEEDED' ? 'done' : 'waiting';
    }
    default:
      throw new Error(`${id} ended ${d.stage}: ${d.lastReason ?? ''}`);
  }
}

/** Walks on until done, or until the stack dies (false), or nothing moves for STUCK_MS (throws). */
async function walk(api: ApiClient, stack: Stack, id: string, callId: string, acks: Ack[]): Promise<boolean> {
  let since = Date.now();
  for (;;) {
    if (stack.dead()) return false;
    let result: Awaited<ReturnType<typeof step>>;
    try {
      result = await step(api, id, callId, acks);
    } catch (error) {
      if (stack.dead() || (await Promise.race([stack.exited.then(() => true), sleep(1000).then(() => false)]))) return false;
      throw error;
    }
    if (result === 'done') return true;
    if (result === 'acted') since = Date.now();
    else if (Date.now() - since > STUCK_MS) throw new Error(`stuck: ${id} has had nothing to act on for ${STUCK_MS / 1000} s`);
    else await sleep(250);
  }
}

/** The acknowledged writes against the audit trail: lost ones, and actions recorded more than once. */
async function audit(api: ApiClient, id: string, callId: string, acks: Ack[]) {
  const history = (await api.as('admin').get(`/declarations/${id}/history`)).body.items as any[];
  const callHistory = (await api.as('admin').get(`/calls/${callId}/history`)).body.items as any[];
  const recorded = (ack: Ack) =>
    ack.action === 'shortlist.confirmed'
      ? callHistory.filter((e) => e.action === ack.action)
      : ack.taskId
        ? history.filter((e) => e.taskId === ack.taskId && e.actor === ack.actor && !String(e.action).startsWith('callback.'))
        : history.filter((e) => e.action === ack.action);
  const lost = acks.filter((ack) => recorded(ack).length === 0);
  const once = ['submitted', 'experts.assigned', 'established', 'construction.started'];
  const opened = history.filter((e) => String(e.action).startsWith('task.opened.')).map((e) => e.action);
  const doubled = [
    ...acks.filter((ack) => recorded(ack).length > 1).map((ack) => ack.action),
    ...once.filter((action) => history.filter((e) => e.action === action).length > 1),
    ...opened.filter((action, i) => opened.indexOf(action) !== i && action !== 'task.opened.expert_score'),
  ];
  return { lost, doubled };
}

it(
  `kills npm start at ${points.length} step boundaries of the path to 立项; nothing acknowledged is lost or doubled, nothing stays stuck`,
  async () => {
    const [port, sfnPort] = [await freePort(), await freePort()];
    sfn = new SFNClient({
      endpoint: `http://127.0.0.1:${sfnPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const api = new ApiClient(`http://127.0.0.1:${port}`);
    const figures = { faults: 0, acknowledged: 0, lost: 0, doubled: 0, stuck: 0 };
    const notReached: string[] = [];
    for (const point of points) {
      const armed = await npmStart(port, sfnPort, point);
      api.forgetTokens();
      const now = new Date((await api.request('GET', '/dev/clock')).body.now);
      const call = await api.as('admin').post('/calls', {
        kind,
        year: now.getUTCFullYear(),
        title: `故障注入 ${point}`,
        opensAt: new Date(now.getTime() - 3600_000).toISOString(),
        closesAt: new Date(now.getTime() + 5 * 86400_000).toISOString(),
      });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
      const draft = await api
        .as('applicant-a1')
        .post(`/calls/${call.body.callId}/declarations`, { ...completeDeclaration, title: `故障 ${point}` });
      expect(draft.status).toBe(201);
      const id = draft.body.declarationId as string;
      const acks: Ack[] = [];

      const finished = await walk(api, armed, id, call.body.callId, acks);
      if (finished) {
        notReached.push(point);
        armed.child.kill('SIGINT');
        await armed.exited;
        continue;
      }
      expect(await armed.exited).toBe('SIGKILL');
      expect(armed.output()).toContain(`fault point ${point} reached`);
      figures.faults++;

      const restarted = await npmStart(port, sfnPort);
      api.forgetTokens();
      // One reconciler pass, past the grace the request path has to finish on its own.
      const clock = (await api.request('GET', '/dev/clock')).body.now as string;
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
      delete env.SHENBAO_FAULT;
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'local/sweep.ts', '--now', new Date(Date.parse(clock) + 2 * 60_000).toISOString()],
        {
          cwd: projectRoot,
          env,
        },
      );
      try {
        expect(await walk(api, restarted, id, call.body.callId, acks)).toBe(true);
      } catch (error) {
        figures.stuck++;
        console.log(`after ${point}: ${(error as Error).message}`);
      }
      const { lost, doubled } = await audit(api, id, call.body.callId, acks);
      figures.acknowledged += acks.length;
      figures.lost += lost.length;
      figures.doubled += doubled.length;
      if (lost.length || doubled.length) console.log(`after ${point}: lost ${JSON.stringify(lost)}, doubled ${JSON.stringify(doubled)}`);
      restarted.child.kill('SIGINT');
      await restarted.exited;
    }
    console.log(
      `fault injection: ${figures.faults} faults injected (${points.length} points), ${figures.acknowledged} acknowledged writes, ${figures.lost} lost, ${figures.doubled} doubled, ${figures.stuck} stuck`,
    );
    expect(notReached, 'fault points the path never reached').toEqual([]);
    expect(figures).toMatchObject({ faults: points.length, lost: 0, doubled: 0, stuck: 0 });
  },
  points.length * 150_000,
);
