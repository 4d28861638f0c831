import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { ApiClient, startTestRuntime } from '../support/runtime';
import { buildFixture, callers, expected, operationsOf, routeCases, type Fixture } from '../support/routes';

let runtime: Runtime;
let api: ApiClient;
let fixture: Fixture;

beforeAll(async () => {
  // No timed sweep: the table must stay still unless a request changes it.
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
  api = new ApiClient(runtime.url);
  fixture = await buildFixture(runtime);
});
afterAll(() => runtime?.stop());

describe('the route × role matrix, generated from /openapi.json', () => {
  it('has an entry for every route the API documents, and none for a route it does not', async () => {
    const operations = operationsOf((await api.request('GET', '/openapi.json')).body);
    expect(operations.length).toBeGreaterThan(20);
    const missing = operations.filter((op) => !routeCases[op]);
    expect(missing, `add an entry for ${missing.map((m) => `'${m}'`).join(', ')} to routeCases in tests/support/routes.ts`).toEqual([]);
    const stale = Object.keys(routeCases).filter((op) => !operations.includes(op));
    expect(stale, `routeCases in tests/support/routes.ts lists routes the API no longer has`).toEqual([]);
  });

  it('gives every caller, anonymous included, exactly the outcome the table names, as problem+json when refused', async () => {
    const operations = operationsOf((await api.request('GET', '/openapi.json')).body);
    const wrong: string[] = [];
    let calls = 0;
    for (const op of operations) {
      const route = routeCases[op];
      if (!route) continue;
      const [method] = op.split(' ') as [string];
      const path = route.path(fixture);
      for (const caller of callers) {
        const reply = await api.request(method, path, {
          ...(caller === 'anonymous' ? {} : { as: caller }),
          ...(route.body ? { body: route.body(fixture) } : {}),
        });
        calls++;
        const want = expected(route, caller);
        if (reply.status !== want)
          wrong.push(`${op} as ${caller}: ${reply.status}, expected ${want} (${JSON.stringify(reply.body).slice(0, 160)})`);
        else if (want >= 400 && !reply.contentType.includes('application/problem+json'))
          wrong.push(`${op} as ${caller}: ${want} without problem+json`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBe(operations.length * callers.length);
  });
});

describe('what each may read of what they may see (property level)', () => {
  it('keeps the reviewing experts from the applicant and district, and the contact data from the expert', async () => {
    const asAdmin = (await api.as('admin').get(`/declarations/${fixture.reviewedId}`)).body;
    expect(asAdmin.experts).toEqual(['expert-2']);
    expect(asAdmin.contactPhone).toBeTruthy();
    expect(asAdmin.openTasks.map((t: any) => t.kind)).toContain('expert_score');

    for (const who of ['applicant-a1', 'district-a']) {
      const view = (await api.as(who).get(`/declarations/${fixture.reviewedId}`)).body;
      expect(view, who).not.toHaveProperty('experts');
      expect(view.contactPhone, who).toBeTruthy();
      expect(
        view.openTasks.map((t: any) => t.kind),
        who,
      ).not.toContain('expert_score');
      expect(JSON.stringify(view), who).not.toContain('expert-2');
      const history = (await api.as(who).get(`/declarations/${fixture.reviewedId}/history`)).body.items;
      expect(
        history.map((e: any) => e.action),
        who,
      ).toContain('experts.assigned');
      expect(JSON.stringify(history), who).not.toContain('expert-2');
      const list = (await api.as(who).get(`/declarations?callId=${fixture.callId}`)).body.items;
      expect(
        list.find((d: any) => d.declarationId === fixture.reviewedId),
        who,
      ).not.toHaveProperty('experts');
    }

    const asExpert = (await api.as('expert-2').get(`/declarations/${fixture.reviewedId}`)).body;
    expect(asExpert.title).toBeTruthy();
    for (const field of ['contactName', 'contactPhone', 'experts']) expect(asExpert, field).not.toHaveProperty(field);
    expect(asExpert.openTasks.filter((t: any) => t.kind === 'expert_score').map((t: any) => t.taskId)).toEqual([fixture.scoreTaskId]);
  });

  it('shows anyone a call’s rules, window and notice, and only the city office its workflow and bookkeeping, as /openapi.json says', async () => {
    const internals = ['executionArn', 'sweepAt', 'sweepQueue', 'createdBy', 'shortlistedBy', 'version'];
    const office = (await api.as('admin').get(`/calls/${fixture.callId}`)).body;
    expect(office.executionArn).toMatch(/^arn:/);
    expect(office.createdBy).toBe('admin');
    for (const who of ['anonymous', 'applicant-a1', 'district-a', 'expert-2']) {
      const as = who === 'anonymous' ? {} : { as: who };
      const one = (await api.request('GET', `/calls/${fixture.callId}`, as)).body;
      const listed = ((await api.request('GET', '/calls?limit=50', as)).body.items as any[]).find((c) => c.callId === fixture.callId);
      for (const call of [one, listed]) {
        expect(
          Object.keys(call).filter((k) => internals.includes(k)),
          who,
        ).toEqual([]);
        expect(call, who).toMatchObject({ callId: fixture.callId, title: office.title, closesAt: office.closesAt, status: office.status });
        expect(call.config.formFields, who).toEqual(office.config.formFields);
      }
    }
    // Not even the office reads the sweep's index keys.
    expect(office).not.toHaveProperty('sweepAt');
    expect(office).not.toHaveProperty('sweepQueue');
    expect(((await api.as('admin').get('/calls?limit=50')).body.items as any[]).find((c) => c.callId === fixture.callId)).toMatchObject({
      executionArn: office.executionArn,
    });
    // A token that does not verify is refused, not read as anonymous.
    expect((await api.request('GET', '/calls', { headers: { authorization: 'Bearer not.a.token' } })).status).toBe(401);

    const spec = (await api.request('GET', '/openapi.json')).body;
    const schemas = spec.components.schemas;
    expect(Object.keys(schemas.Call.properties).filter((k: string) => internals.includes(k))).toEqual([]);
    expect(schemas.CallDetail.allOf[0]).toEqual({ $ref: '#/components/schemas/Call' });
    expect(Object.keys(schemas.CallDetail.allOf[1].properties)).toEqual(expect.arrayContaining(['executionArn', 'createdBy', 'version']));
    expect(JSON.stringify(spec.paths['/calls/{callId}'].get.responses['200'])).toMatch(/CallDetail[\s\S]*#\/components\/schemas\/Call"/);
  });

  it('shows an expert the other experts’ sheets only after their own is in', async () => {
    // A second expert on the same declaration, as the office may add one: scoring first.
    const { store } = await import('../../functions/adapters/entities');
    await store()
      .entities.scoreSheet.create({
        declarationId: fixture.reviewedId,
        expert: 'expert-3',
        scores: { foundation: 10 },
        weighted: 50,
        comment: '先评',
        submittedAt: runtime.clock.now().toISOString(),
      })
      .go();
    await store()
      .entities.declaration.patch({ declarationId: fixture.reviewedId })
      .set({ experts: ['expert-2', 'expert-3'] })
      .go();

    const before = (await api.as('expert-2').get(`/declarations/${fixture.reviewedId}/scores`)).body;
    expect(before.items).toEqual([]);
    expect(before.score).toBeNull();
    expect(JSON.stringify(before)).not.toContain('expert-3');
    expect((await api.as('applicant-a1').get(`/declarations/${fixture.reviewedId}/scores`)).body.items).toEqual([]);
    const office = (await api.as('admin').get(`/declarations/${fixture.reviewedId}/scores`)).body;
    expect(office.items.map((s: any) => s.expert)).toEqual(['expert-3']);
    const third = (await api.as('expert-3').get(`/declarations/${fixture.reviewedId}/scores`)).body;
    expect(third.items.map((s: any) => s.expert)).toEqual(['expert-3']);
  });
});
