import { expect, it } from 'vitest';
import { fileRuntime } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';

/**
 * Issue 25 item 2: the local Step Functions endpoint runs workflows off the API's event loop (a
 * thread of its own, local/sfn/worker.ts), so what the API's figures measure is the API.
 */
const runtime = fileRuntime();

/** Holds this thread (the API's: the test runs in it) without giving its event loop a turn. */
const holdThisThread = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

async function submitted(s: ReturnType<typeof slice>, callId: string) {
  const draft = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, completeDeclaration);
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const id = draft.body.declarationId as string;
  expect((await s.api.as('applicant-a1').post(`/declarations/${id}/submit`)).status).toBe(200);
  return id;
}

it('opens the next task while the API’s thread is held: the workflow runs on an event loop of its own', async () => {
  const s = slice(runtime);
  const callId = await s.openCall();
  // The step handler's module is loaded by a first declaration, so the measured one only runs it.
  await s.openTask('district-a', await submitted(s, callId), 'district_recommendation');

  // The submit has started the execution; its first state opens the district's task.
  const id = await submitted(s, callId);
  expect(holdThisThread(4000)).toBe('timed-out');
  const released = runtime.clock.now().getTime();
  const task = await s.openTask('district-a', id, 'district_recommendation');
  // Opened while this thread could run nothing: by another thread (before, it opened only after).
  expect(Date.parse(task.createdAt)).toBeLessThan(released);
});
