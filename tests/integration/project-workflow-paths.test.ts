import { taskKindLabels } from '../../core/labels';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { stateMachineArnOf } from '../../local/sfn/definitions';
import { eventually, fileRuntime } from '../support/runtime';
import { after, projects } from '../support/project';

/**
 * The paths of the construction, acceptance and declaration workflows the other tests leave out:
 * the office letting a mid-term re-check run overdue (and the successor that reopens it), each
 * Choice default of the project workflows, and construction failing to start at 立项.
 */
const runtime = fileRuntime();

const DAY = 86400_000;

const statesOf = (events: HistoryEvent[]) => events.map((e) => e.stateEnteredEventDetails?.name).filter(Boolean);

async function ended(p: ReturnType<typeof projects>, executionArn: string) {
  return eventually(async () => {
    const d = await p.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status !== 'RUNNING' && d;
  }, `${executionArn} to end`);
}

async function tokenOf(taskId: string): Promise<string> {
  const { store } = await import('../../functions/adapters/entities');
  return (await store().entities.task.get({ taskId }).go()).data!.taskToken;
}

const actionsOf = async (p: ReturnType<typeof projects>, id: string) =>
  (p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as any[]).map((e) => e.action);

describe('立项: the call’s step starts the projects', () => {
  // First in the file: the injected fault hits the next CallStep `establish`, and no other project
  // has an execution yet whose Wait the selection's clock moves could wake.
  it('a failure retrying may mend fails the step, which Step Functions retries whole: each project is started once', async () => {
    const p = projects(runtime);
    const call = await p.createCall('elder-empowerment');
    const ids = [
      await p.reviewed('applicant-a1', call.callId, 'elder-empowerment', '重试立项项目一'),
      await p.reviewed('applicant-b1', call.callId, 'elder-empowerment', '重试立项项目二'),
    ];
    for (const id of ids) {
      await p.scoredBy(id, 'elder-empowerment', 0.85);
      await p.reached(id, 'scored');
    }
    // The declaration's own execution ended with its scoring: nothing waits through the notice.
    const { executionArn } = p.ok(await p.api.as('admin').get(`/declarations/${ids[0]}`));
    expect(await ended(p, executionArn)).toMatchObject({ status: 'SUCCEEDED' });
    expect(statesOf(await p.history(executionArn)).at(-1)).toBe('ExpertReview');

    await p.closeWindow(call);
    const { call: inNotice } = await p.shortlist(call.callId, ids);
    runtime.engine.injectFault('CallStep', { error: 'UnavailableError', times: 2, step: 'establish' });
    await p.endNotice(inNotice);
    for (const id of ids) await p.stage(id, 'construction');

    const callEvents = await p.history(`${stateMachineArnOf('call').replace(':stateMachine:', ':execution:')}:${call.callId}`);
    expect(callEvents.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error)).toEqual([
      'UnavailableError',
      'UnavailableError',
    ]);
    const establishOutput = callEvents.find((e) => e.stateExitedEventDetails?.name === 'Establish')!.stateExitedEventDetails!.output!;
    expect(JSON.parse(establishOutput).established.Payload).toEqual({ approved: 2, notSelected: 0, notStarted: 0 });
    for (const id of ids) {
      const actions = await actionsOf(p, id);
      expect(actions.filter((a) => a === 'established')).toHaveLength(1);
      expect(actions.filter((a) => a === 'construction.started')).toHaveLength(1);
      expect((await p.api.as('admin').get(`/declarations/${id}`)).body.stage).toBe('approved');
    }
  }, 120_000);

  it('a failure retrying cannot mend is recorded in the declaration’s history, once, and the declaration has no project: the call’s step goes on', async () => {
    const p = projects(runtime);
    const call = await p.createCall('elder-empowerment');
    const id = await p.reviewed('applicant-a2', call.callId, 'elder-empowerment', '未能开工的项目');
    await p.scoredBy(id, 'elder-empowerment', 0.85);
    await p.reached(id, 'scored');
    // Starting a project of a declaration the call has not approved is refused (a ConflictError, not
    // a dependency's failure): the boundary records it rather than failing the call's step.
    const { startConstructionOrRecord } = await import('../../functions/services/establishment');
    expect(await startConstructionOrRecord(id)).toBe('not_started');
    const audit = p.ok(await p.api.as('applicant-a2').get(`/declarations/${id}/history`)).items as any[];
    expect(audit.at(-1)).toMatchObject({
      actor: 'workflow',
      action: 'construction.not_started',
      reason: expect.stringContaining('ConflictError: only an established declaration becomes a project'),
    });
    expect((await p.api.as('admin').get(`/projects/${id}`)).status).toBe(404);
    // Recorded once: a retried step finds it.
    expect(await startConstructionOrRecord(id)).toBe('not_started');
    expect((await actionsOf(p, id)).filter((a) => a === 'construction.not_started')).toHaveLength(1);
  }, 120_000);
});

describe('construction: the office lets the mid-term re-check run overdue', () => {
  it('MidtermRecheck fails through RecordFailure or times out → OfficeOverdue; the successor plans midterm_recheck and reopens it; an unknown re-check outcome fails as UnknownOutcome', async () => {
    const p = projects(runtime);
    const { ids } = await p.establish('elder-empowerment', [
      ['applicant-a2', '逾期复查项目'],
      ['applicant-b1', '复查失败项目'],
    ]);
    const [id, broken] = ids as [string, string];
    const m = (await p.view(id)).milestones;
    await p.advanceTo(ids, after(m.midtermAt));
    for (const [applicant, project] of [
      ['applicant-a2', id],
      ['applicant-b1', broken],
    ] as const) {
      await p.report(applicant, project, 'midterm_report', p.actuals('elder-empowerment', 0.5));
      await p.decide('admin', project, 'midterm_review', { outcome: 'rectify', comment: '课时不足，限期整改' });
      await p.report(applicant, project, 'midterm_rectification', p.actuals('elder-empowerment', 0.9), '已补齐课时。');
      await p.stage(project, 'midterm_recheck');
    }
    const first = await p.openTask('admin', id, 'midterm_recheck');

    // MidtermRecheck's Catch of anything else: a task failure sent with its token fails the project.
    const failing = await p.openTask('admin', broken, 'midterm_recheck');
    await p.sfn.send(new SendTaskFailureCommand({ taskToken: await tokenOf(failing.taskId), error: 'ReviewerGone', cause: 'test' }));
    expect(await ended(p, failing.executionArn)).toMatchObject({ status: 'FAILED', error: 'ConstructionWorkflowFailed' });
    expect(statesOf(await p.history(failing.executionArn)).slice(-3)).toEqual(['MidtermRecheck', 'RecordFailure', 'Failed']);
    expect(await p.stage(broken, 'failed')).toMatchObject({ lastReason: expect.stringContaining('ReviewerGone'), openTasks: [] });

    // 14 days past its due date the task times out; the leg hands over to a fresh execution.
    await p.advanceTo(id, new Date(Date.parse(first.dueAt) + 15 * DAY));
    const reopened = await eventually(async () => {
      const t = await p.openTask('admin', id, 'midterm_recheck');
      return t.taskId !== first.taskId ? t : undefined;
    }, 'the re-check reopened');
    expect(reopened.executionArn).not.toBe(first.executionArn);
    expect(reopened.executionArn).toMatch(new RegExp(`${id}-c\\d+$`));

    const overdue = await ended(p, first.executionArn);
    expect(overdue.status).toBe('SUCCEEDED');
    const overdueEvents = await p.history(first.executionArn);
    expect(statesOf(overdueEvents).slice(-2)).toEqual(['MidtermRecheck', 'OfficeOverdue']);
    expect(overdueEvents.filter((e) => e.type === 'TaskTimedOut').map((e) => e.taskTimedOutEventDetails?.error)).toEqual([
      'States.Timeout',
    ]);

    const project = await p.view(id);
    expect(project.stage).toBe('midterm_recheck');
    expect(project.openTasks.map((t: any) => t.taskId)).toEqual([reopened.taskId]);
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as any[];
    expect(history.find((e) => e.action === 'construction.handover' && e.reason.includes(taskKindLabels.midterm_recheck.zh))).toBeDefined();
    const successor = await p.history(reopened.executionArn);
    expect(statesOf(successor)).toEqual(['Plan', 'RoutePlan', 'MidtermRecheck']);
    const plan = successor.find((e) => e.type === 'TaskSucceeded')!;
    expect(JSON.parse(plan.taskSucceededEventDetails!.output!)).toMatchObject({ route: 'midterm_recheck' });

    // No decision in the API answers anything but pass or terminate (refused with 422 at
    // body.outcome, construction.test.ts); RouteRecheck's Default is reached only by a crafted
    // result sent with the task's token, as Step Functions would accept from any caller.
    await p.sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenOf(reopened.taskId), output: '{"outcome":"postpone"}' }));
    expect(await ended(p, reopened.executionArn)).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
    expect(statesOf(await p.history(reopened.executionArn)).slice(-3)).toEqual(['MidtermRecheck', 'RouteRecheck', 'UnknownOutcome']);
    // The project is left where it stood, as the declaration workflow's UnknownOutcome leaves it.
    expect((await p.view(id)).stage).toBe('midterm_recheck');
    expect(await actionsOf(p, id)).not.toContain('workflow.failed');
  }, 180_000);
});

describe('a mid-term that runs into the acceptance window', () => {
  it('starts acceptance at once from the mid-term’s execution (StartAcceptance), with nothing scheduled', async () => {
    const p = projects(runtime);
    // Four months: the acceptance window opens a day after the mid-term.
    const id = await p.establishOne('elder-empowerment', 'applicant-a2', '短建设期项目', { constructionMonths: 4 });
    const m = (await p.view(id)).milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.report('applicant-a2', id, 'midterm_report', p.actuals('elder-empowerment'));
    await p.openTask('admin', id, 'midterm_review');
    await p.advanceTo(id, after(m.acceptanceOpensAt));
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass' });
    const application = await p.openTask('applicant-a2', id, 'acceptance_application');
    expect(application.executionArn).toMatch(new RegExp(`${id}-a1$`));
    const midterm = (await p.executionsOf(id)).find((e) => e.executionArn.endsWith(`${id}-c1`))!;
    expect(statesOf(midterm.events).slice(-3)).toEqual(['Plan', 'RoutePlan', 'StartAcceptance']);
    expect(await actionsOf(p, id)).not.toContain('construction.scheduled');
  }, 120_000);
});

describe('RoutePlan defaults of construction and acceptance', () => {
  /*
   * plan-construction and plan-acceptance return only the routes their Choice knows (or throw, which
   * RecordFailure catches), and Plan's result replaces `$.next`, so no execution input can forge a
   * route. The Default is reached by having the local endpoint return a crafted ProjectStep result
   * for that one Plan (engine.injectResult, Step Functions Local's mocked `Return`).
   */
  it('an unknown route fails the probe execution as UnknownOutcome and leaves the project alone', async () => {
    const p = projects(runtime);
    const id = (await p.establish('elder-empowerment', [['applicant-b1', '路由探针项目']])).ids[0]!;
    await p.settled(id);
    const before = await p.view(id);
    const auditBefore = await actionsOf(p, id);

    for (const machine of ['construction', 'acceptance']) {
      runtime.engine.injectResult('ProjectStep', { output: { route: 'sideways', plannedEnd: runtime.clock.now().toISOString() } });
      const { executionArn } = await p.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArnOf(machine),
          name: `${id}-probe-${machine}`,
          input: JSON.stringify({ declarationId: id, leg: 1, startedAt: runtime.clock.now().toISOString() }),
        }),
      );
      expect(await ended(p, executionArn!)).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
      expect(statesOf(await p.history(executionArn!))).toEqual(['Plan', 'RoutePlan', 'UnknownOutcome']);
    }

    const afterProbes = await p.view(id);
    expect(afterProbes.stage).toBe('construction');
    expect(afterProbes.executionArn).toBe(before.executionArn);
    expect(await actionsOf(p, id)).toEqual(auditBefore);
    // The project's own chain is untouched: its scheduled mid-term starts when due and opens the report.
    await p.advanceTo(id, after(before.milestones.midtermAt));
    expect((await p.openTask('applicant-b1', id, 'midterm_report')).executionArn).toMatch(new RegExp(`${id}-c1$`));
  }, 120_000);
});
