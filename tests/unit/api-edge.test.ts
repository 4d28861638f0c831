import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { actorOf } from '../../functions/api/auth';

// The app as the cloud builds it: no dev hooks. Nothing here reaches a network.
const app = createApp();

describe('the API as deployed to the cloud', () => {
  it('names every operation once, tags it by resource, and states its security — `[]` where no sign-in is needed', async () => {
    const document = await (await app.request('/openapi.json')).json();
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.find(({ path, method }) => method === 'post' && path === '/declarations/{id}/submit')!.op.operationId).toBe(
      'postDeclarationsByIdSubmit',
    );
    for (const { path, method, op } of operations) {
      expect(op.tags, `${method} ${path}`).toEqual([path.split('/')[1]]);
      expect(Array.isArray(op.security), `${method} ${path}`).toBe(true);
      // Public exactly where no 401 is documented.
      expect(op.security.length === 0, `${method} ${path}`).toBe(!op.responses['401']);
    }
    expect(operations.filter(({ op }) => op.security.length === 0).map(({ method, path }) => `${method} ${path}`)).toEqual([
      'get /health',
      'get /ready',
      // The public's, without an account (issue 22.4).
      'get /public/calls/{callId}/notice',
      'post /public/calls/{callId}/objections',
      'post /public/objections/{receipt}/confirm',
      'post /public/objections/{receipt}/evidence/upload-form',
      'post /public/objections/{receipt}/evidence',
      'get /public/objections/{receipt}',
      'get /public/calls/{callId}/result',
      'get /public/calls',
      'get /public/calls/{callId}',
      'get /public/calls/{callId}/attachments/{attachmentId}',
      'get /public/rosters/{roster}',
    ]);
  });

  it('has no /dev routes: the local clock and token issuer are 404 there', async () => {
    for (const [method, path] of [
      ['POST', '/dev/clock'],
      ['GET', '/dev/clock'],
      ['POST', '/dev/token'],
    ] as const) {
      const response = await app.request(path, {
        method,
        body: method === 'POST' ? '{}' : undefined,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, instance: path });
    }
  });

  it('asks for a token before anything else on a protected route', async () => {
    const response = await app.request('/declarations/app_1', { headers: { authorization: 'Basic abc' } });
    expect(response.status).toBe(401);
    expect((await response.json()).type).toMatch(/unauthorized$/);
  });

  it('documents every route with its problem responses in OpenAPI 3.1', async () => {
    const spec = await (await app.request('/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths).some((path) => path.startsWith('/dev'))).toBe(false);
    for (const [path, operations] of Object.entries<Record<string, any>>(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const errors = Object.keys(operation.responses).filter((status) => status.startsWith('4'));
        // /health and /ready take no input and read nothing a caller could get wrong.
        if (!['/health', '/ready'].includes(path)) expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('claims to actor', () => {
  it('maps Cognito-shaped claims and refuses a token with no shenbao role', () => {
    expect(
      actorOf({
        'cognito:groups': ['applicant'],
        'cognito:username': 'a1',
        'custom:org': 'centre-a1',
        'custom:district': 'district-a',
        name: '甲',
      }),
    ).toEqual({ username: 'a1', role: 'applicant', organisationId: 'centre-a1', districtId: 'district-a', displayName: '甲' });
    expect(() => actorOf({ 'cognito:groups': ['superuser'], 'cognito:username': 'x' })).toThrow(/role/);
    expect(() => actorOf({ 'cognito:groups': ['applicant'] })).toThrow();
  });
});
