import { createRoute, z } from '@hono/zod-openapi';
import { createDeclarationInput, updateDeclarationInput, withdrawDeclarationInput } from '../../../core/schemas';
import { withdrawDeclaration } from '../../services/declaration-withdrawal';
import { createDraft, declarationHistory, declarationView, listDeclarations, submit, updateDraft } from '../../services/declarations';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import {
  AuditEvent,
  bearer,
  Declaration,
  DeclarationView,
  idParam,
  idQuery,
  expectedVersion,
  ifMatchHeaders,
  json,
  page,
  pageQuery,
  problemResponses,
  versioned,
  withETag,
} from '../schemas';

const declarationPath = { params: z.object({ id: idParam('id') }) };

export const declarations = router();
declarations.use('/declarations/*', requireActor);
declarations.use('/declarations', requireActor);
declarations.use('/calls/:callId/declarations', requireActor);

declarations
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/{callId}/declarations',
      summary: 'Start a draft declaration (申报书) under an open call (applicant)',
      security: bearer,
      middleware: [requireRole('applicant')] as const,
      request: { params: z.object({ callId: idParam('callId') }), body: jsonBody(createDeclarationInput) },
      responses: { 201: json(Declaration, 'the draft'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await createDraft(c.get('actor'), c.req.valid('param').callId, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations',
      summary: 'Declarations I may see: my organisation’s, my district’s, or a call’s (city office)',
      security: bearer,
      request: { query: pageQuery.extend({ callId: idQuery('callId').optional() }) },
      responses: { 200: json(page(Declaration), 'a page of declarations'), ...problemResponses(401, 422) },
    }),
    async (c) => {
      const { limit, cursor, callId } = c.req.valid('query');
      return c.json(await listDeclarations(c.get('actor'), { limit, cursor, callId }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}',
      summary: 'A declaration with its stage and open tasks',
      security: bearer,
      request: declarationPath,
      responses: { 200: versioned(DeclarationView, 'the declaration'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json(withETag(c, await declarationView(c.get('actor'), c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/declarations/{id}',
      summary: 'Edit a draft or a declaration returned for correction (its applicant)',
      security: bearer,
      middleware: [requireRole('applicant')] as const,
      request: { ...declarationPath, headers: ifMatchHeaders, body: jsonBody(updateDeclarationInput) },
      responses: { 200: versioned(Declaration, 'the declaration'), ...problemResponses(401, 403, 404, 409, 412, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(
        withETag(c, await updateDraft(c.get('actor'), id, c.req.valid('json'), expectedVersion(c.req.valid('header')['if-match']))),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/declarations/{id}/submit',
      summary: 'Submit (提交) a draft, or resubmit after correction; starts or resumes the workflow',
      security: bearer,
      middleware: [requireRole('applicant')] as const,
      request: declarationPath,
      responses: { 200: json(Declaration, 'the submitted declaration'), ...problemResponses(401, 403, 404, 409, 422, 503) },
    }),
    async (c) => c.json(await submit(c.get('actor'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/declarations/{id}/withdraw',
      summary: 'Withdraw (撤回) a submitted declaration before its district acts; its places under the call’s caps are given back',
      security: bearer,
      middleware: [requireRole('applicant')] as const,
      request: { ...declarationPath, body: jsonBody(withdrawDeclarationInput) },
      responses: { 200: json(Declaration, 'the withdrawn declaration'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await withdrawDeclaration(c.get('actor'), c.req.valid('param').id, c.req.valid('json').reason), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}/history',
      summary: 'The audit trail: every step, who took it and when',
      security: bearer,
      request: declarationPath,
      responses: { 200: json(z.object({ items: z.array(AuditEvent) }), 'the history, oldest first'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json({ items: await declarationHistory(c.get('actor'), c.req.valid('param').id) }, 200),
  );
