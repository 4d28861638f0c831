/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ImportInput, RowAction } from '../../../core/directory-import';
import { sheetTitles } from '../../../core/directory-sheets';
import { ValidationError } from '../../../core/errors';
import { type ImportReport, importDirectory, importTemplate } from '../../services/directory-import';
import { readDirectoryWorkbook } from '../../services/directory-workbook';
import { actorOf, fieldErrors, type PageEnv } from './context';
import { area } from './errors';
import { Notice, Problems, render, Table } from './layout';
import { ImportForms } from './import-forms';
import { say } from './messages';

const actionWords: Record<RowAction, [string, string]> = {
  create: ['新增', 'Create'],
  change: ['修改', 'Change'],
  unchanged: ['不变', 'Unchanged'],
  refuse: ['拒绝', 'Refused'],
};

/**
 * The directory's bulk import: the template, an upload that is tried first (the dry run, a report
 * per row), and the import itself, which re-plans against the directory as it is then and writes
 * only a file that is valid as a whole. The file is read here and not kept: the confirmation
 * carries the rows it read, so the office confirms exactly what the report showed.
 */
export function officeDirectoryImportPages() {
  const pages = area();

  pages.get('/directory/import-template.xlsx', async (c) => {
    actorOf(c, 'city-admin');
    const bytes = await importTemplate();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="directory-import.xlsx"; filename*=UTF-8''${encodeURIComponent('机构人员专家导入模板.xlsx')}`,
    });
  });

  pages.get('/directory/import', (c) => importPage(c, {}));

  pages.post('/directory/import', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const form = await c.req.parseBody();
    let input: ImportInput;
    try {
      input =
        typeof form.rows === 'string' ? (JSON.parse(form.rows) as ImportInput) : await readDirectoryWorkbook(await fileBytes(form.file));
    } catch (error) {
      if (error instanceof ValidationError) return importPage(c, { errors: fieldErrors(c.get('lang'), error.errors), status: 422 });
      throw error;
    }
    const report = await importDirectory(actor, input, { dryRun: form.confirm !== 'yes' });
    return importPage(c, { report, input, status: report.valid ? 200 : 422 });
  });

  async function importPage(
    c: Context<PageEnv>,
    state: { report?: ImportReport; input?: ImportInput; errors?: Record<string, string>; status?: 200 | 422 },
  ) {
    actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const { report } = state;
    return render(
      c,
      t('批量导入机构、人员和专家', 'Import organisations, people and experts'),
      <>
        <p>
          <a href="/ui/office/directory/import-template.xlsx">{t('下载导入模板（Excel）', 'Download the template (Excel)')}</a>
          {t(
            '：按模板填写“组织机构”“人员账号”“评审专家”三张表后上传。先试导入，确认报告无误后再导入。',
            ': fill in its three sheets, upload it, read the dry-run report, then import.',
          )}
        </p>
        <Problems errors={state.errors} t={t} labels={{ file: t('导入文件', 'File') }} />
        {report?.applied && (
          <Notice>
            {t(
              `已导入：新增 ${report.counts.create} 条，修改 ${report.counts.change} 条，不变 ${report.counts.unchanged} 条。`,
              `Imported: ${report.counts.create} created, ${report.counts.change} changed, ${report.counts.unchanged} unchanged.`,
            )}
          </Notice>
        )}
        {report && !report.applied && (
          <p class={report.valid ? 'notice' : 'problems'} role="status">
            {report.valid
              ? t(
                  `试导入：将新增 ${report.counts.create} 条，修改 ${report.counts.change} 条，不变 ${report.counts.unchanged} 条。尚未写入任何内容。`,
                  `Dry run: ${report.counts.create} to create, ${report.counts.change} to change, ${report.counts.unchanged} unchanged. Nothing written yet.`,
                )
              : t(
                  `有 ${report.counts.refuse} 行被拒绝，整个文件都不会导入。请按下表修改后重新上传。`,
                  `${report.counts.refuse} rows are refused, so nothing will be imported. Fix them and upload again.`,
                )}
          </p>
        )}
        {report && report.headerProblems.length > 0 && (
          <ul class="problems">
            {report.headerProblems.map((p) => (
              <li>
                {sheetTitles[p.sheet]}：
                {say(lang, p.problem === 'missing-column' ? `missing column ${p.column}` : `unknown column ${p.column}`, {
                  code: p.problem === 'missing-column' ? 'import-missing-column' : 'import-unknown-column',
                  params: { column: p.column },
                })}
              </li>
            ))}
          </ul>
        )}
        {report && report.rows.length > 0 && (
          <Table
            headers={[t('表', 'Sheet'), t('行', 'Row'), t('名称', 'Name'), t('结果', 'Result'), t('说明', 'Details')]}
            id="import-report"
          >
            {report.rows.map((row) => (
              <tr class={row.action === 'refuse' ? 'refused' : undefined}>
                <td>{sheetTitles[row.sheet]}</td>
                <td>{row.row}</td>
                <td>{row.label}</td>
                <td>{t(...actionWords[row.action])}</td>
                <td>
                  {row.action === 'change' && `${t('修改：', 'Changes: ')}${row.changed.join(t('、', ', '))}`}
                  {row.problems.map((p) => (
                    <div>
                      {p.column}：{say(lang, p.message, p)}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <ImportForms
          action="/ui/office/directory/import"
          confirmRows={report?.valid && !report.applied && state.input ? state.input : undefined}
          fileError={state.errors?.file}
          t={t}
        />
      </>,
      state.status ?? 200,
    );
  }

  return pages;
}

export async function fileBytes(file: unknown): Promise<Uint8Array> {
  if (!(file instanceof File) || file.size === 0)
    throw new ValidationError([{ field: 'body.file', message: 'is required', code: 'required', params: {} }]);
  return new Uint8Array(await file.arrayBuffer());
}
