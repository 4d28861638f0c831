import { createRoute, z } from '@hono/zod-openapi';
import { titleStatuses } from '../../../core/titles';
import { callAttachmentFile } from '../../services/call-attachments';
import { listOpenCalls, publicCallOf } from '../../services/public-calls';
import { rosterQuery } from '../../../core/rosters';
import { publicRoster, rosterNames } from '../../services/public-rosters';
import { keptFileResponse } from '../material-download';
import { PortfolioRow } from '../project-schemas';
import { router } from '../router';
import { idParam, json, page, pageQuery, problemResponses } from '../schemas';
import { fileResponses } from './materials';

const PublicCall = z
  .object({
    callId: z.string(),
    title: z.string(),
    kind: z.string(),
    kindName: z.string(),
    year: z.number().int(),
    batch: z.number().int(),
    status: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    quota: z.number().int(),
    guidelines: z.string().openapi({ description: 'the call’s guidelines (申报指南); empty when the office wrote none' }),
    materials: z.array(z.object({ labelZh: z.string(), required: z.boolean() })),
    attachments: z.array(
      z.object({
        attachmentId: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        sizeBytes: z.number().int(),
        href: z.string().openapi({ description: 'where anyone downloads it' }),
      }),
    ),
  })
  .openapi('PublicCall');

/** A published project: the portfolio row's names, none of its standing, and what the roster publishes. */
const RosterItem = PortfolioRow.pick({
  projectId: true,
  title: true,
  kind: true,
  kindName: true,
  year: true,
  batch: true,
  organisationName: true,
  districtName: true,
})
  .extend({
    grade: z.string().nullable().optional().openapi({ description: 'accepted: 优秀 or 合格' }),
    titleName: z.string().optional().openapi({ description: 'named: the title conferred (称号)' }),
    number: z.string().optional().openapi({ description: 'named: the 文号' }),
    namedAt: z.string().optional(),
    validUntil: z.string().optional(),
    titleStatus: z.enum(titleStatuses).optional(),
    titleStatusLabel: z.string().optional(),
  })
  .openapi('PublicRosterItem');

const callPath = { params: z.object({ callId: idParam('callId') }) };

/**
 * What anyone reads without an account besides a notice (issue 22.4): the calls taking
 * declarations with their guidelines and public attachments, and the published rosters.
 */
export const publicListings = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/calls',
      summary: 'The calls taking declarations now, with their guidelines (申报指南) and public attachments; no sign-in',
      security: [],
      request: { query: pageQuery },
      responses: { 200: json(page(PublicCall), 'a page of open calls, newest first'), ...problemResponses(422) },
    }),
    async (c) => c.json(await listOpenCalls(c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/calls/{callId}',
      summary: 'One call as the public reads it: title, window, guidelines, materials asked for, public attachments; no sign-in',
      security: [],
      request: callPath,
      responses: { 200: json(PublicCall, 'the call'), ...problemResponses(404, 422) },
    }),
    async (c) => c.json(await publicCallOf(c.req.valid('param').callId), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/calls/{callId}/attachments/{attachmentId}',
      summary: 'A file the office attached to a call as public; no sign-in (a short-lived link in the cloud, the bytes locally)',
      security: [],
      request: { params: z.object({ callId: idParam('callId'), attachmentId: idParam('attachmentId') }) },
      responses: { ...fileResponses, ...problemResponses(404, 422) },
    }),
    async (c) => {
      const { callId, attachmentId } = c.req.valid('param');
      return keptFileResponse(c, await callAttachmentFile(callId, attachmentId, true));
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/rosters/{roster}',
      summary:
        'A published roster: established (立项), accepted (验收, with grade) or named (命名, with 文号, validity and status); no sign-in',
      security: [],
      request: {
        params: z.object({ roster: z.enum(rosterNames).openapi({ param: { name: 'roster', in: 'path' } }) }),
        query: rosterQuery,
      },
      responses: {
        200: json(
          z.object({
            roster: z.enum(rosterNames),
            year: z.number().int().nullable(),
            kind: z.string().nullable(),
            items: z.array(RosterItem),
            cursor: z.string().nullable().openapi({ description: 'the next page’s cursor; null at the end' }),
          }),
          'a page of the roster, newest year first (in a year, by the portfolio’s order); a project terminated or withdrawn after 立项 is on none',
        ),
        ...problemResponses(422),
      },
    }),
    async (c) => c.json(await publicRoster(c.req.valid('param').roster, c.req.valid('query')), 200),
  );
