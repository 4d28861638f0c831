import { SendTaskSuccessCommand, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { trackServerContexts } from '../../bench/contexts';
import { recordOperations } from '../../bench/recorder';
import { fileRuntime, late } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';

const runtime = fileRuntime();
const s = late(() => slice(runtime));

describe('the declaration slice over HTTP', () => {
  it('finds it eligible: draft, edit, submit, district recommendation, formal review, on to expert assignment, every step in the history', async () => {
    const callId = await s.openCall();
    const draft = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { title: '初稿' });
    expect(draft.status).toBe(201);
    expect(draft.body.stage).toBe('draft');
    const id = draft.body.declarationId;

    const incomplete = await s.api.as('applicant-a1').post(`/declarations/${id}/submit`);
    expect(incomplete.status).toBe(422);
    expect(incomplete.contentType).toContain('application/problem+json');
    expect(incomplete.body.errors.map((e: any) => e.field)).toEqual(
      expect.arrayContaining(['declaration.summary', 'declaration.contactPhone']),
    );

    const edited = await s.api.as('applicant-a1').patch(`/declarations/${id}`, completeDeclaration);
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe(completeDeclaration.title);

    const submitted = await s.api.as('applicant-a1').post(`/declarations/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.stage).toBe('district_review');
    const recommendation = await s.openTask('district-a', id, 'district_recommendation');
    expect(recommendation.assignee).toBe('district:district-a');
    expect((await s.api.as('district-a').post(`/tasks/${recommendation.taskId}/decision`, { outcome: 'recommend', rank: 1 })).status).toBe(
      200,
    );
    const task = await s.openTask('admin', id, 'formal_review');
    expect(task.assignee).toBe('role:city-admin');
    expect(Date.parse(task.dueAt)).toBeGreaterThan(runtime.clock.now().getTime());

    const viewed = await s.api.as('applicant-a1').get(`/declarations/${id}`);
    expect(viewed.body.stage).toBe('formal_review');
    expect(viewed.body.openTasks.map((t: any) => t.taskId)).toEqual([task.taskId]);

    const decided = await s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'approve', comment: '材料齐全' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.status).toBe('decided');

    const assignment = await s.openTask('admin', id, 'expert_assignment');
    expect(assignment.assignee).toBe('role:city-admin');
    expect(await s.executionStatus(id)).toBe('RUNNING');
    const history = await s.api.as('applicant-a1').get(`/declarations/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: any) => e.action)).toEqual([
      'draft.created',
      'draft.edited',
      'submitted',
      'task.opened.district_recommendation',
      'district.recommend',
      'task.opened.formal_review',
      'formal_review.approve',
      'task.opened.expert_assignment',
    ]);
    const approval = history.body.items.find((e: any) => e.action === 'formal_review.approve');
    expect(approval).toMatchObject({ actor: 'admin', fromStage: 'formal_review', toStage: 'expert_assignment', reason: '材料齐全' });
    expect(Date.parse(approval.at)).not.toBeNaN();
  });

  it('returns for correction: the applicant edits and resubmits, the review opens again and approves', async () => {
    const id = await s.submittedDeclaration();
    const review = await s.openTask('admin', id, 'formal_review');
    const returned = await s.api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'return', comment: '请补充课程安排' });
    expect(returned.status).toBe(200);

    const correction = await s.openTask('applicant-a1', id, 'revision');
    expect(correction.assignee).toBe('org:centre-a1');
    const inRevision = await s.api.as('applicant-a1').get(`/declarations/${id}`);
    expect(inRevision.body).toMatchObject({ stage: 'revision', lastReason: '请补充课程安排' });

    // A colleague of the same centre may answer; the declaring centre's correction is theirs too.
    const fixed = await s.api.as('applicant-a1').patch(`/declarations/${id}`, { summary: '每周二、周四下午两节课，共四十课时。' });
    expect(fixed.status).toBe(200);
    const resubmitted = await s.api.as('applicant-a1').post(`/declarations/${id}/submit`);
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    expect(resubmitted.body.submissions).toBe(2);

    const secondReview = await s.openTask('admin', id, 'formal_review');
    expect(secondReview.taskId).not.toBe(review.taskId);
    expect((await s.api.as('admin').post(`/tasks/${secondReview.taskId}/decision`, { outcome: 'approve' })).status).toBe(200);
    await s.openTask('admin', id, 'expert_assignment');

    const actions = (await s.api.as('admin').get(`/declarations/${id}/history`)).body.items.map((e: any) => e.action);
    expect(actions).toEqual([
      'draft.created',
      'submitted',
      'task.opened.district_recommendation',
      'district.recommend',
      'task.opened.formal_review',
      'formal_review.return',
      'task.opened.revision',
      'draft.edited',
      'resubmitted',
      'task.opened.formal_review',
      'formal_review.approve',
      'task.opened.expert_assignment',
    ]);
  });

  it('gives exactly one of two racing decisions the task; the other gets 409 with the current state', async () => {
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    const replies = await Promise.all([
      s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'approve' }),
      s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'reject', comment: '不符合条件' }),
    ]);
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = replies.find((r) => r.status === 200)!;
    const loser = replies.find((r) => r.status === 409)!;
    expect(loser.contentType).toContain('application/problem+json');
    expect(loser.body.current).toMatchObject({ taskId: task.taskId, status: 'decided' });
    expect(loser.body.current).not.toHaveProperty('taskToken');

    if (winner.body.decision.outcome === 'approve') await s.reached(id, 'expert_assignment');
    else await s.finished(id, 'rejected');
    const decisions = (await s.api.as('admin').get(`/declarations/${id}/history`)).body.items.filter((e: any) =>
      e.action.startsWith('formal_review.'),
    );
    expect(decisions).toHaveLength(1);

    const again = await s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'approve' });
    expect(again.status).toBe(409);
  });

  it('answers a used task token with TaskDoesNotExist, as AWS does', async () => {
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    const { store } = await import('../../functions/adapters/entities');
    const { data } = await store().entities.task.get({ taskId: task.taskId }).go();
    expect((await s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'reject', comment: '不符合申报条件' })).status).toBe(
      200,
    );
    await s.finished(id, 'rejected');
    const reuse = s.sfn.send(new SendTaskSuccessCommand({ taskToken: data!.taskToken, output: '{"outcome":"reject"}' }));
    await expect(reuse).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('ends a returned declaration as lapsed when the correction deadline passes on the moved clock', async () => {
    const id = await s.submittedDeclaration();
    const review = await s.openTask('admin', id, 'formal_review');
    expect((await s.api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'return', comment: '缺少预算表' })).status).toBe(
      200,
    );
    const correction = await s.openTask('applicant-a1', id, 'revision');

    const moved = await s.api.request('POST', '/dev/clock', { body: { now: new Date(Date.parse(correction.dueAt) + 1000).toISOString() } });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now)).toBeGreaterThan(Date.parse(correction.dueAt));
    s.api.forgetTokens();

    await s.finished(id, 'lapsed');
    const actions = (await s.api.as('applicant-a1').get(`/declarations/${id}/history`)).body.items.map((e: any) => e.action);
    expect(actions).toContain('correction.deadline_missed');
    const late = await s.api.as('applicant-a1').post(`/declarations/${id}/submit`);
    expect(late.status).toBe(409);
  });
});

describe('the edge of the API', () => {
  it('names the offending field and writes nothing when a draft carries an unknown field', async () => {
    const callId = await s.openCall();
    const before = (await s.api.as('applicant-b1').get('/declarations')).body.items.length;
    const reply = await s.api.as('applicant-b1').post(`/calls/${callId}/declarations`, { title: '项目', stage: 'approved' });
    expect(reply.status).toBe(422);
    expect(reply.contentType).toContain('application/problem+json');
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'body.stage' })]);
    expect((await s.api.as('applicant-b1').get('/declarations')).body.items.length).toBe(before);
  });

  it('refuses malformed JSON and oversized bodies with problem+json, not 500', async () => {
    const callId = await s.openCall();
    const malformed = await s.api.request('POST', `/calls/${callId}/declarations`, { as: 'applicant-a1', body: '{"title":' });
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toContain('application/problem+json');
    expect(malformed.body.errors[0].field).toBe('body');
    const huge = await s.api.request('POST', `/calls/${callId}/declarations`, { as: 'applicant-a1', body: { title: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect(huge.contentType).toContain('application/problem+json');
  });

  it('asks for sign-in without a valid token, and hides what another organisation declared', async () => {
    const id = await s.submittedDeclaration('applicant-a1');
    const anonymous = await s.api.request('GET', `/declarations/${id}`);
    expect(anonymous.status).toBe(401);
    const forged = await s.api.request('GET', `/declarations/${id}`, { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(forged.status).toBe(401);
    expect((await s.api.as('applicant-b1').get(`/declarations/${id}`)).status).toBe(404);
    expect((await s.api.as('applicant-a2').get(`/declarations/${id}`)).status).toBe(404);
    expect((await s.api.as('district-a').get(`/declarations/${id}`)).status).toBe(200);
    expect((await s.api.as('district-b').get(`/declarations/${id}`)).status).toBe(404);
    // The declaration and its open tasks are read side by side: a hidden one costs what a missing one does.
    trackServerContexts();
    const readFor = async (as: string, declarationId: string) => {
      let status = 0;
      const ops = await recordOperations(
        async () => {
          status = (await s.api.as(as).get(`/declarations/${declarationId}`)).status;
        },
        (port) => port === runtime.port,
      );
      return { status, commands: ops.map((op) => op.command).sort() };
    };
    const missing = id.replace(/.{8}$/, '00000000');
    expect(await readFor('district-a', id)).toEqual({ status: 200, commands: ['GetCommand', 'QueryCommand'] });
    expect(await readFor('applicant-b1', id)).toEqual({ status: 404, commands: ['GetCommand', 'QueryCommand'] });
    expect(await readFor('applicant-b1', missing)).toEqual({ status: 404, commands: ['GetCommand', 'QueryCommand'] });
    const task = await s.openTask('admin', id, 'formal_review');
    expect((await s.api.as('applicant-a1').post(`/tasks/${task.taskId}/decision`, { outcome: 'approve' })).status).toBe(404);
    expect((await s.api.as('applicant-a1').post('/calls', { kind: 'elder-empowerment' })).status).toBe(403);
  });

  it('reports health, serves the OpenAPI document and its docs page, and moves the clock only here', async () => {
    const health = await s.api.request('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', checks: { dynamodb: 'ok', stepFunctions: 'ok' } } });
    const spec = await s.api.request('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/calls', '/declarations/{id}', '/tasks/{taskId}/decision', '/health']),
    );
    const docs = await s.api.request('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger');
    const clock = await s.api.request('GET', '/dev/clock');
    expect(Math.abs(Date.parse(clock.body.now) - runtime.clock.now().getTime())).toBeLessThan(5000);
    const bad = await s.api.request('POST', '/dev/clock', { body: { now: 'tomorrow' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('body.now');
  });
});
