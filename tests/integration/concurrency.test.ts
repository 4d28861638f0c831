import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { trackServerContexts } from '../../bench/contexts';
import { recordOperations } from '../../bench/recorder';
import { fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';
import { completeDeclaration } from '../support/slice';

const runtime = fileRuntime();
const t = late(() => selection(runtime));

const entered = (events: HistoryEvent[], state: string) => events.filter((e) => e.stateEnteredEventDetails?.name === state).length;

describe('conflicting writes: exactly one winner, the others 409 with the current state', () => {
  it('50 concurrent decisions on one task: one 200, one decision in the audit trail, the workflow advances once', async () => {
    const id = await t.submittedDeclaration();
    const task = await t.openTask('admin', id, 'formal_review');
    const bodies = [{ outcome: 'approve' }, { outcome: 'reject', comment: '不符合条件' }, { outcome: 'return', comment: '请补充材料' }];
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.api.as('admin').post(`/tasks/${task.taskId}/decision`, bodies[i % 3])),
    );
    console.log(`50 concurrent decisions answered in ${Date.now() - started} ms`);

    const winners = replies.filter((r) => r.status === 200);
    const losers = replies.filter((r) => r.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const outcome = winners[0]!.body.decision.outcome as string;
    for (const loser of losers) {
      expect(loser.contentType).toContain('application/problem+json');
      expect(loser.body.current).toMatchObject({ taskId: task.taskId, status: 'decided', decision: { outcome } });
      expect(loser.body.current).not.toHaveProperty('taskToken');
    }

    const next = { approve: 'expert_assignment', reject: 'rejected', return: 'revision' }[outcome]!;
    const view = await t.reached(id, next);
    // Give a duplicate callback, if there were one, time to show itself before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const history = (await t.api.as('admin').get(`/declarations/${id}/history`)).body.items as { action: string }[];
    expect(history.filter((e) => e.action.startsWith('formal_review.')).map((e) => e.action)).toEqual([`formal_review.${outcome}`]);
    expect(history.filter((e) => e.action === 'task.opened.formal_review')).toHaveLength(1);
    const events = await t.history(view.executionArn);
    expect(entered(events, 'FormalReview')).toBe(1);
    expect(entered(events, 'RouteDecision')).toBe(1);
  });

  it('an edit racing a submit on a draft: never both refused, never an edit after the submission', async () => {
    const callId = await t.openCall();
    const tally = { submitWon: 0, editWon: 0, bothInTurn: 0 };
    for (let i = 0; i < 12; i++) {
      const draft = await t.api.as('applicant-a1').post(`/calls/${callId}/declarations`, completeDeclaration);
      expect(draft.status).toBe(201);
      const id = draft.body.declarationId as string;
      const edit = { summary: `第${i}次修改后的摘要` };
      const [patched, submitted] = await Promise.all([
        t.api.as('applicant-a1').patch(`/declarations/${id}`, edit),
        t.api.as('applicant-a1').post(`/declarations/${id}/submit`),
      ]);
      expect([patched.status, submitted.status], JSON.stringify([patched.body, submitted.body])).not.toEqual([409, 409]);
      const stored = (await t.api.as('applicant-a1').get(`/declarations/${id}`)).body;
      const actions = ((await t.api.as('applicant-a1').get(`/declarations/${id}/history`)).body.items as { action: string }[]).map(
        (e) => e.action,
      );
      if (patched.status === 409) {
        expect(submitted.status).toBe(200);
        // Refused by the version condition, or (if the submission landed first) by the stage.
        expect(patched.body.current).toMatchObject({ stage: 'district_review' });
        expect(stored.summary).toBe(completeDeclaration.summary);
        expect(actions).not.toContain('draft.edited');
        tally.submitWon++;
      } else if (submitted.status === 409) {
        expect(patched.status).toBe(200);
        expect(submitted.body.current).toMatchObject({ declarationId: id, stage: 'draft', summary: edit.summary });
        expect(stored).toMatchObject({ stage: 'draft', summary: edit.summary });
        expect(actions).not.toContain('submitted');
        tally.editWon++;
      } else {
        // One ran wholly before the other: the edit, then the submission of the edited text.
        expect(stored).toMatchObject({ stage: 'district_review', summary: edit.summary });
        expect(actions.filter((a) => !a.startsWith('task.'))).toEqual(['draft.created', 'draft.edited', 'submitted']);
        tally.bothInTurn++;
      }
    }
    console.log(`edit vs submit, 12 races: ${JSON.stringify(tally)}`);
    expect(tally.submitWon + tally.editWon).toBeGreaterThan(0);
  });

  it('two admins confirming a shortlist at once: one 200, one 409 with the shortlist as it stands; the notice is published once', async () => {
    const call = await t.createCall('elder-empowerment');
    const id = await t.declare('applicant-a1', call.callId, 'elder-empowerment', '银龄数字课堂');
    expect((await t.recommend('district-a', id, 1)).status).toBe(200);
    await t.formalReview(id, 'approve');
    await t.assign(id, ['expert-2']);
    expect((await t.score('expert-2', id, t.sheet('elder-empowerment', 0.8))).status).toBe(200);
    await t.reached(id, 'scored');
    await t.closeWindow(call);
    await t.api.token('admin');

    const replies = await Promise.all([
      t.api.as('admin').post(`/calls/${call.callId}/shortlist`, { declarationIds: [id] }),
      t.api.as('admin').post(`/calls/${call.callId}/shortlist`, { declarationIds: [id] }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = replies.find((r) => r.status === 409)!;
    expect(loser.contentType).toContain('application/problem+json');
    expect(JSON.stringify(loser.body.current)).toContain(id);

    await t.callStatus(call.callId, 'notice');
    await t.reached(id, 'in_notice');
    const actions = ((await t.api.as('admin').get(`/declarations/${id}/history`)).body.items as { action: string }[]).map((e) => e.action);
    expect(actions.filter((a) => a === 'notice.published')).toHaveLength(1);
    const callEvents = (await t.api.as('admin').get(`/calls/${call.callId}/history`)).body.items as { action: string }[];
    expect(callEvents.filter((e) => e.action === 'shortlist.confirmed')).toHaveLength(1);
    expect(callEvents.filter((e) => e.action === 'call.notice')).toHaveLength(1);
  });

  it("a district's last place on a call whose settings the process keeps: the cap holds without reading the call again", async () => {
    trackServerContexts();
    const call = await t.createCall('elder-empowerment', { districtCaps: { 'district-a': 1 } });
    const first = await t.declare('applicant-a1', call.callId, 'elder-empowerment', '银龄数字课堂');
    const second = await t.declare('applicant-a2', call.callId, 'elder-empowerment', '银龄智能手机课');
    const callReads = (ops: { command: string; input: Record<string, unknown> }[]) =>
      ops.filter((op) => op.command === 'GetCommand' && /^\$call_/.test((op.input.Key as { sk: string }).sk));
    // The call opened an hour ago: the first decision reads it and the process keeps its settings.
    const firstTask = await t.openTask('district-a', first, 'district_recommendation');
    const firstOps = await recordOperations(
      async () => {
        const reply = await t.api.as('district-a').post(`/tasks/${firstTask.taskId}/decision`, { outcome: 'recommend', rank: 1 });
        expect(reply.status).toBe(200);
      },
      (port) => port === runtime.port,
    );
    expect(callReads(firstOps)).toHaveLength(1);
    let over: Awaited<ReturnType<typeof t.recommend>> | undefined;
    const task = await t.openTask('district-a', second, 'district_recommendation');
    const ops = await recordOperations(
      async () => {
        over = await t.api.as('district-a').post(`/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank: 2 });
      },
      (port) => port === runtime.port,
    );
    expect(over!.status).toBe(409);
    expect(over!.body.detail).toMatch(/cap of 1/);
    expect(over!.body.current).toEqual({ cap: 1, recommended: 1 });
    expect(ops.map((op) => op.command)).toContain('TransactWriteCommand');
    expect(callReads(ops)).toEqual([]);
    // The refused task is still open: declined, it ends its declaration as it would without the keep.
    expect(
      (await t.api.as('district-a').post(`/tasks/${task.taskId}/decision`, { outcome: 'decline', comment: '超出本区推荐名额' })).status,
    ).toBe(200);
    await t.reached(second, 'declined');
  });
});
