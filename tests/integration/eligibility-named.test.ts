import { describe, expect, it } from 'vitest';
import { store } from '../../functions/adapters/entities';
import { after, projects } from '../support/project';
import { eventually, fileRuntime } from '../support/runtime';
import { completeDeclarationOf } from '../support/slice';

const runtime = fileRuntime();
const DAY = 86400_000;

describe('an organisation already named under the kind, over HTTP with the clock moved', () => {
  it('holds the title for three years from its naming: refused meanwhile, allowed once it has run out', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('demonstration-centre', 'applicant-b1', '丙街道社区教育中心');
    const m = (await p.view(id, 'applicant-b1')).milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.report('applicant-b1', id, 'midterm_report', p.actuals('demonstration-centre', 1));
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass', comment: '进度正常' });
    await p.stage(id, 'construction');
    await p.advanceTo(id, after(m.acceptanceOpensAt));
    await p.report('applicant-b1', id, 'acceptance_application', p.actuals('demonstration-centre', 1.1), '两年建设总结。');
    await p.assess(id, 'demonstration-centre', 0.9);
    await p.decide('admin', id, 'acceptance_decision', { outcome: 'pass', comment: '合格' });
    const named = await eventually(async () => {
      const v = await p.view(id, 'applicant-b1');
      return v.naming ? v : undefined;
    }, 'the naming');

    // The naming wrote the title the rule reads, valid three years (the outcome names no validity).
    const { data: title } = await store().entities.title.get({ kind: 'demonstration-centre', organisationId: 'centre-b1' }).go();
    expect(title).toMatchObject({ declarationId: id, titleZh: '市级示范性社区教育中心', namedAt: named.naming.namedAt });
    const validUntil = Date.parse(title!.validUntil);
    expect(new Date(validUntil).getUTCFullYear() - new Date(named.naming.namedAt).getUTCFullYear()).toBe(3);

    const rules = { levels: ['street'], types: ['community-education-centre'], notIfAlreadyNamed: true, minimums: [] };
    const declare = async (applicant: string) => {
      const now = runtime.clock.now().getTime();
      const call = p.ok(
        await p.api.as('admin').post('/calls', {
          kind: 'demonstration-centre',
          year: new Date(now).getUTCFullYear(),
          title: '示范中心申报（再次）',
          opensAt: new Date(now - 3600_000).toISOString(),
          closesAt: new Date(now + 5 * DAY).toISOString(),
          eligibility: rules,
        }),
        201,
      );
      await p.callStatus(call.callId, 'open');
      const draft = p.ok(
        await p.api.as(applicant).post(`/calls/${call.callId}/declarations`, completeDeclarationOf('demonstration-centre')),
        201,
      );
      return p.api.as(applicant).post(`/declarations/${draft.declarationId}/submit`);
    };
    const refused = await declare('applicant-b1');
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'declaration.organisation', message: expect.stringContaining('已获命名且在有效期内的单位不得重复申报') },
    ]);
    expect((await declare('applicant-a1')).status).toBe(200);

    await runtime.clock.set(new Date(validUntil + DAY));
    p.api.forgetTokens();
    expect((await declare('applicant-b1')).status).toBe(200);
  }, 240_000);
});
