import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, problemAt, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { newId } from '../../core/ids';
import { organisationLevelLabels } from '../../core/labels';
import type { CreateOrganisationInput, OrganisationQuery, UpdateOrganisationInput } from '../../core/organisation-schemas';
import {
  districtOf,
  managesOrganisation,
  type OrganisationLevel,
  parentLevelOf,
  parentProblem,
  seesOrganisation,
  uniquenessKeysOf,
} from '../../core/organisations';
import { coded } from '../../core/problem-codes';
import { clock } from '../adapters/clock';
import { store, type OrganisationItem } from '../adapters/entities';
import { NO_KEY } from '../adapters/model/directory';
import { auditItem, historyOf } from './audit';
import { writeResolvingCollisions } from './transactions';

/** Where an organisation's history is kept: the audit trail under this subject. */
export const organisationSubject = (organisationId: string) => `organisation:${organisationId}`;

export type OrganisationView = Omit<OrganisationItem, 'under'>;
const viewOf = ({ under: _, ...organisation }: OrganisationItem): OrganisationView => organisation;

async function load(organisationId: string): Promise<OrganisationItem | undefined> {
  const { data } = await store().entities.organisation.get({ organisationId }).go({ consistent: true });
  return data ?? undefined;
}

function requireDirectoryRole(actor: Actor): void {
  if (actor.role !== 'city-admin' && actor.role !== 'district-reviewer')
    throw new ForbiddenError('only the city office and the district bureaux keep the directory');
}

/** The organisation if this person may see it; another district's reads as absent. */
async function visible(actor: Actor, organisationId: string): Promise<OrganisationItem> {
  requireDirectoryRole(actor);
  const found = await load(organisationId);
  if (!found || !seesOrganisation(actor, found)) throw new NotFoundError(`no organisation ${organisationId}`);
  return found;
}

/** The organisation if this person manages it: a district bureau sees its own entry but does not manage it. */
async function managed(actor: Actor, organisationId: string): Promise<OrganisationItem> {
  const found = await visible(actor, organisationId);
  if (!managesOrganisation(actor, found))
    throw new ForbiddenError('a district bureau manages only the street centres and teaching points of its district');
  return found;
}

/** The parent's chain up to the city, nearest first (at most the levels above it). */
async function chainUp(parent: OrganisationItem): Promise<OrganisationItem[]> {
  const chain: OrganisationItem[] = [];
  for (let at = parent.parentId; at && chain.length < 4; ) {
    const next = await load(at);
    if (!next) break;
    chain.push(next);
    at = next.parentId;
  }
  return chain;
}

const parentWording = {
  missing: 'an organisation of this level needs a parent one level above it',
  unexpected: 'the city has no parent',
  level: 'the parent must be one level above',
  cycle: 'an organisation cannot be moved under itself or one of its own descendants',
} as const;

/** Where an organisation of `level` would hang under `parentId`, checked: the district it then belongs to. */
async function placement(actor: Actor, organisationId: string, level: OrganisationLevel, parentId: string | undefined) {
  const field = 'body.parentId';
  const parent = parentId ? await load(parentId) : undefined;
  if (parentId && parent && !seesOrganisation(actor, parent)) throw new NotFoundError(`no organisation ${parentId}`);
  if (parentId && !parent)
    throw new ValidationError([problemAt(field, `no organisation ${parentId} to hang it under`, coded('organisation-parent-unknown'))]);
  const ancestors = parent ? await chainUp(parent) : [];
  const problem = parentProblem(
    { organisationId, level, parentId },
    parent,
    ancestors.map((a) => a.organisationId),
  );
  if (problem) {
    const wanted = parentLevelOf(level) ?? 'city';
    const code =
      problem === 'cycle'
        ? coded('organisation-cycle')
        : problem === 'unexpected'
          ? coded('organisation-parent-unexpected')
          : problem === 'missing'
            ? coded('organisation-parent-missing')
            : coded('organisation-parent-level', { level: organisationLevelLabels[level].zh });
    const detail = problem === 'level' || problem === 'missing' ? ` (${organisationLevelLabels[wanted].en})` : '';
    throw new ValidationError([problemAt(field, `${parentWording[problem]}${detail}`, code)]);
  }
  if (parent?.status === 'retired')
    throw new ValidationError([problemAt(field, `${parent.organisationId} is retired`, coded('organisation-parent-retired'))]);
  return { parent, districtId: districtOf({ organisationId, level }, parent ? [parent, ...ancestors] : []) ?? NO_KEY };
}

/**
 * The refusal for a transaction cancelled on a uniqueness guard: 409 naming the organisation that
 * holds it. `guarded[i]` is the guard the transaction's i-th item writes (`id:…` for the
 * organisation's own id, else a uniqueness key), undefined for an item that guards nothing.
 */
async function duplicateOf(reasons: unknown, guarded: (string | undefined)[]): Promise<ConflictError | undefined> {
  const codes = (Array.isArray(reasons) ? reasons : []).map((r: { code?: string }) => r?.code);
  const guard = guarded.find((g, i) => g && codes[i] === 'ConditionalCheckFailed');
  if (!guard) return undefined;
  const holder = guard.startsWith('id:')
    ? guard.slice('id:'.length)
    : (await store().entities.organisationKey.get({ key: guard }).go({ consistent: true })).data?.organisationId;
  const existing = holder ? await load(holder) : undefined;
  const name = existing?.name ?? holder ?? guard;
  return new ConflictError(`the same organisation exists already: ${name} (${holder ?? guard})`, existing && viewOf(existing), {
    coded: coded('organisation-duplicate', { name }),
  });
}

/** Creates an organisation; `givenId` only for one whose id is known beforehand (the seed: the ids tokens carry). */
export async function createOrganisation(actor: Actor, input: CreateOrganisationInput, givenId?: string): Promise<OrganisationView> {
  requireDirectoryRole(actor);
  const now = clock().now();
  const organisationId = givenId ?? newId('org', now.getTime());
  const { districtId } = await placement(actor, organisationId, input.level, input.parentId);
  if (!managesOrganisation(actor, { level: input.level, districtId }))
    throw new ForbiddenError('a district bureau creates only street centres and teaching points of its district');
  const item: OrganisationItem = {
    ...input,
    organisationId,
    under: input.parentId ?? NO_KEY,
    districtId,
    status: 'active',
    version: 1,
    createdAt: now.toISOString(),
    createdBy: actor.username,
    updatedAt: now.toISOString(),
    updatedBy: actor.username,
  };
  const keys = uniquenessKeysOf(item);
  const result = await writeResolvingCollisions(() =>
    store()
      .transaction.write(({ organisation, organisationKey, auditEvent }) => [
        organisation.create(item).commit(),
        ...keys.map((key) => organisationKey.create({ key, organisationId }).commit()),
        auditEvent
          .create(
            auditItem({
              declarationId: organisationSubject(organisationId),
              actor: actor.username,
              action: 'organisation.created',
              reason: item.name,
            }),
          )
          .commit(),
      ])
      .go(),
  );
  if (result.canceled)
    throw (
      (await duplicateOf(result.data, [`id:${organisationId}`, ...keys])) ?? new ConflictError('the directory changed meanwhile; try again')
    );
  return viewOf(item);
}

export async function organisationView(actor: Actor, organisationId: string) {
  const found = await visible(actor, organisationId);
  return { ...viewOf(found), manageable: managesOrganisation(actor, found) };
}

export async function organisationHistory(actor: Actor, organisationId: string) {
  await visible(actor, organisationId);
  return historyOf(organisationSubject(organisationId));
}

/**
 * Renames, moves or otherwise edits an organisation. A move is checked as a create is (the parent
 * one level up, never under itself or its own descendants) and carries a street centre's teaching
 * points to the new district with it, in the same transaction as the uniqueness guards that change.
 */
export async function updateOrganisation(actor: Actor, organisationId: string, patch: UpdateOrganisationInput, expectedVersion?: number) {
  const current = await managed(actor, organisationId);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw editedMeanwhile(current);
  const set = Object.fromEntries(
    Object.entries(patch).filter(
      ([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key as keyof OrganisationItem]),
    ),
  ) as UpdateOrganisationInput;
  if (Object.keys(set).length === 0) return viewOf(current);
  const moving = set.parentId !== undefined;
  const { parent, districtId } = moving
    ? await placement(actor, organisationId, current.level, set.parentId)
    : { parent: undefined, districtId: current.districtId };
  if (!managesOrganisation(actor, { level: current.level, districtId })) throw new NotFoundError(`no organisation ${set.parentId}`);
  const next = { ...current, ...set, districtId, under: set.parentId ?? current.under };
  const before = uniquenessKeysOf(current);
  const after = uniquenessKeysOf(next);
  const added = after.filter((k) => !before.includes(k));
  const removed = before.filter((k) => !after.includes(k));
  const children = districtId === current.districtId ? [] : await childrenOf(organisationId);
  const now = clock().now().toISOString();
  const reason = await changeReason(current, set, parent);
  const action = moving ? 'organisation.moved' : set.name ? 'organisation.renamed' : 'organisation.changed';
  const result = await writeResolvingCollisions(() =>
    store()
      .transaction.write(({ organisation, organisationKey, auditEvent }) => [
        organisation
          .patch({ organisationId })
          // The index keys are written whole: the name sorts two of them, the level one.
          .set({ ...set, name: next.name, level: current.level, districtId, under: next.under, updatedAt: now, updatedBy: actor.username })
          .add({ version: 1 })
          .where(({ version }, { eq }) => eq(version, current.version))
          .commit(),
        ...added.map((key) => organisationKey.create({ key, organisationId }).commit()),
        ...removed.map((key) =>
          organisationKey
            .delete({ key })
            .where((attr, { eq }) => eq(attr.organisationId, organisationId))
            .commit(),
        ),
        ...children.map((child) =>
          organisation
            .patch({ organisationId: child.organisationId })
            .set({ districtId, level: child.level, name: child.name, updatedAt: now })
            .add({ version: 1 })
            .where(({ parentId }, { eq }) => eq(parentId, organisationId))
            .commit(),
        ),
        auditEvent
          .create(auditItem({ declarationId: organisationSubject(organisationId), actor: actor.username, action, reason }))
          .commit(),
      ])
      .go(),
  );
  if (result.canceled) {
    const duplicate = await duplicateOf(result.data, [undefined, ...added]);
    if (duplicate) throw duplicate;
    const latest = await load(organisationId);
    if (expectedVersion !== undefined && latest) throw editedMeanwhile(latest);
    throw new ConflictError('the organisation changed meanwhile; try again', latest && viewOf(latest), {
      coded: coded('changed-meanwhile'),
    });
  }
  return viewOf({ ...next, updatedAt: now, updatedBy: actor.username, version: current.version + 1 });
}

const editedMeanwhile = (current: OrganisationItem) =>
  new PreconditionFailedError(`the organisation is at version ${current.version}, not the one edited (If-Match)`, viewOf(current), {
    coded: coded('edited-meanwhile'),
  });

const fieldWords = { shortName: '简称', type: '类型', creditCode: '统一社会信用代码', contact: '联系方式' } as const;

/** What the record says changed, in Chinese like every reason the system writes. */
async function changeReason(
  current: OrganisationItem,
  set: UpdateOrganisationInput,
  parent: OrganisationItem | undefined,
): Promise<string> {
  const parts: string[] = [];
  if (set.name) parts.push(`名称：${current.name} → ${set.name}`);
  if (set.parentId) {
    const from = current.parentId ? ((await load(current.parentId))?.name ?? current.parentId) : '—';
    parts.push(`上级单位：${from} → ${parent?.name ?? set.parentId}`);
  }
  const others = Object.keys(set).flatMap((k) => (k in fieldWords ? [fieldWords[k as keyof typeof fieldWords]] : []));
  if (others.length) parts.push(`修改：${others.join('、')}`);
  return parts.join('；');
}

async function childrenOf(organisationId: string): Promise<OrganisationItem[]> {
  const { data } = await store().entities.organisation.query.byParent({ under: organisationId }).go({ pages: 'all' });
  return data;
}

/**
 * Retires an organisation or brings it back; it is never deleted. One with active children is not
 * retired (they would hang under a retired parent), nor one brought back under a retired parent.
 */
export async function setOrganisationStatus(actor: Actor, organisationId: string, status: 'active' | 'retired', expectedVersion?: number) {
  const current = await managed(actor, organisationId);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw editedMeanwhile(current);
  if (current.status === status) return viewOf(current);
  if (status === 'retired') {
    const active = (await childrenOf(organisationId)).filter((c) => c.status === 'active').length;
    if (active)
      throw new ConflictError(`${active} child organisations are still active; retire or move them first`, viewOf(current), {
        coded: coded('organisation-has-active-children', { count: active }),
      });
  } else if (current.parentId && (await load(current.parentId))?.status === 'retired') {
    throw new ConflictError('its parent is retired; bring the parent back first', viewOf(current), {
      coded: coded('organisation-parent-retired'),
    });
  }
  const now = clock().now().toISOString();
  const action = status === 'retired' ? 'organisation.retired' : 'organisation.reactivated';
  const result = await writeResolvingCollisions(() =>
    store()
      .transaction.write(({ organisation, auditEvent }) => [
        organisation
          .patch({ organisationId })
          .set({ status, updatedAt: now, updatedBy: actor.username })
          .add({ version: 1 })
          .where(({ version }, { eq }) => eq(version, current.version))
          .commit(),
        auditEvent
          .create(auditItem({ declarationId: organisationSubject(organisationId), actor: actor.username, action, reason: current.name }))
          .commit(),
      ])
      .go(),
  );
  if (result.canceled)
    throw new ConflictError('the organisation changed meanwhile; try again', undefined, { coded: coded('changed-meanwhile') });
  return viewOf({ ...current, status, updatedAt: now, updatedBy: actor.username, version: current.version + 1 });
}

/**
 * Organisations by a keyed Query: a parent's children, a district's organisations, or (the city
 * office, with neither) the whole network; a district bureau without either gets its own district.
 * `q` filters by name or short name on the Query, not by a scan.
 */
export async function listOrganisations(actor: Actor, query: OrganisationQuery): Promise<OrganisationView[]> {
  requireDirectoryRole(actor);
  const db = store().entities.organisation;
  const district = query.district ?? (actor.role === 'district-reviewer' && !query.parent ? actor.districtId : undefined);
  if (query.parent) await visible(actor, query.parent);
  else if (district && !seesOrganisation(actor, { districtId: district })) throw new NotFoundError(`no district ${district}`);
  const chosen = query.parent
    ? db.query.byParent({ under: query.parent })
    : district
      ? db.query.byDistrict({ districtId: district })
      : db.query.all({});
  const { q, retired } = query;
  const { data } = await (q || retired === 'exclude'
    ? chosen.where(({ name, shortName, status }, { contains, eq }) =>
        [
          ...(q ? [`(${contains(name, q)} OR ${contains(shortName, q)})`] : []),
          ...(retired === 'exclude' ? [eq(status, 'active')] : []),
        ].join(' AND '),
      )
    : chosen
  ).go({ pages: 'all' });
  return data.map(viewOf);
}
