import { type FieldProblem, problemAt } from './errors';
import { coded, type Coded } from './problem-codes';

/**
 * Expert assignment with conflict avoidance (回避): an expert never reviews a declaration from
 * their own district or organisation, and the load is spread so nobody gets everything.
 */
export interface PoolExpert {
  username: string;
  districtId: string;
  organisationId: string;
  displayName?: string | undefined;
}
export interface Declarant {
  districtId: string;
  organisationId: string;
}

/** Why an expert may not review this declaration (the API's words and the code for the pages'), or undefined when they may. */
export function conflictReason(expert: PoolExpert, declaration: Declarant): { message: string; coded: Coded } | undefined {
  // People are named by name (the pool's display name), the username only when the pool has none.
  const name = expert.displayName ?? expert.username;
  if (expert.organisationId === declaration.organisationId) {
    return { message: `回避：${name} belongs to the declaring organisation`, coded: coded('conflict-organisation', { expert: name }) };
  }
  if (expert.districtId === declaration.districtId) {
    return { message: `回避：${name} is from the declaration’s district`, coded: coded('conflict-district', { expert: name }) };
  }
  return undefined;
}

export const conflictOf = (expert: PoolExpert, declaration: Declarant): string | undefined => conflictReason(expert, declaration)?.message;

/**
 * The `count` eligible experts with the least open work (ties by name, so a proposal is stable).
 * Returns fewer when the pool has fewer eligible experts; the caller says so.
 */
export function proposeExperts(pool: PoolExpert[], declaration: Declarant, count: number, load: Record<string, number>): PoolExpert[] {
  return pool
    .filter((expert) => !conflictOf(expert, declaration))
    .sort((a, b) => (load[a.username] ?? 0) - (load[b.username] ?? 0) || a.username.localeCompare(b.username))
    .slice(0, count);
}

/**
 * A choice of experts by username, each checked: in the pool, listed once, not refused by the
 * caller's rule (回避 …); each problem at its entry of the list (`<list>.<i>`), the expert named.
 */
export function pickExperts<T extends PoolExpert>(
  pool: readonly T[],
  chosen: readonly string[],
  refusal: (expert: T) => { message: string; coded: Coded } | undefined,
  list = 'body.experts',
): { picked: T[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const picked: T[] = [];
  chosen.forEach((username, i) => {
    const expert = pool.find((e) => e.username === username);
    const field = `${list}.${i}`;
    if (!expert)
      problems.push(problemAt(field, `${username} is not in the expert pool`, coded('not-in-expert-pool', { expert: username })));
    else if (chosen.indexOf(username) !== i)
      problems.push(problemAt(field, `${username} is listed twice`, coded('listed-twice', { name: username })));
    else {
      const refused = refusal(expert);
      if (refused) problems.push(problemAt(field, refused.message, refused.coded));
      else picked.push(expert);
    }
  });
  return { picked, problems };
}
