import { Entity } from 'electrodb';
import { personStatuses } from '../../../core/accounts';
import { roles } from '../../../core/identity';
import { locales } from '../../../core/messages';
import { stateMachines } from '../state-machines';
import { service, sweepAttributes } from './common';

/** What the system keeps to run: idempotency keys, rate windows, reminders and notifications, the directory, the sweep's cursor, the outbox and the holiday calendar. */
/**
 * A mutating request's `Idempotency-Key`, per caller: what the first request was (a hash) and,
 * once done, its response. `expiresAt` is the table's TTL attribute; DynamoDB Local does not
 * delete reliably, so readers treat an expired record as absent.
 */
export const idempotencyRecord = new Entity({
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
export const rateWindow = new Entity({
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
export const reminder = new Entity({
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
export const notification = new Entity({
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
 * The directory: who holds a role, a district or an organisation, their email, mobile and
 * language, and whether their account is active. The notifier addresses people through it; the
 * office's accounts service (functions/services/accounts.ts) writes it, locally seeded from
 * local/users.ts. An entry written before accounts had a status reads as active.
 */
export const person = new Entity({
  model: { entity: 'person', version: '1', service },
  attributes: {
    username: { type: 'string', required: true },
    role: { type: roles, required: true },
    displayName: { type: 'string' },
    email: { type: 'string' },
    /**
     * A mainland mobile, as the person wrote it: deadline reminders also go to it by SMS. Checked
     * where it is written (core/phone.ts isChineseMobile: the seed, a verified token's
     * phone_number), not here: libphonenumber's metadata would add 200 KB to every Lambda that
     * reads the table. The sweep sends only to what mobileE164 accepts.
     */
    mobile: { type: 'string' },
    locale: { type: locales, required: true, default: 'zh-CN' },
    /** The assignee key a task for this person's group carries: role:city-admin, district:…, org:…. */
    group: { type: 'string', required: true },
    /** A disabled person signs in nowhere: the API refuses their still-valid tokens too. */
    status: { type: personStatuses, required: true, default: 'active' },
    /** Their organisation (the city's `city`, a district reviewer's district) and its district. */
    organisationId: { type: 'string' },
    districtId: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    /** Counts changes, so an update made from a stale read is refused rather than lost. */
    version: { type: 'number', required: true, default: 1 },
  },
  indexes: {
    byUsername: { pk: { field: 'pk', composite: ['username'] }, sk: { field: 'sk', composite: [] } },
    byGroup: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['group'] },
      sk: { field: 'gsi1sk', composite: ['username'] },
    },
    byOrganisation: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['organisationId'] },
      sk: { field: 'gsi2sk', composite: ['username'] },
    },
    byRole: {
      index: 'gsi3',
      pk: { field: 'gsi3pk', composite: ['role'] },
      sk: { field: 'gsi3sk', composite: ['username'] },
    },
  },
});

/** Where a paged pass of the sweep left off (the running executions it checks a page at a time). */
export const sweepCursor = new Entity({
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
export const intent = new Entity({
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
    recordOn: { type: ['declaration', 'call', 'project'] as const },
    /** A scheduled start (a project's next milestone): the sweep carries it out when this instant comes. */
    startsAt: { type: 'string' },
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
export const calendarYear = new Entity({
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
