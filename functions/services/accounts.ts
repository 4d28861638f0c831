import {
  actorOfPerson,
  creationRefusal,
  managesPerson,
  personSubject,
  roleFitsOrganisation,
  scopeChangesAsked,
  seesPerson,
  type PersonStatus,
} from '../../core/accounts';
import type { CreatePersonInput, ProfileInput } from '../../core/account-schemas';
import { ConflictError, ForbiddenError, NotFoundError, problemAt, ValidationError } from '../../core/errors';
import { assigneeKeysOf, type Actor, type Role } from '../../core/identity';
import { mobileE164 } from '../../core/phone';
import { coded } from '../../core/problem-codes';
import { accounts } from '../adapters/accounts';
import { clock } from '../adapters/clock';
import { store, type PersonItem } from '../adapters/entities';
import { forgetStatus } from './account-status';
import { appendAudit, auditItem, historyOf } from './audit';
import { organisationFacts } from './organisation-facts';

/** A person's open tasks, assigned to them by name: what must be reassigned when they leave. */
export async function openTasksOfPerson(username: string) {
  const { data } = await store()
    .entities.task.query.byAssignee({ assignee: `user:${username}`, status: 'open' })
    .go({ pages: 'all' });
  return data.map(({ taskId, kind, declarationId, dueAt, assignee }) => ({ taskId, kind, declarationId, dueAt, assignee }));
}
export type OpenTaskOfPerson = Awaited<ReturnType<typeof openTasksOfPerson>>[number];

/** A directory entry as the API shows it. */
export function publicPerson(p: PersonItem) {
  const { group: _group, ...rest } = p;
  return rest;
}

async function stored(username: string): Promise<PersonItem | undefined> {
  const { data } = await store().entities.person.get({ username }).go();
  return data ?? undefined;
}

/** The person, if this actor may see them; otherwise not found, so existence does not leak. */
async function visiblePerson(actor: Actor, username: string): Promise<PersonItem> {
  const person = await stored(username);
  if (!person || !seesPerson(actor, person)) throw new NotFoundError(`no person ${username}`);
  return person;
}

/**
 * The office (any role) or a district bureau (its own centres' applicants) creates a person: the
 * directory entry, the sign-in account through the account port (Cognito sends the invitation),
 * and the audit event. The provider goes first: where it holds the accounts (Cognito) it is also
 * the lock on the username. Should the directory write fail after it, the person enters the
 * directory on first sign-in (enrolOnFirstSight) with what their token says.
 */
export async function createPerson(actor: Actor, input: CreatePersonInput) {
  const organisation = await organisationFacts(input.organisationId);
  if (!organisation) {
    if (actor.role !== 'city-admin') throw new NotFoundError(`no organisation ${input.organisationId}`);
    throw new ValidationError([
      problemAt(
        'body.organisationId',
        `no organisation ${input.organisationId}`,
        coded('unknown-organisation', { id: input.organisationId }),
      ),
    ]);
  }
  const refusal = creationRefusal(actor, input.role, organisation);
  if (refusal === 'hidden') throw new NotFoundError(`no organisation ${input.organisationId}`);
  if (refusal === 'forbidden') throw new ForbiddenError(`your role may not create ${input.role} accounts`);
  if (!roleFitsOrganisation(input.role, organisation))
    throw new ValidationError([
      problemAt('body.role', `a ${input.role} cannot belong to a ${organisation.level}`, coded('role-not-for-organisation')),
    ]);
  if (input.districtId !== undefined && input.districtId !== organisation.districtId)
    throw new ValidationError([
      problemAt(
        'body.districtId',
        `${input.organisationId} is in ${organisation.districtId ?? 'no district'}, not ${input.districtId}`,
        coded('district-not-organisations'),
      ),
    ]);
  if (await stored(input.username))
    throw new ConflictError(
      `a person ${input.username} exists already`,
      { username: input.username },
      {
        coded: coded('username-taken', { name: input.username }),
      },
    );

  const now = clock().now().toISOString();
  const scope = {
    username: input.username,
    role: input.role,
    organisationId: organisation.organisationId,
    districtId: organisation.districtId,
  };
  const signsInAs = actorOfPerson({ ...scope, displayName: input.displayName });
  const mobile = input.mobile === undefined ? undefined : mobileE164(input.mobile);
  await accounts().create({ ...signsInAs, displayName: input.displayName, email: input.email, mobile });

  const item = {
    ...scope,
    displayName: input.displayName,
    email: input.email,
    ...(input.mobile ? { mobile: input.mobile } : {}),
    locale: input.locale ?? 'zh-CN',
    group: assigneeKeysOf(signsInAs).at(-1)!,
    status: 'active' as const,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const written = await store()
    .transaction.write(({ person, auditEvent }) => [
      person.create(item).commit(),
      auditEvent.create(audit(actor, input.username, 'person.created', `${input.role} @ ${organisation.organisationId}`)).commit(),
    ])
    .go();
  if (written.canceled)
    throw new ConflictError(
      `a person ${input.username} exists already`,
      { username: input.username },
      {
        coded: coded('username-taken', { name: input.username }),
      },
    );
  return { person: publicPerson(item as PersonItem), account: { provider: accounts().kind, invitationSent: accounts().invites } };
}

const audit = (
  actor: Actor,
  username: string,
  action: 'person.created' | 'person.disabled' | 'person.enabled' | 'person.updated',
  reason: string,
) => auditItem({ declarationId: personSubject(username), actor: actor.username, action, reason });

/** The condition that nobody changed the entry since it was read (one written before versions has none). */
const unchangedSince =
  (read: PersonItem) =>
  ({ version }: { version: unknown }, { eq, notExists }: { eq: (a: unknown, b: unknown) => string; notExists: (a: unknown) => string }) =>
    read.version === undefined ? notExists(version) : eq(version, read.version);

/** A person's entry, with their open tasks for those who manage them. */
export async function getPerson(actor: Actor, username: string) {
  const person = await visiblePerson(actor, username);
  const openTasks = managesPerson(actor, person) ? await openTasksOfPerson(username) : undefined;
  return { ...publicPerson(person), ...(openTasks ? { openTasks } : {}) };
}

/** The account history of a person (created, disabled, refused attempts …), for those who manage them. */
export async function personHistory(actor: Actor, username: string) {
  const person = await visiblePerson(actor, username);
  if (!managesPerson(actor, person)) throw new NotFoundError(`no person ${username}`);
  return historyOf(personSubject(username));
}

/** People of one organisation or one role (keyed queries), only those this actor manages. */
export async function listPeople(
  actor: Actor,
  query: { organisationId?: string | undefined; role?: Role | undefined; status?: PersonStatus | undefined },
) {
  const people = store().entities.person;
  const { data } = query.organisationId
    ? await people.query.byOrganisation({ organisationId: query.organisationId }).go({ pages: 'all' })
    : await people.query.byRole({ role: query.role! }).go({ pages: 'all' });
  return data
    .filter((p) => (query.role === undefined || p.role === query.role) && (query.status === undefined || p.status === query.status))
    .filter((p) => managesPerson(actor, p))
    .map(publicPerson);
}

/**
 * Disables or re-enables a person: in the identity provider, then in the directory (which the API
 * checks on every token, account-status.ts), audited. Disabling closes nothing: the answer lists
 * their open tasks for the office to reassign. Doing it twice changes nothing the second time.
 */
export async function setPersonStatus(actor: Actor, username: string, status: PersonStatus) {
  const person = await visiblePerson(actor, username);
  if (!managesPerson(actor, person)) throw new ForbiddenError('you may not change your own account’s status');
  if (person.username === actor.username) throw new ForbiddenError('you may not disable your own account');
  if (person.status !== status) {
    await (status === 'disabled' ? accounts().disable(username) : accounts().enable(username));
    const openTasks = status === 'disabled' ? await openTasksOfPerson(username) : [];
    const now = clock().now().toISOString();
    const reason =
      status === 'disabled' ? `${openTasks.length} open task(s) to reassign: ${openTasks.map((t) => t.taskId).join(', ')}` : '';
    const result = await store()
      .transaction.write(({ person: people, auditEvent }) => [
        people.patch({ username }).set({ status, updatedAt: now }).add({ version: 1 }).where(unchangedSince(person)).commit(),
        auditEvent.create(audit(actor, username, status === 'disabled' ? 'person.disabled' : 'person.enabled', reason)).commit(),
      ])
      .go();
    if (result.canceled) throw new ConflictError(`${username} changed meanwhile`, undefined, { coded: coded('changed-meanwhile') });
    forgetStatus(username);
  }
  return { person: publicPerson((await stored(username))!), openTasks: await openTasksOfPerson(username) };
}

/**
 * A person edits their own profile: display name, mobile, language. Their role, organisation and
 * district are the office's to set: an attempt to change them is refused (403) and kept in the
 * account's history.
 */
export async function updateOwnProfile(actor: Actor, username: string, input: ProfileInput) {
  const person = await visiblePerson(actor, username);
  if (person.username !== actor.username) throw new ForbiddenError('a profile is changed only by its own person');
  await requireKnownScope(input);
  const asked = scopeChangesAsked(person, input);
  if (asked.length) {
    await appendAudit({
      declarationId: personSubject(username),
      actor: actor.username,
      action: 'person.scope_refused',
      reason: asked.map((field) => `${field}: ${String(person[field] ?? '—')} → ${String(input[field])}`).join('; '),
    });
    throw new ForbiddenError(`you may not change your own ${asked.join(', ')}; the city office or your district sets them`);
  }
  return writeProfile(actor, person, input);
}

/**
 * The office (or the district bureau that manages the account) corrects a person's display name
 * or mobile, as the directory import does for an account that exists. Role, organisation and
 * e-mail stay as the account was made.
 */
export async function updatePersonByOffice(actor: Actor, username: string, input: Pick<ProfileInput, 'displayName' | 'mobile'>) {
  const person = await visiblePerson(actor, username);
  if (!managesPerson(actor, person)) throw new ForbiddenError(`you may not change ${username}`);
  return writeProfile(actor, person, input);
}

/** What differs from the entry, written with an audit event; saying what is already there writes nothing. */
async function writeProfile(actor: Actor, person: PersonItem, input: Pick<ProfileInput, 'displayName' | 'mobile' | 'locale'>) {
  const { username } = person;
  const changes = {
    ...(input.displayName !== undefined && input.displayName !== person.displayName ? { displayName: input.displayName } : {}),
    ...(input.mobile !== undefined && input.mobile !== person.mobile ? { mobile: input.mobile } : {}),
    ...(input.locale !== undefined && input.locale !== person.locale ? { locale: input.locale } : {}),
  };
  const fields = Object.keys(changes);
  if (fields.length === 0) return publicPerson(person);
  const result = await store()
    .transaction.write(({ person: people, auditEvent }) => [
      people
        .patch({ username })
        .set({ ...changes, updatedAt: clock().now().toISOString() })
        .add({ version: 1 })
        .where(unchangedSince(person))
        .commit(),
      auditEvent.create(audit(actor, username, 'person.updated', fields.join(', '))).commit(),
    ])
    .go();
  if (result.canceled) throw new ConflictError(`${username} changed meanwhile`, undefined, { coded: coded('changed-meanwhile') });
  return publicPerson((await stored(username))!);
}

/** The organisation and district a profile names exist: naming none widens nothing, and is bad input. */
async function requireKnownScope(input: ProfileInput): Promise<void> {
  const problems = [];
  for (const field of ['organisationId', 'districtId'] as const) {
    const id = input[field];
    if (id === undefined) continue;
    const found = await organisationFacts(id);
    if (!found || (field === 'districtId' && found.level !== 'district'))
      problems.push(
        problemAt(
          `body.${field}`,
          `no ${field === 'districtId' ? 'district' : 'organisation'} ${id}`,
          coded('unknown-organisation', { id }),
        ),
      );
  }
  if (problems.length) throw new ValidationError(problems);
}
