import { problemAt, ValidationError, type FieldProblem } from '../errors';
import { type Coded, coded } from '../problem-codes';
import type { DecisionInput } from '../schemas';

/**
 * Every task kind is decided with one body shape (`decisionInput`); each kind takes some of its
 * members. A kind's rule reads those, and anything else sent is refused at its own field, so the
 * assignee is told exactly what does not belong to this step.
 */
export type DecisionMember = keyof DecisionInput;

/** What a kind's rule makes of a body: the decision, and every field it refuses. */
export interface Ruled<D> {
  decision: D;
  problems: FieldProblem[];
}

export const refusal = (field: string, message: string, code?: Coded): FieldProblem => problemAt(`body.${field}`, message, code);

/** Members a kind does not take, in the order they were sent. */
export function membersNotTaken(kind: string, input: Partial<DecisionInput>, taken: readonly DecisionMember[]): FieldProblem[] {
  return Object.entries(input)
    .filter(([member, value]) => value !== undefined && !taken.includes(member as DecisionMember))
    .map(([member]) => refusal(member, `not part of a ${kind} decision`, coded('not-in-this-decision')));
}

/** The decision, or one 422 naming the members not taken, then what the rule refused. */
export function decisionOf<D>(kind: string, input: Partial<DecisionInput>, taken: readonly DecisionMember[], ruled: Ruled<D>): D {
  const problems = [...membersNotTaken(kind, input, taken), ...ruled.problems];
  if (problems.length) throw new ValidationError(problems);
  return ruled.decision;
}

/** A task kind nobody decides through POST /tasks/{id}/decision (the workflow holds it). */
export function notDecidedHere(kind: string): ValidationError {
  return new ValidationError([{ field: 'path.taskId', message: `a ${kind} task is not decided here` }]);
}
