import { z } from '@hono/zod-openapi';
import { etagOf, versionOfIfMatch } from '../../core/edits';
import { callConfig, materialInput } from '../../core/schemas';
import { locales } from '../../core/messages';
import { callStatuses, stages, taskKinds } from '../../core/stages';

/**
 * Response shapes for the OpenAPI document. Request shapes live in core/schemas.ts. A response that
 * shows a stored item (Call, Task, Declaration, …) is checked member by member against its entity
 * in functions/adapters/model by tests/unit/entity-shapes.test.ts: the entity is the one source.
 */
export const Problem = z
  .object({
    type: z.string().meta({ description: 'a URI this API serves (`/problems/<name>`), documenting the problem' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    current: z.unknown().optional(),
    currentVersion: z.number().int().optional(),
    retryAfterSeconds: z.number().int().optional(),
  })
  .openapi('Problem');

/** Headers a problem of a status carries, as the document describes them. */
const problemHeaders: Record<number, Record<string, { description: string; schema: { type: 'string' | 'integer' } }>> = {
  401: {
    'WWW-Authenticate': {
      description:
        'how to authenticate (RFC 6750): `Bearer realm="shenbao"`, with `error="invalid_token"` when a token was sent and refused, or `error="insufficient_user_authentication"` (RFC 9470) when a city office or district account signed in without a second factor',
      schema: { type: 'string' },
    },
  },
  409: {
    'Retry-After': {
      description: 'seconds until a retry may take over, when the first request with this Idempotency-Key is still running',
      schema: { type: 'integer' },
    },
  },
  429: { 'Retry-After': { description: 'seconds until the rate limit lets this caller try again', schema: { type: 'integer' } } },
};

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: status === 500 ? 'a fault on our side, logged with the X-Request-Id (RFC 9457 problem)' : 'a problem (RFC 9457)',
        ...(problemHeaders[status] ? { headers: problemHeaders[status] } : {}),
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );

/**
 * `Idempotency-Key` on a mutating request of a signed-in caller (functions/api/idempotency.ts
 * checks its format and answers 422 naming it): documented here, validated there.
 */
export const idempotencyKeyHeader = {
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'run this request once per caller and key for 24 hours: a retry gets the first response again (`Idempotent-Replayed: true`); the same key with another method, path or body is 422; 1–255 of A-Za-z0-9._:-',
      pattern: '^[A-Za-z0-9._:-]{1,255}$',
    }),
};

/** A call as anyone reads it (core/access.ts publicCall): its rules, window, status and notice. */
export const Call = z
  .object({
    callId: z.string(),
    kind: z.string().meta({ description: 'the key of the kind (GET /kinds/{key})' }),
    kindVersion: z
      .number()
      .int()
      .meta({ description: 'the version of the kind the call copied (calls made before kinds were versioned: 1)' }),
    kindNameZh: z.string().optional(),
    kindNameEn: z.string().optional(),
    year: z.number().int(),
    batch: z.number().int(),
    title: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    quota: z.number().int(),
    // The quota is the call's own member, not part of its configuration.
    // Calls made before the draw asked for specialties have none: any expert.
    config: z
      .object(callConfig)
      .omit({ quota: true })
      .partial({
        expertSpecialties: true,
        eligibility: true,
        tieBreak: true,
        form: true,
        reportMaterials: true,
        guidelines: true,
        publishNoticeScores: true,
      })
      .openapi('CallConfig'),
    status: z.enum(callStatuses),
    noticeOpensAt: z.string().optional(),
    noticeEndsAt: z.string().optional(),
  })
  .openapi('Call', { description: 'A call as anyone reads it; the city office reads a CallDetail.' });

/** A call as the city office reads it: also its workflow execution, shortlist and bookkeeping. */
export const CallDetail = Call.extend({
  executionArn: z.string().optional(),
  attachments: z.unknown().optional().meta({
    description: 'files the office attached to the call (issue 22.4); the public reads those marked public at /public/calls/{callId}',
  }),
  /** Years the notice's end was counted through without their holiday schedule: the office should check it. */
  noticeUncoveredYears: z.array(z.number().int()).optional(),
  shortlist: z.array(z.string()).optional(),
  shortlistedBy: z.string().optional(),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
}).openapi('CallDetail', { description: 'A call as the city office reads it.' });

/** A public route's call: a CallDetail when the city office asks with its token, a Call otherwise. */
export const CallAsAsked = z.union([CallDetail, Call]);

export const Task = z
  .object({
    taskId: z.string(),
    declarationId: z.string(),
    callId: z.string(),
    kind: z.enum(taskKinds),
    assignee: z.string(),
    expert: z.string().optional(),
    status: z.enum(['open', 'decided', 'closed']),
    dueAt: z.string(),
    executionArn: z.string(),
    decision: z.unknown().optional(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    callback: z.enum(['none', 'pending', 'sent']),
    createdAt: z.string(),
    remindFrom: z.string().optional(),
    /** A task outside any workflow (the task book's confirmation): when the sweep settles it unanswered. */
    timeoutAt: z.string().optional(),
    assignedBy: z.string().optional(),
    extensions: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string(), by: z.string(), at: z.string() })),
    /** Years its due date was counted through without their holiday schedule: the office should check it. */
    uncoveredYears: z.array(z.number().int()).optional(),
    dueFrom: z.string().optional(),
    dueWorkingDays: z.number().int().optional(),
  })
  .openapi('Task');

const DueDateMove = z.object({
  taskId: z.string(),
  declarationId: z.string(),
  callId: z.string(),
  title: z.string(),
  kind: z.enum(taskKinds),
  assignee: z.string(),
  dueAt: z.string(),
  newDueAt: z.string(),
  days: z.number().int(),
  movable: z.boolean(),
});
const YearSchedule = { year: z.string(), holidays: z.array(z.string()), workdays: z.array(z.string()) };
export const CalendarView = z
  .object({
    packagedYears: z.array(z.number().int()),
    years: z.array(
      z.object({
        ...YearSchedule,
        holidays: YearSchedule.holidays.optional(),
        workdays: YearSchedule.workdays.optional(),
        source: z.enum(['packaged', 'office']),
        version: z.number().int().optional(),
        updatedBy: z.string().optional(),
        updatedAt: z.string().optional(),
      }),
    ),
    history: z.array(
      z.object({ at: z.string(), actor: z.string(), actorName: z.string().optional(), action: z.string(), reason: z.string().optional() }),
    ),
  })
  .openapi('OfficeCalendar');
export const CalendarPreview = z.object({ ...YearSchedule, moves: z.array(DueDateMove) }).openapi('CalendarPreview');
export const CalendarSaved = z
  .object({ ...YearSchedule, version: z.number().int(), updatedBy: z.string(), updatedAt: z.string(), moved: z.array(DueDateMove) })
  .openapi('CalendarSaved');

export const TaskView = Task.extend({
  reminders: z.array(z.object({ kind: z.string(), dueAt: z.string(), recipients: z.array(z.string()), sentAt: z.string() })),
  blockedReason: z
    .string()
    .optional()
    .describe(
      'on an acceptance decision: why it cannot accept the project now (no 决算, or one that does not reconcile, naming the lines)',
    ),
}).openapi('TaskView');

export const Notification = z
  .object({
    notificationId: z.string(),
    recipient: z.string(),
    kind: z.string(),
    subject: z.string(),
    body: z.string(),
    link: z.string(),
    locale: z.enum(locales),
    taskId: z.string().optional(),
    declarationId: z.string().optional(),
    callId: z.string().optional(),
    dueAt: z.string().optional(),
    createdAt: z.string(),
    readAt: z.string().optional(),
    read: z.boolean(),
  })
  .openapi('Notification');

/** A stored form value (core/form-definition.ts): text, a number, yes/no, a multi-select's choices, or a table's rows of such cells. */
const formCell = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const formValue = z.union([formCell, z.array(z.record(z.string(), formCell))]);

export const Declaration = z
  .object({
    declarationId: z.string(),
    callId: z.string(),
    kind: z.string(),
    organisationId: z.string(),
    districtId: z.string(),
    applicant: z.string(),
    title: z.string(),
    summary: z.string().optional(),
    contactName: z.string().optional(),
    contactPhone: z.string().optional(),
    fields: z.record(z.string(), formValue).optional(),
    materials: z.array(z.object(materialInput.shape)).optional(),
    stage: z.enum(stages),
    districtRank: z.number().int().optional(),
    experts: z.array(z.string()).optional(),
    avoidExperts: z.array(z.string()).optional(),
    /** 专家邀请 (the city office's to see): how many must accept, everyone asked, who accepted, whose invitation ended unaccepted. */
    expertsWanted: z.number().int().optional(),
    invitedExperts: z.array(z.string()).optional(),
    acceptedExperts: z.array(z.string()).optional(),
    closedInvitations: z.array(z.string()).optional(),
    scoresIn: z.number().int().optional(),
    score: z.unknown().optional(),
    shortlisted: z.boolean().optional(),
    objectionUpheld: z.boolean().optional(),
    version: z.number().int(),
    submissions: z.number().int(),
    executionArn: z.string().optional(),
    lastReason: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    /** The eligibility counters its submission took a place in (given back if it is withdrawn). */
    countedIn: z.array(z.string()).optional(),
  })
  .openapi('Declaration');

export const DeclarationView = Declaration.extend({ openTasks: z.array(Task) }).openapi('DeclarationView');

export const AuditEvent = z
  .object({
    eventId: z.string(),
    declarationId: z.string(),
    at: z.string(),
    actor: z.string(),
    actorName: z.string().optional().meta({ description: 'who the actor was when they acted (their name then); absent on older events' }),
    action: z.string(),
    fromStage: z.string().optional(),
    toStage: z.string().optional(),
    reason: z.string().optional(),
    taskId: z.string().optional(),
    correlationId: z.string().optional().meta({ description: 'the request (or sweep run) that caused it, as its log lines name it' }),
  })
  .openapi('AuditEvent');

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), cursor: z.string().nullable() });

const id = () =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'an id of letters, digits, _ and -');
export const idParam = (name: string) => id().openapi({ param: { name, in: 'path' } });
export const idQuery = (name: string) => id().openapi({ param: { name, in: 'query' } });

export const bearer = [{ bearer: [] }];

export const Objection = z
  .object({
    objectionId: z.string(),
    callId: z.string(),
    declarationId: z.string(),
    filedBy: z.string(),
    realName: z.string(),
    contact: z.string().optional().openapi({ description: 'an objection from the public: the mobile or email its code was confirmed at' }),
    receipt: z.string().optional(),
    reason: z.string(),
    evidence: z.string().optional(),
    evidenceFiles: z
      .array(
        z.object({
          fileId: z.string(),
          fileName: z.string(),
          contentType: z.string(),
          sizeBytes: z.number().int(),
          uploadedAt: z.string(),
        }),
      )
      .optional()
      .openapi({ description: 'files a public objector uploaded; GET /objections/{objectionId}/evidence/{fileId}' }),
    status: z.enum(['open', 'upheld', 'dismissed']),
    handledBy: z.string().optional(),
    handledAt: z.string().optional(),
    note: z.string().optional(),
    filedAt: z.string(),
  })
  .openapi('Objection');

export const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A response that carries the resource's version as its ETag, for a later If-Match. */
export const versioned = <T>(schema: T, description: string) => ({
  ...json(schema, description),
  headers: {
    ETag: { description: 'the version, quoted ("3"); send it back in If-Match when editing', schema: { type: 'string' as const } },
  },
});

/**
 * Sets the resource's ETag on the answer and gives the resource back, for `c.json(withETag(c, x), 200)`.
 * A view without its version (a call as the public reads it) gets none: only those who may edit need it.
 */
export function withETag<T extends object>(c: { header(name: string, value: string): void }, resource: T): T {
  const { version } = resource as { version?: unknown };
  if (typeof version === 'number') c.header('etag', etagOf(version));
  return resource;
}

/** The version an If-Match names (the schema has checked its form); undefined for none or `*`. */
export const expectedVersion = (header: string | undefined) => versionOfIfMatch(header) ?? undefined;

/**
 * If-Match on an edit: the ETag of the version the client edited. A stale one is a 412 carrying
 * the current resource. Optional, so scripts written before it keep working (last write wins for
 * them, one write at a time); the web pages always send their version.
 */
export const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^\s*(\*|(W\/)?"[1-9][0-9]{0,14}")\s*$/, 'an ETag of this resource, e.g. "3"')
    .optional()
    .openapi({
      param: { name: 'if-match', in: 'header' },
      description: 'the ETag of the version edited; a stale one is refused with 412',
      example: '"3"',
    }),
});
