import type { ImportInput } from './project-import-input';
import { addWorkingDays, type CalendarOverrides } from './calendar';
import { RowCheck, type CellProblem } from './directory-rows';
import type { KpiTarget, ProjectDeadlines } from './kinds';
import { type Coded, coded } from './problem-codes';
import { milestonesUntil, type Milestones } from './projects';
import { adjustmentProblems, adjustTargets, deriveTargets } from './task-book';

/**
 * The import of projects established before shenbao (issue 22.5, the 首批 the office must still
 * accept): one row per project, read from the office's Excel template. Pure: the caller reads the
 * directory, the kinds and the projects already imported, asks for the plan, shows it (the dry run)
 * and writes it only when `valid`. A row's project is keyed by organisation, kind and establishment
 * date, so importing the same file again creates nothing.
 */
export interface ImportColumn {
  key: string;
  header: string;
  required?: boolean;
  choices?: readonly string[];
  hint: string;
  width: number;
}

export const MIDTERM_PASSED = '通过';

export const projectImportColumns: readonly ImportColumn[] = [
  { key: 'organisation', header: '承担单位', required: true, hint: '机构全称（与机构目录一致）或统一社会信用代码', width: 30 },
  { key: 'kind', header: '项目类型', required: true, hint: '项目类型名称，如：老年教育赋能项目', width: 22 },
  { key: 'title', header: '项目名称', required: true, hint: '立项时的项目名称', width: 30 },
  { key: 'year', header: '年度', hint: '如 2025；不填为立项日期所在年', width: 8 },
  { key: 'batch', header: '批次', hint: '数字，1 为首批；不填为 1', width: 8 },
  { key: 'establishedAt', header: '立项日期', required: true, hint: '如 2025-12-01', width: 14 },
  { key: 'constructionEndsAt', header: '建设期结束', required: true, hint: '如 2026-12-01；须晚于立项日期', width: 14 },
  {
    key: 'midtermResult',
    header: '中期检查结果',
    choices: [MIDTERM_PASSED],
    hint: '已通过中期检查的填“通过”；尚未检查的不填',
    width: 14,
  },
];

/** A KPI's column: its target for the project, by the KPI's key across kinds. */
export const kpiColumnKey = (key: string) => `kpi.${key}`;
export const kpiHeader = (t: Pick<KpiTarget, 'labelZh' | 'unit'>) => `${t.labelZh}目标（${t.unit}）`;

export interface ImportKind {
  key: string;
  nameZh: string;
  lifecycle: 'construction' | 'acceptance-only' | 'selection-only';
  kpiTargets: KpiTarget[];
  projectDeadlines: ProjectDeadlines;
}
export interface ImportOrganisation {
  organisationId: string;
  name: string;
  creditCode?: string | undefined;
  districtId?: string | undefined;
  status: 'active' | 'retired';
}
export interface ProjectImportSnapshot {
  organisations: readonly ImportOrganisation[];
  kinds: readonly ImportKind[];
  /** Project ids already stored: a row whose id is among them is already imported. */
  existing: ReadonlySet<string>;
  calendarOverrides: CalendarOverrides;
  now: Date;
}

/** Every column of the template: the fixed ones, then one per KPI of every kind. */
export function importColumns(kinds: readonly Pick<ImportKind, 'kpiTargets'>[]): ImportColumn[] {
  const kpis = new Map<string, ImportColumn>();
  for (const t of kinds.flatMap((k) => k.kpiTargets)) {
    const key = kpiColumnKey(t.key);
    if (!kpis.has(key)) kpis.set(key, { key, header: kpiHeader(t), hint: `不填为该项目类型的默认目标；不得低于类型下限`, width: 16 });
  }
  return [...projectImportColumns, ...kpis.values()];
}

export interface ImportHeaderProblem {
  column: string;
  problem: 'missing-column' | 'unknown-column';
}

/** Which column key each header names, and a required column missing or a header the template does not have. */
export function importHeader(columns: readonly ImportColumn[], headers: readonly string[]) {
  const keys = headers.map((h) => columns.find((c) => c.header === h.trim())?.key);
  const problems: ImportHeaderProblem[] = headers
    .filter((h, i) => h.trim() && !keys[i])
    .map((h) => ({ column: h.trim(), problem: 'unknown-column' as const }));
  for (const c of columns) if (c.required && !keys.includes(c.key)) problems.push({ column: c.header, problem: 'missing-column' });
  return { keys, problems };
}

export { projectImportInput } from './project-import-input';
export type ProjectImportInput = ImportInput & { headerProblems?: readonly ImportHeaderProblem[] };

export interface ImportedProject {
  row: number;
  declarationId: string;
  organisationId: string;
  districtId: string;
  kind: string;
  title: string;
  year: number;
  batch: number;
  milestones: Milestones;
  /** The mid-term is behind it (passed on paper, or the kind has none). */
  midtermDone: boolean;
  targets: KpiTarget[];
}
export type ImportAction = 'create' | 'unchanged' | 'refuse';
export interface ImportRowPlan {
  row: number;
  label: string;
  action: ImportAction;
  problems: CellProblem[];
}
export interface ProjectImportPlan {
  valid: boolean;
  headerProblems: ImportHeaderProblem[];
  rows: ImportRowPlan[];
  creates: ImportedProject[];
}

/** A calendar date as people write it: 2025-12-01, 2025/12/01 or 2025.12.01; China's midnight, in UTC. */
export function importDate(text: string): Date | undefined {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!match) return undefined;
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return new Date(date.getTime() - 8 * 3600_000);
}

/** The key that makes a re-import find the project it made: organisation, kind and establishment date. */
export const importKey = (organisationId: string, kind: string, establishedAt: Date) =>
  `${organisationId}|${kind}|${establishedAt.toISOString()}`;

export function planProjectImport(
  snapshot: ProjectImportSnapshot,
  input: ProjectImportInput,
  idOf: (key: string) => string,
): ProjectImportPlan {
  const columns = importColumns(snapshot.kinds);
  const headerOf = (key: string) => columns.find((c) => c.key === key)?.header ?? key;
  const rows: ImportRowPlan[] = [];
  const creates: ImportedProject[] = [];
  const seen = new Map<string, number>();
  for (const row of input.rows) {
    const check = new RowCheck(headerOf, row.cells);
    const organisation = resolveOrganisation(check, snapshot.organisations, check.text('organisation', 100, true));
    const kindText = check.text('kind', 50, true);
    const kind = kindText ? snapshot.kinds.find((k) => k.nameZh === kindText || k.key === kindText) : undefined;
    if (kindText && !kind) check.fail('kind', `no kind named ${kindText}`, coded('import-unknown-kind', { name: kindText }));
    if (kind?.lifecycle === 'selection-only')
      check.fail('kind', `${kind.nameZh} ends at 立项 and has no construction`, coded('import-kind-not-built', { name: kind.nameZh }));
    const title = check.text('title', 100, true);
    const established = dateOf(check, 'establishedAt');
    const ends = dateOf(check, 'constructionEndsAt');
    if (established && established > snapshot.now)
      check.fail('establishedAt', 'is in the future; only projects already established are imported', coded('import-date-future'));
    if (established && ends && ends <= established)
      check.fail('constructionEndsAt', 'must be after the establishment date', coded('import-date-order'));
    const year =
      wholeNumber(check, 'year', 2000, 2100) ?? (established ? new Date(established.getTime() + 8 * 3600_000).getUTCFullYear() : 0);
    const batch = wholeNumber(check, 'batch', 1, 99) ?? 1;
    const passed = check.choice('midtermResult', { pass: MIDTERM_PASSED });
    const milestones =
      kind && established && ends && ends > established
        ? dueFromToday(milestonesUntil(established, ends, kind.projectDeadlines, snapshot.calendarOverrides), kind, snapshot)
        : undefined;
    if (passed && milestones && Date.parse(milestones.midtermAt) > snapshot.now.getTime())
      check.fail(
        'midtermResult',
        `the mid-term falls on ${milestones.midtermAt.slice(0, 10)}, not yet`,
        coded('import-midterm-not-due', { date: milestones.midtermAt }),
      );
    const targets = kind ? targetsOf(check, kind, row.cells) : [];
    let declarationId: string | undefined;
    if (organisation && kind && established) {
      declarationId = idOf(importKey(organisation.organisationId, kind.key, established));
      const first = seen.get(declarationId);
      if (first !== undefined)
        check.fail('organisation', `is the same project as row ${first}`, coded('import-duplicate-row', { row: first }));
      else seen.set(declarationId, row.row);
    }
    const label = title ?? '';
    if (check.problems.length || !organisation?.districtId || !kind || !title || !milestones || !declarationId) {
      rows.push({ row: row.row, label, action: 'refuse', problems: check.problems });
      continue;
    }
    if (snapshot.existing.has(declarationId)) {
      rows.push({ row: row.row, label, action: 'unchanged', problems: [] });
      continue;
    }
    rows.push({ row: row.row, label, action: 'create', problems: [] });
    creates.push({
      row: row.row,
      declarationId,
      organisationId: organisation.organisationId,
      districtId: organisation.districtId,
      kind: kind.key,
      title,
      year,
      batch,
      milestones,
      midtermDone: kind.lifecycle === 'acceptance-only' || passed === 'pass',
      targets,
    });
  }
  const headerProblems = [...(input.headerProblems ?? [])];
  return { valid: headerProblems.length === 0 && rows.every((r) => r.action !== 'refuse'), headerProblems, rows, creates };
}

/**
 * A report whose due date passed before the project came into shenbao is due in its working days
 * from today (the mid-term report; the acceptance application of a construction already over), so
 * the milestones, the portfolio and the task agree on when it is due.
 */
function dueFromToday(m: Milestones, kind: ImportKind, snapshot: ProjectImportSnapshot): Milestones {
  const fromToday = (iso: string, days: number) =>
    Date.parse(iso) > snapshot.now.getTime() + 86400_000
      ? iso
      : addWorkingDays(snapshot.now, days, snapshot.calendarOverrides).dueAt.toISOString();
  return {
    ...m,
    midtermReportDueAt: fromToday(m.midtermReportDueAt, kind.projectDeadlines.midtermReport),
    acceptanceApplicationDueAt: fromToday(m.acceptanceApplicationDueAt, kind.projectDeadlines.acceptanceAssignment),
  };
}

/** The organisation by credit code or full name; unknown, ambiguous or outside every district is the row's problem. */
function resolveOrganisation(check: RowCheck, organisations: readonly ImportOrganisation[], text: string | undefined) {
  if (!text) return undefined;
  const byCode = organisations.filter((o) => o.creditCode === text.toUpperCase());
  let found = byCode.length ? byCode : organisations.filter((o) => o.name === text);
  if (found.length > 1) found = found.filter((o) => o.status === 'active');
  if (found.length === 0) check.fail('organisation', `no organisation named ${text}`, coded('import-unknown-organisation', { name: text }));
  else if (found.length > 1)
    check.fail(
      'organisation',
      `${found.length} organisations are named ${text}; give its credit code`,
      coded('import-ambiguous-organisation', { name: text, count: found.length }),
    );
  else if (!found[0]!.districtId) check.fail('organisation', `${text} belongs to no district`, coded('role-not-for-organisation'));
  return found.length === 1 ? found[0] : undefined;
}

function dateOf(check: RowCheck, key: string): Date | undefined {
  const text = check.text(key, 20, true);
  const date = text ? importDate(text) : undefined;
  if (text && !date) check.fail(key, `${text} is not a date like 2025-12-01`, coded('not-a-date'));
  return date;
}

function wholeNumber(check: RowCheck, key: string, min: number, max: number): number | undefined {
  const text = check.text(key, 10);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  check.fail(key, `must be a whole number from ${min} to ${max}`, coded('not-a-number'));
  return undefined;
}

/** The row's targets for its kind's KPIs (blank: the kind's), within the kind's bounds: agreed on paper, they count as confirmed. */
function targetsOf(check: RowCheck, kind: ImportKind, cells: Readonly<Record<string, string>>): KpiTarget[] {
  const targets = deriveTargets(kind.kpiTargets, {});
  const changes: Record<string, number> = {};
  for (const t of targets) {
    const text = cells[kpiColumnKey(t.key)]?.trim();
    if (!text) continue;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) check.fail(kpiColumnKey(t.key), `${text} is not a number of at least 0`, coded('not-a-number'));
    else changes[t.key] = n;
  }
  for (const p of adjustmentProblems(targets, changes, 'kpi')) check.fail(p.field, p.message, { code: p.code, params: p.params } as Coded);
  return adjustTargets(targets, changes);
}
