import { createRoute, z } from '@hono/zod-openapi';
import { createPersonInput, existingUsername, peopleQuery, profileInput } from '../../../core/account-schemas';
import { personStatuses } from '../../../core/accounts';
import { roles } from '../../../core/identity';
import { locales } from '../../../core/messages';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { AuditEvent, bearer, json, problemResponses } from '../schemas';

/** Account administration is rare: its service (and the identity provider's SDK behind it) loads with the first such request, not on a cold start. */
const accounts = () => import('../../services/accounts');

const OpenTask = z.object({ taskId: z.string(), kind: z.string(), declarationId: z.string(), dueAt: z.string(), assignee: z.string() });
const Person = z
  .object({
    username: z.string(),
    role: z.enum(roles),
    displayName: z.string().optional(),
    email: z.string().optional(),
    mobile: z.string().optional(),
    locale: z.enum(locales),
    status: z.enum(personStatuses),
    organisationId: z.string().optional(),
    districtId: z.string().optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    version: z.number(),
    openTasks: z.array(OpenTask).optional().meta({ description: 'tasks assigned to this person by name (for those who manage them)' }),
  })
  .openapi('Person');
const StatusChange = z
  .object({ person: Person, openTasks: z.array(OpenTask).meta({ description: 'to reassign: disabling closes none of them' }) })
  .openapi('PersonStatusChange');
const personPath = { params: z.object({ username: existingUsername.openapi({ param: { name: 'username', in: 'path' } }) }) };

/** The directory's people and their sign-in accounts (the city office; a district bureau for its own centres' applicants). */
export const people = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/people',
      summary: 'Create a person and their sign-in account (Cognito sends the invitation where it holds the accounts)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin', 'district-reviewer')] as const,
      request: { body: jsonBody(createPersonInput) },
      responses: {
        201: json(
          z.object({
            person: Person,
            account: z.object({ provider: z.enum(['cognito', 'local', 'external']), invitationSent: z.boolean() }),
          }),
          'the person; where the provider is external, make the account there with the same username',
        ),
        ...problemResponses(401, 403, 404, 409, 422, 503),
      },
    }),
    async (c) => c.json(await (await accounts()).createPerson(c.get('actor'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/people',
      summary: 'People of one organisation or one role, as far as the caller manages them',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin', 'district-reviewer')] as const,
      request: { query: peopleQuery },
      responses: { 200: json(z.object({ items: z.array(Person) }), 'people'), ...problemResponses(401, 403, 422) },
    }),
    async (c) => c.json({ items: await (await accounts()).listPeople(c.get('actor'), c.req.valid('query')) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/people/{username}',
      summary: 'A person (themselves, or whom the caller manages, with their open tasks)',
      security: bearer,
      middleware: [requireActor] as const,
      request: personPath,
      responses: { 200: json(Person, 'the person'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json(await (await accounts()).getPerson(c.get('actor'), c.req.valid('param').username), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/people/{username}',
      summary: 'Change one’s own display name, mobile or language; one’s role, organisation and district are refused (403, audited)',
      security: bearer,
      middleware: [requireActor] as const,
      request: { ...personPath, body: jsonBody(profileInput) },
      responses: { 200: json(Person, 'the person'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await (await accounts()).updateOwnProfile(c.get('actor'), c.req.valid('param').username, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/people/{username}/disable',
      summary: 'Disable a person’s account; their open tasks are listed for reassignment, none is closed',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin', 'district-reviewer')] as const,
      request: personPath,
      responses: { 200: json(StatusChange, 'the person and their open tasks'), ...problemResponses(401, 403, 404, 409, 503) },
    }),
    async (c) => c.json(await (await accounts()).setPersonStatus(c.get('actor'), c.req.valid('param').username, 'disabled'), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/people/{username}/enable',
      summary: 'Re-enable a person’s account',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin', 'district-reviewer')] as const,
      request: personPath,
      responses: { 200: json(StatusChange, 'the person'), ...problemResponses(401, 403, 404, 409, 503) },
    }),
    async (c) => c.json(await (await accounts()).setPersonStatus(c.get('actor'), c.req.valid('param').username, 'active'), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/people/{username}/history',
      summary: 'A person’s account history: created, disabled, re-enabled, refused attempts to widen their scope',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin', 'district-reviewer')] as const,
      request: personPath,
      responses: { 200: json(z.object({ items: z.array(AuditEvent) }), 'the history'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json({ items: await (await accounts()).personHistory(c.get('actor'), c.req.valid('param').username) }, 200),
  );
