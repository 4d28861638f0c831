import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { ApiClient, startTestRuntime, type Reply } from '../support/runtime';
import {
  buildFixture,
  callers,
  expected,
  operationsOf,
  routeCases,
  tableFingerprint,
  type Caller,
  type Fixture,
  type RouteCase,
} from '../support/routes';

/**
 * Malformed bodies, wrong types, huge strings, unknown fields and odd Unicode at every mutating
 * route of the OpenAPI document, as a caller who gets past authorization. Every generated request
 * carries at least one defect, so each must be refused: 4xx problem+json, never 500, and not one
 * item of the table changed (compared by a Scan, in this test only).
 */
let runtime: Runtime;
let api: ApiClient;
let fixture: Fixture;
let mutating: string[];

beforeAll(async () => {
  // No timed sweep: the table must stay still unless a request changes it.
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
  api = new ApiClient(runtime.url);
  fixture = await buildFixture(runtime);
  mutating = operationsOf((await api.request('GET', '/openapi.json')).body).filter((op) => !op.startsWith('GET '));
  // Signing in counts against the token rate limit (a write): done before any snapshot is taken.
  for (const caller of callers) if (caller !== 'anonymous') await api.token(caller);
});
afterAll(() => runtime?.stop());

const RUNS = 25;

const odd = fc.constantFrom(
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\u200B',
  '\uFEFF',
  '\u{2070E}',
  '👩‍👩‍👧',
  'e\u0301',
  '\u0085',
  '\u2028',
  '%00',
  '../',
  '<script>',
  "' OR 1=1 --",
  '{"$ne":null}',
  '\\u0000',
);
const oddText = fc.tuple(fc.string({ maxLength: 6 }), odd, fc.string({ unit: 'binary', maxLength: 6 })).map(([a, b, c]) => `${a}${b}${c}`);
const huge = fc.integer({ min: 21_000, max: 70_000 }).chain((n) => fc.constantFrom('字', 'x', '\u{2070E}').map((ch) => ch.repeat(n)));

/** A value of a different JSON type than `value`, so it can never be what the schema wants. */
function otherType(value: unknown) {
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const options = [
    kind !== 'string' ? oddText : undefined,
    kind !== 'number' ? fc.oneof(fc.integer(), fc.double({ noNaN: true })) : undefined,
    fc.boolean(),
    fc.constant(null),
    kind !== 'array' ? fc.array(fc.oneof(fc.integer(), oddText), { maxLength: 3 }) : undefined,
    kind !== 'object' ? fc.dictionary(oddText, fc.integer(), { minKeys: 1, maxKeys: 2 }) : undefined,
  ].filter((a): a is fc.Arbitrary<any> => a !== undefined);
  return fc.oneof(...options);
}

/** encodeURIComponent refuses lone surrogates; a client would send U+FFFD for them. */
const enc = (s: string) => encodeURIComponent((s as string & { toWellFormed(): string }).toWellFormed());

type Bad = { body: string; headers?: Record<string, string>; why: string };

/** One defective request body for a route whose valid body is `base`. */
function defective(base: Record<string, unknown>): fc.Arbitrary<Bad> {
  const keys = Object.keys(base);
  const json = (value: unknown, why: string, headers?: Record<string, string>): Bad => ({
    body: JSON.stringify(value),
    why,
    ...(headers ? { headers } : {}),
  });
  const withOddValues = fc.constant(base).chain((b) =>
    fc.record(
      Object.fromEntries(
        Object.entries(b).map(([k, v]) => [
          k,
          typeof v === 'string'
            ? fc.oneof(
                fc.constant(v),
                oddText.map((t) => `${v}${t}`),
              )
            : fc.constant(v),
        ]),
      ),
    ),
  );
  const arbitraries: fc.Arbitrary<Bad>[] = [
    fc.string({ maxLength: 40 }).map((s) => ({ body: `{"${s}`, why: 'malformed JSON' })),
    fc.oneof(fc.integer(), oddText, fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })).map((v) => json(v, 'not an object')),
    fc.tuple(withOddValues, oddText, otherType(undefined)).map(([b, key, v]) => json({ ...b, [`${key}#`]: v }, 'unknown field')),
    fc
      .tuple(withOddValues, fc.constantFrom('stage', 'version', 'organisationId', 'status', 'createdBy', '__proto__'))
      .map(([b, key]) => json({ ...b, [key]: 'approved' }, `mass assignment of ${key}`)),
    fc.tuple(withOddValues, fc.constantFrom('a b', 'x#y', 'k'.repeat(300), '\t'), fc.constant(base)).map(([b, key]) => ({
      ...json({ ...b, unknownToo: 1 }, 'bad idempotency key and unknown field'),
      headers: { 'idempotency-key': key },
    })),
  ];
  if (keys.length) {
    const key = fc.constantFrom(...keys);
    arbitraries.push(
      key.chain((k) => otherType(base[k]).map((v) => json({ ...base, [k]: v }, `wrong type for ${k}`))),
      fc.tuple(key, huge).map(([k, h]) => json({ ...base, [k]: typeof base[k] === 'string' ? h : [h] }, `huge ${k}`)),
    );
  }
  return fc.oneof(...arbitraries);
}

/** The first caller the table lets past authorization, so the defect is what gets judged. */
function callerFor(route: RouteCase): Caller {
  const past = callers.filter((c) => ![401, 403].includes(expected(route, c)));
  return past.find((c) => expected(route, c) !== 404) ?? past[0] ?? 'admin';
}

function refusedCleanly(reply: Reply, what: string) {
  expect(reply.status, `${what}: ${JSON.stringify(reply.body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(reply.status, what).toBeLessThan(500);
  expect(reply.contentType, what).toContain('application/problem+json');
  expect(reply.body.status, what).toBe(reply.status);
  if (reply.status === 422) {
    expect(reply.body.errors.length, what).toBeGreaterThan(0);
    for (const e of reply.body.errors) expect(e.field, what).toMatch(/^(body|header|path|query|declaration)\b/);
  }
}

describe('bad input at every mutating route', () => {
  it('covers every mutating route of the OpenAPI document', () => {
    expect(mutating.length).toBeGreaterThan(10);
    expect(mutating.filter((op) => !routeCases[op])).toEqual([]);
  });

  it('refuses every defective body with 4xx problem+json naming the field, and writes nothing', async () => {
    const before = await tableFingerprint(runtime);
    const seen: Record<number, number> = {};
    for (const op of mutating) {
      const route = routeCases[op]!;
      const [method] = op.split(' ') as [string];
      const as = callerFor(route);
      const base = (route.body?.(fixture) ?? {}) as Record<string, unknown>;
      await fc.assert(
        fc.asyncProperty(defective(base), async (bad) => {
          const reply = await api.request(method, route.path(fixture), {
            ...(as === 'anonymous' ? {} : { as }),
            body: bad.body,
            headers: { 'content-type': 'application/json', ...bad.headers },
          });
          seen[reply.status] = (seen[reply.status] ?? 0) + 1;
          refusedCleanly(reply, `${op} as ${as}, ${bad.why}`);
          expect(await tableFingerprint(runtime), `${op}, ${bad.why}: the table changed`).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    }
    console.log(`bad bodies: ${mutating.length} routes × ${RUNS} runs; statuses ${JSON.stringify(seen)}`);
    expect(Object.keys(seen).every((s) => Number(s) < 500)).toBe(true);
  });

  it('refuses odd path ids, bad query parameters and bodies that are not JSON, never with a 500', async () => {
    const before = await tableFingerprint(runtime);
    const oddId = fc.oneof(
      oddText,
      fc.string({ minLength: 65, maxLength: 300 }),
      fc.constantFrom('app_1;drop', ' ', 'A'.repeat(65), 'app_1%00'),
    );
    await fc.assert(
      fc.asyncProperty(
        oddId,
        fc.constantFrom('GET /declarations/{id}', 'PATCH /declarations/{id}', 'POST /tasks/{taskId}/decision', 'GET /calls/{callId}'),
        async (id, op) => {
          const [method, template] = op.split(' ') as [string, string];
          const path = template.replace(/\{\w+\}/, enc(id));
          const reply = await api.request(method, path, {
            as: method === 'PATCH' ? 'applicant-a1' : 'admin',
            ...(method === 'GET' ? {} : { body: { comment: 'x' } }),
          });
          refusedCleanly(reply, `${op} with id ${JSON.stringify(id)}`);
        },
      ),
      { numRuns: 40 },
    );
    const badQuery = fc.oneof(
      fc.constantFrom(
        'limit=0',
        'limit=-1',
        'limit=101',
        'limit=1e9',
        'limit=abc',
        'limit=1.5',
        'limit=',
        'limit=1&limit=2',
        `cursor=${'c'.repeat(3000)}`,
      ),
      oddText.map((t) => `${enc(t)}=1`),
      oddText.map((t) => `callId=${enc(t)}`),
    );
    await fc.assert(
      fc.asyncProperty(badQuery, fc.constantFrom('/calls', '/declarations', '/tasks', `/calls/${fixture.callId}`), async (query, path) => {
        const reply = await api.request('GET', `${path}?${query}`, { as: 'district-a' });
        refusedCleanly(reply, `GET ${path}?${query}`);
        expect(reply.status).toBe(422);
      }),
      { numRuns: 40 },
    );
    const undeclared = await api.request('GET', `/declarations/${fixture.reviewedId}?include=contactPhone`, { as: 'expert-2' });
    expect(undeclared.status).toBe(422);
    expect(undeclared.body.errors[0].field).toBe('query.include');
    for (const [type, body] of [
      ['text/plain', '{"title":"项目"}'],
      ['application/xml', '<title>项目</title>'],
      ['', '{}'],
    ] as const) {
      const reply = await api.request('PATCH', `/declarations/${fixture.draftId}`, {
        as: 'applicant-a1',
        body,
        headers: { 'content-type': type },
      });
      refusedCleanly(reply, `PATCH with content-type ${type || '(none)'}`);
      expect(reply.status).toBe(415);
    }
    const empty = await api.request('PATCH', `/declarations/${fixture.draftId}`, { as: 'applicant-a1', body: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe('body');
    expect(await tableFingerprint(runtime)).toEqual(before);
  });
});
