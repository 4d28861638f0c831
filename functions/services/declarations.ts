import { budgetFieldProblems } from '../../core/funding';
import { canSeeDeclaration, declarationFor, historyFor, tasksFor } from '../../core/access';
import { isOpenForSubmission } from '../../core/calls';
import { changedMembers } from '../../core/edits';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  problemAt,
  ValidationError,
  type FieldProblem,
} from '../../core/errors';
import { formOf, formValuesSchema, materialsOf, withoutBlanks } from '../../core/form-definition';
import { formProblems } from '../../core/form-problems';
import { codeOfIssue, coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { newId } from '../../core/ids';
import { submittableDeclaration, type CreateDeclarationInput, type UpdateDeclarationInput } from '../../core/schemas';
import { assertEditable } from '../../core/stages';
import { clock } from '../adapters/clock';
import { store, type DeclarationItem, type CallItem, type IntentItem } from '../adapters/entities';
import { faultPoint } from '../adapters/faults';
import { carryOutNow, intentOrPut, startIntent } from './outbox';
import { auditItem, historyOf } from './audit';
import { openCursor, pageFrom, sealCursor, type Listing } from './cursors';
import { writeResolvingCollisions } from './transactions';
import { configOf, getCall } from './calls';
import { checkEligibility, slotRefusal, takeSlots } from './eligibility';
import { completeTask, openTasksOf, publicTask } from './tasks';

function requireApplicant(actor: Actor): asserts actor is Actor & { organisationId: string; districtId: string } {
  if (actor.role !== 'applicant' || !actor.organisationId || !actor.districtId) {
    throw new ForbiddenError('only a declaring organisation may do this');
  }
}

export async function getVisibleDeclaration(actor: Actor, declarationId: string): Promise<DeclarationItem> {
  const { data } = await store().entities.declaration.get({ declarationId }).go();
  if (!data || !canSeeDeclaration(actor, data)) throw new NotFoundError(`declaration ${declarationId} not found`);
  return data;
}

/**
 * The call's own form (core/form-definition.ts): unknown fields and materials are refused, each
 * value judged by its field's type, a draft's required fields may wait for submission. Returns
 * the input with the fields as stored (blank inputs left out, numeric strings read as numbers).
 */
function checkAgainstCall<T extends UpdateDeclarationInput>(call: CallItem, input: T): T {
  const config = configOf(call);
  const fields = input.fields && withoutBlanks(input.fields);
  const form = formOf(config);
  const parsed = fields ? formValuesSchema(form, { complete: false }).safeParse(fields) : undefined;
  const problems: FieldProblem[] = parsed?.success === false ? formProblems('body.fields', parsed.error.issues, form) : [];
  (input.materials ?? []).forEach((m, i) => {
    if (!materialsOf(config).some((r) => r.key === m.key))
      problems.push(problemAt(`body.materials.${i}.key`, `not a material this call asks for`, coded('material-not-asked')));
  });
  if (problems.length) throw new ValidationError(problems);
  return parsed?.success ? { ...input, fields: parsed.data } : input;
}

export async function createDraft(actor: Actor, callId: string, input: CreateDeclarationInput) {
  requireApplicant(actor);
  const call = await getCall(callId);
  const now = clock().now();
  if (!isOpenForSubmission(call, now)) {
    throw new ConflictError(
      `the call is not open (it runs from ${call.opensAt} to ${call.closesAt})`,
      { opensAt: call.opensAt, closesAt: call.closesAt },
      { coded: coded('call-not-open', { opensAt: call.opensAt, closesAt: call.closesAt }) },
    );
  }
  input = checkAgainstCall(call, input);
  const item: DeclarationItem = {
    declarationId: newId('app', now.getTime()),
    callId,
    kind: call.kind,
    organisationId: actor.organisationId,
    districtId: actor.districtId,
    applicant: actor.username,
    ...input,
    stage: 'draft',
    version: 1,
    submissions: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store()
    .transaction.write(({ declaration, auditEvent }) => [
      declaration.create(item).commit(),
      auditEvent
        .create(auditItem({ declarationId: item.declarationId, actor: actor.username, action: 'draft.created', toStage: 'draft' }))
        .commit(),
    ])
    .go();
  return item;
}

/**
 * Saves what changed. `expectedVersion` (the API's If-Match, the page's hidden version) is the
 * version the editor started from: if someone saved since, nothing is written and the current
 * declaration comes back in a 412. A patch that changes nothing writes nothing: no version, no
 * history event.
 */
export async function updateDraft(actor: Actor, declarationId: string, patch: UpdateDeclarationInput, expectedVersion?: number) {
  requireApplicant(actor);
  const current = await getVisibleDeclaration(actor, declarationId);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw editedMeanwhile(actor, current);
  assertEditable(current.stage);
  patch = checkAgainstCall(await getCall(current.callId), patch);
  const changes = changedMembers(patch, current);
  if (changes.length === 0) return current;
  const set = Object.fromEntries(changes.map((key) => [key, patch[key]])) as UpdateDeclarationInput;
  const now = clock().now().toISOString();
  const result = await writeResolvingCollisions(() =>
    store()
      .transaction.write(({ declaration, auditEvent }) => [
        declaration
          .patch({ declarationId })
          .set({ ...set, updatedAt: now })
          .add({ version: 1 })
          .where(({ version }, { eq }) => eq(version, current.version))
          .commit(),
        auditEvent
          .create(
            auditItem({ declarationId, actor: actor.username, action: 'draft.edited', fromStage: current.stage, toStage: current.stage }),
          )
          .commit(),
      ])
      .go(),
  );
  if (result.canceled) {
    const latest = await reload(actor, declarationId);
    if (expectedVersion !== undefined && latest) throw editedMeanwhile(actor, latest);
    throw new ConflictError('the declaration changed while you edited it', latest, { coded: coded('changed-meanwhile') });
  }
  return { ...current, ...set, updatedAt: now, version: current.version + 1 };
}

const editedMeanwhile = (actor: Actor, current: DeclarationItem) =>
  new PreconditionFailedError(
    `the declaration is at version ${current.version}, not the one edited (If-Match)`,
    declarationFor(actor, current),
    {
      coded: coded('edited-meanwhile'),
    },
  );

async function reload(actor: Actor, declarationId: string) {
  const { data } = await store().entities.declaration.get({ declarationId }).go({ consistent: true });
  return data ? declarationFor(actor, data) : undefined;
}

function assertComplete(declaration: DeclarationItem, call: CallItem): void {
  const parsed = submittableDeclaration.safeParse(declaration);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const field = `declaration.${issue.path.join('.')}`;
        return issue.code === 'invalid_type'
          ? problemAt(field, 'required before submission', coded('required-before-submission'))
          : problemAt(field, issue.message, codeOfIssue(issue));
      });
  const config = configOf(call);
  const form = formOf(config);
  // A draft saved under an earlier rule (free text in a number field) is caught here too.
  const fields = withoutBlanks((declaration.fields ?? {}) as Record<string, unknown>);
  const judged = formValuesSchema(form, { complete: true }).safeParse(fields);
  if (!judged.success) problems.push(...formProblems('declaration.fields', judged.error.issues, form, fields));
  else problems.push(...budgetFieldProblems(config.funding, form, judged.data, 'declaration.fields'));
  const attached = ((declaration.materials ?? []) as { key: string }[]).map((m) => m.key);
  for (const m of materialsOf(config)) {
    if (m.required && !attached.includes(m.key))
      problems.push(
        problemAt(
          `declaration.materials.${m.key}`,
          `required before submission: ${m.labelZh}`,
          coded('material-required-before-submission', { label: m.labelZh }),
        ),
      );
  }
  if (problems.length) throw new ValidationError(problems);
}

/**
 * Submitting a draft starts its workflow; resubmitting a returned declaration completes the
 * correction task the workflow is waiting on.
 */
export async function submit(actor: Actor, declarationId: string) {
  requireApplicant(actor);
  const current = await getVisibleDeclaration(actor, declarationId);
  if (current.stage === 'revision') return resubmit(actor, current);
  // Submitted before, its workflow not (yet) started: the pending intent is carried out now.
  if (current.stage === 'district_review' && !current.executionArn)
    return startWorkflow(current, await intentOrPut(workflowIntent(declarationId)));
  if (current.stage !== 'draft') {
    throw new ConflictError(`a declaration in stage ${current.stage} cannot be submitted`, declarationFor(actor, current), {
      coded: coded('declaration-not-submittable', { stage: current.stage }),
    });
  }

  const call = await getCall(current.callId);
  const now = clock().now();
  if (!isOpenForSubmission(call, now)) {
    throw new ConflictError(
      `the call closed at ${call.closesAt}; submissions are no longer accepted`,
      { closesAt: call.closesAt },
      { coded: coded('call-closed', { closesAt: call.closesAt }) },
    );
  }
  assertComplete(current, call);
  const slots = await checkEligibility(call, current, true);
  const at = now.toISOString();
  const intent = workflowIntent(declarationId);
  const counted = slots.length ? { countedIn: slots.map((s) => s.scope) } : {};
  const result = await writeResolvingCollisions(() =>
    store()
      .transaction.write(({ declaration, auditEvent, intent: outbox, eligibilityCount }) => [
        declaration
          .patch({ declarationId })
          .set({ stage: 'district_review', submittedAt: at, updatedAt: at, ...counted })
          .add({ version: 1, submissions: 1 })
          .where(({ version, stage }, { eq }) => `${eq(version, current.version)} AND ${eq(stage, 'draft')}`)
          .commit(),
        auditEvent
          .create(auditItem({ declarationId, actor: actor.username, action: 'submitted', fromStage: 'draft', toStage: 'district_review' }))
          .commit(),
        outbox.put(intent).commit(),
        ...takeSlots(current.callId, slots, { eligibilityCount }),
      ])
      .go(),
  );
  if (result.canceled)
    // Another submission took the last place a cap allows (the slots follow the three writes above), or the declaration changed.
    throw (
      slotRefusal(result.data, slots, 3) ??
      new ConflictError('the declaration changed while you submitted it', await reload(actor, declarationId), {
        coded: coded('changed-meanwhile'),
      })
    );
  await faultPoint('submit.staged');
  return startWorkflow(
    { ...current, stage: 'district_review', submittedAt: at, version: current.version + 1, submissions: current.submissions + 1 },
    intent,
  );
}

/** The declaration's workflow, as an outbox intent written with the move to district_review. */
function workflowIntent(declarationId: string) {
  return startIntent('declaration', declarationId, { declarationId }, declarationId, 'declaration');
}

/** The stage is saved: the workflow starts now, or (Step Functions unreachable) by the reconciler. */
async function startWorkflow(declaration: DeclarationItem, intent: IntentItem) {
  const executionArn = await carryOutNow(intent);
  return executionArn ? { ...declaration, executionArn } : declaration;
}

async function resubmit(actor: Actor, declaration: DeclarationItem) {
  const call = await getCall(declaration.callId);
  assertComplete(declaration, call);
  await checkEligibility(call, declaration, false);
  const task = (await openTasksOf(declaration.declarationId)).find((t) => t.kind === 'revision');
  if (!task) {
    throw new ConflictError('the correction task is not open yet; try again in a moment', declaration, {
      coded: coded('correction-not-open'),
    });
  }
  const now = clock().now().toISOString();
  await completeTask(task, actor, {
    // On the version read, so an edit that lands meanwhile is not submitted unchecked.
    move: { from: 'revision', to: 'formal_review', set: { submittedAt: now }, add: { submissions: 1 }, version: declaration.version },
    audit: { action: 'resubmitted' },
    output: { outcome: 'resubmitted', by: actor.username },
  });
  return { ...declaration, stage: 'formal_review' as const, version: declaration.version + 1, submissions: declaration.submissions + 1 };
}

export async function listDeclarations(actor: Actor, options: { callId?: string | undefined; limit: number; cursor?: string | undefined }) {
  const entity = store().entities.declaration;
  const filter = `?callId=${options.callId ?? ''}`;
  let listing: Listing;
  let query: (page: { limit: number; cursor: string | null }) => ReturnType<ReturnType<typeof entity.query.byCall>['go']>;
  if (actor.role === 'applicant' && actor.organisationId) {
    const organisationId = actor.organisationId;
    listing = { list: `declarations:organisation:${organisationId}${filter}`, caller: actor.username, index: 'gsi2' };
    query = (page) => entity.query.byOrganisation({ organisationId }).go(page);
  } else if (actor.role === 'district-reviewer' && actor.districtId) {
    const districtId = actor.districtId;
    listing = { list: `declarations:district:${districtId}${filter}`, caller: actor.username, index: 'gsi3' };
    query = (page) => entity.query.byDistrict({ districtId }).go(page);
  } else if (actor.role === 'city-admin' && options.callId) {
    const callId = options.callId;
    listing = { list: `declarations:call:${callId}`, caller: actor.username, index: 'gsi1' };
    query = (page) => entity.query.byCall({ callId }).go(page);
  } else if (actor.role === 'city-admin') {
    throw new ValidationError([{ field: 'query.callId', message: 'the city office lists declarations per call' }]);
  } else {
    return { items: [], cursor: null };
  }
  const from = openCursor(listing, options.cursor);
  const result = await pageFrom(from, () => query({ limit: options.limit, cursor: from ?? null }));
  const items = options.callId ? result.data.filter((d) => d.callId === options.callId) : result.data;
  return { items: items.map((d) => declarationFor(actor, d)), cursor: sealCursor(listing, result.cursor) };
}

/**
 * What a view needs besides the declaration is read beside it, not after it. It is read whether or
 * not the asker may see the declaration, and a 404 is answered as soon as the declaration's own
 * read is in, never waiting on the other: a hidden declaration costs what a missing one does, and
 * nothing of the other read reaches an asker who may not see it.
 */
async function visibleWith<T>(actor: Actor, declarationId: string, besides: Promise<T>): Promise<[DeclarationItem, T]> {
  // A refused view never awaits `besides`: its failure must not surface as an unhandled rejection.
  besides.catch(() => undefined);
  const declaration = await getVisibleDeclaration(actor, declarationId);
  return [declaration, await besides];
}

export async function declarationView(actor: Actor, declarationId: string) {
  const [declaration, tasks] = await visibleWith(actor, declarationId, openTasksOf(declarationId));
  return { ...declarationFor(actor, declaration), openTasks: tasksFor(actor, tasks).map(publicTask) };
}

/** The audit trail as the asker may read it: the one view of it the API and the pages both show. */
export async function declarationHistory(actor: Actor, declarationId: string) {
  await getVisibleDeclaration(actor, declarationId);
  return historyFor(actor, await historyOf(declarationId));
}
