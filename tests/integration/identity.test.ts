import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, fileRuntime } from '../support/runtime';

/**
 * Tokens crafted with jose against the running API: the local identity provider's own key (read
 * from its data dir) signs the good ones, so each bad one differs from a good one in one respect.
 */
const runtime = fileRuntime();
let api: ApiClient;
let ownKey: CryptoKey;
let ownKid: string;
beforeAll(async () => {
  api = new ApiClient(runtime.url);
  const pair = JSON.parse(readFileSync(join(runtime.dataDir!, 'signing-key.json'), 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
  ownKey = (await importJWK(pair.privateJwk, 'RS256')) as CryptoKey;
  ownKid = await calculateJwkThumbprint(pair.publicJwk);
});

const nowSeconds = () => Math.floor(runtime.clock.now().getTime() / 1000);

function idClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    'cognito:groups': ['applicant'],
    'cognito:username': 'applicant-a1',
    'custom:org': 'centre-a1',
    'custom:district': 'district-a',
    token_use: 'id',
    iss: runtime.url,
    aud: 'shenbao-local',
    sub: 'applicant-a1',
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
    ...overrides,
  };
}

async function sign(claims: JWTPayload, key: CryptoKey = ownKey, kid = ownKid) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

async function tasksWith(token: string) {
  return api.request('GET', '/tasks', { headers: { authorization: `Bearer ${token}` } });
}

async function expectRefused(token: string, detail?: RegExp) {
  const reply = await tasksWith(token);
  expect(reply.status, JSON.stringify(reply.body)).toBe(401);
  expect(reply.contentType).toContain('application/problem+json');
  // RFC 6750: the challenge says the token sent was the trouble.
  expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="shenbao", error="invalid_token"');
  if (detail) expect(reply.body.detail).toMatch(detail);
}

describe('tokens the API accepts', () => {
  it('asks for a token in the WWW-Authenticate challenge when none was sent (RFC 6750), and documents it', async () => {
    const reply = await api.request('GET', '/tasks');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="shenbao"');
    const document = (await api.request('GET', '/openapi.json')).body;
    expect(document.paths['/tasks'].get.responses['401'].headers['WWW-Authenticate']).toBeDefined();
  });

  it('takes a well-formed ID token signed by the provider (the control for every refusal below)', async () => {
    const reply = await tasksWith(await sign(idClaims()));
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  });

  it('takes a Cognito-shaped access token: client_id instead of aud, username instead of cognito:username', async () => {
    const { aud: _aud, 'cognito:username': _name, ...rest } = idClaims({ 'cognito:groups': ['expert'], sub: 'uuid-of-expert-1' });
    const { 'custom:org': _org, 'custom:district': _district, ...claims } = rest;
    const reply = await tasksWith(
      await sign({
        ...claims,
        token_use: 'access',
        client_id: 'shenbao-local',
        username: 'expert-1',
        scope: 'aws.cognito.signin.user.admin',
      }),
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  });
});

describe('a second factor for the city office and the districts', () => {
  const office = (amr?: string[]) => idClaims({ 'cognito:groups': ['city-admin'], 'cognito:username': 'admin', ...(amr ? { amr } : {}) });

  it('refuses their tokens from a sign-in without one, with RFC 9470’s step-up challenge', async () => {
    for (const claims of [
      office(),
      office(['pwd']),
      idClaims({ 'cognito:groups': ['district-reviewer'], 'cognito:username': 'district-a', amr: ['pwd'] }),
    ]) {
      const reply = await tasksWith(await sign(claims));
      expect(reply.status, JSON.stringify(claims)).toBe(401);
      expect(reply.body.detail).toMatch(/second factor/);
      expect(reply.headers.get('www-authenticate')).toBe(
        'Bearer realm="shenbao", error="insufficient_user_authentication", error_description="sign in with a second factor"',
      );
    }
  });

  it('takes them when the sign-in had one (amr names mfa), and asks it of nobody else', async () => {
    expect((await tasksWith(await sign(office(['pwd', 'otp', 'mfa'])))).status).toBe(200);
    expect((await tasksWith(await sign(idClaims({ 'cognito:groups': ['expert'], 'cognito:username': 'expert-1' })))).status).toBe(200);
  });
});

describe('tokens the API refuses with 401', () => {
  it('an expired token', async () => {
    await expectRefused(await sign(idClaims({ iat: nowSeconds() - 7200, exp: nowSeconds() - 1 })), /expired/);
  });

  it('a token with no expiry at all', async () => {
    const { exp: _exp, ...claims } = idClaims();
    await expectRefused(await sign(claims));
  });

  it('a token issued more than a day ago, however long it claims to live', async () => {
    await expectRefused(await sign(idClaims({ iat: nowSeconds() - 2 * 86400, exp: nowSeconds() + 3600 })));
  });

  it('a tampered token: the payload changed to city-admin, the signature kept', async () => {
    const [header, , signature] = (await sign(idClaims())).split('.');
    const forged = Buffer.from(JSON.stringify(idClaims({ 'cognito:groups': ['city-admin'] }))).toString('base64url');
    await expectRefused(`${header}.${forged}.${signature}`);
  });

  it('a token signed by another key, under the provider’s kid and under a kid of its own', async () => {
    const other = await generateKeyPair('RS256');
    await expectRefused(await sign(idClaims(), other.privateKey, ownKid));
    await expectRefused(await sign(idClaims(), other.privateKey, await calculateJwkThumbprint(await exportJWK(other.publicKey))));
  });

  it('an unsigned token (alg none) and one HMAC-signed with the public key as the secret', async () => {
    await expectRefused(new UnsecuredJWT(idClaims()).encode());
    const jwks = (await api.request('GET', '/dev/jwks.json')).body;
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    await expectRefused(await new SignJWT(idClaims()).setProtectedHeader({ alg: 'HS256', kid: ownKid }).sign(secret));
  });

  it('a token for another audience: an ID token’s aud, an access token’s client_id, an access token with only aud', async () => {
    await expectRefused(await sign(idClaims({ aud: 'another-app' })), /not issued for this application/);
    const access = { ...idClaims(), aud: undefined, token_use: 'access', username: 'applicant-a1' };
    await expectRefused(await sign({ ...access, client_id: 'another-app' }), /not issued for this application/);
    await expectRefused(await sign({ ...access, aud: 'shenbao-local' }), /not issued for this application/);
  });

  it('a token from another issuer, and one of an unknown token_use', async () => {
    await expectRefused(await sign(idClaims({ iss: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_other' })));
    await expectRefused(await sign(idClaims({ token_use: 'refresh' })), /not issued for this application/);
  });

  it('a token with no shenbao role, and an applicant’s token without the organisation that scopes it', async () => {
    await expectRefused(await sign(idClaims({ 'cognito:groups': ['superuser'] })), /no shenbao role/);
    await expectRefused(await sign(idClaims({ 'custom:org': undefined })), /custom:org/);
  });

  it('a header that is not a bearer token, and garbage', async () => {
    for (const authorization of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer a b', `Bearer ${'x'.repeat(10)}`]) {
      const reply = await api.request('GET', '/tasks', { headers: { authorization } });
      expect(reply.status, authorization).toBe(401);
      expect(reply.contentType).toContain('application/problem+json');
    }
  });
});

describe('the directory the notifier addresses', () => {
  it('enters a user the first time their token is seen, with its email and language, and never overwrites an entry', async () => {
    const { store } = await import('../../functions/adapters/entities');
    const person = async (username: string) => (await store().entities.person.get({ username }).go()).data;
    expect(await person('reviewer-new')).toBeNull();

    const newcomer = await sign(
      idClaims({
        'cognito:groups': ['district-reviewer'],
        'cognito:username': 'reviewer-new',
        amr: ['pwd', 'otp', 'mfa'],
        'custom:district': 'district-b',
        'custom:org': 'bureau-b',
        email: 'new@bureau-b.example',
        locale: 'en-GB',
      }),
    );
    expect((await tasksWith(newcomer)).status).toBe(200);
    expect(await person('reviewer-new')).toMatchObject({
      role: 'district-reviewer',
      group: 'district:district-b',
      email: 'new@bureau-b.example',
      locale: 'en',
    });

    // A seeded entry (expert-2 reads English) keeps what it had, whatever the token says.
    const before = await person('expert-2');
    const expert = await sign(
      idClaims({ 'cognito:groups': ['expert'], 'cognito:username': 'expert-2', email: 'other@example.org', locale: 'zh-CN' }),
    );
    expect((await tasksWith(expert)).status).toBe(200);
    expect(await person('expert-2')).toEqual(before);
  });

  it('keeps the token’s phone number as the mobile reminders are texted to, only if verified and a Chinese mobile', async () => {
    const { store } = await import('../../functions/adapters/entities');
    const person = async (username: string) => (await store().entities.person.get({ username }).go()).data;
    const enter = async (username: string, phone: Record<string, unknown>) => {
      const token = await sign(idClaims({ 'cognito:groups': ['expert'], 'cognito:username': username, ...phone }));
      expect((await tasksWith(token)).status).toBe(200);
      return (await person(username))?.mobile;
    };
    expect(await enter('expert-sms', { phone_number: '+8613800000009', phone_number_verified: true })).toBe('+8613800000009');
    expect(await enter('expert-unverified', { phone_number: '+8613800000008', phone_number_verified: false })).toBeUndefined();
    expect(await enter('expert-landline', { phone_number: '+862155550101', phone_number_verified: true })).toBeUndefined();
  });
});
