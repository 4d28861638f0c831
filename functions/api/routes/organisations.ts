import { createRoute, z } from '@hono/zod-openapi';
import {
  createOrganisationInput,
  organisationIdParam,
  organisationQuery,
  updateOrganisationInput,
} from '../../../core/organisation-schemas';
import { organisationLevels, organisationTypes } from '../../../core/organisations';
/** Loaded on the first directory request: the API's cold start does not pay for it (the bundle's ceiling). */
const service = () => import('../../services/organisations');
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { AuditEvent, bearer, expectedVersion, ifMatchHeaders, json, problemResponses, versioned, withETag } from '../schemas';

export const Organisation = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    shortName: z.string().optional(),
    level: z.enum(organisationLevels),
    type: z.enum(organisationTypes),
    parentId: z.string().optional().meta({ description: 'absent for the city' }),
    districtId: z.string().meta({ description: 'the district it belongs to (itself at district level); `-` for the city' }),
    contact: z.object({ name: z.string().optional(), phone: z.string().optional(), email: z.string().optional() }).optional(),
    creditCode: z.string().optional().meta({ description: '统一社会信用代码' }),
    status: z.enum(['active', 'retired']),
    version: z.number(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .openapi('Organisation');
const OrganisationDetail = Organisation.extend({
  manageable: z
    .boolean()
    .meta({ description: 'whether the caller may change it (a district bureau sees its own entry but does not manage it)' }),
}).openapi('OrganisationDetail');

const organisationPath = {
  params: z.object({
    // zod's own meta(), not .openapi(): this schema is core's, which may be built before @hono/zod-openapi extends zod.
    organisationId: organisationIdParam.meta({ param: { name: 'organisationId', in: 'path' } }),
  }),
};
const statusInput = z.strictObject({ status: z.enum(['active', 'retired']) });

/**
 * The network's organisations (issue 19): the city office manages all, a district bureau the street
 * centres and teaching points of its district; another district's reads as absent (404).
 */
export const organisations = router();
organisations.use('/organisations', requireActor, requireRole('city-admin', 'district-reviewer'));
organisations.use('/organisations/*', requireActor, requireRole('city-admin', 'district-reviewer'));

organisations
  .openapi(
    createRoute({
      method: 'get',
      path: '/organisations',
      summary:
        "Organisations: a parent's children (`parent`), a district's (`district`), or the whole network; `q` searches names (city admin, district bureau: its own district)",
      security: bearer,
      request: { query: organisationQuery },
      responses: {
        200: json(z.object({ items: z.array(Organisation) }), 'the organisations, by name'),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => c.json({ items: await (await service()).listOrganisations(c.get('actor'), c.req.valid('query')) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/organisations',
      summary:
        'Create an organisation under a parent one level up; the same name under the same parent, or the same credit code, is a 409 naming it',
      security: bearer,
      request: { body: jsonBody(createOrganisationInput) },
      responses: { 201: versioned(Organisation, 'the organisation'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(withETag(c, await (await service()).createOrganisation(c.get('actor'), c.req.valid('json'))), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organisations/{organisationId}',
      summary: 'One organisation',
      security: bearer,
      request: organisationPath,
      responses: { 200: versioned(OrganisationDetail, 'the organisation'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json(withETag(c, await (await service()).organisationView(c.get('actor'), c.req.valid('param').organisationId)), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/organisations/{organisationId}',
      summary: 'Rename, move (a new parent one level up, never below itself: 422) or edit an organisation; audited',
      security: bearer,
      request: { ...organisationPath, headers: ifMatchHeaders, body: jsonBody(updateOrganisationInput) },
      responses: { 200: versioned(Organisation, 'the organisation'), ...problemResponses(401, 403, 404, 409, 412, 422) },
    }),
    async (c) => {
      const { organisationId } = c.req.valid('param');
      const version = expectedVersion(c.req.valid('header')['if-match']);
      const { updateOrganisation } = await service();
      return c.json(withETag(c, await updateOrganisation(c.get('actor'), organisationId, c.req.valid('json'), version)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/organisations/{organisationId}/status',
      summary: 'Retire an organisation (never deleted; refused while it has active children) or bring it back; audited',
      security: bearer,
      request: { ...organisationPath, headers: ifMatchHeaders, body: jsonBody(statusInput) },
      responses: { 200: versioned(Organisation, 'the organisation'), ...problemResponses(401, 403, 404, 409, 412, 422) },
    }),
    async (c) => {
      const { organisationId } = c.req.valid('param');
      const version = expectedVersion(c.req.valid('header')['if-match']);
      const { setOrganisationStatus } = await service();
      return c.json(withETag(c, await setOrganisationStatus(c.get('actor'), organisationId, c.req.valid('json').status, version)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/organisations/{organisationId}/history',
      summary: "An organisation's record: who created, renamed, moved or retired it, and when",
      security: bearer,
      request: organisationPath,
      responses: {
        200: json(z.object({ items: z.array(AuditEvent) }), 'the history, oldest first'),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => c.json({ items: await (await service()).organisationHistory(c.get('actor'), c.req.valid('param').organisationId) }, 200),
  );
