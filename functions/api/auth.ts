import { createMiddleware } from 'hono/factory';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ForbiddenError, SecondFactorRequiredError, UnauthorizedError } from '../../core/errors';
import { roles, secondFactorRoles, signedInWithEnoughFactors, type Actor, type Role } from '../../core/identity';
import { clock } from '../adapters/clock';
import { optionalEnv, requireEnv } from '../adapters/env';
import { withIdempotency } from './idempotency';
import { enrolOnFirstSight } from '../services/directory';
import { refuseDisabled } from '../services/account-status';

export type AuthEnv = { Variables: { actor: Actor } };

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
function keySet() {
  // Built once per process; jose caches the keys and refetches on an unknown `kid`.
  jwks ??= createRemoteJWKSet(new URL(requireEnv('JWKS_URL')));
  return jwks;
}

export interface TokenRules {
  keys: JWTVerifyGetKey;
  issuer: string;
  /** The app client ids a token may be for (JWT_AUDIENCE, comma-separated). */
  audiences: string[];
  now: Date;
}

/**
 * Verifies a bearer token: RS256 only, signed by a key of the JWKS, from the issuer, unexpired,
 * for one of our app clients. Cognito puts the client in `aud` on ID tokens but in `client_id` on
 * access tokens (which have no `aud`), so the audience is checked by the token's `token_use`.
 */
export async function checkToken(token: string, rules: TokenRules): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, rules.keys, {
      issuer: rules.issuer,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat', 'iss'],
      maxTokenAge: '1d',
      currentDate: rules.now,
    }));
  } catch (error) {
    throw new UnauthorizedError('the token is invalid or has expired; sign in again', { cause: error });
  }
  // Other OIDC providers (Keycloak, a government identity platform) have no token_use: their
  // client is in `aud`, or in `azp` when `aud` names a resource server.
  const use = payload.token_use ?? 'id';
  const client = use === 'access' ? payload.client_id : use === 'id' ? payload.aud : undefined;
  const clients = [...(Array.isArray(client) ? client : [client]), ...(payload.token_use ? [] : [payload.azp])];
  if (!clients.some((c) => typeof c === 'string' && rules.audiences.includes(c))) {
    throw new UnauthorizedError('the token was not issued for this application; sign in again');
  }
  return payload;
}

/**
 * Verifies the bearer token against the identity provider's JWKS (Cognito's in the cloud, the
 * local provider's on one machine), turns its claims into an Actor, and then honours an
 * `Idempotency-Key` on a mutating request, which needs to know who is asking.
 */
export const requireActor = createMiddleware<AuthEnv>(async (c, next) => {
  // Sub-apps guard path prefixes and routes guard themselves; a request runs this once.
  if (c.get('actor')) return next();
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
  if (!match) throw new UnauthorizedError('sign in: send Authorization: Bearer <token>');
  const actor = await verifyToken(match[1]!);
  c.set('actor', actor);
  return withIdempotency(c, actor, next);
});

/** A public route that shows more to some: a bearer token, when sent, is checked as requireActor checks it. */
export const optionalActor = createMiddleware<AuthEnv>(async (c, next) =>
  c.req.header('authorization') === undefined ? next() : requireActor(c, next),
);

/** The one check of a token, whether it comes as a bearer header or in a session cookie. */
export async function verifyToken(token: string): Promise<Actor> {
  const payload = await checkToken(token, {
    keys: keySet(),
    issuer: requireEnv('JWT_ISSUER'),
    audiences: requireEnv('JWT_AUDIENCE')
      .split(',')
      .map((a) => a.trim()),
    now: clock().now(),
  });
  const actor = actorOf(payload);
  if (!signedInWithEnoughFactors(actor.role, payload.amr, mfaRoles()))
    throw new SecondFactorRequiredError(
      `a ${actor.role} account must sign in with a second factor (an authenticator app); sign in again with it`,
    );
  await enrolOnFirstSight(actor, payload);
  await refuseDisabled(actor.username);
  return actor;
}

/**
 * The roles whose tokens must show a second factor: MFA_ROLES (comma-separated, `none` for no
 * role), by default the city office and the districts (core/identity.ts).
 */
function mfaRoles(): readonly Role[] {
  const configured = optionalEnv('MFA_ROLES');
  if (configured === undefined) return secondFactorRoles;
  return configured
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is Role => (roles as readonly string[]).includes(r));
}

/**
 * Which claims carry a person's role, name and scope. Cognito's by default; another OIDC provider
 * maps its own (a Keycloak `groups` claim, an `org` attribute) through CLAIM_* variables, so the
 * identity provider is configuration, not code.
 */
export interface ClaimNames {
  roles: string;
  /** Tried in order; the first string present names the person. */
  username: string[];
  organisation: string;
  district: string;
}

export function claimNames(): ClaimNames {
  return {
    roles: optionalEnv('CLAIM_ROLES') ?? 'cognito:groups',
    username: (optionalEnv('CLAIM_USERNAME') ?? 'cognito:username,username,preferred_username,sub').split(',').map((c) => c.trim()),
    organisation: optionalEnv('CLAIM_ORG') ?? 'custom:org',
    district: optionalEnv('CLAIM_DISTRICT') ?? 'custom:district',
  };
}

/**
 * Claims to an Actor, for both Cognito token shapes (and any OIDC provider's, by claimNames()):
 * the ID token names the user in `cognito:username` and carries custom attributes; the access
 * token names them in `username` and carries no custom attributes unless a pre-token-generation
 * trigger adds them. A role whose scope comes from those attributes cannot act without them, so
 * such a token is refused outright.
 */
export function actorOf(payload: JWTPayload, claims: ClaimNames = claimNames()): Actor {
  const rolesClaim = payload[claims.roles];
  const groups = Array.isArray(rolesClaim) ? (rolesClaim as unknown[]) : typeof rolesClaim === 'string' ? [rolesClaim] : [];
  const role = groups.find((group): group is Role => (roles as readonly unknown[]).includes(group));
  const username =
    claims.username.map((claim) => payload[claim]).find((value): value is string => typeof value === 'string' && value !== '') ?? '';
  if (!role || !username) throw new UnauthorizedError('the token carries no shenbao role');
  const organisationId = payload[claims.organisation];
  const districtId = payload[claims.district];
  const displayName = payload.name;
  const scope = { org: claims.organisation, district: claims.district };
  const needs = scopeClaims[role].map((claim) => scope[claim]).filter((claim) => typeof payload[claim] !== 'string');
  if (needs.length) throw new UnauthorizedError(`a ${role} token must carry ${needs.join(' and ')}; sign in with the ID token`);
  return {
    username,
    role,
    ...(typeof organisationId === 'string' ? { organisationId } : {}),
    ...(typeof districtId === 'string' ? { districtId } : {}),
    ...(typeof displayName === 'string' ? { displayName } : {}),
  };
}

/** The attributes that scope what each role may see (core/access.ts). */
const scopeClaims: Record<Role, ('org' | 'district')[]> = {
  'city-admin': [],
  'district-reviewer': ['district'],
  expert: [],
  applicant: ['org', 'district'],
};

/**
 * Function-level authorization, checked before the body is validated, so a caller without the
 * role learns nothing about what the operation would accept.
 */
export const requireRole = (...allowed: Role[]) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    if (!allowed.includes(c.get('actor').role)) throw new ForbiddenError('your role may not do this');
    await next();
  });
