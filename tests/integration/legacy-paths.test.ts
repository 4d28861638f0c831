import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { startTestRuntime } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';

/** Declarations were "applications" on the wire before the vocabulary rename: old links must keep working. */
let runtime: Runtime;
let s: ReturnType<typeof slice>;
beforeAll(async () => {
  runtime = await startTestRuntime();
  s = slice(runtime);
});
afterAll(() => runtime?.stop());

describe('the paths that said "applications"', () => {
  it('answer 308 to the same path and query with "declarations", and a client following it gets what the new path gives', async () => {
    const callId = await s.openCall();
    const token = await s.api.token('applicant-a1');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const created = await fetch(`${runtime.url}/calls/${callId}/applications`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: '旧路径' }),
      redirect: 'manual',
    });
    expect(created.status).toBe(308);
    expect(created.headers.get('location')).toBe(`/calls/${callId}/declarations`);

    // 308 keeps the method and the body: the POST is made again at the new path.
    const followed = await fetch(`${runtime.url}/calls/${callId}/applications`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: '旧路径' }),
    });
    expect(followed.status).toBe(201);
    const id = ((await followed.json()) as { declarationId: string }).declarationId;

    const patched = await fetch(`${runtime.url}/applications/${id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify(completeDeclaration),
    });
    expect(patched.status).toBe(200);
    const viaOld = await fetch(`${runtime.url}/applications/${id}?lang=zh`, { headers: auth, redirect: 'manual' });
    expect(viaOld.status).toBe(308);
    expect(viaOld.headers.get('location')).toBe(`/declarations/${id}?lang=zh`);
    const current = await s.api.as('applicant-a1').get(`/declarations/${id}`);
    const old = await fetch(`${runtime.url}/applications/${id}`, { headers: auth });
    expect(await old.json()).toEqual(current.body);

    const page = await fetch(`${runtime.url}/ui/applications/${id}`, { redirect: 'manual' });
    expect(page.status).toBe(308);
    expect(page.headers.get('location')).toBe(`/ui/declarations/${id}`);
  });

  it('leaves other paths alone: a path merely containing the word is not redirected', async () => {
    const reply = await fetch(`${runtime.url}/declarations/applications-x`, { redirect: 'manual' });
    expect(reply.status).not.toBe(308);
  });
});
