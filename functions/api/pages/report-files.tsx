/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Actor } from '../../../core/identity';
import {
  isProjectReport,
  materialsAskedFor,
  type ProjectReportMaterials,
  type ProjectReportName,
  projectReportNames,
  projectReports,
  type ReportMaterialsDefinition,
} from '../../../core/report-materials';
import { NotFoundError } from '../../../core/errors';
import type { UploadForm } from '../../adapters/blobs';
import { reportMaterialFile, reportUploadForm } from '../../services/report-materials';
import { keptFileResponse } from '../material-download';
import type { Lang, PageEnv, T } from './context';
import { UploadFileForm } from './upload-form';

/** What a report's files section shows: what the kind asks for, what is uploaded, and a form per file when the reader may add it now. */
export interface ReportFilesProps {
  id: string;
  report: ProjectReportName;
  asked: ReturnType<typeof materialsAskedFor>;
  uploaded: ProjectReportMaterials[ProjectReportName];
  forms: Record<string, UploadForm>;
  errors: Record<string, string>;
  t: T;
  lang: Lang;
}

/**
 * The files of one report for a task page (issue 21.3). Forms are made only for the one who adds
 * them (the applicant; the office for a site visit) while the project is in the report's stages.
 */
export async function reportFilesOf(
  c: Context<PageEnv>,
  actor: Actor,
  project: { declarationId: string; stage: string; reportMaterials?: unknown; reportMaterialsAsked: ReportMaterialsDefinition },
  report: ProjectReportName,
  taskId: string,
): Promise<Omit<ReportFilesProps, 'errors' | 't' | 'lang'>> {
  const id = project.declarationId;
  const asked = materialsAskedFor(project.reportMaterialsAsked, report);
  const spec = projectReports[report];
  const mayAdd = actor.role === spec.by && (spec.stages as readonly string[]).includes(project.stage);
  const forms = mayAdd
    ? Object.fromEntries(
        await Promise.all(
          asked.map(async (m) => {
            const back = new URL(`/ui/projects/${id}/tasks/${taskId}/files/${report}/${m.key}/uploaded`, c.req.url).href;
            return [m.key, await reportUploadForm(actor, id, report, m.key, back)] as const;
          }),
        ),
      )
    : {};
  return { id, report, asked, uploaded: (project.reportMaterials as ProjectReportMaterials | undefined)?.[report], forms };
}

export function ReportFiles({ id, report, asked, uploaded, forms, errors, t, lang }: ReportFilesProps) {
  if (asked.length === 0) return null;
  const label = (m: { labelZh: string; labelEn: string }) => (lang === 'en' ? m.labelEn : m.labelZh);
  return (
    <section id={`files-${report}`}>
      <h3>{t(`${projectReports[report].zh}材料`, 'Files')}</h3>
      <ul>
        {asked.map((m) => {
          const file = uploaded?.find((u) => u.key === m.key);
          return (
            <li>
              {label(m)}
              {m.required ? t('（必交）', ' (required)') : t('（选交）', ' (optional)')}：
              {file ? (
                <a href={`/ui/projects/${id}/reports/${report}/materials/${m.key}`}>
                  {file.fileName}（{Math.ceil(file.sizeBytes / 1024)} KB）
                </a>
              ) : (
                <span>{t('未上传', 'not uploaded')}</span>
              )}
            </li>
          );
        })}
      </ul>
      {asked
        .filter((m) => forms[m.key])
        .map((m) => (
          <UploadFileForm
            form={forms[m.key]!}
            inputId={`f-files-${report}-${m.key}`}
            label={label(m)}
            required={m.required}
            error={errors[`materials.${m.key}`]}
            t={t}
          />
        ))}
    </section>
  );
}

/** A report file's download for whoever may see the project. */
export async function reportFileDownload(c: Context<PageEnv>, actor: Actor, id: string, report: string, key: string) {
  if (!isProjectReport(report)) throw new NotFoundError(`project report ${report} not found`);
  return keptFileResponse(c, await reportMaterialFile(actor, id, report, key));
}

/** Every report's uploaded files on the project page, by their names, with download links. */
export function ReportFileList({
  id,
  asked,
  uploaded,
  t,
  lang,
}: {
  id: string;
  asked: ReportMaterialsDefinition;
  uploaded: ProjectReportMaterials | undefined;
  t: T;
  lang: Lang;
}) {
  const rows = projectReportNames.flatMap((report) =>
    (uploaded?.[report] ?? []).map((file) => ({
      report,
      file,
      spec: materialsAskedFor(asked, report).find((m) => m.key === file.key),
    })),
  );
  if (rows.length === 0) return null;
  return (
    <>
      <h2 id="report-files">{t('报告材料', 'Report files')}</h2>
      <ul>
        {rows.map(({ report, file, spec }) => (
          <li>
            {projectReports[report].zh} · {spec ? (lang === 'en' ? spec.labelEn : spec.labelZh) : file.key}：
            <a href={`/ui/projects/${id}/reports/${report}/materials/${file.key}`}>
              {file.fileName}（{Math.ceil(file.sizeBytes / 1024)} KB）
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
