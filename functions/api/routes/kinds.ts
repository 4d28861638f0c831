import { createRoute, z } from '@hono/zod-openapi';
import { kindDefinition, kindKey } from '../../../core/kind-definition';
import { personText } from '../../../core/text';
import { createKind, createKindVersion, getKind, getKindVersion, kindHistory, listKinds, updateKindVersion } from '../../services/kinds';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { AuditEvent, bearer, json, problemResponses } from '../schemas';

const KindSummary = z
  .object({
    key: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    latestVersion: z.number().int(),
    versions: z.number().int(),
    status: z.enum(['active', 'retired']),
  })
  .openapi('KindSummary');
const KindVersionSummary = z
  .object({
    version: z.number().int(),
    inUse: z.boolean().meta({ description: 'a call uses it: it can no longer change (a change is a new version)' }),
    note: z.string().optional(),
    createdBy: z.string(),
    createdByName: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string().optional(),
  })
  .openapi('KindVersionSummary');
const KindVersion = KindVersionSummary.extend({
  key: z.string(),
  definition: z.record(z.string(), z.unknown()).meta({ description: 'the definition, as POST /kinds takes it' }),
  revision: z.number().int(),
}).openapi('KindVersion');

const Member = z.record(z.string(), z.unknown());
const MemberChange = z
  .object({
    member: z.string().meta({ description: "the member's path: `maxLength`, `position`, `deadlines.formalReview`" }),
    from: z.unknown().optional().meta({ description: 'absent: the member was not set' }),
    to: z.unknown().optional(),
  })
  .openapi('KindMemberChange');
const ListDiff = z
  .object({
    added: z.array(Member),
    removed: z.array(Member),
    changed: z.array(z.object({ key: z.string(), from: Member, to: Member, members: z.array(MemberChange) })),
  })
  .openapi('KindListDiff');
const KindDiff = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    form: ListDiff,
    materials: ListDiff,
    rubric: ListDiff,
    acceptanceRubric: ListDiff,
    kpiTargets: ListDiff,
    settings: z.array(MemberChange),
  })
  .openapi('KindDiff');
const versionNumber = z.coerce.number().int().min(1).max(10_000);

const note = personText(500, { multiline: true }).optional();
const definition = kindDefinition;
const createKindInput = z.strictObject({ key: kindKey, definition, note });
const newVersionInput = z.strictObject({ definition: definition.optional(), note });
const editVersionInput = z.strictObject({
  definition,
  note,
  /** The revision the editor read (GET …/versions/{version} gives it); a stale one is 409 changed-meanwhile, so two editors never overwrite each other. */
  revision: z.number().int().min(1).max(1e9).optional(),
});

const keyPath = { params: z.object({ key: kindKey.meta({ param: { name: 'key', in: 'path' } }) }) };
const versionPath = {
  params: keyPath.params.extend({
    version: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .openapi({ param: { name: 'version', in: 'path' } }),
  }),
};

/**
 * Kinds (项目类型) as the office's data (issue 20): anyone signed in reads them, the city office
 * creates and versions them. Bodies up to 1 MiB (a form of a hundred fields with options).
 */
export const kinds = router();
kinds.use('/kinds', requireActor);
kinds.use('/kinds/*', requireActor);

kinds
  .openapi(
    createRoute({
      method: 'get',
      path: '/kinds',
      summary: 'The kinds a call may be made of, by key (anyone signed in)',
      security: bearer,
      responses: { 200: json(z.object({ items: z.array(KindSummary) }), 'the kinds'), ...problemResponses(401, 422) },
    }),
    async (c) => c.json({ items: await listKinds(c.get('actor')) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/kinds',
      summary: 'Create a kind with its first version (city office); a key in use is 409',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: { body: jsonBody(createKindInput) },
      responses: { 201: json(KindVersion, 'version 1 of the kind'), ...problemResponses(401, 403, 409, 422) },
    }),
    async (c) => c.json(await createKind(c.get('actor'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/kinds/{key}',
      summary: 'A kind and its versions (anyone signed in)',
      security: bearer,
      request: keyPath,
      responses: {
        200: json(z.object({ kind: KindSummary, versions: z.array(KindVersionSummary) }), 'the kind'),
        ...problemResponses(401, 404, 422),
      },
    }),
    async (c) => c.json(await getKind(c.get('actor'), c.req.valid('param').key), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/kinds/{key}/history',
      summary: 'Who created, versioned and edited the kind, and when (city office)',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: keyPath,
      responses: { 200: json(z.object({ items: z.array(AuditEvent) }), 'oldest first'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json({ items: await kindHistory(c.get('actor'), c.req.valid('param').key) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/kinds/{key}/versions',
      summary: 'A new version of a kind: the definition given, or a copy of the latest (city office)',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: { ...keyPath, body: jsonBody(newVersionInput) },
      responses: { 201: json(KindVersion, 'the new version'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await createKindVersion(c.get('actor'), c.req.valid('param').key, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/kinds/{key}/versions/{version}',
      summary: 'One version of a kind with its definition (anyone signed in)',
      security: bearer,
      request: versionPath,
      responses: { 200: json(KindVersion, 'the version'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => {
      const { key, version } = c.req.valid('param');
      return c.json(await getKindVersion(c.get('actor'), key, version), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/kinds/{key}/versions/{version}',
      summary: 'Replace the definition of a version no call uses yet; one a call uses is 409 kind-version-in-use (city office)',
      security: bearer,
      middleware: [requireRole('city-admin')] as const,
      request: { ...versionPath, body: jsonBody(editVersionInput) },
      responses: { 200: json(KindVersion, 'the version'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { key, version } = c.req.valid('param');
      return c.json(await updateKindVersion(c.get('actor'), key, version, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/kinds/{key}/diff',
      summary:
        'What changed from one version of a kind to another: fields, materials, criteria and KPIs matched by key (added, removed, changed member by member) and the settings by path (anyone signed in)',
      security: bearer,
      request: { ...keyPath, query: z.object({ from: versionNumber, to: versionNumber }) },
      responses: { 200: json(KindDiff, 'the difference, the older version named first'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => {
      const { key } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      const { diffKindVersions } = await import('../../services/kind-diff');
      const { diff } = await diffKindVersions(c.get('actor'), key, from, to);
      return c.json({ from, to, ...diff }, 200);
    },
  );
