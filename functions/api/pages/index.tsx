/** @jsxImportSource hono/jsx */
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { optionalEnv } from '../../adapters/env';
import type { DevHooks } from '../routes/dev';
import { applicantPages } from './applicant';
import { endSession, language, session, startSession } from './context';
import { area } from './errors';
import { Field, render } from './layout';
import { noticePages } from './notices';
import { resultNoticePages } from './result-notices';
import { publicPages } from './public';
import { publicListingPages } from './public-listings';
import { notificationPages, unreadCount } from './notifications';
import { officePages } from './office';
import { organisationPages } from './office-organisations';
import { incubationPages, provincePages } from './incubation';
import { projectPages } from './projects';
import { portfolioPages } from './portfolio';
import { statisticsPages } from './statistics';
import { fundingPages } from './funding';
import { reviewPages } from './review';
import { stylesheet } from './style';

/** Where each role starts. */
const homes = { applicant: '/ui/applicant', 'district-reviewer': '/ui/inbox', expert: '/ui/inbox', 'city-admin': '/ui/office' } as const;

export { isPage } from '../page-paths';
/** The longest form (a declaration: several 5,000-character texts) percent-encoded, with room to spare. */
const MAX_FORM_BYTES = 512 * 1024;

/**
 * The web pages, served by the same app as the API under /ui. Locally, sign-in is a picker of the
 * seeded users (the dev hooks); in the cloud, the identity provider's OIDC authorization-code flow
 * (Cognito's hosted UI, or another provider's: OIDC_AUTHORIZE_URL, OIDC_TOKEN_URL, OIDC_CLIENT_ID).
 */
export function pages(options: { dev?: DevHooks | undefined } = {}) {
  const ui = area();
  // Forms are only taken from the pages themselves: a browser marks a cross-site post by its
  // Sec-Fetch-Site or Origin header, which another site cannot set (beyond the SameSite cookie).
  ui.use(language, csrf(), session);
  // The header shows the unread count on every page a signed-in person opens.
  ui.use(async (c, next) => {
    const actor = c.get('actor');
    if (actor && c.req.method === 'GET' && !c.req.path.endsWith('.css')) c.set('unread', await unreadCount(actor));
    await next();
  });
  // Files never come here: the upload forms post them to the store (see services/materials.ts).
  ui.use(bodyLimit({ maxSize: MAX_FORM_BYTES }));
  ui.get('/style.css', (c) => c.body(stylesheet, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=300' }));
  ui.get('/', (c) => {
    const actor = c.get('actor');
    return c.redirect(actor ? homes[actor.role] : '/ui/signin', 303);
  });

  ui.get('/signin', (c) => {
    const t = c.get('t');
    const next = safeNext(c.req.query('next'));
    if (options.dev) {
      const users = options.dev.users();
      return render(
        c,
        t('登录', 'Sign in'),
        <>
          <p>{t('本地运行：请选择一位预置用户登录。', 'Running locally: choose one of the seeded users.')}</p>
          <form method="post" action="/ui/signin">
            <input type="hidden" name="next" value={next} />
            <fieldset>
              <legend>{t('预置用户', 'Seeded users')}</legend>
              {users.map((u, i) => (
                <div class="choice">
                  <input type="radio" id={`user-${u.username}`} name="username" value={u.username} checked={i === 0} />
                  <label for={`user-${u.username}`}>
                    {u.displayName ?? u.username} <span class="tag">{u.username}</span>
                  </label>
                </div>
              ))}
            </fieldset>
            <Field name="other" label={t('或输入用户名（市级或区级新建的账号）', 'Or type a username (an account the office created)')} />
            <button type="submit">{t('登录', 'Sign in')}</button>
          </form>
        </>,
      );
    }
    const hosted = signInUrl(c.req.url);
    return render(
      c,
      t('登录', 'Sign in'),
      hosted ? (
        <p>
          <a class="button" href={hosted}>
            {t('通过统一身份认证登录', 'Sign in with the city’s identity service')}
          </a>
        </p>
      ) : (
        <p>
          {t(
            '尚未配置登录服务（OIDC_AUTHORIZE_URL、OIDC_TOKEN_URL、OIDC_CLIENT_ID）。',
            'Sign-in is not configured (OIDC_AUTHORIZE_URL, OIDC_TOKEN_URL, OIDC_CLIENT_ID).',
          )}
        </p>
      ),
    );
  });

  if (options.dev) {
    const dev = options.dev;
    ui.post('/signin', async (c) => {
      const form = await c.req.parseBody();
      // A person the office created is not among the radios: their username is typed instead.
      const typed = typeof form.other === 'string' ? form.other.trim() : '';
      const token = await dev.issueToken(typed || String(form.username ?? ''));
      if (!token || token === 'disabled') return c.redirect('/ui/signin', 303);
      startSession(c, token.access_token, token.expires_in);
      const next = safeNext(String(form.next ?? ''));
      return c.redirect(next === '/ui' ? '/ui' : next, 303);
    });
  }

  // The provider returns here with a code; the ID token it is exchanged for becomes the session.
  ui.get('/auth/callback', async (c) => {
    const code = c.req.query('code');
    const provider = oidcProvider();
    if (!code || !provider) return c.redirect('/ui/signin', 303);
    const { tokenUrl, clientId } = provider;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: callbackUrl(c.req.url) }),
    });
    if (!response.ok) return c.redirect('/ui/signin', 303);
    const tokens = (await response.json()) as { id_token: string; expires_in: number };
    startSession(c, tokens.id_token, tokens.expires_in);
    return c.redirect('/ui', 303);
  });

  ui.post('/signout', (c) => {
    endSession(c);
    return c.redirect('/ui/signin', 303);
  });

  ui.route('/applicant', applicantPages);
  ui.route('/', reviewPages);
  ui.route('/office', provincePages);
  ui.route('/office', officePages(options.dev));
  ui.route('/organisations', organisationPages());
  ui.route('/projects', portfolioPages);
  ui.route('/projects', incubationPages);
  ui.route('/projects', projectPages);
  ui.route('/projects', fundingPages);
  ui.route('/notices', noticePages);
  ui.route('/result-notices', resultNoticePages);
  ui.route('/public', publicPages);
  ui.route('/public', publicListingPages);
  ui.route('/notifications', notificationPages);
  ui.route('/statistics', statisticsPages);
  return ui;
}

/** Only a path of our own pages may follow sign-in, never another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/ui(\/[A-Za-z0-9/_.-]*)?$/.test(next) ? next : '/ui';
}

function callbackUrl(requestUrl: string): string {
  return `${new URL(requestUrl).origin}/ui/auth/callback`;
}

/** The OIDC provider's endpoints and the pages' public client, when sign-in is configured. */
function oidcProvider(): { authorizeUrl: string; tokenUrl: string; clientId: string } | undefined {
  const authorizeUrl = optionalEnv('OIDC_AUTHORIZE_URL');
  const tokenUrl = optionalEnv('OIDC_TOKEN_URL');
  const clientId = optionalEnv('OIDC_CLIENT_ID');
  return authorizeUrl && tokenUrl && clientId ? { authorizeUrl, tokenUrl, clientId } : undefined;
}

function signInUrl(requestUrl: string): string | undefined {
  const provider = oidcProvider();
  if (!provider) return undefined;
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: provider.clientId,
    scope: 'openid profile',
    redirect_uri: callbackUrl(requestUrl),
  });
  return `${provider.authorizeUrl}?${query}`;
}
