import type { MiddlewareHandler } from 'hono';

/**
 * Until December 2026 a declaration (申报) was called an "application" on the wire
 * (`/applications/…`, `/calls/{id}/applications`, `/ui/applications/…`). E-mails already sent link
 * there and clients may be written against it, so those paths answer 308 to the same path with
 * `declarations`: 308, not 301, so a client repeats a POST or PATCH with its body at the new path.
 */
const LEGACY_SEGMENT = /(?<=\/)applications(?=\/|$)/;

export const legacyPaths: MiddlewareHandler = async (c, next) => {
  if (!LEGACY_SEGMENT.test(c.req.path)) return next();
  const url = new URL(c.req.url);
  return c.redirect(`${c.req.path.replace(LEGACY_SEGMENT, 'declarations')}${url.search}`, 308);
};
