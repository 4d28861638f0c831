import { describe, expect, it } from 'vitest';
import {
  importDate,
  importHeader,
  importColumns,
  planProjectImport,
  type ImportKind,
  type ProjectImportSnapshot,
} from '../../core/project-import';
import { sampleKind } from '../support/kind-fixture';

const deadlines = sampleKind.projectDeadlines;
const kpi = (key: string, labelZh: string, unit: string, target: number) =>
  ({ key, labelZh, labelEn: key, unit, target, measure: 'count' }) as any;
const kinds: ImportKind[] = [
  {
    key: 'elder',
    nameZh: '老年教育赋能项目',
    lifecycle: 'construction',
    kpiTargets: [kpi('hours', '每班年学时', '学时', 20)],
    projectDeadlines: deadlines,
  },
  {
    key: 'tour',
    nameZh: '游学项目',
    lifecycle: 'acceptance-only',
    kpiTargets: [kpi('tours', '游学活动', '期', 12)],
    projectDeadlines: deadlines,
  },
  { key: 'star', nameZh: '学习之星', lifecycle: 'selection-only', kpiTargets: [], projectDeadlines: deadlines },
];
const snapshot = (existing: string[] = []): ProjectImportSnapshot => ({
  organisations: [
    { organisationId: 'a1', name: '甲中心', districtId: 'da', status: 'active' },
    { organisationId: 'x1', name: '同名中心', districtId: 'da', status: 'active' },
    { organisationId: 'x2', name: '同名中心', districtId: 'db', status: 'active' },
    { organisationId: 'city', name: '市办', status: 'active' },
  ],
  kinds,
  existing: new Set(existing),
  calendarOverrides: {},
  now: new Date('2026-06-01T02:00:00Z'),
});
const row = (n: number, cells: Record<string, string>) => ({
  row: n,
  cells: { kind: '老年教育赋能项目', title: '项目', establishedAt: '2025-09-01', constructionEndsAt: '2026-09-01', ...cells },
});
const plan = (rows: ReturnType<typeof row>[], existing: string[] = []) =>
  planProjectImport(snapshot(existing), { fileName: 'f.xlsx', rows }, (key) => `id:${key}`);
const problemsOf = (p: ReturnType<typeof plan>) => p.rows.map((r) => [r.row, r.action, r.problems.map((x) => [x.column, x.code])]);

describe('the plan of an import of earlier projects', () => {
  it('names each refused row and column: organisation unknown, ambiguous or outside a district; kind; dates; mid-term; target', () => {
    const p = plan([
      row(2, { organisation: '无此中心' }),
      row(3, { organisation: '同名中心' }),
      row(4, { organisation: '市办' }),
      row(5, { organisation: '甲中心', kind: '学习之星' }),
      row(6, { organisation: '甲中心', establishedAt: '2025-02-30' }),
      row(7, { organisation: '甲中心', establishedAt: '2026-07-01', constructionEndsAt: '2026-06-30' }),
      row(8, { organisation: '甲中心', establishedAt: '2026-01-01', constructionEndsAt: '2028-01-01', midtermResult: '通过' }),
      row(9, { organisation: '甲中心', establishedAt: '2025-10-01', 'kpi.hours': '15' }),
    ]);
    expect(p.valid).toBe(false);
    expect(problemsOf(p)).toEqual([
      [2, 'refuse', [['承担单位', 'import-unknown-organisation']]],
      [3, 'refuse', [['承担单位', 'import-ambiguous-organisation']]],
      [4, 'refuse', [['承担单位', 'role-not-for-organisation']]],
      [5, 'refuse', [['项目类型', 'import-kind-not-built']]],
      [6, 'refuse', [['立项日期', 'not-a-date']]],
      [
        7,
        'refuse',
        [
          ['立项日期', 'import-date-future'],
          ['建设期结束', 'import-date-order'],
        ],
      ],
      [8, 'refuse', [['中期检查结果', 'import-midterm-not-due']]],
      [9, 'refuse', [['每班年学时目标（学时）', 'kpi-below-minimum']]],
    ]);
    expect(p.creates).toEqual([]);
  });

  it('creates where it stands: a passed mid-term is done, a missed report is due from today, an acceptance-only kind starts done', () => {
    const p = plan([
      row(2, { organisation: '甲中心', midtermResult: '通过', 'kpi.hours': '24' }),
      row(3, { organisation: '甲中心', establishedAt: '2025-10-01', constructionEndsAt: '2026-10-01' }),
      row(4, { organisation: '甲中心', kind: '游学项目' }),
    ]);
    expect(p.valid).toBe(true);
    const [passed, due, tour] = p.creates;
    expect(passed).toMatchObject({ midtermDone: true, year: 2025, batch: 1, districtId: 'da' });
    expect(passed!.targets[0]).toMatchObject({ key: 'hours', target: 24 });
    expect(due!.midtermDone).toBe(false);
    expect(Date.parse(due!.milestones.midtermReportDueAt)).toBeGreaterThan(Date.parse('2026-06-20T00:00:00Z'));
    expect(tour).toMatchObject({ midtermDone: true, kind: 'tour' });
  });

  it('is idempotent: a project already stored is unchanged, the same project twice in a file is refused', () => {
    const first = plan([row(2, { organisation: '甲中心' })]);
    const id = first.creates[0]!.declarationId;
    expect(plan([row(2, { organisation: '甲中心' })], [id]).rows[0]).toMatchObject({ action: 'unchanged' });
    const twice = plan([row(2, { organisation: '甲中心' }), row(3, { organisation: '甲中心', title: '另一名称' })]);
    expect(problemsOf(twice)[1]).toEqual([3, 'refuse', [['承担单位', 'import-duplicate-row']]]);
  });

  it('reads dates as China calendar dates, and a header it does not know or a required one missing', () => {
    expect(importDate('2025/9/1')?.toISOString()).toBe('2025-08-31T16:00:00.000Z');
    expect(importDate('2025年9月1日')?.toISOString()).toBe('2025-08-31T16:00:00.000Z');
    expect(importDate('2025-02-29')).toBeUndefined();
    const { problems } = importHeader(importColumns(kinds), ['承担单位', '项目类型', '项目名称', '立项日期', '备注']);
    expect(problems).toEqual([
      { column: '备注', problem: 'unknown-column' },
      { column: '建设期结束', problem: 'missing-column' },
    ]);
  });
});
