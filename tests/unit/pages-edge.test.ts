import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';

// The pages as the cloud serves them: no dev hooks, sign-in through the identity provider's OIDC
// authorization-code flow (Cognito's hosted UI or another provider). No network beyond loopback.
const app = createApp();

afterEach(() => {
  delete process.env.OIDC_AUTHORIZE_URL;
  delete process.env.OIDC_TOKEN_URL;
  delete process.env.OIDC_CLIENT_ID;
});

describe('the pages in the cloud app', () => {
  it('offer the provider’s sign-in, with this app as the redirect, and no picker', async () => {
    process.env.OIDC_AUTHORIZE_URL = 'https://shenbao-test.auth.example/oauth2/authorize';
    process.env.OIDC_TOKEN_URL = 'https://shenbao-test.auth.example/oauth2/token';
    process.env.OIDC_CLIENT_ID = 'client123';
    const html = await (await app.request('https://pages.example/ui/signin')).text();
    const link = /href="([^"]+\/authorize\?[^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    const url = new URL(link!);
    expect(url.origin + url.pathname).toBe('https://shenbao-test.auth.example/oauth2/authorize');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('redirect_uri')).toBe('https://pages.example/ui/auth/callback');
    expect(html).not.toContain('name="username"');
    expect(
      (
        await app.request('/ui/signin', {
          method: 'POST',
          body: new URLSearchParams({ username: 'admin' }),
          headers: { origin: 'http://localhost' },
        })
      ).status,
    ).toBe(404);
  });

  it('exchange the provider’s code at its token endpoint and keep the ID token as the session', async () => {
    let received: { body: URLSearchParams; type: string | undefined } | undefined;
    const provider = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received = { body: new URLSearchParams(Buffer.concat(chunks).toString()), type: req.headers['content-type'] };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id_token: 'header.payload.signature', expires_in: 3600 }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    try {
      process.env.OIDC_AUTHORIZE_URL = 'https://idp.example/auth';
      process.env.OIDC_TOKEN_URL = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/token`;
      process.env.OIDC_CLIENT_ID = 'pages';
      const response = await app.request('https://pages.example/ui/auth/callback?code=abc123');
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/ui');
      expect(response.headers.get('set-cookie')).toContain('header.payload.signature');
      expect(received!.type).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(received!.body)).toEqual({
        grant_type: 'authorization_code',
        client_id: 'pages',
        code: 'abc123',
        redirect_uri: 'https://pages.example/ui/auth/callback',
      });
    } finally {
      provider.close();
    }
  });

  it('refuse a form posted from another site, whatever the cookie, and take one from their own pages', async () => {
    const post = (headers: Record<string, string>) =>
      app.request('https://pages.example/ui/signin', { method: 'POST', body: new URLSearchParams({ username: 'admin' }), headers });
    const crossSite: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://sub.pages.example' },
    ];
    for (const headers of crossSite) {
      const refused = await post(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(await refused.text()).toContain('这个表单不是从本系统的页面提交的');
    }
    // Past the check, the cloud app has no picker to post to.
    expect((await post({ origin: 'https://pages.example' })).status).toBe(404);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(404);
  });

  it('send a visitor without a session to sign in, remembering where they were going', async () => {
    const response = await app.request('/ui/office/calls/call_1');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/ui/signin?next=%2Fui%2Foffice%2Fcalls%2Fcall_1');
  });

  it('speak Chinese by default and English when asked, remembering the choice', async () => {
    expect(await (await app.request('/ui/signin')).text()).toContain('<html lang="zh-CN">');
    const english = await app.request('/ui/signin?lang=en');
    expect(await english.text()).toContain('<html lang="en">');
    expect(english.headers.get('set-cookie')).toContain('shenbao_lang=en');
    expect(await (await app.request('/ui/signin', { headers: { cookie: 'shenbao_lang=en' } })).text()).toContain(
      'Sign-in is not configured',
    );
  });

  it('serve their stylesheet from the app itself', async () => {
    const css = await app.request('/ui/style.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain(':focus-visible');
  });

  it('treat a forged session cookie as no session', async () => {
    process.env.JWKS_URL = 'http://127.0.0.1:9/jwks.json';
    process.env.JWT_ISSUER = 'x';
    process.env.JWT_AUDIENCE = 'y';
    const response = await app.request('/ui/inbox', { headers: { cookie: 'shenbao_session=not.a.token' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toContain('shenbao_session=;');
  });
});
