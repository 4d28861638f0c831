import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHashOf } from '../../functions/api/idempotency';
import { rateRules } from '../../functions/services/rate-limits';
import type { Runtime } from '../../local/runtime';
import { startTestRuntime } from '../support/runtime';
import { slice } from '../support/slice';

let runtime: Runtime;
let s: ReturnType<typeof slice>;
let callId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  s = slice(runtime);
  callId = await s.openCall();
});
afterAll(() => runtime?.stop());

const draftsOf = async (who: string) =>
  (await s.api.as(who).get(`/declarations?callId=${callId}&limit=100`)).body.items as { declarationId: string }[];
const post = (who: string, path: string, body: unknown, key: string) =>
  s.api.request('POST', path, { as: who, body, headers: { 'idempotency-key': key } });

describe('Idempotency-Key on mutating requests', () => {
  it('replays the first response to a retry and does nothing twice', async () => {
    const before = (await draftsOf('applicant-a1')).length;
    const body = { title: '重试的草稿' };
    const first = await post('applicant-a1', `/calls/${callId}/declarations`, body, 'draft-0001');
    const retry = await post('applicant-a1', `/calls/${callId}/declarations`, body, 'draft-0001');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const third = await fetch(`${runtime.url}/calls/${callId}/declarations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await s.api.token('applicant-a1')}`,
        'content-type': 'application/json',
        'idempotency-key': 'draft-0001',
      },
      body: JSON.stringify(body),
    });
    expect(third.status).toBe(201);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect((await third.json()).declarationId).toBe(first.body.declarationId);
    expect((await draftsOf('applicant-a1')).length).toBe(before + 1);

    // The same key is another caller's own: a colleague's request is not a replay of it.
    const colleague = await post('applicant-a2', `/calls/${callId}/declarations`, body, 'draft-0001');
    expect(colleague.status).toBe(201);
    expect(colleague.body.declarationId).not.toBe(first.body.declarationId);
  });

  it('replays a decision instead of answering the retry with 409', async () => {
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    const first = await post('admin', `/tasks/${task.taskId}/decision`, { outcome: 'approve' }, 'decide-1');
    const retry = await post('admin', `/tasks/${task.taskId}/decision`, { outcome: 'approve' }, 'decide-1');
    expect(first.status).toBe(200);
    expect(retry).toMatchObject({ status: 200, body: first.body });
    const withoutKey = await s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'approve' });
    expect(withoutKey.status).toBe(409);
    await s.reached(id, 'expert_assignment');
    const actions = ((await s.api.as('admin').get(`/declarations/${id}/history`)).body.items as { action: string }[]).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('formal_review.'))).toEqual(['formal_review.approve']);
  });

  it('refuses the same key with a different body or path with 422 naming the header, and writes nothing', async () => {
    const first = await post('applicant-b1', `/calls/${callId}/declarations`, { title: '甲' }, 'draft-b-1');
    expect(first.status).toBe(201);
    const count = (await draftsOf('applicant-b1')).length;
    for (const [path, body] of [
      [`/calls/${callId}/declarations`, { title: '乙' }],
      [`/declarations/${first.body.declarationId}/submit`, { title: '甲' }],
    ] as const) {
      const reused = await post('applicant-b1', path, body, 'draft-b-1');
      expect(reused.status, JSON.stringify(reused.body)).toBe(422);
      expect(reused.contentType).toContain('application/problem+json');
      expect(reused.body.errors[0].field).toBe('header.idempotency-key');
    }
    expect((await draftsOf('applicant-b1')).length).toBe(count);
    const badKey = await post('applicant-b1', `/calls/${callId}/declarations`, { title: '丙' }, 'has space');
    expect(badKey.status).toBe(422);
    expect(badKey.body.errors[0].field).toBe('header.idempotency-key');
    expect((await draftsOf('applicant-b1')).length).toBe(count);
  });

  it('frees the key of a refused request, so the corrected request may use it', async () => {
    const refused = await post('applicant-b1', `/calls/${callId}/declarations`, { title: '' }, 'draft-b-2');
    expect(refused.status).toBe(422);
    const corrected = await post('applicant-b1', `/calls/${callId}/declarations`, { title: '更正后的标题' }, 'draft-b-2');
    expect(corrected.status).toBe(201);
  });

  it('answers a retry while the first request is in progress with 409, and lets a retry take over a request that died', async () => {
    const { store } = await import('../../functions/adapters/entities');
    const path = `/calls/${callId}/declarations`;
    const body = { title: '进行中' };
    const now = runtime.clock.now().getTime();
    const record = {
      caller: 'applicant-a1',
      key: 'in-flight-1',
      requestHash: requestHashOf('POST', path, JSON.stringify(body)),
      status: 'in_progress' as const,
      leaseUntil: now + 30_000,
      createdAt: new Date(now).toISOString(),
      expiresAt: Math.floor(now / 1000) + 86400,
    };
    // The first request as a Lambda leaves it while running: claimed, not yet answered.
    await store().entities.idempotencyRecord.put(record).go();
    const before = (await draftsOf('applicant-a1')).length;
    const retry = await post('applicant-a1', path, body, 'in-flight-1');
    expect(retry.status, JSON.stringify(retry.body)).toBe(409);
    expect(retry.contentType).toContain('application/problem+json');
    expect(retry.body.current).toMatchObject({ status: 'in_progress' });
    // When to come back: by the end of the first request's lease, 30 s from now.
    expect(Number(retry.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(Number(retry.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect((await draftsOf('applicant-a1')).length).toBe(before);

    // Its lease ran out (the Lambda died): the next retry runs it, once.
    await store()
      .entities.idempotencyRecord.patch({ caller: 'applicant-a1', key: 'in-flight-1' })
      .set({ leaseUntil: now - 1 })
      .go();
    const takeover = await post('applicant-a1', path, body, 'in-flight-1');
    expect(takeover.status).toBe(201);
    expect((await post('applicant-a1', path, body, 'in-flight-1')).body).toEqual(takeover.body);
    expect((await draftsOf('applicant-a1')).length).toBe(before + 1);
  });

  it('runs ten simultaneous identical requests once: the others are told it is in progress or get its response', async () => {
    const before = (await draftsOf('applicant-a2')).length;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => post('applicant-a2', `/calls/${callId}/declarations`, { title: '并发' }, 'burst-1')),
    );
    const created = replies.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.declarationId)).size).toBe(1);
    expect(replies.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    console.log(
      `10 simultaneous requests with one key: ${created.length} × 201 (one ran, the rest replayed), ${replies.length - created.length} × 409 in progress`,
    );
    expect((await draftsOf('applicant-a2')).length).toBe(before + 1);
  });
});

describe('rate limits', () => {
  /** The next window of `seconds` starts a second from now on the local clock, so a burst fits in one. */
  async function startOfNextWindow(seconds: number) {
    const now = Math.floor(runtime.clock.now().getTime() / 1000);
    await runtime.clock.set(new Date((now - (now % seconds) + seconds + 1) * 1000));
    s.api.forgetTokens();
  }

  it(`issues at most ${rateRules.token.limit} tokens a minute per user, then 429 with Retry-After`, async () => {
    await startOfNextWindow(60);
    const ask = (username: string) => s.api.request('POST', '/dev/token', { body: { username } });
    const replies = [];
    for (let i = 0; i <= rateRules.token.limit; i++) replies.push(await ask('district-b'));
    expect(replies.slice(0, -1).every((r) => r.status === 200)).toBe(true);
    const limited = replies.at(-1)!;
    expect(limited.status).toBe(429);
    expect(limited.contentType).toContain('application/problem+json');
    const retryAfter = Number(limited.body.retryAfterSeconds);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const header = await fetch(`${runtime.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"district-b"}',
    });
    expect(header.status).toBe(429);
    expect(Number(header.headers.get('retry-after'))).toBe((await header.json()).retryAfterSeconds);
    expect((await ask('district-a')).status).toBe(200);
    await runtime.clock.set(new Date(runtime.clock.now().getTime() + retryAfter * 1000));
    expect((await ask('district-b')).status).toBe(200);
  });

  it(`takes at most ${rateRules.objection.limit} objections an hour per user, counting refused ones`, async () => {
    await startOfNextWindow(3600);
    const id = await s.submittedDeclaration('applicant-b1');
    const object = (who: string) =>
      s.api.as(who).post(`/calls/${callId}/objections`, { declarationId: id, realName: '李四', reason: '申报材料与实际不符' });
    // Malformed ones are refused at the edge and do not count.
    expect((await s.api.as('expert-3').post(`/calls/${callId}/objections`, { declarationId: id })).status).toBe(422);
    for (let i = 0; i < rateRules.objection.limit; i++) expect((await object('expert-3')).status).toBe(409); // no notice is running
    const limited = await s.api.request('POST', `/calls/${callId}/objections`, {
      as: 'expert-3',
      body: { declarationId: id, realName: '李四', reason: '申报材料与实际不符' },
    });
    expect(limited.status).toBe(429);
    expect(limited.contentType).toContain('application/problem+json');
    expect(Number(limited.body.retryAfterSeconds)).toBeGreaterThan(3500);
    expect((await object('expert-4')).status).toBe(409);
  });
});
