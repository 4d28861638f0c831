import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';

// The pages as the cloud serves them: no dev hooks, sign-in through Cognito's hosted UI. No network.
const app = createApp();

afterEach(() => {
  delete process.env.COGNITO_DOMAIN;
  delete process.env.COGNITO_CLIENT_ID;
});

describe('the pages in the cloud app', () => {
  it('offer the hosted UI to sign in, with this app as the redirect, and no picker', async () => {
    process.env.COGNITO_DOMAIN = 'https://shenbao-test.auth.example';
    process.env.COGNITO_CLIENT_ID = 'client123';
    const html = await (await app.request('https://pages.example/ui/signin')).text();
    const link = /href="([^"]+\/login\?[^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    const url = new URL(link!);
    expect(url.origin + url.pathname).toBe('https://shenbao-test.auth.example/login');
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('redirect_uri')).toBe('https://pages.example/ui/auth/callback');
    expect(html).not.toContain('name="username"');
    expect((await app.request('/ui/signin', { method: 'POST', body: new URLSearchParams({ username: 'admin' }), headers: { origin: 'http://localhost' } })).status).toBe(404);
  });

  it('refuse a form posted from another site, whatever the cookie, and take one from their own pages', async () => {
    const post = (headers: Record<string, string>) => app.request('https://pages.example/ui/signin', { method: 'POST', body: new URLSearchParams({ username: 'admin' }), headers });
    const crossSite: Record<string, string>[] = [{}, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'https://sub.pages.example' }];
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
    expect(await (await app.request('/ui/signin', { headers: { cookie: 'shenbao_lang=en' } })).text()).toContain('Sign-in is not configured');
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
