import type { Workbook } from 'exceljs';
import { actualsOfProject, evaluatePeriods, projectYears } from '../../core/kpi-periods';
import type { Milestones } from '../../core/projects';
import { projectTargets } from '../../core/task-book';
import { store } from '../adapters/entities';

/**
 * The call's established projects' KPIs by period in the export (issue 21.2): per project, KPI and
 * period, the confirmed task book's target, the actual reported and the attainment (达成率).
 * One batch get by the declarations' ids (a project's id is its declaration's), never a Scan.
 */
export async function addKpiPeriodSheet(book: Workbook, declarations: { declarationId: string; title: string }[]) {
  const ids = declarations.map((d) => ({ declarationId: d.declarationId }));
  const { data: projects } = ids.length ? await store().entities.project.get(ids).go() : { data: [] };
  const sheet = book.addWorksheet('绩效指标（分年度）');
  sheet.columns = [
    { header: '申报编号', key: 'declarationId', width: 30 },
    { header: '项目名称', key: 'title', width: 30 },
    { header: '任务书版本', key: 'version', width: 10 },
    { header: '指标', key: 'kpi', width: 24 },
    { header: '周期', key: 'period', width: 16 },
    { header: '目标值', key: 'target', width: 10 },
    { header: '实际值', key: 'actual', width: 10 },
    { header: '单位', key: 'unit', width: 10 },
    { header: '达成率（%）', key: 'attainment', width: 12 },
    { header: '是否达标', key: 'met', width: 10 },
  ];
  for (const project of projects) {
    const milestones = project.milestones as Milestones;
    const evaluation = evaluatePeriods(
      projectTargets(project),
      projectYears(milestones),
      actualsOfProject(project),
      'acceptance',
      new Date(milestones.constructionEndsAt),
    );
    const version = (project.taskBook as { confirmedVersion?: number } | undefined)?.confirmedVersion ?? null;
    for (const row of evaluation.items)
      sheet.addRow({
        declarationId: project.declarationId,
        title: project.title,
        version,
        kpi: row.labelZh,
        period: row.periodLabel.zh,
        target: row.periodTarget,
        actual: row.actual,
        unit: row.unit,
        attainment: row.attainment,
        met: row.actual === null ? '未报告' : row.met ? '达标' : '未达标',
      });
  }
  sheet.getRow(1).font = { bold: true };
}
