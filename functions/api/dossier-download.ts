import type { Context } from 'hono';
import type { Actor } from '../../core/identity';
import { provinceDossier } from '../services/province-dossier';

/** The province dossier as the API and the pages both answer it: a zip attachment under its Chinese name. */
export async function dossierDownload(c: Context, actor: Actor, query: { year?: number | undefined; callId?: string | undefined }) {
  const { fileName, bytes } = await provinceDossier(actor, query);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="dossier.zip"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}
