import { ConflictError, ForbiddenError, NotFoundError, problemAt, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { kindDefinition, kindKey, type KindDefinition } from '../../core/kind-definition';
import { codeOfIssue, coded } from '../../core/problem-codes';
import { clock } from '../adapters/clock';
import { store, type KindItem, type KindVersionItem } from '../adapters/entities';
import { acting } from '../adapters/acting';
import { auditItem, historyOf } from './audit';

/**
 * Kinds (项目类型) as the office's data (issue 20). The city office creates a kind and versions it;
 * a call copies the version it opens with (functions/services/calls.ts), and from that moment the
 * version is frozen: a change is a new version, so a running call never changes under its applicants.
 */
export interface KindSummary {
  key: string;
  nameZh: string;
  nameEn: string;
  latestVersion: number;
  versions: number;
  status: 'active' | 'retired';
}
export interface KindVersionSummary {
  version: number;
  inUse: boolean;
  note?: string;
  createdBy: string;
  createdByName?: string;
  createdAt: string;
  updatedAt?: string;
}
export interface KindVersionRecord extends KindVersionSummary {
  key: string;
  definition: KindDefinition;
  /** Bumped by every edit; a call is made only from the revision it read. */
  revision: number;
}

function requireCityAdmin(actor: Actor): void {
  if (actor.role !== 'city-admin') throw new ForbiddenError('only the city office may change a kind');
}

/** The definition as the schema reads it, or each problem at `body.definition.<path>`. */
export function parseDefinition(raw: unknown): KindDefinition {
  const parsed = kindDefinition.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) =>
      problemAt(['body', 'definition', ...issue.path.map(String)].join('.'), issue.message, codeOfIssue(issue)),
    ),
  );
}

const summaryOf = (kind: KindItem): KindSummary => ({
  key: kind.key,
  nameZh: kind.nameZh,
  nameEn: kind.nameEn,
  latestVersion: kind.latestVersion,
  versions: kind.latestVersion,
  status: kind.status,
});

const recordOf = (item: KindVersionItem): KindVersionRecord => ({
  key: item.key,
  version: item.version,
  definition: item.definition as KindDefinition,
  inUse: item.inUse,
  revision: item.revision,
  createdBy: item.createdBy,
  createdAt: item.createdAt,
  ...(item.note ? { note: item.note } : {}),
  ...(item.createdByName ? { createdByName: item.createdByName } : {}),
  ...(item.updatedAt ? { updatedAt: item.updatedAt } : {}),
});

const versionSummaryOf = ({ key: _key, definition: _definition, revision: _revision, ...summary }: KindVersionRecord) =>
  summary as KindVersionSummary;

/** Every kind, by key. */
export async function listKinds(_actor: Actor): Promise<KindSummary[]> {
  const { data } = await store().entities.kind.query.allKinds({}).go({ pages: 'all' });
  return data.map(summaryOf);
}

async function kindItem(key: string): Promise<KindItem> {
  const { data } = kindKey.safeParse(key).success ? await store().entities.kind.get({ key }).go() : { data: null };
  if (!data) throw new NotFoundError(`no kind ${key}`);
  return data;
}

export async function getKind(_actor: Actor, key: string): Promise<{ kind: KindSummary; versions: KindVersionSummary[] }> {
  const kind = await kindItem(key);
  const { data } = await store().entities.kindVersion.query.byVersion({ key }).go({ pages: 'all' });
  return { kind: summaryOf(kind), versions: data.map((v) => versionSummaryOf(recordOf(v))) };
}

/** One version as stored, or undefined: what a call is made from. */
export async function findKindVersion(key: string, version: number, consistent = false): Promise<KindVersionRecord | undefined> {
  if (!kindKey.safeParse(key).success || !Number.isSafeInteger(version) || version < 1) return undefined;
  const { data } = await store().entities.kindVersion.get({ key, version }).go({ consistent });
  return data ? recordOf(data) : undefined;
}

export async function getKindVersion(_actor: Actor, key: string, version: number): Promise<KindVersionRecord> {
  const found = await findKindVersion(key, version);
  if (!found) throw new NotFoundError(`no version ${version} of kind ${key}`);
  return found;
}

/** The kind's versions' history: created, versioned, edited. */
export const kindHistory = async (_actor: Actor, key: string) => {
  await kindItem(key);
  return historyOf(kindAuditId(key));
};
const kindAuditId = (key: string) => `kind#${key}`;

function versionItem(actor: Actor, key: string, version: number, definition: KindDefinition, note: string | undefined, now: string) {
  const name = acting()?.displayName;
  return {
    key,
    version,
    definition,
    inUse: false,
    revision: 1,
    createdBy: actor.username,
    createdAt: now,
    ...(note ? { note } : {}),
    ...(name ? { createdByName: name } : {}),
  };
}

export async function createKind(actor: Actor, input: { key: string; definition: unknown; note?: string }): Promise<KindVersionRecord> {
  requireCityAdmin(actor);
  const definition = parseDefinition(input.definition);
  const now = clock().now().toISOString();
  const first = versionItem(actor, input.key, 1, definition, input.note, now);
  const result = await store()
    .transaction.write(({ kind, kindVersion, auditEvent }) => [
      kind
        .create({
          key: input.key,
          nameZh: definition.nameZh,
          nameEn: definition.nameEn,
          latestVersion: 1,
          createdBy: actor.username,
          createdAt: now,
        })
        .commit(),
      kindVersion.create(first).commit(),
      auditEvent
        .create(auditItem({ declarationId: kindAuditId(input.key), actor: actor.username, action: 'kind.created', reason: 'v1' }))
        .commit(),
    ])
    .go();
  if (result.canceled)
    throw new ConflictError(`a kind ${input.key} exists`, { key: input.key }, { coded: coded('kind-exists', { key: input.key }) });
  return recordOf(first as KindVersionItem);
}

/** A new version: the definition given, or a copy of the latest to edit. */
export async function createKindVersion(
  actor: Actor,
  key: string,
  input: { definition?: unknown; note?: string },
): Promise<KindVersionRecord> {
  requireCityAdmin(actor);
  const kind = await kindItem(key);
  const definition =
    input.definition === undefined
      ? ((await findKindVersion(key, kind.latestVersion, true))?.definition as KindDefinition)
      : parseDefinition(input.definition);
  const now = clock().now().toISOString();
  const next = versionItem(actor, key, kind.latestVersion + 1, definition, input.note, now);
  const result = await store()
    .transaction.write(({ kind: kinds, kindVersion, auditEvent }) => [
      kinds
        .patch({ key })
        .set({ latestVersion: next.version, nameZh: definition.nameZh, nameEn: definition.nameEn, updatedAt: now })
        .where(({ latestVersion }, { eq }) => eq(latestVersion, kind.latestVersion))
        .commit(),
      kindVersion.create(next).commit(),
      auditEvent
        .create(auditItem({ declarationId: kindAuditId(key), actor: actor.username, action: 'kind.versioned', reason: `v${next.version}` }))
        .commit(),
    ])
    .go();
  if (result.canceled) throw new ConflictError(`kind ${key} gained a version meanwhile`, {}, { coded: coded('changed-meanwhile') });
  return recordOf(next as KindVersionItem);
}

/** Edits a version no call uses yet; once one does, a change is a new version (409). */
const changedMeanwhile = (key: string, version: number) =>
  new ConflictError(`version ${version} of kind ${key} changed meanwhile`, {}, { coded: coded('changed-meanwhile') });

export async function updateKindVersion(
  actor: Actor,
  key: string,
  version: number,
  input: { definition: unknown; note?: string; revision?: number | undefined },
  /** The revision the editor read (the body's `revision`, the page's hidden input); an older one is 409. */
  expectedRevision = input.revision,
): Promise<KindVersionRecord> {
  requireCityAdmin(actor);
  const current = await getKindVersion(actor, key, version);
  if (current.inUse) throw versionInUse(key, version);
  if (expectedRevision !== undefined && expectedRevision !== current.revision) throw changedMeanwhile(key, version);
  const definition = parseDefinition(input.definition);
  const now = clock().now().toISOString();
  // The kind is named by its latest version.
  const latest = (await kindItem(key)).latestVersion === version;
  const result = await store()
    .transaction.write(({ kind, kindVersion, auditEvent }) => [
      kindVersion
        .patch({ key, version })
        .set({ definition, updatedAt: now, ...(input.note ? { note: input.note } : {}) })
        .add({ revision: 1 })
        .where(({ inUse, revision }, { eq }) => `${eq(inUse, false)} AND ${eq(revision, current.revision)}`)
        .commit(),
      ...(latest ? [kind.patch({ key }).set({ nameZh: definition.nameZh, nameEn: definition.nameEn, updatedAt: now }).commit()] : []),
      auditEvent
        .create(auditItem({ declarationId: kindAuditId(key), actor: actor.username, action: 'kind.edited', reason: `v${version}` }))
        .commit(),
    ])
    .go();
  if (result.canceled) {
    const latest = await findKindVersion(key, version, true);
    if (latest?.inUse) throw versionInUse(key, version);
    throw changedMeanwhile(key, version);
  }
  return { ...current, definition, revision: current.revision + 1, updatedAt: now, ...(input.note ? { note: input.note } : {}) };
}

export const versionInUse = (key: string, version: number) =>
  new ConflictError(
    `version ${version} of kind ${key} is used by a call; create a new version to change it`,
    { key, version },
    { coded: coded('kind-version-in-use', { version }) },
  );

/** The actor that writes the seeded kinds (config/kinds/*.json) at install. */
const INSTALL: Actor = { username: 'system', role: 'city-admin' };

/** A seeded kind's first version, written only where the kind is absent (a rerun changes nothing). */
/**
 * Calls stored before kinds were data copied their kind's preset, which version 1 of the seeded
 * kind is: that version is frozen as a new call's would be, so the office cannot change under
 * those calls what they say they used. Reads every call through its keyed index (one page of 100
 * at a time), writes only where a call has no version of its own.
 */
export async function freezeVersionsOfStoredCalls(): Promise<string[]> {
  const db = store();
  const kinds = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: { data: { kind: string; kindVersion?: number }[]; cursor: string | null } = await db.entities.call.query
      .allCalls({})
      .go({ cursor, limit: 100, attributes: ['kind', 'kindVersion'] });
    for (const call of page.data) if (call.kindVersion === undefined) kinds.add(call.kind);
    cursor = page.cursor;
  } while (cursor);
  const frozen: string[] = [];
  for (const key of kinds) {
    const { data } = await db.entities.kindVersion.get({ key, version: 1 }).go();
    if (!data || data.inUse) continue;
    await db.entities.kindVersion.patch({ key, version: 1 }).set({ inUse: true }).go();
    frozen.push(key);
  }
  return frozen;
}

export async function seedKind(key: string, definition: KindDefinition): Promise<boolean> {
  try {
    await createKind(INSTALL, { key, definition, note: 'seeded (config/kinds)' });
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}
