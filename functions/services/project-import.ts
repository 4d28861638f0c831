import { createHash } from 'node:crypto';
import { configFromDefinition } from '../../core/kinds';
import { problemAt, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { portfolioFacts } from '../../core/portfolio';
import { coded } from '../../core/problem-codes';
import {
  type ImportAction,
  type ImportedProject,
  type ImportHeaderProblem,
  type ImportKind,
  type ImportRowPlan,
  planProjectImport,
  type ProjectImportInput,
  type ProjectImportSnapshot,
} from '../../core/project-import';
import type { TaskBook } from '../../core/task-book';
import { districtOfItem } from '../adapters/model/directory';
import { clock } from '../adapters/clock';
import { type CallItem, type DeclarationItem, type ProjectItem, store } from '../adapters/entities';
import { auditItem } from './audit';
import { requireCityAdmin } from './calls';
import { findKindVersion, listKinds } from './kinds';
import { listOrganisations } from './organisations';
import { carryOutNow, startIntent } from './outbox';
import { countingCalendar } from './working-calendar';

export interface ProjectImportReport {
  valid: boolean;
  applied: boolean;
  fileName: string;
  counts: Record<ImportAction, number>;
  headerProblems: ImportHeaderProblem[];
  rows: ImportRowPlan[];
}

/** A file not valid as a whole: nothing was written; the report says why, row by row and column by column. */
export class ProjectImportRefusedError extends ValidationError {
  constructor(readonly report: ProjectImportReport) {
    const problems = [
      ...report.headerProblems.map((p) =>
        problemAt(
          'body.rows',
          `${p.problem === 'missing-column' ? 'missing' : 'unknown'} column ${p.column}`,
          coded(p.problem === 'missing-column' ? 'import-missing-column' : 'import-unknown-column', { column: p.column }),
        ),
      ),
      ...report.rows.flatMap((r) => r.problems.map((p) => problemAt(`body.rows.row-${r.row}.${p.column}`, p.message, p))),
    ];
    super(problems.length ? problems : [problemAt('body.rows', 'nothing to import')]);
  }
}

/** The kinds as the import reads them: each kind's latest version. */
export async function importKinds(actor: Actor): Promise<ImportKind[]> {
  const kinds = await listKinds(actor);
  const versions = await Promise.all(kinds.map((k) => findKindVersion(k.key, k.latestVersion)));
  return versions.flatMap((v) =>
    v
      ? [
          {
            key: v.key,
            nameZh: v.definition.nameZh,
            lifecycle: v.definition.lifecycle ?? 'construction',
            kpiTargets: v.definition.kpiTargets,
            projectDeadlines: v.definition.projectDeadlines,
          },
        ]
      : [],
  );
}

/** A row's project id: the same organisation, kind and establishment date give the same project. */
const idOf = (key: string) => `imp-${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;

async function snapshotOf(actor: Actor, existing: ReadonlySet<string>): Promise<ProjectImportSnapshot> {
  const [organisations, kinds, calendarOverrides] = await Promise.all([
    listOrganisations(actor, {}),
    importKinds(actor),
    countingCalendar({}),
  ]);
  return {
    organisations: organisations.map((o) => ({
      organisationId: o.organisationId,
      name: o.name,
      creditCode: o.creditCode,
      districtId: districtOfItem(o),
      status: o.status,
    })),
    kinds,
    existing,
    calendarOverrides,
    now: clock().now(),
  };
}

const countsOf = (rows: readonly ImportRowPlan[]) =>
  Object.fromEntries((['create', 'unchanged', 'refuse'] as const).map((a) => [a, rows.filter((r) => r.action === a).length])) as Record<
    ImportAction,
    number
  >;

/**
 * Plans the import against what is stored now; writes it unless this is a dry run. A file with any
 * refused row is refused whole and nothing is written. Each project is written with its history and
 * the start of its construction in one transaction, keyed by its row's project id: importing the
 * same file again (after a failure part-way, or by mistake) creates nothing that is there.
 */
export async function importProjects(actor: Actor, input: ProjectImportInput, options: { dryRun: boolean }): Promise<ProjectImportReport> {
  requireCityAdmin(actor);
  // First the ids the rows stand for, then which of them are stored.
  const first = planProjectImport(await snapshotOf(actor, new Set()), input, idOf);
  const ids = first.creates.map((c) => c.declarationId);
  const { data: stored } = ids.length
    ? await store()
        .entities.project.get(ids.map((declarationId) => ({ declarationId })))
        .go()
    : { data: [] };
  const plan = planProjectImport(await snapshotOf(actor, new Set(stored.map((p) => p.declarationId))), input, idOf);
  const report: ProjectImportReport = {
    valid: plan.valid,
    applied: false,
    fileName: input.fileName,
    counts: countsOf(plan.rows),
    headerProblems: plan.headerProblems,
    rows: plan.rows,
  };
  if (!plan.valid && !options.dryRun) throw new ProjectImportRefusedError(report);
  if (options.dryRun) return report;
  for (const project of plan.creates) await writeProject(actor, project, input.fileName);
  return { ...report, applied: true };
}

/** The batch an imported project belongs to: one settled call per kind, year and batch, with the kind's latest settings. */
async function importCall(kind: string, year: number, batch: number, opensAt: string): Promise<string> {
  const callId = `call-import-${kind}-${year}-${batch}`;
  const { data } = await store().entities.call.get({ callId }).go({ consistent: true });
  if (data) return callId;
  const { data: summary } = await store().entities.kind.get({ key: kind }).go();
  const version = summary ? await findKindVersion(kind, summary.latestVersion, true) : undefined;
  if (!version) throw new Error(`kind ${kind} has no version to import with`);
  const { definition } = version;
  const item: CallItem = {
    callId,
    kind,
    kindVersion: version.version,
    kindNameZh: definition.nameZh,
    kindNameEn: definition.nameEn,
    year,
    batch,
    title: `${year}年${definition.nameZh}第${batch}批（导入）`,
    opensAt,
    closesAt: opensAt,
    quota: definition.quota,
    config: configFromDefinition(definition),
    status: 'established',
    version: 1,
    createdBy: 'import',
    createdAt: clock().now().toISOString(),
  };
  try {
    await store().entities.call.create(item).go();
  } catch (error) {
    // Another import made it first: the same call.
    const { data: again } = await store().entities.call.get({ callId }).go({ consistent: true });
    if (!again) throw error;
  }
  return callId;
}

async function writeProject(actor: Actor, p: ImportedProject, fileName: string): Promise<void> {
  const now = clock().now().toISOString();
  const { milestones, declarationId } = p;
  const callId = await importCall(p.kind, p.year, p.batch, milestones.constructionStartsAt);
  const call = (await store().entities.call.get({ callId }).go()).data!;
  const config = call.config as { kpiTargets: ProjectItem['kpiTargets']; lifecycle?: ProjectItem['lifecycle'] };
  // Agreed on paper at 立项: the task book's first version is confirmed as imported.
  const taskBook: TaskBook = {
    confirmedVersion: 1,
    versions: [
      {
        version: 1,
        status: 'confirmed',
        targets: p.targets,
        proposedAt: now,
        proposedBy: actor.username,
        comment: `纸质任务书，导入自 ${fileName}`.slice(0, 500),
        confirmedAt: now,
        confirmedBy: actor.username,
      },
    ],
  };
  const declaration: DeclarationItem = {
    declarationId,
    callId,
    kind: p.kind,
    organisationId: p.organisationId,
    districtId: p.districtId,
    applicant: actor.username,
    title: p.title,
    fields: {},
    stage: 'approved',
    version: 1,
    submissions: 0,
    // Its place among the batch's declarations numbers its 验收 notice (core/result-notices.ts).
    submittedAt: milestones.constructionStartsAt,
    createdAt: milestones.constructionStartsAt,
    updatedAt: now,
  };
  const established = {
    declarationId,
    callId,
    kind: p.kind,
    organisationId: p.organisationId,
    districtId: p.districtId,
    title: p.title,
    stage: 'construction',
    milestones,
    kpiTargets: config.kpiTargets,
    taskBook,
    lifecycle: config.lifecycle ?? 'construction',
    midtermDone: p.midtermDone,
    executions: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    year: p.year,
    batch: p.batch,
  } satisfies ProjectItem;
  const project: ProjectItem = { ...established, ...portfolioFacts(established) };
  const day = (iso: string) => iso.slice(0, 10);
  const where = p.midtermDone ? `中期检查已通过，${day(milestones.acceptanceOpensAt)} 起申请验收` : `中期检查 ${day(milestones.midtermAt)}`;
  const start = startIntent('construction', `${declarationId}-c1`, { declarationId, leg: 1, startedAt: now }, declarationId);
  const result = await store()
    .transaction.write(({ declaration: d, project: pr, auditEvent, intent }) => [
      d.create(declaration).commit(),
      pr.create(project).commit(),
      auditEvent
        .create(
          auditItem({
            declarationId,
            actor: actor.username,
            action: 'project.imported',
            toStage: 'construction',
            reason:
              `导入自 ${fileName} 第 ${p.row} 行：建设期 ${day(milestones.constructionStartsAt)} 至 ${day(milestones.constructionEndsAt)}，${where}`.slice(
                0,
                1000,
              ),
          }),
        )
        .commit(),
      intent.put(start).commit(),
    ])
    .go();
  if (result.canceled) {
    // A racing import of the same file wrote it first: it started the construction as well.
    if ((await store().entities.project.get({ declarationId }).go({ consistent: true })).data) return;
    throw new Error(`project ${declarationId} could not be imported: ${JSON.stringify(result.data)}`);
  }
  await carryOutNow(start);
}
