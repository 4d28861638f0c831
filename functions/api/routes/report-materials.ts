import { createRoute, z } from '@hono/zod-openapi';
import { projectReportNames } from '../../../core/report-materials';
import { configKey } from '../../../core/schemas';
import { completeReportUpload, reportMaterialFile, reportUploadForm } from '../../services/report-materials';
import { requireActor } from '../auth';
import { keptFileResponse } from '../material-download';
import { jsonBody, router } from '../router';
import { fileResponses, UploadForm } from './materials';
import { bearer, idParam, json, problemResponses } from '../schemas';

const reportMaterialPath = {
  params: z.object({
    id: idParam('id'),
    report: z.enum(projectReportNames).meta({ param: { name: 'report', in: 'path' } }),
    key: configKey.meta({ param: { name: 'key', in: 'path' } }),
  }),
};

const ReportMaterial = z.object({
  key: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  uploadedAt: z.string(),
  by: z.string(),
});

/**
 * Files on a project's reports (issue 21.3): the mid-term report, the rectifications, the
 * acceptance application (its applicant) and a site visit (the city office). As with a
 * declaration's materials, a file goes straight to the store and the API then judges and records it.
 */
export const reportMaterials = router();
reportMaterials.use('/projects/:id/reports/*', requireActor);

reportMaterials
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/reports/{report}/materials/{key}/upload-form',
      summary:
        'A presigned POST form for one material of a project report, good for 30 minutes (its applicant; the city office for a site visit)',
      description:
        'Post `fields` and then the file (field `file`, 1 byte–20 MB) to `url`; the store answers 204. Then record it with `POST /projects/{id}/reports/{report}/materials/{key}`. Refused (409) outside the report’s stages.',
      security: bearer,
      request: reportMaterialPath,
      responses: { 201: json(UploadForm, 'the form'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { id, report, key } = c.req.valid('param');
      return c.json(await reportUploadForm(c.get('actor'), id, report, key), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/reports/{report}/materials/{key}',
      summary: 'Record an uploaded file on the report: judged by its name and first bytes (type, size, disguise), a refused one deleted',
      security: bearer,
      request: { ...reportMaterialPath, body: jsonBody(z.strictObject({ uploadKey: z.string().min(1).max(1024) })) },
      responses: {
        200: json(z.object({ items: z.array(ReportMaterial) }), 'the report’s files'),
        ...problemResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { id, report, key } = c.req.valid('param');
      const items = await completeReportUpload(c.get('actor'), id, report, key, c.req.valid('json').uploadKey);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/reports/{report}/materials/{key}',
      summary: 'A report material’s file, to whoever may see the project: a short-lived link in the cloud (302), the bytes locally',
      security: bearer,
      request: reportMaterialPath,
      responses: { ...fileResponses, ...problemResponses(401, 404, 422) },
    }),
    async (c) => {
      const { id, report, key } = c.req.valid('param');
      return keptFileResponse(c, await reportMaterialFile(c.get('actor'), id, report, key));
    },
  );
