import { conflictReason, type Declarant, pickExperts, type PoolExpert } from '../../core/assignment';
import type { PoolMember } from '../../core/draw';
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors';
import type { Coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import type { ExpertInput, ExpertPatchInput } from '../../core/schemas';
import { clock } from '../adapters/clock';
import { isConditionFailure, store, type ExpertItem } from '../adapters/entities';
import { requireKnownSpecialties } from './specialties';

/** A pool entry as the service hands it on: the draw's member plus what the pages show. */
export type PoolEntry = PoolMember & {
  displayName: string;
  title?: string | undefined;
  specialties: string[];
  declaredConflicts: string[];
  unavailable: { from: string; to: string }[];
  createdAt: string;
  updatedAt?: string | undefined;
};

/** Items stored before the pool kept specialties read as: no specialty, no conflict declared, active. */
export function poolEntryOf(item: ExpertItem): PoolEntry {
  return {
    username: item.username,
    displayName: item.displayName,
    districtId: item.districtId,
    organisationId: item.organisationId,
    title: item.title,
    specialties: item.specialties ?? [],
    declaredConflicts: item.declaredConflicts ?? [],
    unavailable: (item.unavailable as PoolEntry['unavailable'] | undefined) ?? [],
    active: item.active ?? true,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** The whole pool: one keyed Query on its own partition, so it reads the pool and nothing else. */
export async function poolEntries(): Promise<PoolEntry[]> {
  const { data } = await store().entities.expert.query.pool({}).go({ pages: 'all' });
  return data.map(poolEntryOf);
}

export async function poolEntry(username: string): Promise<PoolEntry | undefined> {
  const { data } = await store().entities.expert.get({ username }).go();
  return data ? poolEntryOf(data) : undefined;
}

/** Experts asked at once for their open work: enough to be quick, few enough to leave DynamoDB room. */
const LOAD_CONCURRENCY = 16;

/**
 * Open work per expert (tasks of any kind still open in their name), for balancing a draw. One
 * keyed Query per expert on the assignee index, reading only that expert's open tasks: the cost
 * grows with the experts asked about and their work, never with the table.
 */
export async function openTaskLoads(usernames: readonly string[]): Promise<Record<string, number>> {
  const load: Record<string, number> = {};
  for (let i = 0; i < usernames.length; i += LOAD_CONCURRENCY) {
    await Promise.all(
      usernames.slice(i, i + LOAD_CONCURRENCY).map(async (username) => {
        const { data } = await store()
          .entities.task.query.byAssignee({ assignee: `user:${username}`, status: 'open' })
          .go({ pages: 'all', attributes: ['taskId'] });
        load[username] = data.length;
      }),
    );
  }
  return load;
}

/** Who manages the pool: the city office. */
function requireOffice(actor: Actor): void {
  if (actor.role !== 'city-admin') throw new ForbiddenError('only the city office manages the expert pool');
}

export interface PoolFilter {
  specialty?: string | undefined;
  district?: string | undefined;
  maxLoad?: number | undefined;
}

/** The pool with each expert's open work, filtered by specialty, district and load; by username. */
export async function listExperts(actor: Actor, filter: PoolFilter = {}): Promise<(PoolEntry & { openTasks: number })[]> {
  requireOffice(actor);
  const pool = (await poolEntries()).filter(
    (e) => (!filter.specialty || e.specialties.includes(filter.specialty)) && (!filter.district || e.districtId === filter.district),
  );
  const load = await openTaskLoads(pool.map((e) => e.username));
  return pool
    .map((e) => ({ ...e, openTasks: load[e.username] ?? 0 }))
    .filter((e) => filter.maxLoad === undefined || e.openTasks <= filter.maxLoad);
}

export async function getExpert(actor: Actor, username: string): Promise<PoolEntry> {
  requireOffice(actor);
  const entry = await poolEntry(username);
  if (!entry) throw new NotFoundError(`${username} is not in the expert pool`);
  return entry;
}

/** Adds an expert to the pool, or replaces their entry (keeping when they joined). */
export async function registerExpert(actor: Actor, input: ExpertInput): Promise<PoolEntry> {
  requireOffice(actor);
  await requireKnownSpecialties(input.specialties, 'body.specialties');
  const now = clock().now().toISOString();
  const existing = await poolEntry(input.username);
  const item = { active: true, specialties: [], ...input, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await store().entities.expert.put(item).go();
  return poolEntryOf(item);
}

/** Changes some of an expert's entry; an expert not in the pool is a 404. */
export async function updateExpert(actor: Actor, username: string, patch: ExpertPatchInput): Promise<PoolEntry> {
  requireOffice(actor);
  await requireKnownSpecialties(patch.specialties, 'body.specialties');
  try {
    const { data } = await store()
      .entities.expert.patch({ username })
      .set({ ...patch, updatedAt: clock().now().toISOString() })
      .go({ response: 'all_new' });
    return poolEntryOf(data as ExpertItem);
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`${username} is not in the expert pool`);
    throw error;
  }
}

/** The pool as acceptance assigns from it (its own load-sorted proposal). */
export async function expertPool(): Promise<PoolExpert[]> {
  return poolEntries();
}

/** Open work per expert, so a proposal spreads the load. */
export const loads = (pool: PoolExpert[]) => openTaskLoads(pool.map((e) => e.username));

/** Acceptance's choice, checked against the pool and 回避 of district and organisation. */
export function checkChoice(pool: PoolExpert[], declaration: Declarant, chosen: string[]): PoolExpert[] {
  return pickFrom(pool, chosen, (expert) => conflictReason(expert, declaration));
}

/** A choice of experts by username, each checked (core/assignment.ts pickExperts); any problem refuses the whole choice, 422. */
export function pickFrom<T extends PoolExpert>(
  pool: T[],
  chosen: string[],
  refusal: (expert: T) => { message: string; coded: Coded } | undefined,
): T[] {
  const { picked, problems } = pickExperts(pool, chosen, refusal);
  if (problems.length) throw new ValidationError(problems);
  return picked;
}
