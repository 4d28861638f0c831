import { describe, expect, it } from 'vitest';
import { fileRuntime } from '../support/runtime';
import { selection } from '../support/selection';

const runtime = fileRuntime();

describe('the full selection of a call, over HTTP with the clock moved', () => {
  it('elder-education empowerment: two districts, a cap, a correction, 回避, trimmed mean, notice, objections, establishment', async () => {
    const t = selection(runtime);
    const call = await t.createCall('elder-empowerment', { districtCaps: { 'district-a': 1 } });
    expect(call.config.scoring).toBe('trimmed-mean');

    const a1 = await t.declare('applicant-a1', call.callId, 'elder-empowerment', '银龄数字课堂');
    const a2 = await t.declare('applicant-a2', call.callId, 'elder-empowerment', '乐龄书画社');
    const b1 = await t.declare('applicant-b1', call.callId, 'elder-empowerment', '家门口的老年大学');

    // District recommendation within the cap: district-a may recommend one.
    expect((await t.recommend('district-a', a1, 1)).status).toBe(200);
    const overCap = await t.recommend('district-a', a2, 2);
    expect(overCap.status, JSON.stringify(overCap.body)).toBe(409);
    expect(overCap.body.detail).toMatch(/cap of 1/);
    const a2Task = await t.openTask('district-a', a2, 'district_recommendation');
    const declineWithoutReason = await t.api.as('district-a').post(`/tasks/${a2Task.taskId}/decision`, { outcome: 'decline' });
    expect(declineWithoutReason.status).toBe(422);
    expect(declineWithoutReason.body.errors[0].field).toBe('body.comment');
    t.ok(await t.api.as('district-a').post(`/tasks/${a2Task.taskId}/decision`, { outcome: 'decline', comment: '超出本区推荐名额' }));
    expect((await t.finished(a2, 'declined')).lastReason).toBe('超出本区推荐名额');
    // Another district's reviewer cannot even see district-a's task.
    expect((await t.api.as('district-b').post(`/tasks/${a2Task.taskId}/decision`, { outcome: 'recommend', rank: 1 })).status).toBe(404);
    expect((await t.recommend('district-b', b1, 1)).status).toBe(200);

    // Formal review: a1 eligible; b1 returned, corrected, resubmitted, then eligible.
    await t.formalReview(a1, 'approve');
    await t.formalReview(b1, 'return', '请补充经费预算明细');
    const b1View = await t.reached(b1, 'revision');
    expect(b1View.lastReason).toBe('请补充经费预算明细');
    await t.openTask('applicant-b1', b1, 'revision');
    t.ok(await t.api.as('applicant-b1').patch(`/declarations/${b1}`, { summary: '已补充经费预算明细。' }));
    t.ok(await t.api.as('applicant-b1').post(`/declarations/${b1}/submit`));
    await t.formalReview(b1, 'approve');

    // 回避: an expert from the declaration's district is refused, the conflict named.
    await t.openTask('admin', a1, 'expert_assignment');
    const conflicted = await t.api.as('admin').post(`/declarations/${a1}/experts`, { experts: ['expert-1', 'expert-2'] });
    expect(conflicted.status).toBe(422);
    expect(conflicted.body.errors).toEqual([{ field: 'body.experts.0', message: expect.stringContaining('回避') }]);
    const proposal = t.ok(await t.api.as('admin').get(`/declarations/${a1}/experts/proposal`));
    // The conflict names the expert by name and says why, without ids (issue 16 item 5).
    expect(proposal.pool.find((e: any) => e.username === 'expert-4').conflict).toBe('回避：评审专家4 is from the declaration’s district');
    const a1Experts = (await t.assign(a1)).experts as string[];
    expect(a1Experts).toHaveLength(3);
    expect(a1Experts.some((e) => ['expert-1', 'expert-4'].includes(e))).toBe(false);
    const b1Experts = (await t.assign(b1, ['expert-1', 'expert-3', 'expert-4'])).experts as string[];

    // Experts do not see each other's scores before their own; out-of-range scores are refused.
    const [first, second, third] = a1Experts as [string, string, string];
    const tooHigh = await t.score(first, a1, { ...t.sheet('elder-empowerment', 0.9), plan: 31 });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.body.errors).toEqual([{ field: 'body.scores.plan', message: 'must be between 0 and 30' }]);
    expect((await t.score(first, a1, t.sheet('elder-empowerment', 0.9))).status).toBe(200);
    expect(t.ok(await t.api.as(second).get(`/declarations/${a1}/scores`)).items).toEqual([]);
    expect((await t.api.as(second).get(`/declarations/${a1}`)).body.contactPhone).toBeUndefined();
    expect((await t.api.as('expert-1').get(`/declarations/${a1}`)).status).toBe(404);
    expect((await t.score(second, a1, t.sheet('elder-empowerment', 0.8))).status).toBe(200);
    expect(t.ok(await t.api.as(second).get(`/declarations/${a1}/scores`)).items).toHaveLength(2);
    expect((await t.score(third, a1, t.sheet('elder-empowerment', 0.6))).status).toBe(200);
    const a1Scored = await t.reached(a1, 'scored');
    // The call's trimmed mean needs five sheets: three are combined by the plain mean, (90 + 80 + 60) / 3.
    expect(a1Scored.score).toMatchObject({ combined: 76.67, method: 'trimmed-mean', applied: 'mean', count: 3, missing: [] });
    for (const [expert, share] of [
      ['expert-1', 0.9],
      ['expert-3', 0.85],
      ['expert-4', 0.7],
    ] as const) {
      expect((await t.score(expert, b1, t.sheet('elder-empowerment', share))).status).toBe(200);
    }
    // (90 + 85 + 70) / 3.
    expect((await t.reached(b1, 'scored')).score.combined).toBe(81.67);
    expect(b1Experts).toEqual(['expert-1', 'expert-3', 'expert-4']);

    // The window closes; the admin ranks and shortlists; the notice runs 7 working days.
    const early = await t.api.as('admin').post(`/calls/${call.callId}/shortlist`, { declarationIds: [b1, a1] });
    expect(early.status).toBe(409);
    await t.closeWindow(call);
    const ranking = t.ok(await t.api.as('admin').get(`/calls/${call.callId}/ranking`));
    expect(ranking.items.map((r: any) => [r.declarationId, r.rank])).toEqual([
      [b1, 1],
      [a1, 2],
    ]);
    expect((await t.api.as('applicant-a1').get(`/calls/${call.callId}/ranking`)).status).toBe(403);
    const notScored = await t.api.as('admin').post(`/calls/${call.callId}/shortlist`, { declarationIds: [b1, a2] });
    expect(notScored.status).toBe(422);
    expect(notScored.body.errors[0].field).toBe('body.declarationIds.1');
    const { call: inNotice } = await t.shortlist(call.callId, [b1, a1]);
    expect(Date.parse(inNotice.noticeEndsAt)).toBeGreaterThan(Date.parse(inNotice.noticeOpensAt) + 7 * 86400_000);
    const notice = t.ok(await t.api.as('applicant-a2').get(`/calls/${call.callId}/notice`));
    expect(notice.items.map((i: any) => i.declarationId).sort()).toEqual([a1, b1].sort());
    expect((await t.api.as('admin').post(`/calls/${call.callId}/shortlist`, { declarationIds: [a1] })).status).toBe(409);

    // Objections: one upheld (removes a1), one dismissed (b1 stays).
    const upheld = t.ok(
      await t.api.as('applicant-a2').post(`/calls/${call.callId}/objections`, {
        declarationId: a1,
        realName: '张三',
        reason: '申报材料中的场地照片非本单位场地',
        evidence: '现场照片',
      }),
      201,
    );
    const dismissed = t.ok(
      await t.api
        .as('applicant-b1')
        .post(`/calls/${call.callId}/objections`, { declarationId: b1, realName: '李四', reason: '学员人数存疑' }),
      201,
    );
    const objectionOnDeclined = await t.api
      .as('applicant-b1')
      .post(`/calls/${call.callId}/objections`, { declarationId: a2, realName: '李四', reason: '不在公示名单中' });
    expect(objectionOnDeclined.status).toBe(422);
    t.ok(
      await t.api.as('admin').post(`/objections/${upheld.objectionId}/handling`, { outcome: 'upheld', note: '经核实，照片非本单位场地' }),
    );
    t.ok(await t.api.as('admin').post(`/objections/${dismissed.objectionId}/handling`, { outcome: 'dismissed', note: '学员名册核实无误' }));
    expect(
      (await t.api.as('admin').post(`/objections/${dismissed.objectionId}/handling`, { outcome: 'upheld', note: '再次处理' })).status,
    ).toBe(409);

    // The notice ends: establishment.
    await t.endNotice(inNotice);
    const late = await t.api
      .as('applicant-a2')
      .post(`/calls/${call.callId}/objections`, { declarationId: b1, realName: '张三', reason: '公示期后' });
    expect(late.status).toBe(409);
    const established = await t.finished(b1, 'approved');
    expect(established.lastReason).toBe('公示无异议，予以立项');
    const removed = await t.finished(a1, 'not_selected');
    expect(removed.lastReason).toMatch(/异议成立/);
    const history = t.ok(await t.api.as('applicant-a1').get(`/declarations/${a1}/history`)).items.map((e: any) => e.action);
    for (const action of [
      'submitted',
      'district.recommend',
      'formal_review.approve',
      'experts.assigned',
      'expert.scored',
      'expert_review.completed',
      'notice.published',
      'objection.filed',
      'objection.upheld',
      'not_established',
    ]) {
      expect(history).toContain(action);
    }
  }, 120_000);

  it('community-education brand: plain mean, and a tie broken by the heaviest criterion, explained', async () => {
    const t = selection(runtime);
    const call = await t.createCall('community-brand', { expertsPerDeclaration: 2 });
    const ids = [];
    for (const [applicant, district, title] of [
      ['applicant-a1', 'district-a', '社区乐享课堂'],
      ['applicant-b1', 'district-b', '海派文化游学'],
    ] as const) {
      const id = await t.declare(applicant, call.callId, 'community-brand', title);
      expect((await t.recommend(district, id, 1)).status).toBe(200);
      await t.formalReview(id, 'approve');
      ids.push(id);
    }
    const [a1, b1] = ids as [string, string];
    await t.assign(a1, ['expert-2', 'expert-3']);
    await t.assign(b1, ['expert-3', 'expert-6']);
    // Both sheets sum to 80; a1 is the stronger on 课程与活动, the criterion with the highest maximum.
    const strongProgramme = { positioning: 10, programme: 30, team: 10, impact: 20, sustainability: 10 };
    const strongPositioning = { positioning: 20, programme: 20, team: 10, impact: 20, sustainability: 10 };
    for (const expert of ['expert-2', 'expert-3']) expect((await t.score(expert, a1, strongProgramme)).status).toBe(200);
    for (const expert of ['expert-3', 'expert-6']) expect((await t.score(expert, b1, strongPositioning)).status).toBe(200);
    const a1Score = (await t.reached(a1, 'scored')).score;
    const b1Score = (await t.reached(b1, 'scored')).score;
    expect(a1Score.method).toBe('mean');
    expect(a1Score.combined).toBe(b1Score.combined);
    await t.closeWindow(call);
    const ranking = t.ok(await t.api.as('admin').get(`/calls/${call.callId}/ranking`));
    expect(ranking.items.map((r: any) => r.declarationId)).toEqual([a1, b1]);
    expect(ranking.items[0].tieBreak).toMatch(/课程与活动/);
    const { call: inNotice } = await t.shortlist(call.callId, [a1]);
    await t.endNotice(inNotice);
    await t.finished(a1, 'approved');
    expect((await t.finished(b1, 'not_selected')).lastReason).toBe('未列入择优名单');
  }, 120_000);

  it('demonstration centre: the expert review closes at its deadline with the scores that are in, the gap recorded', async () => {
    const t = selection(runtime);
    const call = await t.createCall('demonstration-centre');
    const id = await t.declare('applicant-b1', call.callId, 'demonstration-centre', '丙街道社区教育中心');
    expect((await t.recommend('district-b', id, 1)).status).toBe(200);
    await t.formalReview(id, 'approve');
    const assigned = await t.assign(id, ['expert-1', 'expert-3', 'expert-4']);
    expect((await t.score('expert-1', id, t.sheet('demonstration-centre', 0.9))).status).toBe(200);
    expect((await t.score('expert-3', id, t.sheet('demonstration-centre', 0.7))).status).toBe(200);
    await runtime.clock.set(new Date(Date.parse(assigned.reviewDueAt) + 60_000));
    t.api.forgetTokens();
    const scored = await t.reached(id, 'scored');
    expect(scored.score).toMatchObject({ combined: 80, count: 2, missing: ['expert-4'] });
    expect(scored.score.note).toMatch(/plain mean/);
    const history = t.ok(await t.api.as('admin').get(`/declarations/${id}/history`)).items;
    // The record says it in Chinese and counts the late expert without naming them (issue 16 item 5).
    expect(history.find((e: any) => e.action === 'expert_review.deadline_reached').reason).toBe(
      '综合得分 80（仅 2 份评分，按平均分计；1 位专家未评分）',
    );
    // The late expert's task is closed: nothing left in their inbox for it.
    const inbox = t.ok(await t.api.as('expert-4').get('/tasks')).items;
    expect(inbox.filter((task: any) => task.declarationId === id)).toEqual([]);
  }, 120_000);
});
