import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { ForbiddenError, NotFoundError } from '../../../core/errors';
import { MAX_MATERIAL_BYTES } from '../../../core/materials';
import { problem } from '../problem';
import { jsonBody, router } from '../router';
import { problemResponses } from '../schemas';

/** What S3 does with a posted upload form: where it sends the browser on, or why it refuses the form. */
export type AcceptedUpload = { ok: true; location: string | undefined } | { ok: false; status: 400 | 403; code: string; message: string };

/**
 * What only the local runtime offers: tokens for the directory's active people, a movable clock and a stand-in
 * for S3's upload endpoint. The cloud app is built without these hooks, so there `/dev/*` does
 * not exist (404).
 */
export interface DevHooks {
  /** A token for an active person of the directory; `disabled` for a disabled one, undefined for nobody. */
  issueToken(username: string): Promise<{ access_token: string; token_type: string; expires_in: number } | 'disabled' | undefined>;
  jwks(): { keys: unknown[] };
  now(): Date;
  moveClock(to: Date): Promise<Date>;
  users(): { username: string; role: string; displayName?: string | undefined }[];
  /** Where the local blob store's upload forms post to, and what it does with one (local/blobs). */
  uploads?: Uploads;
}
type Uploads = { path: string; accept(form: Record<string, unknown>): Promise<AcceptedUpload> };

const Token = z.object({ access_token: z.string(), token_type: z.string(), expires_in: z.number() });
const ClockState = z.object({ now: z.string() });

export function devRoutes(hooks: DevHooks) {
  return (
    router()
      .openapi(
        createRoute({
          method: 'post',
          path: '/dev/token',
          summary: 'A token for an active person of the directory (local only)',
          request: {
            body: jsonBody(
              z.strictObject({
                username: z.string().regex(/^[A-Za-z0-9._@+-]{1,64}$/, 'a username of 1–64 letters, digits, or . _ @ + -'),
              }),
            ),
          },
          responses: {
            200: { description: 'a bearer token', content: { 'application/json': { schema: Token } } },
            ...problemResponses(403, 404, 422, 429),
          },
        }),
        async (c) => {
          const { username } = c.req.valid('json');
          const token = await hooks.issueToken(username);
          if (!token) throw new NotFoundError(`no person ${username} in the directory; try admin, applicant-a1 or district-a`);
          if (token === 'disabled') throw new ForbiddenError(`${username}'s account is disabled`);
          return c.json(token, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/dev/users',
          summary: 'The seeded users (local only)',
          responses: {
            200: {
              description: 'users',
              content: {
                'application/json': {
                  schema: z.object({
                    items: z.array(z.object({ username: z.string(), role: z.string(), displayName: z.string().optional() })),
                  }),
                },
              },
            },
          },
        }),
        (c) => c.json({ items: hooks.users() }, 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/dev/jwks.json',
          summary: 'The local identity provider’s public keys (local only)',
          responses: {
            200: { description: 'JWKS', content: { 'application/json': { schema: z.object({ keys: z.array(z.unknown()) }) } } },
          },
        }),
        (c) => c.json(hooks.jwks(), 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/dev/clock',
          summary: 'The local clock (local only)',
          responses: { 200: { description: 'now', content: { 'application/json': { schema: ClockState } } } },
        }),
        (c) => c.json({ now: hooks.now().toISOString() }, 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/dev/clock',
          summary: 'Move the local clock (local only); Waits and task timeouts follow it',
          request: { body: jsonBody(z.strictObject({ now: z.iso.datetime({ offset: true }) })) },
          responses: {
            200: { description: 'the new now', content: { 'application/json': { schema: ClockState } } },
            ...problemResponses(422),
          },
        }),
        async (c) => c.json({ now: (await hooks.moveClock(new Date(c.req.valid('json').now))).toISOString() }, 200),
      )
      // S3's upload endpoint, where the local runtime stands in for it (local/blobs).
      .route('/', hooks.uploads ? uploadRoute(hooks.uploads) : router())
  );
}

/**
 * The local stand-in for S3's POST upload endpoint: a form the pages' upload forms post to
 * directly, checked against its signed policy as S3 would check it (local/blobs). Not part of the API.
 */
function uploadRoute(uploads: Uploads) {
  return router().post(
    uploads.path,
    bodyLimit({ maxSize: MAX_MATERIAL_BYTES + 64 * 1024, onError: (c) => problem(c, 413, 'the file is larger than the store takes') }),
    async (c) => {
      const accepted = await uploads.accept(await c.req.parseBody());
      if (!accepted.ok) return problem(c, accepted.status, accepted.message, { code: accepted.code });
      return accepted.location ? c.redirect(accepted.location, 303) : c.body(null, 204);
    },
  );
}
