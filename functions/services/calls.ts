import { callFor } from '../../core/access';
import { hasCallOpened } from '../../core/calls';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { newId } from '../../core/ids';
import { configFromDefinition, type CallConfig } from '../../core/kinds';
import type { CreateCallInput, UpdateCallInput } from '../../core/schemas';
import { tieBreakProblems } from '../../core/scoring';
import { clock } from '../adapters/clock';
import { store, type CallItem } from '../adapters/entities';
import { faultPoint } from '../adapters/faults';
import { carryOutNow, startIntent } from './outbox';
import { auditItem, historyOf } from './audit';
import { openCursor, pageFrom, sealCursor, type Listing } from './cursors';
import { callSweepFields } from './reminders';
import { settledCalls } from './settled-calls';
import { requireKnownSpecialties } from './specialties';
import { calledKindVersion, withKindNames } from './call-kinds';

export type { CallSettings } from './settled-calls';

export function requireCityAdmin(actor: Actor): void {
  if (actor.role !== 'city-admin') throw new ForbiddenError('only the city office may do this');
}

export function configOf(call: Pick<CallItem, 'config'>): CallConfig {
  return call.config as CallConfig;
}

/** A tie-break names criteria of the call's rubric, each once (the rubric may have changed with it). */
function checkTieBreak(config: Pick<CallConfig, 'rubric' | 'tieBreak'>): void {
  const problems = config.tieBreak ? tieBreakProblems(config.rubric, config.tieBreak) : [];
  if (problems.length) throw new ValidationError(problems);
}

function checkWindow(opensAt: string, closesAt: string): void {
  if (Date.parse(closesAt) <= Date.parse(opensAt))
    throw new ValidationError([problemAt('body.closesAt', 'must be after opensAt', coded('closes-before-opens'))]);
}

/**
 * A call starts from a version of its kind (the latest unless named), copied into its configuration;
 * the version is marked in use in the same transaction, so it never changes under the call.
 * Its own workflow waits for the window to open and close.
 */
export async function createCall(actor: Actor, input: CreateCallInput): Promise<CallItem> {
  requireCityAdmin(actor);
  checkWindow(input.opensAt, input.closesAt);
  await requireKnownSpecialties(input.expertSpecialties, 'body.expertSpecialties');
  const { kind, kindVersion: asked, year, batch, title, opensAt, closesAt, quota, ...adjust } = input;
  const version = await calledKindVersion(kind, asked);
  const { definition } = version;
  const now = clock().now();
  const item: CallItem = {
    callId: newId('call', now.getTime()),
    kind,
    kindVersion: version.version,
    kindNameZh: definition.nameZh,
    kindNameEn: definition.nameEn,
    year,
    batch,
    title,
    opensAt: new Date(opensAt).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
    quota: quota ?? definition.quota,
    config: configFromDefinition(definition, adjust as Partial<CallConfig>),
    status: 'scheduled',
    version: 1,
    createdBy: actor.username,
    createdAt: now.toISOString(),
  };
  checkTieBreak(item.config as CallConfig);
  // Drafts are reminded before the call closes: the call waits in the sweep's index till then.
  Object.assign(item, callSweepFields(item, now));
  // Nothing half-way: a call without its workflow would never close, so the start is in the outbox
  // with the call, carried out now or by the reconciler.
  const intent = startIntent('call', item.callId, { callId: item.callId, opensAt: item.opensAt }, item.callId, 'call');
  const created = await store()
    .transaction.write(({ call, kindVersion, auditEvent, intent: outbox }) => [
      call.create(item).commit(),
      kindVersion
        .patch({ key: kind, version: version.version })
        .set({ inUse: true })
        .where(({ revision }, { eq }) => eq(revision, version.revision))
        .commit(),
      auditEvent
        .create(auditItem({ declarationId: item.callId, actor: actor.username, action: 'call.created', reason: item.title }))
        .commit(),
      outbox.put(intent).commit(),
    ])
    .go();
  if (created.canceled) {
    // The version was edited between its read and this write: the call would hold a stale copy.
    if (created.data[1]?.rejected)
      throw new ConflictError(
        `version ${version.version} of kind ${kind} changed meanwhile; try again`,
        {},
        { coded: coded('changed-meanwhile') },
      );
    throw new Error(`call ${item.callId} could not be created: ${JSON.stringify(created.data)}`);
  }
  await faultPoint('call.staged');
  const executionArn = await carryOutNow(intent);
  if (executionArn) item.executionArn = executionArn;
  return item;
}

/**
 * The admin adjusts a call until it opens; after that its rules hold for every applicant alike.
 * `expectedVersion` (If-Match, the settings page's hidden version): a stale edit is a 412 with the current call.
 */
export async function updateCall(actor: Actor, callId: string, patch: UpdateCallInput, expectedVersion?: number): Promise<CallItem> {
  requireCityAdmin(actor);
  const current = await getCall(callId);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw editedMeanwhile(actor, current);
  const now = clock().now();
  if (hasCallOpened(current, now)) throw callOpened(current);
  const { title, opensAt, closesAt, quota, ...adjust } = patch;
  const next = {
    opensAt: opensAt ? new Date(opensAt).toISOString() : current.opensAt,
    closesAt: closesAt ? new Date(closesAt).toISOString() : current.closesAt,
  };
  checkWindow(next.opensAt, next.closesAt);
  await requireKnownSpecialties(patch.expertSpecialties, 'body.expertSpecialties');
  const config = configOf(current);
  const merged = {
    ...config,
    ...Object.fromEntries(Object.entries(adjust).filter(([, v]) => v !== undefined)),
    deadlines: { ...config.deadlines, ...adjust.deadlines },
    projectDeadlines: { ...config.projectDeadlines, ...adjust.projectDeadlines },
  } as CallConfig;
  checkTieBreak(merged);
  const updated: CallItem = {
    ...current,
    ...next,
    ...(title ? { title } : {}),
    ...(quota ? { quota } : {}),
    config: merged,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  // A moved closing date moves the drafts' reminders.
  const sweep = callSweepFields(updated, now);
  Object.assign(updated, sweep);
  const changed = Object.keys(patch).join(', ');
  const result = await store()
    .transaction.write(({ call, auditEvent }) => [
      (sweep ? call.patch({ callId }).set(sweep) : call.patch({ callId }).remove(['sweepQueue', 'sweepAt']))
        .set({ ...next, ...(title ? { title } : {}), ...(quota ? { quota } : {}), config: merged, updatedAt: updated.updatedAt })
        .add({ version: 1 })
        // Not opened by the time of writing either: what settledCall keeps can then never change.
        .where(({ version, opensAt }, { eq, gt }) => `${eq(version, current.version)} AND ${gt(opensAt, now.toISOString())}`)
        .commit(),
      auditEvent.create(auditItem({ declarationId: callId, actor: actor.username, action: 'call.configured', reason: changed })).commit(),
    ])
    .go();
  if (result.canceled) {
    const latest = await getCall(callId);
    if (hasCallOpened(latest, clock().now())) throw callOpened(latest);
    if (expectedVersion !== undefined) throw editedMeanwhile(actor, latest);
    throw new ConflictError('the call changed meanwhile', latest, { coded: coded('changed-meanwhile') });
  }
  // Only a clock moved back (the local runtime's) lets a kept call be edited: it is read afresh.
  settled.forget(callId);
  return updated;
}

const callOpened = (call: CallItem) =>
  new ConflictError(
    'the call has opened; its configuration can no longer change',
    { opensAt: call.opensAt, status: call.status },
    { coded: coded('call-opened') },
  );

const editedMeanwhile = (actor: Actor, current: CallItem) =>
  new PreconditionFailedError(
    `the call is at version ${current.version}, not the one edited (If-Match)`,
    { ...callFor(actor, current), version: current.version },
    { coded: coded('edited-meanwhile') },
  );

export async function getCall(callId: string): Promise<CallItem> {
  const { data } = await store().entities.call.get({ callId }).go();
  if (!data) throw new NotFoundError(`call ${callId} not found`);
  return withKindNames(data);
}

const settled = settledCalls(getCall, () => clock().now());

/** A call's settings, kept by the process once they have settled (never before the call opens). */
export const settledCall = (callId: string) => settled.get(callId);

/** Calls are public and the same for everyone: the cursor is bound to the list alone. */
const allCalls: Listing = { list: 'calls', caller: 'public', index: 'gsi1' };

export async function listCalls(options: { limit: number; cursor?: string | undefined }) {
  const from = openCursor(allCalls, options.cursor);
  const { data, cursor } = await pageFrom(from, () =>
    store()
      .entities.call.query.allCalls({})
      .go({ limit: options.limit, cursor: from ?? null, order: 'desc' }),
  );
  return { items: await Promise.all(data.map(withKindNames)), cursor: sealCursor(allCalls, cursor) };
}

/** One call as the asker (anyone, signed in or not) may read it. */
export async function callView(actor: Actor | undefined, callId: string) {
  return callFor(actor, await getCall(callId));
}

/** Calls, newest first, as the asker may read them. */
export async function listCallsFor(actor: Actor | undefined, options: { limit: number; cursor?: string | undefined }) {
  const { items, cursor } = await listCalls(options);
  return { items: items.map((call) => callFor(actor, call)), cursor };
}

/** What happened to the call itself (created, configured, opened, closed, shortlisted, noticed, established). */
export async function callHistory(actor: Actor, callId: string) {
  requireCityAdmin(actor);
  await getCall(callId);
  return historyOf(callId);
}
