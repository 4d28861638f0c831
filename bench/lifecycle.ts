import { performance } from 'node:perf_hooks';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { seededKind } from '../local/kind-seeds';
import type { Runtime } from '../local/runtime';
import { callInput, callReaches, draftFor, until, type BenchApi, type BenchTask, type CallForm } from './api';

export interface LifecycleCount {
  /** The API requests the people made (each one API Lambda invocation), and their time. */
  apiRequests: number;
  apiMs: number;
  executions: { name: string; transitions: number; events: number; handlerInvocations: number; handlerMs: number }[];
}

const DAY = 86400_000;

interface ProjectView {
  stage: string;
  executionArn?: string;
  executions: string[];
  milestones: { midtermAt: string; acceptanceOpensAt: string };
}

/**
 * One declaration's whole life, under a call of its own, through the API as its people act:
 * declare, district recommendation, formal review, experts assigned and scoring, the window
 * closed, the shortlist, the public notice ended — established; then construction (the mid-term
 * report and its review, passed) and acceptance (application, experts, decision: accepted), the
 * clock moved as the months pass. `act` wraps each of their requests, so the caller can meter
 * exactly these; the bench's own polling is not an act.
 */
export async function declarationLifecycle(
  runtime: Runtime,
  api: BenchApi,
  kind: string,
  act: <T>(request: () => Promise<T>) => Promise<T>,
): Promise<LifecycleCount> {
  let apiRequests = 0;
  let apiMs = 0;
  // Signed in before the act, so a token fetch is neither metered nor timed as the request.
  const request = async <T>(as: string, send: () => Promise<T>): Promise<T> => {
    await api.token(as);
    const started = performance.now();
    const result = await act(send);
    apiMs += performance.now() - started;
    apiRequests += 1;
    return result;
  };
  const inbox = (username: string, subject: string, taskKind: string) =>
    until(
      async () =>
        (await api.get<{ items: BenchTask[] }>(username, '/tasks')).items.find(
          (t) => t.declarationId === subject && t.kind === taskKind && t.status === 'open',
        ),
      `${taskKind} for ${username}`,
    );
  const callIn = (callId: string, status: string) => callReaches(api, callId, status);

  const now = runtime.clock.now();
  // The window closes a day later, so moving the clock past it and the notice stays short.
  const created = await request('admin', () =>
    api.post<CallForm>('admin', '/calls', callInput(now, kind, { closesAt: new Date(now.getTime() + 86400_000).toISOString() })),
  );
  const call = await callIn(created.callId, 'open');
  const { declarationId } = await request('applicant-a1', () =>
    api.post<{ declarationId: string }>('applicant-a1', `/calls/${call.callId}/declarations`, draftFor(call)),
  );
  await request('applicant-a1', () => api.post('applicant-a1', `/declarations/${declarationId}/submit`));

  const recommendation = await inbox('district-a', declarationId, 'district_recommendation');
  await request('district-a', () => api.post('district-a', `/tasks/${recommendation.taskId}/decision`, { outcome: 'recommend', rank: 1 }));
  const review = await inbox('admin', declarationId, 'formal_review');
  await request('admin', () => api.post('admin', `/tasks/${review.taskId}/decision`, { outcome: 'approve' }));
  await inbox('admin', declarationId, 'expert_assignment');
  const { experts } = await request('admin', () => api.post<{ experts: string[] }>('admin', `/declarations/${declarationId}/experts`, {}));
  const rubric = (await api.get<{ config: { rubric: { key: string; maxScore: number }[] } }>('admin', `/calls/${call.callId}`)).config
    .rubric;
  const scores = Object.fromEntries(rubric.map((c) => [c.key, Math.round(c.maxScore * 0.8 * 100) / 100]));
  // Each drawn expert accepts the invitation (专家邀请) before scoring opens.
  for (const expert of experts) {
    const invitation = await inbox(expert, declarationId, 'expert_invitation');
    await request(expert, () => api.post(expert, `/tasks/${invitation.taskId}/decision`, { outcome: 'accept' }));
  }
  for (const expert of experts) {
    const task = await inbox(expert, declarationId, 'expert_score');
    await request(expert, () => api.post(expert, `/tasks/${task.taskId}/decision`, { scores, comment: '方案扎实，特色明显。' }));
  }
  await until(
    async () => (await api.get<{ stage: string }>('admin', `/declarations/${declarationId}`)).stage === 'scored',
    'the declaration scored',
  );

  await runtime.clock.set(new Date(Date.parse(call.closesAt) + 60_000));
  api.forgetTokens();
  await callIn(call.callId, 'reviewing');
  await inbox('admin', call.callId, 'shortlist');
  await request('admin', () => api.post('admin', `/calls/${call.callId}/shortlist`, { declarationIds: [declarationId] }));
  const inNotice = await callIn(call.callId, 'notice');
  await runtime.clock.set(new Date(Date.parse(inNotice.noticeEndsAt!) + 60_000));
  api.forgetTokens();
  await callIn(call.callId, 'established');
  const declaration = await until(async () => {
    const view = await api.get<{ stage: string; executionArn: string }>('admin', `/declarations/${declarationId}`);
    return view.stage === 'approved' && view;
  }, 'the declaration established');

  // Construction: the mid-term check, passed; then acceptance: applied, scored, accepted.
  const project = (stage: string) =>
    until(async () => {
      const view = await api.find<ProjectView>('admin', `/projects/${declarationId}`);
      return view?.stage === stage && view;
    }, `the project ${stage}`);
  const settled = () =>
    until(async () => {
      const view = await api.find<ProjectView>('admin', `/projects/${declarationId}`);
      // None runs before the first milestone: the sweep starts it when due (issue 25.4).
      const executionArn = view?.executionArn;
      if (!executionArn) return view !== undefined;
      if ((await runtime.engine.describeExecution({ executionArn })).status !== 'RUNNING') return true;
      const { events } = await runtime.engine.getExecutionHistory({ executionArn, reverseOrder: true, maxResults: 1 });
      return ['WaitStateEntered', 'TaskSubmitted'].includes((events[0] as { type?: string } | undefined)?.type ?? '');
    }, 'the project to settle');
  // At most 60 days at a time, letting the executions react at each, as they would as time passed.
  const advanceTo = async (target: string) => {
    const end = Date.parse(target) + 60_000;
    while (runtime.clock.now().getTime() < end) {
      await runtime.clock.set(new Date(Math.min(end, runtime.clock.now().getTime() + 60 * DAY)));
      api.forgetTokens();
      await settled();
    }
  };
  const decide = async (username: string, taskKind: string, body: unknown) => {
    const task = await inbox(username, declarationId, taskKind);
    await request(username, () => api.post(username, `/tasks/${task.taskId}/decision`, body));
  };
  const preset = seededKind(kind);
  const kpiActuals = Object.fromEntries(preset.kpiTargets.map((k) => [k.key, Math.round(k.target * 1.1)]));
  const { milestones } = await project('construction');
  await advanceTo(milestones.midtermAt);
  await decide('applicant-a1', 'midterm_report', { report: '按计划推进，详见附件。', kpiActuals });
  await project('midterm_review');
  await decide('admin', 'midterm_review', { outcome: 'pass', comment: '进度正常' });
  await project('construction');
  await advanceTo(milestones.acceptanceOpensAt);
  await decide('applicant-a1', 'acceptance_application', { report: '全年完成课程 48 门。', kpiActuals });
  await project('acceptance_assignment');
  await inbox('admin', declarationId, 'acceptance_assignment');
  const assigned = await request('admin', () => api.post<{ experts: string[] }>('admin', `/projects/${declarationId}/experts`, {}));
  const sheet = Object.fromEntries(preset.acceptanceRubric.map((c) => [c.key, Math.round(c.maxScore * 0.85 * 100) / 100]));
  for (const expert of assigned.experts) await decide(expert, 'acceptance_score', { scores: sheet, comment: '材料翔实，成效明显。' });
  await project('acceptance_decision');
  await decide('admin', 'acceptance_decision', { outcome: 'pass', comment: '合格' });
  const accepted = await project('accepted');

  const executions = [];
  for (const [name, executionArn] of [
    ['declaration', declaration.executionArn],
    ['call', call.executionArn],
    ...accepted.executions.map((arn) => [/-a\d+$/.test(arn) ? 'acceptance' : 'construction', arn] as const),
  ] as const) {
    await until(
      async () => (await runtime.engine.describeExecution({ executionArn })).status !== 'RUNNING',
      `the ${name} execution to finish`,
    );
    executions.push({ name, ...countHistory(await historyOf(runtime, executionArn)) });
  }
  return { apiRequests, apiMs, executions };
}

export async function historyOf(runtime: Runtime, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await runtime.engine.getExecutionHistory({ executionArn, ...(nextToken ? { nextToken } : {}) });
    events.push(...(page.events as unknown as HistoryEvent[]));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/**
 * Transitions are states entered (what Standard workflows bill); a TaskStarted is one Lambda
 * invocation, timed to its TaskSubmitted/Succeeded/Failed. Timestamps come from the movable
 * clock: an invocation the clock was moved across (it looks minutes long) is left out and the
 * others' total scaled up to the count.
 */
export function countHistory(events: HistoryEvent[]) {
  const durations: number[] = [];
  let started: number | undefined;
  for (const event of events) {
    const at = Number(event.timestamp) * 1000;
    if (event.type === 'TaskStarted') started = at;
    else if (started !== undefined && ['TaskSubmitted', 'TaskSucceeded', 'TaskFailed'].includes(event.type ?? '')) {
      durations.push(at - started);
      started = undefined;
    }
  }
  const handlerInvocations = events.filter((e) => e.type === 'TaskStarted').length;
  const real = durations.filter((ms) => ms < 60_000);
  const handlerMs = real.length === 0 ? 0 : (real.reduce((a, b) => a + b, 0) * handlerInvocations) / real.length;
  return {
    transitions: events.filter((e) => e.type?.endsWith('StateEntered')).length,
    events: events.length,
    handlerInvocations,
    handlerMs,
  };
}
