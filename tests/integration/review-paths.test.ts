import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { stateMachineArnOf } from '../../local/sfn/definitions';
import { after, projects } from '../support/project';
import { eventually, fileRuntime, late } from '../support/runtime';
import { named, reviewStatesOf, statesOf, titledKind } from '../support/titles';

/**
 * The paths of the 复核 chain (workflows/review) title-review.test.ts leaves out: the scheduled
 * opening, a leg planning while a rectification is open, a missed self-assessment and a missed rectification, the office letting its review run
 * overdue, a plan on a revoked title, an unknown route, and a step failing beyond its retries.
 */
const runtime = fileRuntime();
const p = late(() => projects(runtime));
const DAY = 86400_000;

async function moveClock(to: Date) {
  await runtime.clock.set(to);
  p.api.forgetTokens();
}

async function ended(executionArn: string) {
  return eventually(async () => {
    const d = await p.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status !== 'RUNNING' && d;
  }, `${executionArn} to end`);
}

const actionsOf = async (id: string) =>
  (p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[]).map((e) => e.action);

describe('the 复核 chain’s other paths (workflows/review)', () => {
  it('waits for the opening within a leg; a missed self-assessment and a missed rectification go to the office; an overdue review is reopened by a successor; the title is kept', async () => {
    const kind = await titledKind(p, 'review-paths', {
      type: 'title',
      titleZh: '市级社区教育示范点',
      titleEn: 'Municipal community-education model',
      validityYears: 3,
    });
    const { id, view } = await named(p, kind, 'applicant-a2', '乙街道社区教育示范点');
    const opensAt = Date.parse(view.namedTitle.nextReviewAt);

    // Twenty days before the 复核 opens nothing runs: the naming's leg scheduled the next for the opening and ended.
    await eventually(async () => (await reviewStatesOf(p, id)).includes('Scheduled'), 'the opening scheduled');
    await moveClock(new Date(opensAt - 20 * DAY));
    expect(await reviewStatesOf(p, id)).toEqual(['Plan', 'RoutePlan', 'Scheduled']);
    expect((await p.view(id)).namedTitle.reviewStage).toBe('scheduled');

    // The centre sends no self-assessment by its due date: the office reviews without it.
    await moveClock(new Date(opensAt + 60_000));
    const selfTask = await p.openTask('applicant-a2', id, 'title_self_assessment');
    await moveClock(after(selfTask.dueAt));
    const review = await p.openTask('admin', id, 'title_review');
    expect(await actionsOf(id)).toContain('title_self_assessment.missed');
    expect((await p.view(id, 'applicant-a2')).namedTitle.reviewStage).toBe('office_review');

    // Rectification asked for and not reported by its date: the office re-checks without it.
    await p.decide('admin', id, 'title_review', { outcome: 'rectify', comment: '未交自评报告，限期整改' });
    const fix = await p.openTask('applicant-a2', id, 'title_rectification');
    // A leg that plans while the rectification is open (RoutePlan's `rectification`: an operator's
    // restart of the chain) reopens it with the office's deadline; this probe is then stopped.
    const probe = await p.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArnOf('review'),
        name: `${id}-probe-rectification`,
        input: JSON.stringify({ declarationId: id, leg: 90, startedAt: runtime.clock.now().toISOString() }),
      }),
    );
    const reopenedFix = await eventually(async () => {
      const inbox = p.ok(await p.api.as('applicant-a2').get('/tasks')).items as { executionArn: string; dueAt: string; kind: string }[];
      return inbox.find((t) => t.kind === 'title_rectification' && t.executionArn === probe.executionArn);
    }, 'the rectification reopened by the probe');
    expect(reopenedFix.dueAt).toBe(fix.dueAt);
    expect(statesOf(await p.history(probe.executionArn!))).toEqual(['Plan', 'RoutePlan', 'Rectification']);
    await p.sfn.send(new StopExecutionCommand({ executionArn: probe.executionArn!, error: 'ProbeDone' }));
    await moveClock(after(fix.dueAt));
    const recheck = await eventually(async () => {
      const t = await p.openTask('admin', id, 'title_review');
      return t.taskId !== review.taskId ? t : undefined;
    }, 'the re-check');
    expect(await actionsOf(id)).toContain('title_rectification.missed');

    // The office lets the re-check run 14 days past due: a successor execution reopens it.
    await moveClock(new Date(Date.parse(recheck.dueAt) + 15 * DAY));
    const reopened = await eventually(async () => {
      const t = await p.openTask('admin', id, 'title_review');
      return t.taskId !== recheck.taskId ? t : undefined;
    }, 'a reopened re-check');
    expect(reopened.executionArn).not.toBe(recheck.executionArn);
    expect(reopened.executionArn).toMatch(/-r\d+$/);
    // A re-check does not rectify again, even in its successor.
    const again = await p.decide('admin', id, 'title_review', { outcome: 'rectify', comment: '再整改' }, 422);
    expect(again.reply.errors[0].field).toBe('body.outcome');
    await p.decide('admin', id, 'title_review', { outcome: 'keep', comment: '现场核查合格，保留命名' });
    const kept = await eventually(async () => {
      const v = await p.view(id, 'applicant-a2');
      return v.namedTitle.reviewStage === 'scheduled' && v.titleStatus === 'valid' ? v : undefined;
    }, 'the title kept');
    expect(kept.namedTitle.number).toBe(view.namedTitle.number);

    const states = await reviewStatesOf(p, id);
    for (const state of ['Scheduled', 'SelfAssessment', 'SelfAssessmentMissed', 'Rectification', 'RectificationMissed', 'OfficeOverdue'])
      expect(states).toContain(state);
    expect(await actionsOf(id)).toEqual(
      expect.arrayContaining(['title.review_opened', 'title.review.rectify', 'title.handover', 'title.review.keep']),
    );
  }, 300_000);

  it('a plan on a revoked title closes; an unknown route fails as UnknownOutcome; a step failing beyond its retries is recorded in the history', async () => {
    const kind = await titledKind(p, 'review-probes', {
      type: 'title',
      titleZh: '市级老年教育示范点',
      titleEn: 'Municipal elder-education model',
      validityYears: 3,
    });
    const { id } = await named(p, kind, 'applicant-b1', '丙街道老年教育示范点');
    // The title's own chain plans first and schedules its next leg: what is injected below is the probes' alone.
    await eventually(async () => (await reviewStatesOf(p, id)).includes('Scheduled'), 'the chain to schedule its next leg');
    const start = (name: string) =>
      p.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArnOf('review'),
          name: `${id}-${name}`,
          input: JSON.stringify({ declarationId: id, leg: 99, startedAt: runtime.clock.now().toISOString() }),
        }),
      );

    // A route the Choice does not know (only a crafted result can return one) fails the probe alone.
    runtime.engine.injectResult('ProjectStep', { output: { route: 'sideways' }, declarationId: id });
    const probe = await start('probe-route');
    expect(await ended(probe.executionArn!)).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
    expect(statesOf(await p.history(probe.executionArn!))).toEqual(['Plan', 'RoutePlan', 'UnknownOutcome']);
    expect((await p.view(id)).titleStatus).toBe('valid');

    // Plan failing beyond its retries: RecordFailure keeps the accepted stage and says why in the history.
    runtime.engine.injectFault('ProjectStep', { error: 'UnavailableError', times: 4, declarationId: id });
    const failing = await start('probe-failure');
    expect(await ended(failing.executionArn!)).toMatchObject({ status: 'FAILED', error: 'ReviewWorkflowFailed' });
    expect(statesOf(await p.history(failing.executionArn!))).toEqual(['Plan', 'RecordFailure', 'Failed']);
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[];
    expect(history.find((e) => e.action === 'title.review_failed')?.reason).toMatch(/UnavailableError/);
    expect((await p.view(id)).stage).toBe('accepted');

    // Once the title is revoked, a plan finds nothing to review and closes.
    p.ok(await p.api.as('admin').post(`/projects/${id}/title/revocation`, { reason: '场地已挪作他用' }));
    const closed = await start('probe-closed');
    expect(await ended(closed.executionArn!)).toMatchObject({ status: 'SUCCEEDED' });
    expect(statesOf(await p.history(closed.executionArn!))).toEqual(['Plan', 'RoutePlan', 'Closed']);
  }, 240_000);
});
