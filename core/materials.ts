import type { FieldProblem } from './errors';

/** What an uploaded material may be: documents and scans a declaration is made of, nothing executable. */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;

/**
 * Each accepted type with its extensions and what a content sniffer (file-type) must find inside:
 * the container, not two bytes — an OLE2 compound file for .doc/.xls, a ZIP whose entries make it
 * a real Word or Excel document (word/, xl/) for .docx/.xlsx.
 */
const allowedTypes: Record<string, { extensions: string[]; content: string }> = {
  'application/pdf': { extensions: ['pdf'], content: 'pdf' },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], content: 'jpg' },
  'image/png': { extensions: ['png'], content: 'png' },
  'application/msword': { extensions: ['doc'], content: 'cfb' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], content: 'docx' },
  'application/vnd.ms-excel': { extensions: ['xls'], content: 'cfb' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], content: 'xlsx' },
};

export const allowedMaterialExtensions = Object.values(allowedTypes).flatMap((t) => t.extensions);
/** The content types a stored material is served with (the download route documents them). */
export const allowedMaterialTypes = Object.keys(allowedTypes);

/** What the content turned out to be, as the sniffer names it (`exe`, `zip`, `cfb`…), if anything. */
export interface Sniffed {
  ext: string;
}

/**
 * The type is judged by the file's name, its declared type and its content together, so a
 * renamed executable is refused whatever the browser claims it is.
 */
export function uploadProblems(
  field: string,
  file: { fileName: string; contentType: string; sizeBytes: number; sniffed: Sniffed | undefined },
): FieldProblem[] {
  const maxMb = MAX_MATERIAL_BYTES / 1024 / 1024;
  if (file.sizeBytes === 0) return [{ field, message: 'the file is empty', code: 'material-empty', params: {} }];
  if (file.sizeBytes > MAX_MATERIAL_BYTES)
    return [{ field, message: `larger than ${maxMb} MB`, code: 'material-too-large', params: { maxMb } }];
  const extension = file.fileName.split('.').pop()?.toLowerCase() ?? '';
  const type = Object.entries(allowedTypes).find(([, t]) => t.extensions.includes(extension));
  const accepted = allowedMaterialExtensions.join(', ');
  if (!type)
    return [{ field, message: `not an accepted type; accepted: ${accepted}`, code: 'material-type-not-accepted', params: { accepted } }];
  const [contentType, rule] = type;
  if (file.contentType && file.contentType !== 'application/octet-stream' && file.contentType !== contentType) {
    return [
      {
        field,
        message: `the file's type ${file.contentType} does not match its name .${extension}`,
        code: 'material-type-mismatch',
        params: { extension },
      },
    ];
  }
  if (file.sniffed?.ext !== rule.content) {
    const found = file.sniffed?.ext;
    const what = found ? ` (it is a .${found} file)` : '';
    return [
      {
        field,
        message: `the content is not a .${extension} file${what}`,
        code: 'material-content-mismatch',
        params: found ? { extension, found } : { extension },
      },
    ];
  }
  return [];
}

export function contentTypeOf(fileName: string): string {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  return Object.entries(allowedTypes).find(([, t]) => t.extensions.includes(extension))?.[0] ?? 'application/octet-stream';
}
