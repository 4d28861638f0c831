import { describe, expect, it } from 'vitest';
import type { KindDefinition } from '../../core/kind-definition';
import { seededKind } from '../../local/kind-seeds';
import { PageClient } from '../support/pages';
import { projects } from '../support/project';
import { fileRuntime } from '../support/runtime';

const runtime = fileRuntime();

const plan = (...percents: [string, number][]) => percents.map(([milestone, percent]) => ({ milestone, percent }));
const fortyFortyTwenty = plan(['establishment', 40], ['midterm', 40], ['acceptance', 20]);

/**
 * The tranche plan is the programme's (issue 23): a kind carries it with its funding rules, a grant
 * given without tranches takes it (the call's copy of the kind), and the grant stores the plan used.
 */
describe('a kind’s tranche plan over HTTP', () => {
  it('refuses a mid-term tranche on a kind without a mid-term, naming the field, with nothing saved', async () => {
    const p = projects(runtime);
    const elder = structuredClone(seededKind('elder-empowerment'));
    const definition = {
      ...elder,
      lifecycle: 'acceptance-only',
      funding: { ...elder.funding!, tranchePlan: plan(['establishment', 50], ['midterm', 30], ['acceptance', 20]) },
    };
    const refused = await p.api.as('admin').post('/kinds', { key: 'plan-no-midterm', definition });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'body.definition.funding.tranchePlan.1.milestone', message: expect.stringContaining('no mid-term check') },
    ]);
    // The plan's own rules hold at the kind as at a grant: 100 in all, in milestone order.
    const unsummed = { ...elder, funding: { ...elder.funding!, tranchePlan: plan(['establishment', 60], ['acceptance', 30]) } };
    const sum = await p.api.as('admin').post('/kinds', { key: 'plan-unsummed', definition: unsummed });
    expect(sum.status).toBe(422);
    expect(sum.body.errors.map((e: any) => e.field)).toEqual(['body.definition.funding.tranchePlan']);
    expect((await p.api.as('admin').get('/kinds/plan-no-midterm')).status).toBe(404);
    expect((await p.api.as('admin').get('/kinds/plan-unsummed')).status).toBe(404);
  }, 60_000);

  it('a grant without tranches takes the kind’s 40/40/20, stored, summing to the grant to the 分; sent again it is the same grant', async () => {
    const p = projects(runtime);
    const elder = structuredClone(seededKind('elder-empowerment'));
    const definition: KindDefinition = { ...elder, funding: { ...elder.funding!, tranchePlan: fortyFortyTwenty as any } };
    p.ok(await p.api.as('admin').post('/kinds', { key: 'planned-elder', definition }), 201);
    expect(p.ok(await p.api.as('admin').get('/kinds/planned-elder/versions/1')).definition.funding.tranchePlan).toEqual(fortyFortyTwenty);

    const id = await p.establishOne({ key: 'planned-elder', definition }, 'applicant-a1', '按类型拨付计划的项目');
    const before = p.ok(await p.api.as('admin').get(`/projects/${id}/funding`));
    expect(before.grant).toBeNull();
    expect(before.tranchePlan).toEqual(fortyFortyTwenty);
    // The office's grant form starts from the same plan, as the API offers it.
    const office = await PageClient.signIn(runtime.url, 'admin');
    const form = (await office.get(`/ui/projects/${id}/funding`)).html;
    for (const [milestone, percent] of [
      ['establishment', 40],
      ['midterm', 40],
      ['acceptance', 20],
    ])
      expect(form).toMatch(
        new RegExp(`name="percent\\.${milestone}"[^>]*value="${percent}"|value="${percent}"[^>]*name="percent\\.${milestone}"`),
      );

    const grant = (body: unknown) => p.api.as('admin').put(`/projects/${id}/funding/grant`, body);
    const body = { approvedFen: 1_000_003, reason: '按评审意见核定' };
    const granted = p.ok(await grant(body));
    expect(granted.grant.tranches.map((t: any) => [t.milestone, t.percent])).toEqual([
      ['establishment', 40],
      ['midterm', 40],
      ['acceptance', 20],
    ]);
    const amounts = granted.grant.tranches.map((t: any) => t.amountFen);
    expect(amounts).toEqual([400_001, 400_001, 200_001]);
    expect(amounts.reduce((s: number, a: number) => s + a, 0)).toBe(1_000_003);
    expect(granted.grant.tranches.map((t: any) => t.status)).toEqual(['payable', 'pending', 'pending']);

    // Stored as used: the project's own record carries the plan, not a reference to the kind's.
    const project = p.ok(await p.api.as('admin').get(`/projects/${id}`));
    expect(project.funding.tranches.map((t: any) => t.percent)).toEqual([40, 40, 20]);
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as any[];
    expect(history.find((e) => e.action === 'funding.granted')?.reason).toContain(
      '40% 立项，40% 中期检查通过，20% 验收通过（本类项目的拨付计划）',
    );

    // The same grant again, without tranches or with the plan spelled out: the grant recorded. Another plan: 409.
    expect(p.ok(await grant(body)).grant.grantedAt).toBe(granted.grant.grantedAt);
    expect(p.ok(await grant({ ...body, tranches: fortyFortyTwenty })).grant.grantedAt).toBe(granted.grant.grantedAt);
    const other = await grant({ ...body, tranches: plan(['establishment', 50], ['midterm', 30], ['acceptance', 20]) });
    expect(other.status).toBe(409);
    const after = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as any[];
    expect(after.filter((e) => e.action === 'funding.granted')).toHaveLength(1);
  }, 180_000);
});
