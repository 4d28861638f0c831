import { Entity, Service, type EntityItem } from 'electrodb';
import { documentClient } from './aws';
import { requireEnv } from './env';
import { projectKinds } from '../../core/kinds';
import { projectStages } from '../../core/projects';
import { locales } from '../../core/messages';
import { roles } from '../../core/identity';
import { callStatuses, stages, taskKinds } from '../../core/stages';
import { stateMachines } from '../steps/registry';

/**
 * The single-table model. Index names say the access pattern they serve; every list the API or
 * the sweep serves is a Query on one of them.
 */
const service = 'shenbao';

/**
 * The sweep's index (gsi4) is sparse and kept by hand rather than by ElectroDB: an item is in it
 * only while it carries `sweepQueue` (gsi4pk: 'task', 'call' or 'intent') and `sweepAt` (gsi4sk: when the
 * sweep must next look at it), and leaves it when those are removed — so a sweep Queries
 * `sweepAt <= now` and reads only what is due.
 */
const sweepAttributes = {
  sweepQueue: { type: ['task', 'call', 'intent'] as const, field: 'gsi4pk' },
  sweepAt: { type: 'string', field: 'gsi4sk' },
} as const;

const call = new Entity({
  model: { entity: 'call', version: '1', service },
  attributes: {
    callId: { type: 'string', required: true },
    kind: { type: projectKinds, required: true },
    year: { type: 'number', required: true },
    batch: { type: 'number', required: true },
    title: { type: 'string', required: true },
    opensAt: { type: 'string', required: true },
    closesAt: { type: 'string', required: true },
    quota: { type: 'number', required: true },
    /** The kind's preset as adjusted for this call (CallConfig in core/kinds.ts). */
    config: { type: 'any', required: true },
    status: { type: callStatuses, required: true, default: 'scheduled' },
    executionArn: { type: 'string' },
    shortlist: { type: 'list', items: { type: 'string' } },
    shortlistedBy: { type: 'string' },
    noticeOpensAt: { type: 'string' },
    noticeEndsAt: { type: 'string' },
    /** Years the notice's end was counted through without their holiday schedule (the office is warned). */
    noticeUncoveredYears: { type: 'list', items: { type: 'number' } },
    ...sweepAttributes,
    version: { type: 'number', required: true, default: 1 },
    createdBy: { type: 'string', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string' },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['callId'] }, sk: { field: 'sk', composite: [] } },
    allCalls: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: [] },
      sk: { field: 'gsi1sk', composite: ['opensAt', 'callId'] },
    },
  },
});

const declaration = new Entity({
  model: { entity: 'declaration', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    kind: { type: projectKinds, required: true },
    organisationId: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    applicant: { type: 'string', required: true },
    title: { type: 'string', required: true },
    summary: { type: 'string' },
    contactName: { type: 'string' },
    contactPhone: { type: 'string' },
    fields: { type: 'any' },
    materials: { type: 'any' },
    stage: { type: stages, required: true },
    districtRank: { type: 'number' },
    experts: { type: 'list', items: { type: 'string' } },
    /** How many assigned experts have scored; the last one completes the stage. */
    scoresIn: { type: 'number' },
    /** The combined score and how it was reached (core/scoring.ts `Combined`, plus criterion means). */
    score: { type: 'any' },
    shortlisted: { type: 'boolean' },
    objectionUpheld: { type: 'boolean' },
    /** Bumped by every write, so racing writers are told apart by a condition. */
    version: { type: 'number', required: true },
    submissions: { type: 'number', required: true, default: 0 },
    executionArn: { type: 'string' },
    lastReason: { type: 'string' },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
    submittedAt: { type: 'string' },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: [] } },
    byCall: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['callId'] },
      sk: { field: 'gsi1sk', composite: ['createdAt', 'declarationId'] },
    },
    byOrganisation: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['organisationId'] },
      sk: { field: 'gsi2sk', composite: ['createdAt', 'declarationId'] },
    },
    byDistrict: {
      index: 'gsi3',
      pk: { field: 'gsi3pk', composite: ['districtId'] },
      sk: { field: 'gsi3sk', composite: ['createdAt', 'declarationId'] },
    },
  },
});

const task = new Entity({
  model: { entity: 'task', version: '1', service },
  attributes: {
    taskId: { type: 'string', required: true },
    declarationId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    kind: { type: taskKinds, required: true },
    assignee: { type: 'string', required: true },
    /** An expert_score task's expert (its assignee is user:<expert>). */
    expert: { type: 'string' },
    status: { type: ['open', 'decided', 'closed'] as const, required: true },
    dueAt: { type: 'string', required: true },
    taskToken: { type: 'string', required: true },
    executionArn: { type: 'string', required: true },
    /** The decision's payload for Step Functions; kept so a lost callback can be replayed. */
    decision: { type: 'any' },
    decidedBy: { type: 'string' },
    decidedAt: { type: 'string' },
    callback: { type: ['none', 'pending', 'sent'] as const, required: true, default: 'none' },
    createdAt: { type: 'string', required: true },
    /** When the current due date was set (opened or extended): reminders before it are not sent late. */
    remindFrom: { type: 'string' },
    /** Who assigned an expert's task, told if it is overdue too long. */
    assignedBy: { type: 'string' },
    /** Every extension: { from, to, reason, by, at }, oldest first. */
    extensions: { type: 'any' },
    /** Years its due date was counted through without their holiday schedule (the office is warned). */
    uncoveredYears: { type: 'list', items: { type: 'number' } },
    /** A due date counted in working days: from when and how many, so a calendar change can recount it. */
    dueFrom: { type: 'string' },
    dueWorkingDays: { type: 'number' },
    ...sweepAttributes,
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['taskId'] }, sk: { field: 'sk', composite: [] } },
    byAssignee: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['assignee'] },
      sk: { field: 'gsi1sk', composite: ['status', 'dueAt', 'taskId'] },
    },
    byDeclaration: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['declarationId'] },
      sk: { field: 'gsi2sk', composite: ['createdAt', 'taskId'] },
    },
  },
});

/** The expert pool (专家资源库): who may be assigned, and where they come from for 回避. */
const expert = new Entity({
  model: { entity: 'expert', version: '1', service },
  attributes: {
    username: { type: 'string', required: true },
    displayName: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    organisationId: { type: 'string', required: true },
    createdAt: { type: 'string', required: true },
  },
  indexes: {
    pool: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['username'] } },
  },
});

/** One expert's score sheet for one declaration. */
const scoreSheet = new Entity({
  model: { entity: 'scoresheet', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    expert: { type: 'string', required: true },
    scores: { type: 'any', required: true },
    weighted: { type: 'number', required: true },
    comment: { type: 'string', required: true },
    submittedAt: { type: 'string', required: true },
  },
  indexes: {
    byDeclaration: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: ['expert'] } },
  },
});

/** How many declarations a district has recommended in a call; the cap is a condition on it. */
const districtRecommendations = new Entity({
  model: { entity: 'districtcount', version: '1', service },
  attributes: {
    callId: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    recommended: { type: 'number' },
  },
  indexes: {
    byCallAndDistrict: { pk: { field: 'pk', composite: ['callId', 'districtId'] }, sk: { field: 'sk', composite: [] } },
  },
});

/** An objection (异议) filed during a call's public notice, and how the office handled it. */
const objection = new Entity({
  model: { entity: 'objection', version: '1', service },
  attributes: {
    objectionId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    declarationId: { type: 'string', required: true },
    filedBy: { type: 'string', required: true },
    realName: { type: 'string', required: true },
    reason: { type: 'string', required: true },
    evidence: { type: 'string' },
    status: { type: ['open', 'upheld', 'dismissed'] as const, required: true },
    handledBy: { type: 'string' },
    handledAt: { type: 'string' },
    note: { type: 'string' },
    filedAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['objectionId'] }, sk: { field: 'sk', composite: [] } },
    byCall: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['callId'] },
      sk: { field: 'gsi1sk', composite: ['filedAt', 'objectionId'] },
    },
  },
});

/**
 * An established project through construction and acceptance; its id is its declaration's, so the
 * tasks, audit trail and visibility of the declaration carry over. `stage` is the project's own
 * (core/projects.ts); the declaration's selection stage stays `approved`.
 */
const project = new Entity({
  model: { entity: 'project', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    kind: { type: projectKinds, required: true },
    organisationId: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    title: { type: 'string', required: true },
    stage: { type: projectStages, required: true },
    /** core/projects.ts `Milestones`. */
    milestones: { type: 'any', required: true },
    /** The call's KPI targets when the project was established. */
    kpiTargets: { type: 'any', required: true },
    midtermDone: { type: 'boolean', required: true, default: false },
    /** Reports, actuals and results of the mid-term check: { report, rectification, review, recheck }. */
    midterm: { type: 'any' },
    /** The acceptance application, rectification and result. */
    acceptance: { type: 'any' },
    acceptanceRectified: { type: 'boolean' },
    /** Experts assigned at acceptance (they may see the project while assigned). */
    experts: { type: 'list', items: { type: 'string' } },
    scoresIn: { type: 'number' },
    score: { type: 'any' },
    siteVisits: { type: 'any' },
    naming: { type: 'any' },
    provinceRecommendation: { type: 'any' },
    lastReason: { type: 'string' },
    /** The phase execution now running, and every one the project has had, oldest first. */
    executionArn: { type: 'string' },
    executions: { type: 'list', items: { type: 'string' } },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: [] } },
  },
});

/** One expert's acceptance score sheet (考核验收), apart from the selection's sheets. */
const acceptanceSheet = new Entity({
  model: { entity: 'acceptancesheet', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    expert: { type: 'string', required: true },
    scores: { type: 'any', required: true },
    weighted: { type: 'number', required: true },
    comment: { type: 'string', required: true },
    submittedAt: { type: 'string', required: true },
  },
  indexes: {
    byDeclaration: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: ['expert'] } },
  },
});

const auditEvent = new Entity({
  model: { entity: 'audit', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    eventId: { type: 'string', required: true },
    at: { type: 'string', required: true },
    actor: { type: 'string', required: true },
    action: { type: 'string', required: true },
    fromStage: { type: 'string' },
    toStage: { type: 'string' },
    reason: { type: 'string' },
    taskId: { type: 'string' },
    /** The request or step that wrote it, as its log lines carry it (functions/adapters/correlation.ts). */
    correlationId: { type: 'string' },
  },
  indexes: {
    byDeclaration: {
      pk: { field: 'pk', composite: ['declarationId'] },
      sk: { field: 'sk', composite: ['at', 'eventId'] },
    },
  },
});

/**
 * A mutating request's `Idempotency-Key`, per caller: what the first request was (a hash) and,
 * once done, its response. `expiresAt` is the table's TTL attribute; DynamoDB Local does not
 * delete reliably, so readers treat an expired record as absent.
 */
const idempotencyRecord = new Entity({
  model: { entity: 'idempotency', version: '1', service },
  attributes: {
    caller: { type: 'string', required: true },
    key: { type: 'string', required: true },
    requestHash: { type: 'string', required: true },
    status: { type: ['in_progress', 'completed'] as const, required: true },
    /** Until when (epoch ms) the first request holds the key; a crashed one's lease runs out. */
    leaseUntil: { type: 'number', required: true },
    responseStatus: { type: 'number' },
    responseType: { type: 'string' },
    responseBody: { type: 'string' },
    createdAt: { type: 'string', required: true },
    expiresAt: { type: 'number', required: true },
  },
  indexes: {
    byCallerAndKey: { pk: { field: 'pk', composite: ['caller', 'key'], casing: 'none' }, sk: { field: 'sk', composite: [] } },
  },
});

/** A fixed-window counter of one subject's attempts at something rate-limited. */
const rateWindow = new Entity({
  model: { entity: 'ratewindow', version: '1', service },
  attributes: {
    bucket: { type: 'string', required: true },
    subject: { type: 'string', required: true },
    /** The window's start, epoch seconds. */
    windowStart: { type: 'number', required: true },
    hits: { type: 'number' },
    expiresAt: { type: 'number' },
  },
  indexes: {
    bySubjectAndWindow: {
      pk: { field: 'pk', composite: ['bucket', 'subject', 'windowStart'], casing: 'none' },
      sk: { field: 'sk', composite: [] },
    },
  },
});

/**
 * One reminder point sent for one subject (a task, or a draft before its call closes) and one due
 * date. Created with a condition, in the same transaction as its notifications, so it is sent
 * exactly once however many sweeps run; an extension is a new due date and a new round.
 */
const reminder = new Entity({
  model: { entity: 'reminder', version: '1', service },
  attributes: {
    subjectId: { type: 'string', required: true },
    kind: { type: 'string', required: true },
    dueAt: { type: 'string', required: true },
    recipients: { type: 'list', items: { type: 'string' }, required: true },
    sentAt: { type: 'string', required: true },
  },
  indexes: {
    bySubject: { pk: { field: 'pk', composite: ['subjectId'] }, sk: { field: 'sk', composite: ['dueAt', 'kind'] } },
  },
});

/** An in-app notification (and the email sent with it), one per recipient. */
const notification = new Entity({
  model: { entity: 'notification', version: '1', service },
  attributes: {
    notificationId: { type: 'string', required: true },
    recipient: { type: 'string', required: true },
    kind: { type: 'string', required: true },
    subject: { type: 'string', required: true },
    body: { type: 'string', required: true },
    link: { type: 'string', required: true },
    locale: { type: locales, required: true },
    taskId: { type: 'string' },
    declarationId: { type: 'string' },
    callId: { type: 'string' },
    dueAt: { type: 'string' },
    createdAt: { type: 'string', required: true },
    readAt: { type: 'string' },
    /** Sparse "unread" index (gsi2), kept by hand like the sweep's: removed when read. */
    unreadOf: { type: 'string', field: 'gsi2pk' },
    unreadSort: { type: 'string', field: 'gsi2sk' },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['notificationId'] }, sk: { field: 'sk', composite: [] } },
    byRecipient: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['recipient'] },
      sk: { field: 'gsi1sk', composite: ['createdAt', 'notificationId'] },
    },
  },
});

/**
 * The directory the notifier addresses: who holds a role, a district or an organisation, their
 * email and language. Locally seeded from local/users.ts; in the cloud written when an account is
 * provisioned.
 */
const person = new Entity({
  model: { entity: 'person', version: '1', service },
  attributes: {
    username: { type: 'string', required: true },
    role: { type: roles, required: true },
    displayName: { type: 'string' },
    email: { type: 'string' },
    locale: { type: locales, required: true, default: 'zh-CN' },
    /** The assignee key a task for this person's group carries: role:city-admin, district:…, org:…. */
    group: { type: 'string', required: true },
  },
  indexes: {
    byUsername: { pk: { field: 'pk', composite: ['username'] }, sk: { field: 'sk', composite: [] } },
    byGroup: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['group'] },
      sk: { field: 'gsi1sk', composite: ['username'] },
    },
  },
});

/** Where a paged pass of the sweep left off (the running executions it checks a page at a time). */
const sweepCursor = new Entity({
  model: { entity: 'sweepcursor', version: '1', service },
  attributes: {
    name: { type: 'string', required: true },
    nextToken: { type: 'string' },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byName: { pk: { field: 'pk', composite: ['name'] }, sk: { field: 'sk', composite: [] } },
  },
});

/**
 * The outbox: a Step Functions call (start or stop an execution) a state change promises, written
 * in the same transaction as the change. The request path carries it out at once and marks it
 * done; one left pending (a crash, an outage between the two) stays in the sweep's index
 * (sweepQueue 'intent') until the reconciler carries it out. Idempotent by the execution's name.
 */
const intent = new Entity({
  model: { entity: 'intent', version: '1', service },
  attributes: {
    intentId: { type: 'string', required: true },
    action: { type: ['start', 'stop'] as const, required: true },
    /** The state machine (workflows/<machine>) of the execution. */
    machine: { type: stateMachines },
    /** A start's execution name: a start with the same name finds the first. */
    name: { type: 'string' },
    /** A stop's execution. */
    executionArn: { type: 'string' },
    /** A start's input, as JSON. */
    input: { type: 'string' },
    /** A stop's error and cause. */
    error: { type: 'string' },
    cause: { type: 'string' },
    /** The declaration, call or project it is about (its audit trail). */
    subjectId: { type: 'string', required: true },
    /** Where a started execution's ARN is recorded. */
    recordOn: { type: ['declaration', 'call'] as const },
    status: { type: ['pending', 'done'] as const, required: true },
    createdAt: { type: 'string', required: true },
    doneAt: { type: 'string' },
    doneBy: { type: 'string' },
    ...sweepAttributes,
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['intentId'] }, sk: { field: 'sk', composite: [] } },
  },
});

/**
 * One year of the State Council's holiday schedule as the city office entered it, for all calls.
 * `version` guards a save against a concurrent one; who and when are in the audit trail too.
 */
const calendarYear = new Entity({
  model: { entity: 'calendaryear', version: '1', service },
  attributes: {
    year: { type: 'string', required: true },
    holidays: { type: 'list', items: { type: 'string' }, required: true },
    workdays: { type: 'list', items: { type: 'string' }, required: true },
    version: { type: 'number', required: true },
    updatedBy: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byYear: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['year'] } },
  },
});

export type CallItem = EntityItem<typeof call>;
export type IntentItem = EntityItem<typeof intent>;
export type CalendarYearItem = EntityItem<typeof calendarYear>;
export type ReminderItem = EntityItem<typeof reminder>;
export type NotificationItem = EntityItem<typeof notification>;
export type PersonItem = EntityItem<typeof person>;
export type DeclarationItem = EntityItem<typeof declaration>;
export type TaskItem = EntityItem<typeof task>;
export type AuditEventItem = EntityItem<typeof auditEvent>;
export type ExpertItem = EntityItem<typeof expert>;
export type ScoreSheetItem = EntityItem<typeof scoreSheet>;
export type ObjectionItem = EntityItem<typeof objection>;
export type IdempotencyItem = EntityItem<typeof idempotencyRecord>;
export type ProjectItem = EntityItem<typeof project>;
export type AcceptanceSheetItem = EntityItem<typeof acceptanceSheet>;

function build() {
  return new Service(
    {
      call,
      declaration,
      task,
      auditEvent,
      expert,
      scoreSheet,
      districtRecommendations,
      objection,
      reminder,
      notification,
      person,
      sweepCursor,
      project,
      acceptanceSheet,
      idempotencyRecord,
      rateWindow,
      intent,
      calendarYear,
    },
    { client: documentClient(), table: requireEnv('TABLE_NAME') },
  );
}

/** A single write refused by its condition. ElectroDB wraps the SDK's error, keeping it as the cause. */
export function isConditionFailure(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (e.name === 'ConditionalCheckFailedException') return true;
  }
  return false;
}

let db: ReturnType<typeof build> | undefined;

/** The entities bound to the configured table and client, built on first use. */
export function store() {
  db ??= build();
  return db;
}
