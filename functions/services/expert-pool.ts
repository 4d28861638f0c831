import type { PoolMember } from '../../core/draw';
import { store, type ExpertItem } from '../adapters/entities';

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
