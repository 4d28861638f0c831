import type { Actor } from './identity';

/**
 * Object-level visibility. Something an actor may not see is reported as absent (404), so the
 * answer never confirms that it exists.
 */
export function canSeeDeclaration(
  actor: Actor,
  declaration: { organisationId: string; districtId: string; experts?: string[] | undefined },
): boolean {
  switch (actor.role) {
    case 'city-admin':
      return true;
    case 'applicant':
      return declaration.organisationId === actor.organisationId;
    case 'district-reviewer':
      return declaration.districtId === actor.districtId;
    case 'expert':
      return declaration.experts?.includes(actor.username) ?? false;
  }
}
