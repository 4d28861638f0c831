/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { ValidationError } from '../../../core/errors';
import type { ImportAction, ProjectImportInput } from '../../../core/project-import';
import type { ProjectImportReport } from '../../services/project-import';
import { actorOf, fieldErrors, type PageEnv } from './context';
import { area } from './errors';
import { Notice, Problems, render, Table } from './layout';
import { ImportForms } from './import-forms';
import { say } from './messages';
import { fileBytes } from './office-directory-import';

const actionWords: Record<ImportAction, [string, string]> = {
  create: ['新建', 'Create'],
  unchanged: ['已导入', 'Already imported'],
  refuse: ['拒绝', 'Refused'],
};

/**
 * The import of projects established before shenbao (issue 22.5): the template, an upload tried
 * first (the dry run, a report per row naming row and column), and the import itself, which plans
 * again against what is stored then and writes only a file valid as a whole. The confirmation
 * carries the rows the dry run read, so the office imports exactly what the report showed.
 */
export function officeProjectImportPages() {
  const pages = area();

  // The planner, its services and the workbook load with the first use of these pages.
  const services = () => Promise.all([import('../../services/project-import'), import('../../services/project-workbook')]);

  pages.get('/projects/import-template.xlsx', async (c) => {
    const [{ importKinds }, { projectImportTemplate }] = await services();
    const bytes = await projectImportTemplate(await importKinds(actorOf(c, 'city-admin')));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="project-import.xlsx"; filename*=UTF-8''${encodeURIComponent('立项项目导入模板.xlsx')}`,
    });
  });

  pages.get('/projects/import', (c) => importPage(c, {}));

  pages.post('/projects/import', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const form = await c.req.parseBody();
    const [{ importKinds, importProjects }, { readProjectWorkbook }] = await services();
    let input: ProjectImportInput;
    try {
      if (typeof form.rows === 'string') input = JSON.parse(form.rows) as ProjectImportInput;
      else {
        const name = form.file instanceof File ? form.file.name : '';
        input = await readProjectWorkbook(await fileBytes(form.file), name, await importKinds(actor));
      }
    } catch (error) {
      if (error instanceof ValidationError) return importPage(c, { errors: fieldErrors(c.get('lang'), error.errors), status: 422 });
      throw error;
    }
    const report = await importProjects(actor, input, { dryRun: form.confirm !== 'yes' });
    return importPage(c, { report, input, status: report.valid ? 200 : 422 });
  });

  async function importPage(
    c: Context<PageEnv>,
    state: { report?: ProjectImportReport; input?: ProjectImportInput; errors?: Record<string, string>; status?: 200 | 422 },
  ) {
    actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const { report } = state;
    const counts = report?.counts;
    return render(
      c,
      t('导入已立项项目', 'Import established projects'),
      <>
        <p>
          <a href="/ui/office/projects/import-template.xlsx">{t('下载导入模板（Excel）', 'Download the template (Excel)')}</a>
          {t(
            '：系统启用前已立项的项目（如首批）按模板每行填一个，上传后先试导入，确认报告无误后再导入。导入的项目从所处阶段继续建设、中期检查和验收。',
            ': one project a row; upload, read the dry-run report, then import. Each project continues from where it stands.',
          )}
        </p>
        <Problems errors={state.errors} t={t} labels={{ file: t('导入文件', 'File') }} />
        {report?.applied && counts && (
          <Notice>
            {t(
              `已导入 ${report.fileName}：新建 ${counts.create} 个项目，已导入过的 ${counts.unchanged} 个未重复创建。`,
              `Imported ${report.fileName}: ${counts.create} projects created, ${counts.unchanged} already imported.`,
            )}
          </Notice>
        )}
        {report && !report.applied && counts && (
          <p class={report.valid ? 'notice' : 'problems'} role="status">
            {report.valid
              ? t(
                  `试导入：将新建 ${counts.create} 个项目，已导入过的 ${counts.unchanged} 个。尚未写入任何内容。`,
                  `Dry run: ${counts.create} to create, ${counts.unchanged} already imported. Nothing written yet.`,
                )
              : t(
                  `有 ${counts.refuse} 行被拒绝，整个文件都不会导入。请按下表修改后重新上传。`,
                  `${counts.refuse} rows are refused, so nothing will be imported. Fix them and upload again.`,
                )}
          </p>
        )}
        {report && report.headerProblems.length > 0 && (
          <ul class="problems">
            {report.headerProblems.map((p) => (
              <li>
                {say(lang, p.problem === 'missing-column' ? `missing column ${p.column}` : `unknown column ${p.column}`, {
                  code: p.problem === 'missing-column' ? 'import-missing-column' : 'import-unknown-column',
                  params: { column: p.column },
                })}
              </li>
            ))}
          </ul>
        )}
        {report && report.rows.length > 0 && (
          <Table headers={[t('行', 'Row'), t('项目名称', 'Project'), t('结果', 'Result'), t('说明', 'Details')]} id="import-report">
            {report.rows.map((row) => (
              <tr class={row.action === 'refuse' ? 'refused' : undefined}>
                <td>{row.row}</td>
                <td>{row.label}</td>
                <td>{t(...actionWords[row.action])}</td>
                <td>
                  {row.problems.map((p) => (
                    <div>
                      {t(`第 ${row.row} 行`, `Row ${row.row}`)} {p.column}：{say(lang, p.message, p)}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <ImportForms
          action="/ui/office/projects/import"
          confirmRows={
            report?.valid && !report.applied && state.input ? { fileName: state.input.fileName, rows: state.input.rows } : undefined
          }
          fileError={state.errors?.file}
          t={t}
        />
      </>,
      state.status ?? 200,
    );
  }

  return pages;
}
