import type { Context } from 'hono';
import { NotFoundError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { type KeptFile, materialFile } from '../services/materials';

/**
 * A material's file as the API and the pages both answer it: a short-lived link where the store
 * offers one (302), else the bytes as an attachment under the name it was uploaded with.
 */
export async function materialDownload(c: Context, actor: Actor, declarationId: string, material: string) {
  const file = await materialFile(actor, declarationId, material);
  if (!file) throw new NotFoundError(`declaration ${declarationId} has no material ${material}`);
  return keptFileResponse(c, file);
}

/** A kept file as the answer: the link (302), else the bytes as an attachment under its uploaded name. */
export function keptFileResponse(c: Context, file: KeptFile) {
  if ('url' in file) return c.redirect(file.url, 302);
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'x-content-type-options': 'nosniff',
  });
}
