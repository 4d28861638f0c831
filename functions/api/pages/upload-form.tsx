/** @jsxImportSource hono/jsx */
import { allowedMaterialExtensions } from '../../../core/materials';
import type { UploadForm } from '../../adapters/blobs';
import type { T } from './context';

/**
 * One file's upload form, posted straight to the store (S3 in the cloud): the signed fields come
 * first and the file last, and no other field may be sent, or S3 refuses the form. Declaration
 * materials and project report files both use it.
 */
export function UploadFileForm(props: {
  form: UploadForm;
  inputId: string;
  label: string;
  required: boolean;
  error?: string | undefined;
  t: T;
}) {
  const { form, inputId, label, required, error, t } = props;
  return (
    <form method="post" action={form.url} enctype="multipart/form-data" class="upload">
      {Object.entries(form.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <div class={`field${error ? ' invalid' : ''}`}>
        <label for={inputId}>
          {label}
          {required && (
            <span class="req" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
        <input
          type="file"
          id={inputId}
          name="file"
          required
          accept={allowedMaterialExtensions.map((e) => `.${e}`).join(',')}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
        />
        {error && (
          <p class="error" id={`${inputId}-error`}>
            {error}
          </p>
        )}
      </div>
      <button type="submit" class="secondary">
        {t('上传', 'Upload')}：{label}
      </button>
    </form>
  );
}
