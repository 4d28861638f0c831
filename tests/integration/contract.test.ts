import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { IMPORT_PATHS, MAX_BODY_BYTES, MAX_IMPORT_BYTES, MAX_KIND_BYTES } from '../../functions/api/api-app';
import { arbitraries, type Schema } from '../support/arbitraries';
import { buildFixture, type Fixture } from '../support/routes';
import { ApiClient, fileRuntime } from '../support/runtime';

/**
 * The contract, as an external fuzzer checks it (Schemathesis' not_a_server_error,
 * status_code_conformance, content_type_conformance, response_schema_conformance), kept in the
 * suite: for every operation of /openapi.json and every role, requests drawn from the operation's
 * own parameter and body schemas (valid and invalid) never get a 5xx, and every answer is one of
 * the operation's documented statuses with a body its schema accepts (Ajv, JSON Schema 2020-12,
 * which OpenAPI 3.1 schemas are). Path ids are real ids of the fixture half the time, so requests
 * reach past the 404s into the handlers.
 *
 * CONTRACT_RUNS sets the requests per operation and role (default 20: 4,400 requests, 30–40 s on a
 * quiet two-core machine, under two minutes loaded); CONTRACT_RUNS=200 for a deep run; CONTRACT_SEED replays one.
 */
const RUNS = Number(process.env.CONTRACT_RUNS ?? 20);
const SEED = process.env.CONTRACT_SEED === undefined ? undefined : Number(process.env.CONTRACT_SEED);
const roles = ['admin', 'district-a', 'expert-1', 'applicant-a1', 'anonymous'] as const;

const runtime = fileRuntime({ sweepIntervalMs: 0 });
let api: ApiClient;
let fixture: Fixture;
let document: Schema;
const ids: Record<string, string[]> = {};
beforeAll(async () => {
  api = new ApiClient(runtime.url);
  fixture = await buildFixture(runtime);
  document = (await api.request('GET', '/openapi.json')).body;
  for (const role of roles) if (role !== 'anonymous') await api.token(role);
  const notifications = (await api.as('applicant-a1').get('/notifications?limit=5')).body.items as { notificationId: string }[];
  Object.assign(ids, {
    callId: [fixture.callId],
    id: [fixture.draftId, fixture.reviewedId],
    taskId: [fixture.scoreTaskId],
    key: ['budget', 'declarationForm', 'implementationPlan'],
    notificationId: notifications.map((n) => n.notificationId),
    objectionId: [],
    organisationId: ['centre-a1', 'district-a'],
    // A year the office may enter (the calendar routes): one the packaged data does not cover.
    year: ['2027'],
    // A kind's version (the kinds routes).
    version: ['1'],
    // A project report's files (issue 21.3): the path names one of the reports.
    report: ['midterm-report', 'site-visit'],
  });
}, 300_000);

interface Operation {
  method: string;
  path: string;
  spec: Schema;
}

interface Drawn {
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
  why: string;
}

/** A path segment as a client would send it: encoded, and never one a URL parser folds away (. or ..). */
const segment = (value: string) => encodeURIComponent((value as string & { toWellFormed(): string }).toWellFormed());
const headerValue = (value: string) => value.replace(/[\r\n\v\f\0]/g, ' ').replace(/[^\t\x20-\x7e]/g, '');

function requests(operation: Operation): fc.Arbitrary<Drawn> {
  const { valid, invalid, resolve } = arbitraries(document);
  const parameters: Schema[] = (operation.spec.parameters ?? []).map(resolve);
  const param = (p: Schema, known: string[] = []) =>
    fc.oneof(
      { weight: p.in === 'path' && known.length ? 3 : 0, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('x') },
      { weight: 2, arbitrary: valid(p.schema ?? {}).map(String) },
      { weight: 1, arbitrary: invalid(p.schema ?? {}).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
    );
  const byName = Object.fromEntries(
    parameters.map((p) => [`${p.in}:${p.name}`, p.required ? param(p, ids[p.name]) : fc.option(param(p, ids[p.name]), { nil: undefined })]),
  );
  const bodySchema = operation.spec.requestBody?.content?.['application/json']?.schema as Schema | undefined;
  // Moving the shared clock would expire every token; the clock route gets only refusals.
  const onlyInvalid = operation.method === 'POST' && operation.path === '/dev/clock';
  const body: fc.Arbitrary<{ body?: string; type?: string; why: string }> = bodySchema
    ? fc.oneof(
        { weight: onlyInvalid ? 0 : 5, arbitrary: valid(bodySchema).map((v) => ({ body: JSON.stringify(v), why: 'valid body' })) },
        { weight: 3, arbitrary: invalid(bodySchema).map((v) => ({ body: JSON.stringify(v), why: 'invalid body' })) },
        { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', '').map((b) => ({ body: b, why: 'malformed JSON' })) },
        { weight: 1, arbitrary: fc.constant({ body: 'title=x', type: 'text/plain', why: 'not JSON' }) },
      )
    : operation.method === 'GET'
      ? fc.constant({ why: 'no body' })
      : fc.oneof(
          { weight: 4, arbitrary: fc.constant({ why: 'no body' }) },
          { weight: 1, arbitrary: fc.constant({ body: '{}', why: 'a body where none is taken' }) },
        );
  // One request in eight names a query parameter the operation does not declare.
  const extraQuery = fc.oneof(
    { weight: 7, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('unknown=1', 'limit=0', '__proto__=1') },
  );
  return fc.record({ values: fc.record(byName), body, extraQuery }).map(({ values, body, extraQuery }) => {
    let path = operation.path;
    const query: string[] = [];
    const headers: Record<string, string> = {};
    for (const p of parameters) {
      const value = values[`${p.in}:${p.name}`] as string | undefined;
      if (value === undefined) continue;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, /^\.{0,2}$/.test(value) ? 'x.' : segment(value));
      else if (p.in === 'query') query.push(`${encodeURIComponent(p.name)}=${segment(value)}`);
      else if (p.in === 'header') headers[p.name] = headerValue(value);
    }
    if (extraQuery) query.push(extraQuery);
    if (body.body !== undefined) headers['content-type'] = body.type ?? 'application/json';
    return {
      path,
      query: query.length ? `?${query.join('&')}` : '',
      headers,
      ...(body.body !== undefined ? { body: body.body } : {}),
      why: body.why,
    };
  });
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** What is wrong with a response under the operation's documented responses, or undefined. */
function nonconformance(operation: Operation, status: number, contentType: string, body: unknown): string | undefined {
  if (status >= 500) return `server error ${status}: ${JSON.stringify(body).slice(0, 300)}`;
  const responses = operation.spec.responses as Record<string, Schema>;
  const documented = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  if (!documented)
    return `status ${status} is not documented (documented: ${Object.keys(responses).join(', ')}): ${JSON.stringify(body).slice(0, 200)}`;
  if (!documented.content) return undefined;
  const type = contentType.split(';')[0]!.trim();
  if (!documented.content[type])
    return `${status} came as ${type || '(no type)'}, documented as ${Object.keys(documented.content).join(', ')}`;
  const schema = documented.content[type].schema;
  if (!schema) return undefined;
  const key = `${operation.method} ${operation.path} ${status} ${type}`;
  let validate = validators.get(key);
  if (!validate) {
    // The document's `#/components/...` references resolve against the root each compiled schema carries.
    validate = ajv.compile({ ...schema, components: document.components, $id: `urn:shenbao:${encodeURIComponent(key)}` });
    validators.set(key, validate);
  }
  if (validate(body)) return undefined;
  return `${status} body does not match its schema: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`;
}

/** The operations of the document, as the tests walk them. */
const operationsOf = (): Operation[] =>
  Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })),
  );

it('what the edge answers is documented where it answers it: 400 malformed JSON, 413, 415, 422 for a bad path id, an unknown query parameter or an empty PATCH', async () => {
  const schemas = document.components.schemas as Record<string, Schema>;
  // The quota is the call's own member; its config does not carry it.
  expect(schemas.CallConfig!.required).not.toContain('quota');
  expect(schemas.CallConfig!.properties.districtCaps.propertyNames).toMatchObject({ pattern: expect.any(String) });
  expect(schemas.CallConfig!.properties.calendarOverrides.propertyNames).toMatchObject({ format: 'date' });
  const decision = document.paths['/tasks/{taskId}/decision'].post.requestBody.content['application/json'].schema;
  expect(decision.properties.scores.propertyNames).toMatchObject({ pattern: expect.any(String) });
  expect(decision.properties.kpiActuals.propertyNames).toMatchObject({ pattern: expect.any(String) });
  for (const path of ['/declarations/{id}', '/calls/{callId}']) {
    expect(document.paths[path].patch.requestBody.content['application/json'].schema.minProperties).toBe(1);
    expect(document.paths[path].patch.parameters.map((p: Schema) => p.name)).toContain('if-match');
  }

  // Authorization comes before validation: each case is sent as a role the operation lets in
  // (the office, or where the office is refused, the declaring centre).
  const send = (operation: Operation, path: string, token: string, body?: string, type?: string) =>
    fetch(`${runtime.url}${path}`, {
      method: operation.method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': type ?? 'application/json' } : {}) },
      ...(body !== undefined ? { body } : {}),
      redirect: 'manual',
    });
  const wrong: string[] = [];
  const seen: Record<number, number> = {};
  for (const operation of operationsOf()) {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]?.[0] ?? 'x');
    const badId = operation.path.includes('{')
      ? operation.path.replace(/\{(\w+)\}/, 'bad%20id!').replace(/\{(\w+)\}/g, (_, name: string) => ids[name]?.[0] ?? 'x')
      : undefined;
    const hasBody = Boolean(operation.spec.requestBody);
    const cases: { why: string; path: string; body?: string; type?: string; status: number }[] = [
      { why: 'an unknown query parameter', path: `${path}?unknown=1`, status: 422 },
      ...(badId ? [{ why: 'a bad path id', path: badId, status: 422 }] : []),
      ...(operation.method !== 'GET'
        ? [
            // The directory import takes a city's whole network in one body (MAX_IMPORT_BYTES), a kind's
            // definition up to MAX_KIND_BYTES; every other route 64 KiB.
            IMPORT_PATHS.includes(operation.path)
              ? { why: 'a body over 2 MiB', path, body: JSON.stringify({ x: 'x'.repeat(MAX_IMPORT_BYTES + 1) }), status: 413 }
              : operation.path.startsWith('/kinds')
                ? { why: 'a body over 1 MiB', path, body: JSON.stringify({ x: 'x'.repeat(MAX_KIND_BYTES + 1) }), status: 413 }
                : { why: 'a body over 64 KiB', path, body: JSON.stringify({ x: 'x'.repeat(70_000) }), status: 413 },
            { why: 'a body that is not JSON', path, body: 'a=1', type: 'text/plain', status: 415 },
          ]
        : []),
      ...(hasBody ? [{ why: 'malformed JSON', path, body: '{"a":', status: 400 }] : []),
      ...(operation.method === 'PATCH' ? [{ why: 'an empty PATCH', path, body: '{}', status: 422 }] : []),
    ];
    const admin = await api.token('admin');
    const token = (await send(operation, `${path}?unknown=1`, admin)).status === 403 ? await api.token('applicant-a1') : admin;
    for (const c of cases) {
      const response = await send(operation, c.path, token, c.body, c.type);
      const text = await response.text();
      const body = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
      seen[response.status] = (seen[response.status] ?? 0) + 1;
      const problem = nonconformance(operation, response.status, response.headers.get('content-type') ?? '', body);
      if (problem) wrong.push(`${operation.method} ${operation.path} with ${c.why}: ${problem}`);
      else if (response.status !== c.status)
        wrong.push(`${operation.method} ${operation.path} with ${c.why}: ${response.status}, not ${c.status}`);
    }
  }
  console.log(`contract edges: ${Object.values(seen).reduce((a, b) => a + b, 0)} requests; statuses ${JSON.stringify(seen)}`);
  expect(wrong).toEqual([]);
});

/** The body limit the app sets on a route (functions/api/api-app.ts). */
const bodyLimitOf = (path: string) =>
  IMPORT_PATHS.includes(path) ? MAX_IMPORT_BYTES : path.startsWith('/kinds') ? MAX_KIND_BYTES : MAX_BODY_BYTES;

/**
 * Sends a drawn request. Two transport outcomes are not the contract's: a body drawn over the
 * route's limit is refused (413) as soon as the limit is read, and the connection may close while
 * the rest is still being sent (counted as that refusal, undefined); and a request refused before
 * its body is read (401, 403) leaves the body for @hono/node-server to drain after the response,
 * which gives up and resets the socket after 500 ms — the app runs in this process, so a long
 * synchronous draw by fast-check can outlast that, and the client reads a reset instead of the
 * answer. That is sent once more; any other failure, or a second one, is a defect with its cause.
 */
async function sendDrawn(
  operation: Operation,
  drawn: Drawn,
  authorization: Record<string, string>,
  retried = false,
): Promise<Response | undefined> {
  try {
    return await fetch(`${runtime.url}${drawn.path}${drawn.query}`, {
      method: operation.method,
      headers: { ...drawn.headers, ...authorization },
      ...(drawn.body !== undefined ? { body: drawn.body } : {}),
      redirect: 'manual',
    });
  } catch (error) {
    const bytes = Buffer.byteLength(drawn.body ?? '');
    if (bytes > bodyLimitOf(operation.path)) return undefined;
    const cause = (error as Error).cause as { code?: string } | undefined;
    if (!retried && (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET'))
      return sendDrawn(operation, drawn, authorization, true);
    throw new Error(`${String(error)} (cause: ${String(cause)}; body of ${bytes} bytes${retried ? '; sent twice' : ''})`, { cause: error });
  }
}

it(`every operation, every role: no 5xx, and every response as documented (${RUNS} requests per operation and role)`, async () => {
  const operations = operationsOf();
  const sent: Record<string, number> = {};
  const statuses = new Map<string, Set<number>>();
  const failures = new Map<string, string>();
  const started = Date.now();
  for (const role of roles) {
    const authorization: Record<string, string> = role === 'anonymous' ? {} : { authorization: `Bearer ${await api.token(role)}` };
    for (const operation of operations) {
      const name = `${operation.method} ${operation.path}`;
      const result = await fc.check(
        fc.asyncProperty(requests(operation), async (drawn) => {
          sent[role] = (sent[role] ?? 0) + 1;
          const response = await sendDrawn(operation, drawn, authorization);
          if (!response) return;
          const contentType = response.headers.get('content-type') ?? '';
          const text = await response.text();
          let body: unknown = text;
          if (contentType.includes('json') && text) body = JSON.parse(text);
          if (!statuses.has(name)) statuses.set(name, new Set());
          statuses.get(name)!.add(response.status);
          const wrong = nonconformance(operation, response.status, contentType, body);
          // Every distinct defect is kept (not only the first), so one known 500 hides nothing else.
          const kind = `${role} ${name}: ${wrong?.slice(0, 60)}`;
          if (wrong && !failures.has(kind)) {
            failures.set(
              kind,
              `${role} ${name}: ${wrong}\n    request: ${operation.method} ${(drawn.path + drawn.query).slice(0, 200)} (${drawn.why}) ${JSON.stringify(drawn.headers)} ${drawn.body?.slice(0, 200) ?? ''}`,
            );
          }
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
      if (result.failed) failures.set(`${role} ${name}`, `${role} ${name}: ${String(result.errorInstance)} (seed ${result.seed})`);
    }
  }
  const never = operations.map((o) => `${o.method} ${o.path}`).filter((n) => ![...(statuses.get(n) ?? [])].some((x) => x < 400));
  const reached = [...statuses.entries()].filter(([, s]) => [...s].some((x) => x < 400)).length;
  console.log(
    `contract: ${operations.length} operations × ${roles.length} roles; requests sent per role: ${roles.map((r) => `${r} ${sent[r] ?? 0}`).join(', ')}; ` +
      `total ${Object.values(sent).reduce((a, b) => a + b, 0)} in ${Math.round((Date.now() - started) / 1000)} s; ` +
      `operations answered 2xx/3xx at least once: ${reached}/${operations.length} (never, with what they answered: ${never.map((n) => `${n} [${[...(statuses.get(n) ?? [])].sort().join(' ')}]`).join(', ')}); distinct defects: ${failures.size}`,
  );
  for (const failure of failures.values()) console.log(`  ✗ ${failure}`);
  expect(operations.length).toBeGreaterThan(40);
  expect([...failures.values()]).toEqual([]);
}, 900_000);
