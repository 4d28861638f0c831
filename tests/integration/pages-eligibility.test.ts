import { describe, expect, it } from 'vitest';
import { formValues, PageClient } from '../support/pages';
import { fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';
import { completeDeclarationOf } from '../support/slice';

const runtime = fileRuntime({ sweepIntervalMs: 0 });
const s = late(() => selection(runtime));

describe('eligibility rules on the pages', () => {
  it('lists a call’s rules in Chinese on the applicant’s call card, and a refused submission says which rule, at its field', async () => {
    const call = await s.createCall('demonstration-centre', {
      eligibility: {
        levels: ['street'],
        types: ['community-education-centre'],
        maxPerOrganisation: 1,
        notIfAlreadyNamed: true,
        minimums: [{ field: 'staffCount', min: 5 }],
      },
    });
    const legacy = await s.createCall('elder-empowerment');
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const home = await applicant.get('/ui/applicant');
    expect(home.status).toBe(200);
    const card = home.html.slice(home.html.indexOf(`id="call-${call.callId}"`));
    const rules = card.slice(card.indexOf(`id="eligibility-${call.callId}"`), card.indexOf('</section>'));
    for (const rule of [
      '申报条件',
      '本类型仅限街道（镇）级的社区教育中心申报',
      '每个单位在本批次最多申报 1 项',
      '已获命名且在有效期内的单位不得重复申报',
      '专兼职人员数须不少于 5',
    ])
      expect(rules).toContain(rule);
    // A call stored without rules shows the open ones.
    expect(home.html).toContain(`id="eligibility-${legacy.callId}"`);
    expect(home.html).toContain('本类型仅限街道（镇）级、村（居）教学点单位申报');

    const body = completeDeclarationOf('demonstration-centre', '甲街道示范中心');
    const draft = await s.api
      .as('applicant-a1')
      .post(`/calls/${call.callId}/declarations`, { ...body, fields: { ...body.fields, staffCount: '3' } });
    expect(draft.status).toBe(201);
    const path = `/ui/applicant/declarations/${draft.body.declarationId}`;
    const page = await applicant.get(path);
    const refused = await applicant.post(path, { ...formValues(page.html, path), action: 'submit' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('专兼职人员数须不少于 5');
    expect((await s.api.as('applicant-a1').get(`/declarations/${draft.body.declarationId}`)).body.stage).toBe('draft');

    // Corrected, it is submitted; a second declaration is then refused by the per-organisation rule, labelled 申报条件.
    const again = await applicant.get(path);
    const corrected = await applicant.post(path, { ...formValues(again.html, path), 'fields.staffCount': '6', action: 'submit' });
    expect(corrected.status, corrected.html.slice(0, 500)).toBe(303);
    const second = await s.api.as('applicant-a1').post(`/calls/${call.callId}/declarations`, { ...body, title: '甲街道第二项' });
    const secondPath = `/ui/applicant/declarations/${second.body.declarationId}`;
    const over = await applicant.post(secondPath, { ...formValues((await applicant.get(secondPath)).html, secondPath), action: 'submit' });
    expect(over.status).toBe(422);
    expect(over.html).toMatch(/申报条件<\/a>\s*：\s*每个单位在本批次最多申报 1 项/);
  });
});
