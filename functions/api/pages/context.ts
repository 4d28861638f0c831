import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ConflictError,
  UnauthorizedError,
  ValidationError,
  type FieldProblem,
} from '../../../core/errors';
import type { Actor, Role } from '../../../core/identity';
import type { ZodError, ZodType } from 'zod';
import { actingAs } from '../../adapters/acting';
import { verifyToken } from '../auth';
import { validationErrorOf } from '../problem';
import { sayError, sayProblem } from './messages';

export type Lang = 'zh' | 'en';
/** A phrase in both languages; the page picks one. Chinese first: it is the pages' language. */
export type T = (zh: string, en: string) => string;
/** What a form page is drawn again with after a refusal: the posted values, each field's error, the status. */
export type FormState = {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  message?: string;
  status?: ContentfulStatusCode;
};
export type PageEnv = { Variables: { actor?: Actor; lang: Lang; t: T; unread?: number } };

export const SESSION_COOKIE = 'shenbao_session';
const LANG_COOKIE = 'shenbao_lang';

/** `?lang=en` (or `zh`) switches and is remembered; otherwise the cookie; otherwise Chinese. */
export const language = createMiddleware<PageEnv>(async (c, next) => {
  const asked = c.req.query('lang');
  let lang: Lang = getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh';
  if (asked === 'en' || asked === 'zh') {
    lang = asked;
    setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
  }
  c.set('lang', lang);
  c.set('t', (zh, en) => (lang === 'en' ? en : zh));
  await next();
});

/**
 * The session is the same JWT the API takes as a bearer token, kept in an HttpOnly cookie and
 * verified by the same code; an expired or foreign token simply means "not signed in".
 */
export const session = createMiddleware<PageEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    try {
      c.set('actor', await verifyToken(token));
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    }
  }
  const actor = c.get('actor');
  await (actor ? actingAs(actor, next) : next());
});

export function startSession(c: Context, token: string, maxAgeSeconds: number) {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    // SameSite=Lax keeps other sites' forms from posting with the session.
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: maxAgeSeconds,
  });
}

export function endSession(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The signed-in actor, or a redirect to sign in (thrown, so handlers read straight). */
export function actorOf(c: Context<PageEnv>, ...allowed: Role[]): Actor {
  const actor = c.get('actor');
  if (!actor) throw new UnauthorizedError('sign in');
  if (allowed.length && !allowed.includes(actor.role)) throw new ForbiddenError('your role may not open this page');
  return actor;
}

/** Field problems in the reader's language, keyed the way the forms name their inputs: `body.fields.x` → `fields.x`. */
export function fieldErrors(lang: Lang, problems: FieldProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const name = p.field.replace(/^(body|declaration)\./, '');
    const message = sayProblem(lang, p);
    errors[name] = errors[name] ? `${errors[name]}${lang === 'zh' ? '；' : '; '}${message}` : message;
  }
  return errors;
}

/** A form's schema failure as the field errors the API would name, in the reader's language. */
export const schemaErrors = (lang: Lang, error: ZodError) => fieldErrors(lang, validationErrorOf(error, 'json').errors);

/**
 * A list page's filters: the query's non-blank parameters (not `lang`) read by the API's schema,
 * then by the service; what either refuses comes back in the reader's language by the parameter's
 * name (`kind`, `cursor`, …; `query` for the query as a whole), and nothing is shown.
 */
export async function filteredList<Q, R>(
  c: Context<PageEnv>,
  schema: ZodType<Q>,
  read: (query: Q) => Promise<R>,
  defaults: Record<string, string> = {},
): Promise<{ given: Record<string, string>; query?: Q; shown?: R; errors: Record<string, string> }> {
  const lang = c.get('lang');
  const given = Object.fromEntries(Object.entries(c.req.query()).filter(([key, v]) => v !== '' && key !== 'lang'));
  const parsed = schema.safeParse({ ...defaults, ...given });
  let errors: Record<string, string> = {};
  let shown: R | undefined;
  if (!parsed.success) errors = schemaErrors(lang, parsed.error);
  else {
    try {
      shown = await read(parsed.data);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors = fieldErrors(lang, error.errors);
    }
  }
  errors = Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field.replace(/^(query|body)\.?/, '') || 'query', message]),
  );
  return { given, ...(parsed.success ? { query: parsed.data } : {}), ...(shown === undefined ? {} : { shown }), errors };
}

/**
 * Runs a write; a validation failure or a 409 comes back as field errors or a message for the form
 * to show, and a stale edit (412) with what is stored now, for the form to say what changed.
 */
export async function attempt<R>(
  lang: Lang,
  write: () => Promise<R>,
): Promise<{ ok: true; value: R } | { ok: false; errors: Record<string, string>; message: string; current?: { version: number } }> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, errors: fieldErrors(lang, error.errors), message: sayError(lang, error) };
    if (error instanceof PreconditionFailedError) return { ok: false, errors: {}, message: sayError(lang, error), current: error.current };
    if (error instanceof ConflictError) return { ok: false, errors: {}, message: sayError(lang, error) };
    throw error;
  }
}

type Parsed<In> = { success: true; data: In } | { success: false; error: ZodError };

/** Validated at the edge, then written: the write's value, or each field's error in the reader's language. */
export function validThenWritten<In, Out>(lang: Lang, parsed: Parsed<In>, write: (input: In) => Promise<Out>) {
  if (!parsed.success) return Promise.resolve({ ok: false as const, errors: schemaErrors(lang, parsed.error), message: '' });
  return attempt(lang, () => write(parsed.data));
}

/** A form's post: validated and written, then the browser sent on to `next`; a refusal draws the page again (422) with each error at its field. */
export async function posted<In, Out>(
  c: Context<PageEnv>,
  parsed: Parsed<In>,
  write: (input: In) => Promise<Out>,
  answer: { refused: (state: FormState) => Response | Promise<Response>; next: (value: Out) => string },
): Promise<Response> {
  const done = await validThenWritten(c.get('lang'), parsed, write);
  if (!done.ok) return answer.refused({ errors: done.errors, message: done.message, status: 422 });
  return backTo(c, answer.next(done.value));
}

/** Form text: trimmed, and an empty input is "not given" rather than an empty value. */
export function given(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The per-field fingerprints a form carried of what it showed (core/edits.ts); none if missing or forged. */
export function seenIn(form: Record<string, unknown>): Record<string, string> {
  try {
    const seen = JSON.parse(typeof form.seen === 'string' ? form.seen : '{}') as unknown;
    return seen && typeof seen === 'object' && !Array.isArray(seen) ? (seen as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function backTo(c: Context, path: string) {
  return c.redirect(path, 303);
}

export { NotFoundError };

/** A sub-app of the pages; its errors render as pages, not as problem+json. */
export function pageRouter(onError: (error: Error, c: Context<PageEnv>) => Response | Promise<Response>) {
  const app = new Hono<PageEnv>();
  app.onError(onError);
  return app;
}
