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
