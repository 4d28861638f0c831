import { createRoute, z } from '@hono/zod-openapi';
import { confirmationInput, publicObjectionInput } from '../../../core/public-objections';
import { addEvidence, evidenceUploadForm } from '../../services/objection-evidence';
import { confirmObjection, objectionStatus, requestObjection } from '../../services/public-objections';
import { UploadForm } from './materials';
import { publicAnnouncement, publicNotice } from '../../services/public-notice';
import { clientAddress } from '../client-address';
import { jsonBody, router } from '../router';
import { idParam, json, problemResponses } from '../schemas';

const Listed = z.object({ declarationId: z.string(), title: z.string(), organisationName: z.string(), districtName: z.string() });
const PublicNotice = z
  .object({
    callId: z.string(),
    title: z.string(),
    status: z.string(),
    opensAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    running: z.boolean(),
    scoresPublished: z.boolean().openapi({ description: 'whether the call publishes the scores in its notice (off by default)' }),
    items: z.array(
      Listed.extend({
        score: z.number().nullable().optional().openapi({ description: 'the combined score, only when the call publishes scores' }),
      }),
    ),
  })
  .openapi('PublicNotice');
const ObjectionReceipt = z
  .object({
    receipt: z.string().openapi({ description: 'the receipt number (回执号): the only key to the objection’s result' }),
    projectTitle: z.string(),
    status: z.enum(['unconfirmed', 'open', 'upheld', 'dismissed']),
    requestedAt: z.string(),
    evidenceFileCount: z.number().int().openapi({ description: 'how many evidence files came with it; only the office reads them' }),
    filedAt: z.string().optional(),
    handledAt: z.string().optional(),
    result: z.string().optional().openapi({ description: 'the office’s answer once handled' }),
  })
  .openapi('ObjectionReceipt');
const callPath = { params: z.object({ callId: idParam('callId') }) };
const receiptPath = { params: z.object({ receipt: idParam('receipt') }) };

/**
 * What the public reads and does without an account (issue 22.4): a call's 公示 while it runs (no
 * contact details, no scores), a real-name objection confirmed by a code sent to the objector's
 * mobile or email and followed by its receipt number, and a call's 立项结果公告 once issued.
 */
export const publicRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/calls/{callId}/notice',
      summary: 'A call’s public notice (公示): what is shortlisted, by whom, until when; no sign-in',
      security: [],
      request: callPath,
      responses: { 200: json(PublicNotice, 'the notice as the public reads it'), ...problemResponses(404, 422) },
    }),
    async (c) => c.json(await publicNotice(c.req.valid('param').callId), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/public/calls/{callId}/objections',
      summary: 'Object to a shortlisted project under one’s real name; a six-digit code goes to the mobile or email given',
      security: [],
      request: { ...callPath, body: jsonBody(publicObjectionInput) },
      responses: {
        202: json(
          z.object({ receipt: z.string(), sentTo: z.string(), codeExpiresAt: z.string() }),
          'asked: confirm with the code within 15 minutes',
        ),
        ...problemResponses(404, 409, 422, 429),
      },
    }),
    async (c) => c.json(await requestObjection(c.req.valid('param').callId, c.req.valid('json'), clientAddress(c)), 202),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/public/objections/{receipt}/confirm',
      summary: 'Confirm an objection with the code sent to its contact: once, within 15 minutes, five tries',
      security: [],
      request: { ...receiptPath, body: jsonBody(confirmationInput) },
      responses: { 200: json(ObjectionReceipt, 'filed: the office handles it'), ...problemResponses(404, 409, 422) },
    }),
    async (c) => c.json(await confirmObjection(c.req.valid('param').receipt, c.req.valid('json').code), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/public/objections/{receipt}/evidence/upload-form',
      summary: 'A presigned POST form for one evidence file of an objection not yet confirmed (at most five); no sign-in',
      description:
        'Post `fields` and then the file (field `file`, 1 byte–20 MB) as multipart/form-data to `url`; then attach it with `POST /public/objections/{receipt}/evidence`. Only the city office ever reads the file.',
      security: [],
      request: receiptPath,
      responses: { 201: json(UploadForm, 'the form'), ...problemResponses(404, 409, 422) },
    }),
    async (c) => c.json(await evidenceUploadForm(c.req.valid('param').receipt), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/public/objections/{receipt}/evidence',
      summary:
        'Attach an uploaded evidence file to an objection not yet confirmed: judged by its content, a refused one deleted; no sign-in',
      security: [],
      request: { ...receiptPath, body: jsonBody(z.strictObject({ uploadKey: z.string().min(1).max(1024) })) },
      responses: {
        200: json(
          z.object({ files: z.array(z.object({ fileName: z.string(), sizeBytes: z.number().int() })) }),
          'the objection’s evidence files so far',
        ),
        ...problemResponses(404, 409, 422),
      },
    }),
    async (c) => c.json(await addEvidence(c.req.valid('param').receipt, c.req.valid('json').uploadKey), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/objections/{receipt}',
      summary: 'Where an objection stands, and the office’s answer, by its receipt number',
      security: [],
      request: receiptPath,
      responses: { 200: json(ObjectionReceipt, 'the objection'), ...problemResponses(404, 422) },
    }),
    async (c) => c.json(await objectionStatus(c.req.valid('param').receipt), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/calls/{callId}/result',
      summary: 'A call’s 立项结果公告 once issued: its number, date and the established projects; no sign-in',
      security: [],
      request: callPath,
      responses: {
        200: json(
          z.object({
            callId: z.string(),
            title: z.string(),
            number: z.string(),
            office: z.string(),
            issuedAt: z.string(),
            items: z.array(Listed),
          }),
          'the announcement',
        ),
        ...problemResponses(404, 422),
      },
    }),
    async (c) => c.json(await publicAnnouncement(c.req.valid('param').callId), 200),
  );
