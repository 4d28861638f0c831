import type { T } from './context';

/**
 * The two forms of an office import page (the directory's, earlier projects'): the confirmation
 * carrying the rows the dry run read, once they are valid, and the upload of a workbook for a dry run.
 */
export function ImportForms({ action, confirmRows, fileError, t }: { action: string; confirmRows?: unknown; fileError?: string; t: T }) {
  return (
    <>
      {confirmRows !== undefined && (
        <form method="post" action={action}>
          <input type="hidden" name="rows" value={JSON.stringify(confirmRows)} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit">{t('确认导入', 'Import')}</button>
        </form>
      )}
      <form method="post" action={action} enctype="multipart/form-data">
        <p>
          <label for="f-file">{t('导入文件（.xlsx）', 'File (.xlsx)')}</label>
          <input type="file" id="f-file" name="file" accept=".xlsx" required aria-invalid={fileError ? 'true' : undefined} />
          {fileError && <span class="error">{fileError}</span>}
        </p>
        <button type="submit">{t('试导入', 'Dry run')}</button>
      </form>
    </>
  );
}
