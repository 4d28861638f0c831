import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../bench/bundles';
import type { Runtime } from '../../local/runtime';
import { apiEntry, pagesEntry } from '../../stacks/bundling';
import { ApiClient, startTestRuntime } from '../support/runtime';

/**
 * The production bundles, built as `sst deploy` builds them (ElectroDB's model check replaced,
 * the credential chain cut to the environment, the pages in their own bundle), run in a fresh
 * Node process against DynamoDB Local: the entities still read and write what the source does.
 */
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'shenbao-bundled-app-'));
let runtime: Runtime;
let client: ApiClient;

beforeAll(async () => {
  runtime = await startTestRuntime();
  client = new ApiClient(runtime.url);
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends API Gateway v2 events to a bundle's handler in a fresh process with the runtime's configuration. */
async function invoke(file: string, requests: { method: string; path: string; token?: string; body?: unknown }[]) {
  const env = Object.fromEntries(
    ['TABLE_NAME', 'DYNAMODB_ENDPOINT', 'SFN_ENDPOINT', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'AWS_REGION', 'BLOB_DIR', 'APP_URL']
      .concat(Object.keys(process.env).filter((k) => k.endsWith('_STATE_MACHINE_ARN')))
      .map((k) => [k, process.env[k] ?? '']),
  );
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const out = [];
    for (const r of ${JSON.stringify(requests)}) {
      const headers = { host: 'api.example.com', ...(r.token ? { authorization: 'Bearer ' + r.token } : {}), ...(r.body ? { 'content-type': 'application/json' } : {}) };
      const reply = await handler({ version: '2.0', routeKey: '$default', rawPath: r.path, rawQueryString: '', headers,
        requestContext: { http: { method: r.method, path: r.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, domainName: 'api.example.com', stage: '$default', requestId: 'r', timeEpoch: 0 },
        body: r.body ? JSON.stringify(r.body) : undefined, isBase64Encoded: false }, {});
      out.push({ status: reply.statusCode, body: reply.body });
    }
    console.log(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { status: number; body: string }[];
}

describe('the production bundles against DynamoDB Local', () => {
  it('carry no JSON-schema model check and no credential provider beyond the environment', async () => {
    const { files } = await buildBundle(apiEntry, dir);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    // jsonschema's own messages and the SDK's other providers' log lines are gone.
    expect(text).not.toContain('does not meet minimum length');
    expect(text).not.toContain('defaultProvider::fromSSO');
    expect(text).toContain('Unable to find environment variable credentials');
  }, 180_000);

  it('the API bundle writes and reads through every entity the routes use, as the source does', async () => {
    const { file } = await buildBundle(apiEntry, dir);
    const admin = await client.token('admin');
    const now = runtime.clock.now();
    const call = {
      kind: 'elder-empowerment',
      year: now.getUTCFullYear(),
      title: '打包测试征集',
      opensAt: new Date(now.getTime() - 3600_000).toISOString(),
      closesAt: new Date(now.getTime() + 30 * 86400_000).toISOString(),
    };
    const [created, listed] = await invoke(file, [
      { method: 'POST', path: '/calls', token: admin, body: call },
      { method: 'GET', path: '/calls' },
    ]);
    expect(created!.status).toBe(201);
    const { callId } = JSON.parse(created!.body) as { callId: string };
    expect((JSON.parse(listed!.body) as { items: { callId: string }[] }).items.map((c) => c.callId)).toContain(callId);
    // The source, in this process, reads what the bundle wrote.
    const read = await client.as('admin').get(`/calls/${callId}`);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe('打包测试征集');
    // …and a model the bundle builds is refused as the source refuses it: bad input is a 422 naming the field.
    const [bad] = await invoke(file, [{ method: 'POST', path: '/calls', token: admin, body: { ...call, title: '' } }]);
    expect(bad!.status).toBe(422);
    expect(bad!.body).toContain('title');
  }, 180_000);

  it('the API bundle checks phones on its China-only metadata and reaches Step Functions through its lazy chunk', async () => {
    const { file } = await buildBundle(apiEntry, dir);
    const admin = await client.token('admin');
    const applicant = await client.token('applicant-a1');
    const now = runtime.clock.now();
    const [created] = await invoke(file, [
      {
        method: 'POST',
        path: '/calls',
        token: admin,
        body: {
          kind: 'elder-empowerment',
          year: now.getUTCFullYear(),
          title: '打包电话测试',
          opensAt: new Date(now.getTime() - 3600_000).toISOString(),
          closesAt: new Date(now.getTime() + 30 * 86400_000).toISOString(),
        },
      },
    ]);
    const { callId } = JSON.parse(created!.body) as { callId: string };
    const phones = ['13812345678', '+86 138 1234 5678', '021-5555 0101', '(0571) 8888 6666', '1381234567', '021-5555', '+852 2123 4567'];
    const replies = await invoke(file, [
      ...phones.map((contactPhone) => ({
        method: 'POST',
        path: `/calls/${callId}/declarations`,
        token: applicant,
        body: { title: '电话', contactPhone },
      })),
      // The health check asks Step Functions for an execution that cannot exist: the SDK client's chunk loads on this request.
      { method: 'GET', path: '/health' },
    ]);
    expect(replies.slice(0, phones.length).map((r) => r.status)).toEqual([201, 201, 201, 201, 422, 422, 422]);
    for (const refused of replies.slice(4, phones.length)) expect(refused.body).toContain('contactPhone');
    expect(JSON.parse(replies.at(-1)!.body)).toEqual({ status: 'ok', checks: { dynamodb: 'ok', stepFunctions: 'ok' } });
  }, 180_000);

  it('the pages bundle serves the pages and only them', async () => {
    const { file } = await buildBundle(pagesEntry, dir);
    const [signin, root, api] = await invoke(file, [
      { method: 'GET', path: '/ui/signin' },
      { method: 'GET', path: '/' },
      { method: 'GET', path: '/calls' },
    ]);
    expect(signin!.status).toBe(200);
    expect(signin!.body).toContain('<html');
    expect(root!.status).toBe(302);
    expect(api!.status).toBe(404);
  }, 180_000);
});
