import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, problemAt, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { MAX_MATERIAL_BYTES } from '../../core/materials';
import { coded } from '../../core/problem-codes';
import {
  materialsAskedFor,
  type ProjectReportMaterials,
  type ProjectReportName,
  projectReports,
  type ReportMaterialRecord,
} from '../../core/report-materials';
import { blobStore, materialKey, stagingPrefix, type UploadForm } from '../adapters/blobs';
import { clock } from '../adapters/clock';
import type { ProjectItem } from '../adapters/entities';
import { judgeStaged, keptFile } from './materials';
import { getProject, getVisibleProject, recordOnProject, settingsOfProject } from './projects';

/**
 * Files on a project's reports (issue 21.3), through the declarations' presigned path: a form lets
 * a file into a staging folder of this report's material, and nothing is recorded on the project
 * until the file is judged (type, size, disguise) and the asker may still add it.
 */
const slotOf = (report: ProjectReportName, key: string) => `${report}/${key}`;

/** The project, if the asker may add this report's material now: its applicant (the office for a site visit), in the report's stages. */
async function assertMayAdd(actor: Actor, declarationId: string, report: ProjectReportName, key: string): Promise<ProjectItem> {
  const project = await getVisibleProject(actor, declarationId);
  const spec = projectReports[report];
  if (actor.role !== spec.by)
    throw new ForbiddenError(
      spec.by === 'applicant' ? "only the project's applicant adds its report's files" : 'only the city office adds site-visit files',
    );
  const asked = materialsAskedFor((await settingsOfProject(project)).reportMaterials, report);
  if (!asked.some((m) => m.key === key))
    throw new ValidationError([
      problemAt(`path.key`, `${key} is not a material the kind asks for on the ${report}`, coded('material-not-asked')),
    ]);
  if (!(spec.stages as readonly string[]).includes(project.stage))
    throw new ConflictError(
      `the ${report}'s files are added while the project is ${spec.stages.join(' or ')}; it is ${project.stage}`,
      { stage: project.stage },
      { coded: coded('report-material-not-now', { stage: project.stage }) },
    );
  return project;
}

function requireAdder(actor: Actor, report: ProjectReportName) {
  if (actor.role !== projectReports[report].by)
    throw new ForbiddenError(
      report === 'site-visit' ? 'only the city office adds site-visit files' : "only the project's applicant adds its report's files",
    );
}

/** A presigned form for one material of a report; without `redirectTo` the store answers 204 (an API client then confirms the key). */
export async function reportUploadForm(
  actor: Actor,
  declarationId: string,
  report: ProjectReportName,
  key: string,
  redirectTo?: string,
): Promise<UploadForm & { key: string }> {
  await assertMayAdd(actor, declarationId, report, key);
  const form = await blobStore().uploadForm({
    prefix: stagingPrefix(declarationId, slotOf(report, key), randomUUID()),
    maxBytes: MAX_MATERIAL_BYTES,
    redirectTo,
  });
  return { ...form, key: form.fields.key! };
}

/** Judges an uploaded file and records it on the project's report (replacing an earlier one of the key), with the audit event. */
export async function completeReportUpload(
  actor: Actor,
  declarationId: string,
  report: ProjectReportName,
  key: string,
  stagedKey: string,
): Promise<ReportMaterialRecord[]> {
  await getVisibleProject(actor, declarationId);
  requireAdder(actor, report);
  const file = await judgeStaged({
    field: `body.materials.${key}`,
    stagedKey,
    staging: `uploads/${declarationId}/${slotOf(report, key)}/`,
    kept: materialKey(declarationId, slotOf(report, key)),
    stillAllowed: () => assertMayAdd(actor, declarationId, report, key).then(() => undefined),
  });
  const project = await getProject(declarationId, true);
  const now = clock().now().toISOString();
  const all = (project.reportMaterials ?? {}) as ProjectReportMaterials;
  const entry: ReportMaterialRecord = { key, ...file, uploadedAt: now, by: actor.username };
  const files = [...(all[report] ?? []).filter((m) => m.key !== key), entry];
  await recordOnProject(
    project,
    { reportMaterials: { ...all, [report]: files } },
    { actor: actor.username, action: 'project.material_uploaded', reason: `${projectReports[report].zh}：${key}（${entry.fileName}）` },
  );
  return files;
}

/** A report material's file, to whoever may see the project. */
export async function reportMaterialFile(actor: Actor, declarationId: string, report: ProjectReportName, key: string) {
  const project = await getVisibleProject(actor, declarationId);
  const record = ((project.reportMaterials ?? {}) as ProjectReportMaterials)[report]?.find((m) => m.key === key);
  const file = record && (await keptFile(materialKey(declarationId, slotOf(report, key)), record.fileName));
  if (!file) throw new NotFoundError(`the ${report} of project ${declarationId} has no material ${key}`);
  return file;
}
