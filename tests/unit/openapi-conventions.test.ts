import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { problem } from '../../functions/api/problem';
import { problemTypes } from '../../functions/api/problem-types';
import { errorTable } from '../../functions/api/error-map';

// The app as the cloud builds it: no dev hooks. Nothing here reaches a network.
const app = createApp();
const documentOf = async () => (await app.request('/openapi.json')).json();
const operationsOf = (document: any) =>
  Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op, name: `${method} ${path}` })),
  );

describe('the OpenAPI document', () => {
  it('passes Redocly’s recommended ruleset with no error (the one warning: no license, as the project has none)', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(await documentOf()), absoluteRef: 'openapi.json', config });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(
      found.filter((p) => p.startsWith('error')),
      found.join('\n'),
    ).toEqual([]);
    expect(found).toEqual(['warn info-license: Info object should contain `license` field. at #/info']);
  });

  it('documents 500 on every operation, and Retry-After on every 429', async () => {
    const operations = operationsOf(await documentOf());
    for (const { op, name } of operations) {
      expect(op.responses['500'], name).toBeDefined();
      if (op.responses['429']) expect(op.responses['429'].headers['Retry-After'], name).toBeDefined();
    }
    expect(operations.filter(({ op }) => op.responses['429']).map(({ name }) => name)).toContain('post /calls/{callId}/objections');
  });

  it('describes Idempotency-Key on every write a signed-in caller makes, beside its own headers (If-Match)', async () => {
    const writes = operationsOf(await documentOf()).filter(({ method, op }) => method !== 'get' && op.security.length > 0);
    expect(writes.length).toBeGreaterThan(20);
    for (const { op, name } of writes) {
      const header = (op.parameters ?? []).find((p: any) => p.in === 'header' && p.name === 'idempotency-key');
      expect(header, name).toMatchObject({ required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,255}$' } });
      // The 409 of a retry while the first request runs says when to come back.
      expect(op.responses['409'].headers['Retry-After'], name).toBeDefined();
    }
    const patch = writes.find(({ name }) => name === 'patch /declarations/{id}')!;
    expect(patch.op.parameters.map((p: any) => p.name).sort()).toEqual(['id', 'idempotency-key', 'if-match']);
  });
});

describe('problem types', () => {
  it('are URIs the app serves: a problem’s type, followed, is a page about it', async () => {
    const missing = await app.request('/nowhere');
    expect(missing.status).toBe(404);
    const { type } = await missing.json();
    expect(type).toBe('http://localhost/problems/not-found');
    const page = await app.request(new URL(type).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('404 Not Found');
    expect((await app.request('/problems/no-such-problem')).status).toBe(404);
  });

  it('cover every type the API can give: each error class’s, and each status the edge answers itself', async () => {
    // Each error class's type is its row in the HTTP error map (functions/api/error-map.ts).
    const classTypes = errorTable.map(([, rendering]) => rendering.type);
    expect(classTypes.length).toBeGreaterThan(5);
    const edge = new Hono().get('/:status', (c) => problem(c, Number(c.req.param('status')) as 400, 'x'));
    const statusTypes = await Promise.all(
      [400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 500, 503].map(
        async (status) => new URL((await (await edge.request(`/${status}`)).json()).type).pathname.split('/')[2]!,
      ),
    );
    for (const type of [...classTypes, ...statusTypes]) expect(Object.keys(problemTypes), type).toContain(type);
  });
});
