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

/** Why an expert may not review this declaration, or undefined when they may. */
export function conflictOf(expert: PoolExpert, declaration: Declarant): string | undefined {
  if (expert.organisationId === declaration.organisationId) return `回避：${expert.username} belongs to the declaring organisation`;
  if (expert.districtId === declaration.districtId) return `回避：${expert.username} is from the declaration’s district ${declaration.districtId}`;
  return undefined;
}

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
