import { createRoute, z } from '@hono/zod-openapi';
import { createCallInput, updateCallInput } from '../../../core/schemas';
import { callHistory, callView, createCall, listCallsFor, updateCall } from '../../services/calls';
import { optionalActor, requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import {
  AuditEvent,
  bearer,
  CallAsAsked,
  CallDetail,
  expectedVersion,
  idParam,
  ifMatchHeaders,
  json,
  page,
  pageQuery,
  problemResponses,
  versioned,
  withETag,
} from '../schemas';

const callPath = { params: z.object({ callId: idParam('callId') }) };
/** Public, with or without a token; the token, when sent, decides how much of each call one reads. */
const anyoneOrSignedIn = [{}, ...bearer];

export const calls = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls',
      summary: 'Calls for declarations (申报通知), newest first; public (the city office, with its token, reads each as a CallDetail)',
      security: anyoneOrSignedIn,
      middleware: [optionalActor] as const,
      request: { query: pageQuery },
      responses: {
        200: json(page(CallAsAsked), 'a page of calls: Call for anyone, CallDetail for the city office'),
        ...problemResponses(401, 422),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      return c.json(await listCallsFor(c.get('actor'), { limit, cursor }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}',
      summary:
        'One call with its form, materials, rubric, KPI targets and deadlines; public (the city office, with its token, reads a CallDetail)',
      security: anyoneOrSignedIn,
      middleware: [optionalActor] as const,
      request: callPath,
      // The city office, who may edit it, also gets its version as the ETag.
      responses: {
        200: versioned(CallAsAsked, 'the call: a Call for anyone, a CallDetail (and ETag) for the city office'),
        ...problemResponses(401, 404, 422),
      },
    }),
    async (c) => c.json(withETag(c, await callView(c.get('actor'), c.req.valid('param').callId)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls',
      summary:
        'Create a call from a version of its kind (the latest unless `kindVersion` names one), adjusted (city office); its workflow starts',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { body: jsonBody(createCallInput) },
      responses: { 201: json(CallDetail, 'the call'), ...problemResponses(401, 403, 422, 503) },
    }),
    async (c) => c.json(await createCall(c.get('actor'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/calls/{callId}',
      summary: 'Adjust a call before it opens (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...callPath, headers: ifMatchHeaders, body: jsonBody(updateCallInput) },
      responses: { 200: versioned(CallDetail, 'the call'), ...problemResponses(401, 403, 404, 409, 412, 422) },
    }),
    async (c) => {
      const { callId } = c.req.valid('param');
      return c.json(
        withETag(c, await updateCall(c.get('actor'), callId, c.req.valid('json'), expectedVersion(c.req.valid('header')['if-match']))),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}/history',
      summary: 'The call’s own audit trail: created, configured, opened, closed, shortlisted, noticed, established (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: callPath,
      responses: {
        200: json(z.object({ items: z.array(AuditEvent) }), 'the history, oldest first'),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => c.json({ items: await callHistory(c.get('actor'), c.req.valid('param').callId) }, 200),
  );
