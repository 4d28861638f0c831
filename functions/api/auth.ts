import { createMiddleware } from 'hono/factory';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ForbiddenError, UnauthorizedError } from '../../core/errors';
import { roles, type Actor, type Role } from '../../core/identity';
import { clock } from '../adapters/clock';
import { requireEnv } from '../adapters/env';

export type AuthEnv = { Variables: { actor: Actor } };

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
function keySet() {
  // Built once per process; jose caches the keys and refetches on an unknown `kid`.
  jwks ??= createRemoteJWKSet(new URL(requireEnv('JWKS_URL')));
  return jwks;
}

/**
 * Verifies the bearer token against the identity provider's JWKS (Cognito's in the cloud, the
 * local provider's on one machine) and turns its claims into an Actor.
 */
export const requireActor = createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
  if (!match) throw new UnauthorizedError('sign in: send Authorization: Bearer <token>');
  c.set('actor', await verifyToken(match[1]!));
  await next();
});

/** The one check of a token, whether it came as a bearer header (API) or a session cookie (pages). */
export async function verifyToken(token: string): Promise<Actor> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(), {
      issuer: requireEnv('JWT_ISSUER'),
      audience: requireEnv('JWT_AUDIENCE'),
      algorithms: ['RS256'],
      currentDate: clock().now(),
    }));
  } catch (error) {
    throw new UnauthorizedError('the token is invalid or has expired; sign in again', { cause: error });
  }
  return actorOf(payload);
}

export function actorOf(payload: JWTPayload): Actor {
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
  const role = groups.find((group): group is Role => (roles as readonly unknown[]).includes(group));
  const username = String(payload['cognito:username'] ?? payload.sub ?? '');
  if (!role || !username) throw new UnauthorizedError('the token carries no shenbao role');
  const organisationId = payload['custom:org'];
  const districtId = payload['custom:district'];
  const displayName = payload.name;
  return {
    username,
    role,
    ...(typeof organisationId === 'string' ? { organisationId } : {}),
    ...(typeof districtId === 'string' ? { districtId } : {}),
    ...(typeof displayName === 'string' ? { displayName } : {}),
  };
}

/**
 * Function-level authorization, checked before the body is validated, so a caller without the
 * role learns nothing about what the operation would accept.
 */
export const requireRole = (...allowed: Role[]) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    if (!allowed.includes(c.get('actor').role)) throw new ForbiddenError('your role may not do this');
    await next();
  });
