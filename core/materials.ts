import type { FieldProblem } from './errors';

/** What an uploaded material may be: documents and scans a declaration is made of, nothing executable. */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;

const allowedTypes: Record<string, { extensions: string[]; magic?: number[] }> = {
  'application/pdf': { extensions: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46] },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  'image/png': { extensions: ['png'], magic: [0x89, 0x50, 0x4e, 0x47] },
  'application/msword': { extensions: ['doc'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], magic: [0x50, 0x4b] },
  'application/vnd.ms-excel': { extensions: ['xls'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], magic: [0x50, 0x4b] },
};

export const allowedMaterialTypes = Object.keys(allowedTypes);
export const allowedMaterialExtensions = Object.values(allowedTypes).flatMap((t) => t.extensions);

/**
 * The type is judged by the file's name, its declared type and its first bytes together, so a
 * renamed executable is refused whatever the browser claims it is.
 */
export function uploadProblems(field: string, file: { fileName: string; contentType: string; sizeBytes: number; head: Uint8Array }): FieldProblem[] {
  const maxMb = MAX_MATERIAL_BYTES / 1024 / 1024;
  if (file.sizeBytes === 0) return [{ field, message: 'the file is empty', code: 'material-empty', params: {} }];
  if (file.sizeBytes > MAX_MATERIAL_BYTES) return [{ field, message: `larger than ${maxMb} MB`, code: 'material-too-large', params: { maxMb } }];
  const extension = file.fileName.split('.').pop()?.toLowerCase() ?? '';
  const type = Object.entries(allowedTypes).find(([, t]) => t.extensions.includes(extension));
  const accepted = allowedMaterialExtensions.join(', ');
  if (!type) return [{ field, message: `not an accepted type; accepted: ${accepted}`, code: 'material-type-not-accepted', params: { accepted } }];
  const [contentType, rule] = type;
  if (file.contentType && file.contentType !== 'application/octet-stream' && file.contentType !== contentType) {
    return [{ field, message: `the file's type ${file.contentType} does not match its name .${extension}`, code: 'material-type-mismatch', params: { extension } }];
  }
  if (rule.magic && !rule.magic.every((byte, i) => file.head[i] === byte)) {
    return [{ field, message: `the content is not a .${extension} file`, code: 'material-content-mismatch', params: { extension } }];
  }
  return [];
}

export function contentTypeOf(fileName: string): string {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  return Object.entries(allowedTypes).find(([, t]) => t.extensions.includes(extension))?.[0] ?? 'application/octet-stream';
}
