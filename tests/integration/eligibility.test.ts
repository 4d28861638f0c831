import { describe, expect, it } from 'vitest';
import { store } from '../../functions/adapters/entities';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { eventually, fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';
import { completeDeclarationOf } from '../support/slice';

const runtime = fileRuntime({ sweepIntervalMs: 0 });
const s = late(() => selection(runtime));
const api = late(() => s.api);

const open = {
  levels: ['street', 'point'],
  types: ['community-education-centre', 'teaching-point'],
  notIfAlreadyNamed: false,
  minimums: [],
};
const callWith = (eligibility: Record<string, unknown>) =>
  s.createCall('demonstration-centre', { eligibility: { ...open, ...eligibility } });

async function draft(applicant: string, callId: string, title: string, fields: Record<string, string> = {}) {
  const body = completeDeclarationOf('demonstration-centre', title);
  const reply = await api.as(applicant).post(`/calls/${callId}/declarations`, { ...body, fields: { ...body.fields, ...fields } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.declarationId as string;
}
const submit = (applicant: string, id: string) => api.as(applicant).post(`/declarations/${id}/submit`);
const counter = async (callId: string, scope: string) =>
  (await store().entities.eligibilityCount.get({ callId, scope }).go({ consistent: true })).data?.counted ?? 0;

describe('eligibility rules judged at submission, over HTTP', () => {
  it('refuses an organisation of a level or type the kind does not take, naming the rule in Chinese; the draft stays a draft', async () => {
    const call = await callWith({ levels: ['point'], types: ['teaching-point'] });
    const id = await draft('applicant-a1', call.callId, '甲街道示范中心');
    const refused = await submit('applicant-a1', id);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'declaration.organisation', message: '本类型仅限村（居）教学点的教学点申报' }]);
    expect((await api.as('applicant-a1').get(`/declarations/${id}`)).body.stage).toBe('draft');
  });

  it('refuses a figure under the minimum at its field, and takes the declaration once corrected', async () => {
    const call = await callWith({ minimums: [{ field: 'staffCount', min: 5 }] });
    const id = await draft('applicant-a1', call.callId, '甲街道示范中心', { staffCount: '3' });
    const refused = await submit('applicant-a1', id);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'declaration.fields.staffCount', message: '专兼职人员数须不少于 5' }]);
    const { fields } = completeDeclarationOf('demonstration-centre');
    expect((await api.as('applicant-a1').patch(`/declarations/${id}`, { fields: { ...fields, staffCount: 6 } })).status).toBe(200);
    expect((await submit('applicant-a1', id)).status).toBe(200);
  });

  it('judges a resubmission after correction too, without counting it a second time', async () => {
    const call = await callWith({ maxPerOrganisation: 1, minimums: [{ field: 'staffCount', min: 5 }] });
    const id = await draft('applicant-a1', call.callId, '甲街道示范中心', { staffCount: '8' });
    expect((await submit('applicant-a1', id)).status).toBe(200);
    expect((await s.recommend('district-a', id, 1)).status).toBe(200);
    await s.formalReview(id, 'return', '请核实专兼职人员数');
    await s.openTask('applicant-a1', id, 'revision');
    const { fields } = completeDeclarationOf('demonstration-centre');
    expect((await api.as('applicant-a1').patch(`/declarations/${id}`, { fields: { ...fields, staffCount: 4 } })).status).toBe(200);
    const refused = await submit('applicant-a1', id);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'declaration.fields.staffCount', message: '专兼职人员数须不少于 5' }]);
    expect((await api.as('applicant-a1').patch(`/declarations/${id}`, { fields: { ...fields, staffCount: 6 } })).status).toBe(200);
    const resubmitted = await submit('applicant-a1', id);
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    expect(resubmitted.body.stage).toBe('formal_review');
    expect(await counter(call.callId, 'organisation:centre-a1')).toBe(1);
  });

  it('N + 3 concurrent submissions of one organisation under a cap of N: exactly N pass, the rest are refused by the rule', async () => {
    const cap = 2;
    const call = await callWith({ maxPerOrganisation: cap });
    const ids = await Promise.all([0, 1, 2, 3, 4].map((i) => draft('applicant-a1', call.callId, `甲街道示范中心${i}`)));
    const replies = await Promise.all(ids.map((id) => submit('applicant-a1', id)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(replies.map((r) => r.body))).toEqual([200, 200, 422, 422, 422]);
    for (const refused of replies.filter((r) => r.status === 422))
      expect(refused.body.errors).toEqual([{ field: 'declaration.organisation', message: '每个单位在本批次最多申报 2 项' }]);
    expect(await counter(call.callId, 'organisation:centre-a1')).toBe(cap);
    const stages = await Promise.all(ids.map(async (id) => (await api.as('applicant-a1').get(`/declarations/${id}`)).body.stage));
    expect(stages.filter((st) => st === 'district_review')).toHaveLength(cap);
    // Another organisation has places of its own.
    expect((await submit('applicant-a2', await draft('applicant-a2', call.callId, '乙镇示范中心'))).status).toBe(200);
  });

  it('caps a street with its teaching points together, and leaves other streets alone', async () => {
    const point = await api
      .as('admin')
      .post('/organisations', { name: '乙镇幸福里居委教学点', level: 'point', type: 'teaching-point', parentId: 'centre-a2' });
    expect(point.status, JSON.stringify(point.body)).toBe(201);
    const person = await api.as('admin').post('/people', {
      username: 'point-a2',
      role: 'applicant',
      organisationId: point.body.organisationId,
      displayName: '幸福里教学点',
      email: 'point-a2@example.org',
    });
    expect(person.status, JSON.stringify(person.body)).toBe(201);
    const call = await callWith({ maxPerStreet: 1 });
    expect((await submit('applicant-a2', await draft('applicant-a2', call.callId, '乙镇示范中心'))).status).toBe(200);
    const refused = await submit('point-a2', await draft('point-a2', call.callId, '幸福里教学点'));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'declaration.organisation', message: '每个街道（镇）在本批次最多申报 1 项（含其下属教学点）' },
    ]);
    expect(await counter(call.callId, 'street:centre-a2')).toBe(1);
    expect((await submit('applicant-a1', await draft('applicant-a1', call.callId, '甲街道示范中心'))).status).toBe(200);
  });

  it('a withdrawal before the district acts gives its place back: the next declaration under the cap is taken', async () => {
    const call = await callWith({ maxPerOrganisation: 1, maxPerStreet: 1 });
    const first = await draft('applicant-a1', call.callId, '甲街道示范中心');
    const second = await draft('applicant-a1', call.callId, '甲街道示范中心（二）');
    expect((await submit('applicant-a1', first)).status).toBe(200);
    expect((await submit('applicant-a1', second)).status).toBe(422);
    const task = await s.openTask('district-a', first, 'district_recommendation');

    const withdrawn = await api.as('applicant-a1').post(`/declarations/${first}/withdraw`, { reason: '材料需重新整理' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ stage: 'withdrawn', lastReason: '材料需重新整理' });
    expect(await counter(call.callId, 'organisation:centre-a1')).toBe(0);
    expect(await counter(call.callId, 'street:centre-a1')).toBe(0);
    // The district has nothing left to decide, and the workflow is stopped.
    const late = await api.as('district-a').post(`/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank: 1 });
    expect(late.status).toBe(409);
    const arn = (await api.as('admin').get(`/declarations/${first}`)).body.executionArn;
    await eventually(async () => (await s.sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status === 'ABORTED', 'the stop');
    const history = (await api.as('applicant-a1').get(`/declarations/${first}/history`)).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(history).toContain('declaration.withdrawn');

    expect((await submit('applicant-a1', second)).status).toBe(200);
    expect(await counter(call.callId, 'organisation:centre-a1')).toBe(1);
    const again = await api.as('applicant-a1').post(`/declarations/${first}/withdraw`, {});
    expect(again.status).toBe(409);
    expect(await counter(call.callId, 'organisation:centre-a1')).toBe(1);
  });

  it('a call stored before rules existed is open: no counters are kept and a street centre may declare twice', async () => {
    const call = await s.createCall('demonstration-centre');
    expect(call.config.eligibility).toBeUndefined();
    for (const title of ['甲街道一', '甲街道二'])
      expect((await submit('applicant-a1', await draft('applicant-a1', call.callId, title))).status).toBe(200);
    expect(await counter(call.callId, 'organisation:centre-a1')).toBe(0);
  });

  it('refuses rules that are not rules when a call is created (422 at the member)', async () => {
    const now = runtime.clock.now().getTime();
    const reply = await api.as('admin').post('/calls', {
      kind: 'demonstration-centre',
      year: 2026,
      title: '规则有误的批次',
      opensAt: new Date(now + 86400_000).toISOString(),
      closesAt: new Date(now + 5 * 86400_000).toISOString(),
      eligibility: { ...open, levels: [], maxPerOrganisation: 0 },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.eligibility.levels',
      'body.eligibility.maxPerOrganisation',
    ]);
  });
});
