import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../core/china-time';
import { replayDraw } from '../../core/draw';
import { fileRuntime } from '../support/runtime';
import { districtOf, selection } from '../support/selection';
import { completeDeclarationOf } from '../support/slice';

const runtime = fileRuntime();

/** Pool entries beside the six seeded experts, each excluded from centre-b1's declaration for one reason. */
function extraExperts(today: string) {
  const base = { districtId: 'district-c', organisationId: 'expert-org-9', specialties: ['elder-education'] };
  return [
    { ...base, username: 'x-same-org', displayName: '同单位专家', organisationId: 'centre-b1' },
    { ...base, username: 'x-declared', displayName: '申明回避专家', declaredConflicts: ['centre-b1'] },
    { ...base, username: 'x-related', displayName: '申报方回避专家' },
    { ...base, username: 'x-finance', displayName: '财务专家', specialties: ['finance'] },
    { ...base, username: 'x-inactive', displayName: '停用专家', active: false },
    { ...base, username: 'x-away', displayName: '出差专家', unavailable: [{ from: today, to: today }] },
  ];
}

describe('the expert pool and the random draw (随机抽取) with 回避, over HTTP', () => {
  it('manages the pool and its specialty list, refusing bad input at the field', async () => {
    const t = selection(runtime);
    const admin = t.api.as('admin');
    const seeded = t.ok(await admin.get('/specialties')).items.map((s: any) => s.nameZh);
    expect(seeded).toEqual(expect.arrayContaining(['老年教育', '社区治理', '课程建设', '财务', '家庭教育', '数字素养']));
    t.ok(await admin.post('/specialties', { code: 'arts', nameZh: '文化艺术' }), 201);
    const twice = await admin.post('/specialties', { code: 'arts', nameZh: '文化艺术' });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/arts/);

    const entry = { username: 'x-new', displayName: '新专家', districtId: 'district-c', organisationId: 'expert-org-8' };
    const unknown = await admin.post('/experts', { ...entry, specialties: ['arts', 'astrology'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'body.specialties.1', message: expect.stringContaining('astrology') }]);
    const backwards = await admin.post('/experts', { ...entry, unavailable: [{ from: '2027-03-05', to: '2027-03-01' }] });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors[0].field).toBe('body.unavailable.0.to');
    t.ok(await admin.post('/experts', { ...entry, specialties: ['arts'], title: '教授' }), 201);
    const patched = t.ok(await admin.patch('/experts/x-new', { specialties: ['arts', 'finance'], active: false }));
    expect(patched).toMatchObject({ username: 'x-new', specialties: ['arts', 'finance'], active: false, title: '教授' });
    expect((await admin.patch('/experts/nobody', { title: '教授' })).status).toBe(404);
    expect((await admin.patch('/experts/x-new', { specialties: ['nope'] })).body.errors[0].field).toBe('body.specialties.0');

    const byArts = t.ok(await admin.get('/experts?specialty=arts')).items.map((e: any) => e.username);
    expect(byArts).toEqual(['x-new']);
    const inC = t.ok(await admin.get('/experts?district=district-c')).items.map((e: any) => e.username);
    expect(inC).toEqual(expect.arrayContaining(['expert-3', 'expert-6', 'x-new']));
    expect(inC).not.toContain('expert-1');
    expect((await admin.get('/experts?maxLoad=-1')).status).toBe(422);
    expect((await t.api.as('expert-1').get('/experts')).status).toBe(403);
  });

  it('draws by specialty with 回避, refuses a conflicted hand pick at the list entry, records seed and eligible, and replays', async () => {
    const t = selection(runtime);
    const admin = t.api.as('admin');
    for (const expert of extraExperts(chinaDate(runtime.clock.now()))) t.ok(await admin.post('/experts', expert), 201);
    const refused = await admin.post('/calls', {
      kind: 'elder-empowerment',
      year: 2026,
      title: '未知专业',
      opensAt: runtime.clock.now().toISOString(),
      closesAt: new Date(runtime.clock.now().getTime() + 86_400_000).toISOString(),
      expertSpecialties: ['astrology'],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('body.expertSpecialties.0');
    const call = await t.createCall('elder-empowerment', { expertSpecialties: ['elder-education'], expertsPerDeclaration: 2 });

    // The applicant declares whom to avoid; a malformed name is refused at the field.
    const kind = 'elder-empowerment';
    const badName = await t.api.as('applicant-b1').post(`/calls/${call.callId}/declarations`, {
      ...completeDeclarationOf(kind, '银龄学堂'),
      avoidExperts: ['not a name!'],
    });
    expect(badName.status).toBe(422);
    expect(badName.body.errors[0].field).toBe('body.avoidExperts.0');
    const draft = t.ok(
      await t.api.as('applicant-b1').post(`/calls/${call.callId}/declarations`, {
        ...completeDeclarationOf(kind, '银龄学堂'),
        avoidExperts: ['x-related'],
      }),
      201,
    );
    const b1 = draft.declarationId as string;
    t.ok(await t.api.as('applicant-b1').post(`/declarations/${b1}/submit`));
    t.ok(await t.recommend(districtOf('applicant-b1'), b1, 1));
    await t.formalReview(b1, 'approve');
    await t.openTask('admin', b1, 'expert_assignment');

    // By hand: each refusal names the list entry and the rule, as the draw would.
    const pick = await admin.post(`/declarations/${b1}/experts`, {
      experts: ['expert-1', 'x-declared', 'x-related', 'x-same-org', 'expert-2', 'x-finance', 'x-inactive', 'x-away', 'ghost'],
    });
    expect(pick.status).toBe(422);
    expect(pick.body.errors).toEqual([
      { field: 'body.experts.1', message: '回避：申明回避专家 declared a conflict with the declaring organisation' },
      { field: 'body.experts.2', message: '回避：the applicant declared a relationship with 申报方回避专家' },
      { field: 'body.experts.3', message: '回避：同单位专家 belongs to the declaring organisation' },
      { field: 'body.experts.4', message: '回避：评审专家2 is from the declaration’s district' },
      { field: 'body.experts.5', message: '财务专家 has none of the specialties the call asks for' },
      { field: 'body.experts.6', message: '停用专家 is no longer active in the pool' },
      { field: 'body.experts.7', message: '出差专家 is unavailable today' },
      { field: 'body.experts.8', message: 'ghost is not in the expert pool' },
    ]);

    // The draw: among those of the specialty, none of district-b or centre-b1, none declared.
    const drawn = t.ok(await admin.post(`/declarations/${b1}/experts`, {}));
    expect(drawn.draw.eligible).toEqual(['expert-1', 'expert-4', 'expert-6']);
    expect(drawn.experts).toHaveLength(2);
    for (const username of drawn.experts) expect(drawn.draw.eligible).toContain(username);

    // The record: seed and eligible list in the audit, replayed to the same experts.
    const draws = t.ok(await admin.get(`/declarations/${b1}/expert-draws`)).items;
    expect(draws).toHaveLength(1);
    expect(draws[0]).toMatchObject({ seed: drawn.draw.seed, eligible: drawn.draw.eligible, drawn: drawn.experts, count: 2, agrees: true });
    expect(draws[0].specialties).toEqual(['elder-education']);
    expect(replayDraw(draws[0])).toEqual(drawn.experts);
    const history = t.ok(await admin.get(`/declarations/${b1}/history`)).items;
    const event = history.find((e: any) => e.action === 'experts.drawn');
    expect(JSON.parse(event.reason)).toMatchObject({ seed: drawn.draw.seed, eligible: drawn.draw.eligible });
    // The applicant reads that a draw happened, not whom it drew.
    const theirs = t.ok(await t.api.as('applicant-b1').get(`/declarations/${b1}/history`)).items;
    expect(theirs.find((e: any) => e.action === 'experts.drawn')).toEqual(expect.not.objectContaining({ reason: expect.anything() }));
    // Nor may an expert read whom the applicant asked to avoid.
    const asExpert = t.ok(await t.api.as(drawn.experts[0]).get(`/declarations/${b1}`));
    expect(asExpert.avoidExperts).toBeUndefined();
    expect(t.ok(await admin.get(`/declarations/${b1}`)).avoidExperts).toEqual(['x-related']);
    expect((await t.api.as('applicant-b1').get(`/declarations/${b1}/expert-draws`)).status).toBe(403);
  });

  it('draws for every declaration of a call waiting for experts, one result each', async () => {
    const t = selection(runtime);
    const admin = t.api.as('admin');
    const call = await t.createCall('community-brand', { expertSpecialties: ['elder-education'], expertsPerDeclaration: 2 });
    const a1 = await t.reviewed('applicant-a1', call.callId, 'community-brand', '社区书院');
    const b1 = await t.reviewed('applicant-b1', call.callId, 'community-brand', '睦邻课堂');
    await t.openTask('admin', a1, 'expert_assignment');
    await t.openTask('admin', b1, 'expert_assignment');
    const result = t.ok(await admin.post(`/calls/${call.callId}/expert-draw`));
    expect(result.items.map((i: any) => i.declarationId).sort()).toEqual([a1, b1].sort());
    const forA1 = result.items.find((i: any) => i.declarationId === a1);
    // Of the specialty, outside district-a; the declared conflict is centre-b1's, not centre-a1's.
    expect(forA1.eligible).toEqual(['expert-6', 'x-declared', 'x-related', 'x-same-org']);
    expect(forA1.experts).toHaveLength(2);
    const forB1 = result.items.find((i: any) => i.declarationId === b1);
    expect(forB1.eligible).toEqual(['expert-1', 'expert-4', 'expert-6', 'x-related']);
    for (const item of result.items) {
      const recorded = t.ok(await admin.get(`/declarations/${item.declarationId}/expert-draws`)).items;
      expect(recorded.at(-1)).toMatchObject({ seed: item.seed, drawn: item.experts, agrees: true });
      // Those drawn are invited (c-invites): they review once they accept.
      expect(t.ok(await admin.get(`/declarations/${item.declarationId}`)).invitedExperts).toEqual(item.experts);
    }
    // Nothing is left waiting: a second draw has nothing to do.
    expect(t.ok(await admin.post(`/calls/${call.callId}/expert-draw`)).items).toEqual([]);
  });
});
