import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { definitionOf, type KindRef } from './selection';
import type { Runtime } from '../../local/runtime';
import { eventually } from './runtime';
import { selection } from './selection';

const DAY = 86400_000;

/** A minute (or `ms`) past an instant the API gave: where to move the clock to be past a due date. */
export const after = (iso: string, ms = 60_000) => new Date(Date.parse(iso) + ms);

/** Established projects and the steps of their construction and acceptance, over HTTP. */
export function projects(runtime: Runtime) {
  const t = selection(runtime);
  const { api, ok } = t;

  /** A call of `kind` selected to the end: every declaration given is established (立项). */
  /** `adjust`: the call's settings where they differ from its kind's (its KPI targets, its construction length). */
  async function establish(kind: KindRef, declarations: [applicant: string, title: string][], adjust: Record<string, unknown> = {}) {
    const call = await t.createCall(kind, adjust);
    const ids: string[] = [];
    for (const [i, [applicant, title]] of declarations.entries()) {
      const id = await t.reviewed(applicant, call.callId, kind, title, i + 1);
      await t.scoredBy(id, kind, 0.85);
      await t.reached(id, 'scored');
      ids.push(id);
    }
    await t.closeWindow(call);
    const { call: inNotice } = await t.shortlist(call.callId, ids);
    await t.endNotice(inNotice);
    for (const id of ids) {
      await t.finished(id, 'approved');
      await stage(id, 'construction');
    }
    return { call, ids };
  }

  /** One project established: a call of `kind` whose one declaration, the applicant's, is selected to the end. */
  async function establishOne(kind: KindRef, applicant: string, title: string, adjust: Record<string, unknown> = {}) {
    const { ids } = await establish(kind, [[applicant, title]], adjust);
    return ids[0]!;
  }

  async function view(id: string, as = 'admin') {
    return ok(await api.as(as).get(`/projects/${id}`));
  }

  async function stage(id: string, expected: string) {
    return eventually(
      async () => {
        const reply = await api.as('admin').get(`/projects/${id}`);
        return reply.status === 200 && reply.body.stage === expected ? reply.body : undefined;
        // A stage reached through retries (1 + 2 + 4 s of backoff) or a moved clock's timers, on a
        // shared two-core machine running the whole suite, can take longer than the default 15 s.
      },
      `project ${id} to reach ${expected}`,
      60_000,
    );
  }

  /**
   * The project's current execution is parked (on a task) or over; none has started before the
   * first milestone (the sweep starts it when it falls due, and a clock move sweeps at once).
   */
  async function settled(id: string) {
    await eventually(async () => {
      const project = (await api.as('admin').get(`/projects/${id}`)).body;
      if (!project.executionArn) return project.stage !== undefined;
      const { status } = await t.sfn.send(new DescribeExecutionCommand({ executionArn: project.executionArn }));
      if (status !== 'RUNNING') return true;
      const { events } = await t.sfn.send(
        new GetExecutionHistoryCommand({ executionArn: project.executionArn, reverseOrder: true, maxResults: 1 }),
      );
      return ['WaitStateEntered', 'TaskSubmitted'].includes(events?.[0]?.type ?? '');
    }, `project ${id} to settle`);
  }

  /**
   * Moves the clock to `target` in steps of at most 60 days, letting the project's executions
   * react at each, as they would while real time passed.
   */
  async function advanceTo(ids: string | string[], target: string | Date) {
    const end = new Date(target).getTime();
    while (runtime.clock.now().getTime() < end) {
      await runtime.clock.set(new Date(Math.min(end, runtime.clock.now().getTime() + 60 * DAY)));
      api.forgetTokens();
      for (const id of [ids].flat()) await settled(id);
    }
  }

  /** Actuals at `share` of each target of the kind (rounded to whole numbers). */
  function actuals(kind: KindRef, share = 1) {
    return Object.fromEntries(definitionOf(kind).kpiTargets.map((k) => [k.key, Math.round(k.target * share)]));
  }

  async function decide(username: string, id: string, kind: string, body: Record<string, unknown>, status = 200) {
    const task = await t.openTask(username, id, kind);
    const reply = await api.as(username).post(`/tasks/${task.taskId}/decision`, body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    return { task, reply: reply.body };
  }

  /** The applicant's report with KPI actuals, for a mid-term, rectification or acceptance task. */
  async function report(
    applicant: string,
    id: string,
    kind: string,
    kpiActuals: Record<string, number>,
    report = '按计划推进，详见附件。',
  ) {
    return decide(applicant, id, kind, { report, kpiActuals });
  }

  /** Assigns acceptance experts and has each score at `share` of every criterion's maximum. */
  async function assess(id: string, kind: KindRef, share: number) {
    await stage(id, 'acceptance_assignment');
    await t.openTask('admin', id, 'acceptance_assignment');
    const { experts } = ok(await api.as('admin').post(`/projects/${id}/experts`, {}));
    const sheet = Object.fromEntries(definitionOf(kind).acceptanceRubric.map((c) => [c.key, Math.round(c.maxScore * share * 100) / 100]));
    for (const expert of experts as string[])
      await decide(expert, id, 'acceptance_score', { scores: sheet, comment: '材料翔实，成效明显。' });
    return { experts: experts as string[], project: await stage(id, 'acceptance_decision') };
  }

  /** Every execution the project had, with its history, for the limits Step Functions sets. */
  async function executionsOf(id: string) {
    const project = await view(id);
    const declaration = ok(await api.as('admin').get(`/declarations/${id}`));
    const arns = [declaration.executionArn as string, ...(project.executions as string[])];
    return Promise.all(
      arns.map(async (executionArn) => {
        const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return { executionArn, described, events: await t.history(executionArn) };
      }),
    );
  }

  return { ...t, establish, establishOne, view, stage, settled, advanceTo, actuals, decide, report, assess, executionsOf };
}
