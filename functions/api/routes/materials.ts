import { createRoute, z } from '@hono/zod-openapi';
import { allowedMaterialTypes } from '../../../core/materials';
import { configKey } from '../../../core/schemas';
import { completeUpload, uploadFormFor } from '../../services/materials';
import { materialDownload } from '../material-download';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, Declaration, idParam, json, problemResponses } from '../schemas';

const materialPath = {
  params: z.object({
    id: idParam('id'),
    key: configKey /* zod's own meta(), not .openapi(): this schema is core's, built before @hono/zod-openapi may have extended zod (a test or the resume can load core first) */
      .meta({ param: { name: 'key', in: 'path' } }),
  }),
};

export const UploadForm = z.object({
  url: z.string().openapi({ description: 'where to POST the form (S3 in the cloud)' }),
  fields: z
    .record(z.string(), z.string())
    .openapi({ description: 'to send first, in this order, as multipart/form-data; then the file as the field `file`' }),
  key: z.string().openapi({ description: 'where the file lands, its own name in place of ${filename}; confirm with it' }),
});

/** A kept file's answers: the bytes served as the type it was accepted as (core/materials.ts), so a browser opens it, or a link. */
export const fileResponses = {
  200: {
    description: 'the file',
    content: Object.fromEntries(
      [...allowedMaterialTypes, 'application/octet-stream'].map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }]),
    ),
  },
  302: { description: 'a presigned download link, good for five minutes' },
};

/**
 * Materials of a declaration. A file goes straight to the store with a presigned POST, never
 * through this API (a Lambda takes at most 6 MB); the API then judges and attaches it.
 */
export const materials = router();
materials.use('/declarations/:id/materials/*', requireActor);

materials
  .openapi(
    createRoute({
      method: 'post',
      path: '/declarations/{id}/materials/{key}/upload-form',
      summary: 'A presigned POST form to upload one material (申报材料) to, good for 30 minutes (its applicant)',
      description:
        'Post `fields` and then the file (field `file`, 1 byte–20 MB) as multipart/form-data to `url`; the store answers 204. Then attach it with `POST /declarations/{id}/materials/{key}`.',
      security: bearer,
      middleware: [requireRole('applicant')] as const,
      request: materialPath,
      responses: { 201: json(UploadForm, 'the form'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { id, key } = c.req.valid('param');
      return c.json(await uploadFormFor(c.get('actor'), id, key), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/declarations/{id}/materials/{key}',
      summary: 'Attach an uploaded file as a material: judged by its name and first bytes, a refused one deleted (its applicant)',
      security: bearer,
      middleware: [requireRole('applicant')] as const,
      request: { ...materialPath, body: jsonBody(z.strictObject({ uploadKey: z.string().min(1).max(1024) })) },
      responses: { 200: json(Declaration, 'the declaration with the material'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { id, key } = c.req.valid('param');
      return c.json(await completeUpload(c.get('actor'), id, key, c.req.valid('json').uploadKey), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}/materials/{key}',
      summary: 'A material’s file, to whoever may see the declaration: a short-lived link in the cloud (302), the bytes locally',
      security: bearer,
      request: materialPath,
      responses: { ...fileResponses, ...problemResponses(401, 404, 422) },
    }),
    (c) => {
      const { id, key } = c.req.valid('param');
      return materialDownload(c, c.get('actor'), id, key);
    },
  );
