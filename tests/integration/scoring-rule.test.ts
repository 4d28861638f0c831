import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fileRuntime, late } from '../support/runtime';
import { formValues, PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { selection } from '../support/selection';

const DAY = 86400_000;
const runtime = fileRuntime();
const t = late(() => selection(runtime));

/** The README's sheet and four more, on the elder-empowerment rubric (20, 30, 20, 15, 15); totals added by hand. */
const sheets = {
  a: { foundation: 18, plan: 26, innovation: 17, support: 13, outcomes: 12 }, // 86 (the old rule: 85.67)
  b: { foundation: 16, plan: 24, innovation: 15, support: 12, outcomes: 11 }, // 78 (77.67)
  c: { foundation: 19, plan: 28, innovation: 18, support: 14, outcomes: 13 }, // 92 (91.67)
  d: { foundation: 15, plan: 22, innovation: 14, support: 11, outcomes: 10 }, // 72
  e: { foundation: 20, plan: 29, innovation: 19, support: 15, outcomes: 14 }, // 97
};

async function exported(callId: string) {
  const response = await fetch(`${runtime.url}/ui/office/calls/${callId}/export.xlsx`, {
    headers: { cookie: `shenbao_session=${await t.api.token('admin')}` },
  });
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  return book;
}

describe('scoring as offices score, over HTTP', () => {
  let threeExperts: { callId: string; id: string };

  it('five experts: the trimmed mean drops 97 and 72; three: the plain mean, and the ranking and export say so', async () => {
    // A fifth expert outside district-a, so that five may review applicant-a1 without 回避.
    const admin = t.api.as('admin');
    const fifth = { username: 'x-scorer', displayName: '第五位专家', organisationId: 'expert-org-3' };
    t.ok(await admin.post('/people', { ...fifth, role: 'expert', email: 'x-scorer@example.org' }), 201);
    t.ok(await admin.post('/experts', { ...fifth, districtId: 'district-c' }), 201);

    const five = await t.createCall('elder-empowerment', { expertsPerDeclaration: 5, tieBreak: ['innovation', 'plan'] });
    expect(five.config).toMatchObject({ scoring: 'trimmed-mean', tieBreak: ['innovation', 'plan'] });
    const fiveId = await t.reviewed('applicant-a1', five.callId, 'elder-empowerment', '五位专家评审的项目');
    const fiveExperts = ['expert-2', 'expert-3', 'expert-5', 'expert-6', 'x-scorer'];
    await t.assign(fiveId, fiveExperts);
    for (const [i, key] of (['a', 'b', 'c', 'd', 'e'] as const).entries()) t.ok(await t.score(fiveExperts[i]!, fiveId, sheets[key]));
    // 86, 78, 92, 72, 97: without 97 and 72, (86 + 78 + 92) / 3.
    expect((await t.reached(fiveId, 'scored')).score).toMatchObject({
      combined: 85.33,
      method: 'trimmed-mean',
      applied: 'trimmed-mean',
      count: 5,
      dropped: [72, 97],
    });
    const fiveTotals = t.ok(await admin.get(`/declarations/${fiveId}/scores`)).items.map((s: any) => s.weighted);
    expect(fiveTotals.sort()).toEqual([72, 78, 86, 92, 97]);

    const three = await t.createCall('elder-empowerment');
    const threeId = await t.reviewed('applicant-a1', three.callId, 'elder-empowerment', '三位专家评审的项目');
    await t.assign(threeId, ['expert-2', 'expert-3', 'expert-6']);
    for (const [expert, key] of [
      ['expert-2', 'a'],
      ['expert-3', 'b'],
      ['expert-6', 'c'],
    ] as const)
      t.ok(await t.score(expert, threeId, sheets[key]));
    // Three sheets, fewer than five: (86 + 78 + 92) / 3, nothing dropped.
    const scored = (await t.reached(threeId, 'scored')).score;
    expect(scored).toMatchObject({ combined: 85.33, method: 'trimmed-mean', applied: 'mean', count: 3 });
    expect(scored.dropped).toBeUndefined();
    threeExperts = { callId: three.callId, id: threeId };

    const ranked = t.ok(await admin.get(`/calls/${five.callId}/ranking`));
    expect(ranked.items[0]).toMatchObject({ declarationId: fiveId, combined: 85.33, applied: '5 份评分，去掉最高分 97、最低分 72 后平均' });
    expect(ranked.rule.zh).toEqual({
      total: '专家得分为各项得分之和（满分 100）',
      combination: '综合得分为去掉一个最高分和一个最低分后的平均分（不少于 5 位专家评分时；不足 5 位时取算术平均）',
      tieBreak: '同分时依次比较「创新特色」、「实施方案」的专家均分，高者在前；仍相同的，先提交者在前',
    });

    const office = await PageClient.signIn(runtime.url, 'admin');
    const page = await office.get(`/ui/office/calls/${three.callId}/ranking`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h2 id="scoring-rule">评分规则</h2>');
    expect(page.html).toContain(
      '<li data-rule="combination">综合得分为去掉一个最高分和一个最低分后的平均分（不少于 5 位专家评分时；不足 5 位时取算术平均）</li>',
    );
    expect(page.html).toContain('<td>仅 3 份评分，不足 5 份，按算术平均</td>');

    const book = await exported(three.callId);
    const summary = book.getWorksheet('申报汇总')!;
    const headers = (summary.getRow(1).values as unknown[]).slice(1);
    const row = summary.getRow(2);
    expect(row.getCell(headers.indexOf('综合得分') + 1).value).toBe(85.33);
    expect(row.getCell(headers.indexOf('计分方式') + 1).value).toBe('仅 3 份评分，不足 5 份，按算术平均');
    const rule = book.getWorksheet('评分规则')!;
    expect(rule.getRow(3).values).toEqual([
      undefined,
      '综合得分',
      '综合得分为去掉一个最高分和一个最低分后的平均分（不少于 5 位专家评分时；不足 5 位时取算术平均）',
    ]);
    const detail = book.getWorksheet('专家评分')!;
    const detailHeaders = (detail.getRow(1).values as unknown[]).slice(1);
    const totals = [2, 3, 4].map((r) => detail.getRow(r).getCell(detailHeaders.indexOf('专家得分') + 1).value);
    expect(totals.sort()).toEqual([78, 86, 92]);
  }, 180_000);

  it('scores stored under the old rule are recomputed once, with one history event saying old → new; a rerun writes nothing', async () => {
    const { id } = threeExperts;
    // The declaration as the old rule stored it: each sheet its share of the maxima, a "trimmed mean" of three.
    const { store } = await import('../../functions/adapters/entities');
    const { recomputeScores } = await import('../../functions/services/rescoring');
    const old = { 'expert-2': 85.67, 'expert-3': 77.67, 'expert-6': 91.67 };
    for (const [expert, weighted] of Object.entries(old))
      await store().entities.scoreSheet.patch({ declarationId: id, expert }).set({ weighted }).go();
    const stored = (await t.api.as('admin').get(`/declarations/${id}`)).body;
    const oldScore = {
      ...stored.score,
      combined: 85.67,
      note: 'dropped 77.67 and 91.67',
      dropped: [77.67, 91.67],
    };
    delete oldScore.applied;
    await store().entities.declaration.patch({ declarationId: id }).set({ score: oldScore }).go();

    const first = await recomputeScores();
    const reason =
      '专家评审得分按新评分规则（各项得分之和）重算：综合得分 85.67 → 85.33（仅 3 份评分，不足 5 份，按算术平均）；专家得分 85.67、77.67、91.67 → 86、78、92';
    expect(first.changed).toEqual([{ declarationId: id, reason }]);
    expect(first.skipped).toEqual([]);
    const after = t.ok(await t.api.as('admin').get(`/declarations/${id}`));
    expect(after.score).toMatchObject({ combined: 85.33, applied: 'mean', count: 3 });
    expect(after.score.dropped).toBeUndefined();
    expect(after.version).toBe(stored.version + 1);
    const totals = t.ok(await t.api.as('admin').get(`/declarations/${id}/scores`)).items.map((s: any) => [s.expert, s.weighted]);
    expect(totals).toEqual([
      ['expert-2', 86],
      ['expert-3', 78],
      ['expert-6', 92],
    ]);
    const events = async () =>
      t.ok(await t.api.as('admin').get(`/declarations/${id}/history`)).items.filter((e: any) => e.action === 'score.recomputed');
    expect(await events()).toEqual([expect.objectContaining({ actor: 'workflow', reason })]);

    const second = await recomputeScores();
    expect(second.changed).toEqual([]);
    expect(second.checked).toBe(first.checked);
    expect(await events()).toHaveLength(1);
    expect(t.ok(await t.api.as('admin').get(`/declarations/${id}`)).version).toBe(after.version);
  }, 60_000);

  it('the settings page shows the rubric’s total (the formula once weighted) and sets the tie-break; a bad tie-break is refused at its entry', async () => {
    const now = runtime.clock.now().getTime();
    const call = await t.postCall('elder-empowerment', '老年教育赋能项目申报（同分排序）', now + 2 * DAY, now + 30 * DAY);
    const office = await PageClient.signIn(runtime.url, 'admin');
    const path = `/ui/office/calls/${call.callId}/settings`;
    const page = await office.get(path);
    expect(page.html).toContain('专家得分为各项得分之和（满分 100）');
    const form = formValues(page.html, path);
    // A call without a tie-break of its own shows the order it has: by maximum, 实施方案 first.
    expect([0, 1, 2, 3, 4].map((i) => form[`tieBreak.${i}`])).toEqual(['plan', 'foundation', 'innovation', 'support', 'outcomes']);

    const saved = await office.post(path, {
      ...form,
      'tieBreak.0': 'innovation',
      'tieBreak.1': 'plan',
      'tieBreak.2': '',
      'tieBreak.3': '',
      'tieBreak.4': '',
    });
    expect(saved.status, saved.html.match(/class="problems"[\s\S]{0,600}/)?.[0]).toBe(303);
    expect(saved.location).toBe(`${path}?saved=tieBreak`);
    expect(t.ok(await t.api.as('admin').get(`/calls/${call.callId}`)).config.tieBreak).toEqual(['innovation', 'plan']);

    const weighted = await office.post(path, { ...formValues((await office.get(path)).html, path), 'rubric.0.weight': '2' });
    expect(weighted.status).toBe(303);
    expect((await office.get(path)).html).toContain('专家得分 = 2 × 项目基础 + 实施方案 + 创新特色 + 保障措施 + 预期成效（满分 120）');

    const unknown = await t.api.as('admin').patch(`/calls/${call.callId}`, { tieBreak: ['plan', 'charisma'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'body.tieBreak.1', message: 'charisma is not a criterion of the rubric' }]);
    const twice = await t.api.as('admin').patch(`/calls/${call.callId}`, { tieBreak: ['plan', 'plan'] });
    expect(twice.body.errors).toEqual([{ field: 'body.tieBreak.1', message: 'plan is named twice' }]);
  }, 60_000);

  it('an acceptance score (考核验收) stored under the old rule is recomputed too, on the project, in the declaration’s history', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-b1', '验收得分重算的项目');
    const m = (await p.view(id)).milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.report('applicant-b1', id, 'midterm_report', p.actuals('elder-empowerment', 0.6));
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass', comment: '进度正常' });
    await p.stage(id, 'construction');
    await p.advanceTo(id, after(m.acceptanceOpensAt));
    await p.report('applicant-b1', id, 'acceptance_application', p.actuals('elder-empowerment', 1.1));
    // Each sheet 24 + 24 + 16 + 16 = 80 (30, 30, 20, 20 at 0.8); three sheets: the plain mean.
    const { experts, project } = await p.assess(id, 'elder-empowerment', 0.8);
    expect(project.score).toMatchObject({ combined: 80, method: 'trimmed-mean', applied: 'mean', count: 3 });

    const { store } = await import('../../functions/adapters/entities');
    const { recomputeScores } = await import('../../functions/services/rescoring');
    const [first] = [...experts].sort();
    await store().entities.acceptanceSheet.patch({ declarationId: id, expert: first! }).set({ weighted: 79.5 }).go();
    const { applied: _, ...oldShape } = project.score;
    await store()
      .entities.project.patch({ declarationId: id })
      .set({ score: { ...oldShape, combined: 79.83 } })
      .go();

    const reason =
      '考核验收得分按新评分规则（各项得分之和）重算：综合得分 79.83 → 80（仅 3 份评分，不足 5 份，按算术平均）；专家得分 79.5 → 80';
    expect((await recomputeScores()).changed).toEqual([{ declarationId: id, reason }]);
    expect((await p.view(id)).score).toMatchObject({ combined: 80, count: 3 });
    const events = async () =>
      p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items.filter((e: any) => e.action === 'score.recomputed');
    expect(await events()).toEqual([expect.objectContaining({ reason })]);
    expect((await recomputeScores()).changed).toEqual([]);
    expect(await events()).toHaveLength(1);
  }, 300_000);
});
