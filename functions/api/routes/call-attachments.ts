import { createRoute, z } from '@hono/zod-openapi';
import { addCallAttachment, callAttachmentFile, callAttachmentForm } from '../../services/call-attachments';
import { evidenceFile } from '../../services/objection-evidence';
import { requireActor, requireRole } from '../auth';
import { keptFileResponse } from '../material-download';
import { jsonBody, router } from '../router';
import { bearer, idParam, json, problemResponses } from '../schemas';
import { fileResponses, UploadForm } from './materials';

const callPath = { params: z.object({ callId: idParam('callId') }) };
const attachmentPath = { params: z.object({ callId: idParam('callId'), attachmentId: idParam('attachmentId') }) };
export const CallAttachment = z
  .object({
    attachmentId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    public: z.boolean().openapi({ description: 'offered on the public pages (GET /public/calls)' }),
    uploadedAt: z.string(),
    by: z.string(),
  })
  .openapi('CallAttachment');

/**
 * Files the city office attaches to a call (申报通知附件, issue 22.4): uploaded with a presigned POST
 * and judged as declaration materials are; those marked public are downloadable by anyone at
 * GET /public/calls/{callId}/attachments/{attachmentId}.
 */
export const callAttachments = router();
callAttachments.use('/calls/:callId/attachments/*', requireActor);
callAttachments.use('/calls/:callId/attachments', requireActor);
callAttachments.use('/objections/:objectionId/evidence/*', requireActor);

callAttachments
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/{callId}/attachments/upload-form',
      summary: 'A presigned POST form to upload one call attachment to, good for 30 minutes (the city office)',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: callPath,
      responses: { 201: json(UploadForm, 'the form'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json(await callAttachmentForm(c.get('actor'), c.req.valid('param').callId), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/{callId}/attachments',
      summary:
        'Attach an uploaded file to the call, public or not: judged by its name and first bytes, a refused one deleted (the city office)',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: { ...callPath, body: jsonBody(z.strictObject({ uploadKey: z.string().min(1).max(1024), public: z.boolean() })) },
      responses: {
        200: json(z.object({ items: z.array(CallAttachment) }), 'the call’s attachments'),
        ...problemResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json({ items: await addCallAttachment(c.get('actor'), c.req.valid('param').callId, body.uploadKey, body.public) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}/attachments/{attachmentId}',
      summary: 'A call attachment’s file, public or not (the city office)',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: attachmentPath,
      responses: { ...fileResponses, ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const { callId, attachmentId } = c.req.valid('param');
      return keptFileResponse(c, await callAttachmentFile(callId, attachmentId, false));
    },
  )
  // An objection's evidence files (issue 22.4): the office reads them while handling it; the public never.
  .openapi(
    createRoute({
      method: 'get',
      path: '/objections/{objectionId}/evidence/{fileId}',
      summary: 'An evidence file a public objector uploaded (the city office)',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: { params: z.object({ objectionId: idParam('objectionId'), fileId: idParam('fileId') }) },
      responses: { ...fileResponses, ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const { objectionId, fileId } = c.req.valid('param');
      return keptFileResponse(c, await evidenceFile(c.get('actor'), objectionId, fileId));
    },
  );
