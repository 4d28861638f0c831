import { formOf } from '../../core/form-definition';
import type { Actor } from '../../core/identity';
import { stageLabels } from '../../core/labels';
import { type AppliedScore, appliedRuleText, scoringRuleText } from '../../core/scoring-rule';
import { store } from '../adapters/entities';
import { configOf, getCall, requireCityAdmin } from './calls';
import { namesOf } from './directory';
import { addFormSheets, formCells, formColumns } from './export-fields';
import { addFundingSheet } from './export-funding';
import { declarationsOfCall } from './selection';
import { addTitleSheet } from './title-view';
import { addKpiPeriodSheet } from './kpi-export';

/**
 * A call's declarations as a workbook for the city office: one sheet with each declaration's
 * combined score, criterion means and how it was combined, one with every expert's score on every
 * criterion, and one stating the scoring rule.
 */
export async function callWorkbook(actor: Actor, callId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  requireCityAdmin(actor);
  const call = await getCall(callId);
  const config = configOf(call);
  const rubric = config.rubric;
  const form = formOf(config);
  const declarations = await declarationsOfCall(callId);
  const sheets = await Promise.all(
    declarations.map((d) =>
      store()
        .entities.scoreSheet.query.byDeclaration({ declarationId: d.declarationId })
        .go({ pages: 'all' })
        .then((r) => r.data),
    ),
  );
  // Names as they are now, resolved when the workbook is made, never the ids they are kept under.
  const names = await namesOf([
    ...declarations.flatMap((d) => [`org:${d.organisationId}`, `district:${d.districtId}`]),
    ...sheets.flat().map((s) => s.expert),
  ]);
  // Loaded on the first export only: the Lambda's cold start does not pay for evaluating it.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const summary = book.addWorksheet('申报汇总');
  summary.columns = [
    { header: '申报编号', key: 'declarationId', width: 30 },
    { header: '项目名称', key: 'title', width: 30 },
    { header: '申报单位', key: 'organisationId', width: 28 },
    { header: '所属区', key: 'districtId', width: 22 },
    { header: '阶段', key: 'stage', width: 14 },
    { header: '区级推荐排名', key: 'districtRank', width: 12 },
    { header: '综合得分', key: 'combined', width: 10 },
    ...rubric.map((c) => ({ header: `${c.labelZh}（均分/满分${c.maxScore}）`, key: `mean:${c.key}`, width: 16 })),
    { header: '计分方式', key: 'applied', width: 36 },
    ...formColumns(form),
  ];
  declarations.forEach((d) => {
    const score = d.score as (AppliedScore & { combined?: number | null; criterionMeans?: Record<string, number> }) | undefined;
    summary.addRow({
      declarationId: d.declarationId,
      title: d.title,
      organisationId: names(`org:${d.organisationId}`, 'zh'),
      districtId: names(`district:${d.districtId}`, 'zh'),
      stage: stageLabels[d.stage].zh,
      districtRank: d.districtRank ?? null,
      combined: score?.combined ?? null,
      ...Object.fromEntries(rubric.map((c) => [`mean:${c.key}`, score?.criterionMeans?.[c.key] ?? null])),
      applied: score ? appliedRuleText(score, 'zh') : null,
      ...formCells(form, d.fields as Record<string, unknown> | undefined),
    });
  });
  const detail = book.addWorksheet('专家评分');
  detail.columns = [
    { header: '申报编号', key: 'declarationId', width: 30 },
    { header: '项目名称', key: 'title', width: 30 },
    { header: '评审专家', key: 'expert', width: 12 },
    ...rubric.map((c) => ({ header: `${c.labelZh}（满分${c.maxScore}）`, key: `score:${c.key}`, width: 14 })),
    { header: '专家得分', key: 'weighted', width: 10 },
    { header: '评审意见', key: 'comment', width: 40 },
  ];
  declarations.forEach((d, i) => {
    for (const s of sheets[i] ?? []) {
      const scores = s.scores as Record<string, number>;
      detail.addRow({
        declarationId: d.declarationId,
        title: d.title,
        expert: names(s.expert, 'zh'),
        ...Object.fromEntries(rubric.map((c) => [`score:${c.key}`, scores[c.key] ?? null])),
        weighted: s.weighted,
        comment: s.comment ?? '',
      });
    }
  });
  // The rule the numbers follow, stated with them (issue 20 item 3).
  const rule = book.addWorksheet('评分规则');
  rule.columns = [
    { header: '项目', key: 'what', width: 12 },
    { header: '规则', key: 'rule', width: 90 },
  ];
  const text = scoringRuleText(config, 'zh');
  rule.addRows([
    { what: '专家得分', rule: text.total },
    { what: '综合得分', rule: text.combination },
    { what: '同分排序', rule: text.tieBreak },
  ]);
  for (const sheet of [summary, detail, rule]) sheet.getRow(1).font = { bold: true };
  addFormSheets(book, summary, form, declarations);
  const organisationOf = new Map(declarations.map((d) => [d.declarationId, names(`org:${d.organisationId}`, 'zh')]));
  await addFundingSheet(book, config.funding, declarations, (id) => organisationOf.get(id) ?? '');
  const established = declarations.filter((d) => d.stage === 'approved');
  await addTitleSheet(
    book,
    established.map((d) => d.declarationId),
  );
  await addKpiPeriodSheet(book, established);
  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  return { fileName: `${call.callId}.xlsx`, bytes };
}
