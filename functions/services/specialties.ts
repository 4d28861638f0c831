import { ConflictError, ForbiddenError, problemAt, ValidationError, type FieldProblem } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { coded } from '../../core/problem-codes';
import { clock } from '../adapters/clock';
import { isConditionFailure, store, type SpecialtyItem } from '../adapters/entities';

/** The office's list of specialties (专业领域), by code. */
export async function listSpecialties(): Promise<SpecialtyItem[]> {
  const { data } = await store().entities.specialty.query.list({}).go({ pages: 'all' });
  return data;
}

/** A new entry of the list; a code already there is refused (409 naming it), never overwritten. */
export async function addSpecialty(actor: Actor, input: { code: string; nameZh: string; nameEn?: string | undefined }) {
  requireOffice(actor);
  const item: SpecialtyItem = { ...input, createdAt: clock().now().toISOString() };
  try {
    await store().entities.specialty.create(item).go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ConflictError(
      `specialty ${input.code} already exists`,
      { code: input.code },
      { coded: coded('specialty-exists', { name: input.code }) },
    );
  }
  return item;
}

/** Each code must be on the office's list: the problem names the list entry (`${field}.${i}`). */
export async function requireKnownSpecialties(codes: readonly string[] | undefined, field: string): Promise<void> {
  if (!codes?.length) return;
  const known = new Set((await listSpecialties()).map((s) => s.code));
  const problems: FieldProblem[] = [];
  codes.forEach((code, i) => {
    if (!known.has(code))
      problems.push(
        problemAt(`${field}.${i}`, `${code} is not on the office's list of specialties`, coded('unknown-specialty', { name: code })),
      );
  });
  if (problems.length) throw new ValidationError(problems);
}

function requireOffice(actor: Actor) {
  // The list is the city office's; the route admits it alone, this keeps the service honest too.
  if (actor.role !== 'city-admin') throw new ForbiddenError('only the city office keeps the list of specialties');
}
