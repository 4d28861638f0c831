import { formOf } from '../../core/form-definition';
import {
  DEFAULT_TITLE_VALIDITY_YEARS,
  eligibilityOf,
  eligibilityProblems,
  organisationCapProblem,
  streetCapProblem,
  streetOf,
  titleValidUntil,
  type EligibilityFacts,
} from '../../core/eligibility';
import { ValidationError } from '../../core/errors';
import { clock } from '../adapters/clock';
import { store, type CallItem, type DeclarationItem } from '../adapters/entities';
import { configOf } from './calls';

/** A counter a first submission adds one to, on the condition that it stays within `max`. */
export interface Slot {
  scope: string;
  max: number;
}

type Entities = ReturnType<typeof store>['entities'];
type Writes = Parameters<Parameters<ReturnType<typeof store>['transaction']['write']>[0]>[0];

const organisationScope = (organisationId: string) => `organisation:${organisationId}`;
const streetScope = (streetId: string) => `street:${streetId}`;

async function countedIn(entities: Entities, callId: string, scope: string): Promise<number> {
  const { data } = await entities.eligibilityCount.get({ callId, scope }).go({ consistent: true });
  return data?.counted ?? 0;
}

/**
 * Judges a submission by its call's rules (legacy calls: OPEN_ELIGIBILITY), reading only by key:
 * the organisation's directory entry, its title under the kind, the counters the caps keep. A
 * first submission (`counting`) is judged on the caps too and gets the slots its transaction must
 * take; a resubmission after correction was counted already. Throws the broken rules as a 422.
 */
export async function checkEligibility(call: CallItem, declaration: DeclarationItem, counting: boolean): Promise<Slot[]> {
  const config = configOf(call);
  const rules = eligibilityOf(config);
  const { entities } = store();
  const { callId, organisationId } = declaration;
  const countsOrganisation = counting && rules.maxPerOrganisation !== undefined;
  const [organisation, held, forOrganisation] = await Promise.all([
    entities.organisation.get({ organisationId }).go(),
    rules.notIfAlreadyNamed ? entities.title.get({ kind: call.kind, organisationId }).go() : undefined,
    countsOrganisation ? countedIn(entities, callId, organisationScope(organisationId)) : undefined,
  ]);
  const street = organisation.data ? streetOf(organisation.data) : undefined;
  const countsStreet = counting && rules.maxPerStreet !== undefined && street !== undefined;
  const facts: EligibilityFacts = {
    organisation: organisation.data ?? undefined,
    countedForOrganisation: forOrganisation,
    countedForStreet: countsStreet ? await countedIn(entities, callId, streetScope(street)) : undefined,
    titleValidUntil: held?.data?.validUntil,
    now: clock().now(),
    fields: (declaration.fields ?? {}) as Record<string, unknown>,
    fieldLabels: Object.fromEntries(formOf(config).map((f) => [f.key, f.labelZh])),
  };
  const problems = eligibilityProblems(rules, facts);
  if (problems.length) throw new ValidationError(problems);
  return [
    ...(countsOrganisation ? [{ scope: organisationScope(organisationId), max: rules.maxPerOrganisation! }] : []),
    ...(countsStreet ? [{ scope: streetScope(street), max: rules.maxPerStreet! }] : []),
  ];
}

/** The submission transaction's writes that take the slots: each fails its condition at the cap. */
export function takeSlots(callId: string, slots: readonly Slot[], { eligibilityCount }: Pick<Writes, 'eligibilityCount'>) {
  return slots.map(({ scope, max }) =>
    eligibilityCount
      .update({ callId, scope })
      .add({ counted: 1 })
      .where(({ counted }, { notExists, lt }) => `${notExists(counted)} OR ${lt(counted, max)}`)
      .commit(),
  );
}

/**
 * The rule a cancelled submission broke, if a slot's condition failed (another submission took the
 * last place meanwhile): `reasons` are the transaction's, the slots' writes from `offset` on.
 */
export function slotRefusal(reasons: unknown, slots: readonly Slot[], offset: number): ValidationError | undefined {
  const codes = (Array.isArray(reasons) ? reasons : []).map((r: { code?: string } | undefined) => r?.code);
  const broken = slots.find((_, i) => codes[offset + i] === 'ConditionalCheckFailed');
  if (!broken) return undefined;
  return new ValidationError([broken.scope.startsWith('street:') ? streetCapProblem(broken.max) : organisationCapProblem(broken.max)]);
}

/** The writes that give a withdrawn declaration's slots back, and forget that it held them. */
export function releaseSlots(
  declaration: Pick<DeclarationItem, 'callId' | 'countedIn'>,
  { eligibilityCount }: Pick<Writes, 'eligibilityCount'>,
) {
  return (declaration.countedIn ?? []).map((scope) =>
    eligibilityCount
      .update({ callId: declaration.callId, scope })
      .subtract({ counted: 1 })
      .where(({ counted }, { gt }) => gt(counted, 0))
      .commit(),
  );
}

/**
 * The title item a naming writes: the organisation holds the kind's title for the outcome's
 * validity (`validityYears`), else DEFAULT_TITLE_VALIDITY_YEARS.
 */
export function titleHeld(
  project: { kind: string; organisationId: string; declarationId: string },
  titleZh: string,
  namedAt: Date,
  // A call stored before kinds were data has no outcome in its config: the default validity then.
  config: { outcome?: { validityYears?: number } | undefined },
) {
  const years = config.outcome?.validityYears ?? DEFAULT_TITLE_VALIDITY_YEARS;
  return {
    kind: project.kind,
    organisationId: project.organisationId,
    declarationId: project.declarationId,
    titleZh,
    namedAt: namedAt.toISOString(),
    validUntil: titleValidUntil(namedAt, years),
  };
}
