import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { ApiClient, startTestRuntime } from '../support/runtime';

// The app's clients are built once per process: the restarted runtime keeps the first one's table, ports and data dir.
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
});
afterAll(() => runtime?.stop());

it('keeps a seeded person the office disabled disabled across a restart (the seed writes only what is absent)', async () => {
  const api = new ApiClient(runtime.url);
  expect((await api.as('admin').post('/people/applicant-b1/disable')).status).toBe(200);
  await runtime.stop();
  runtime = await startTestRuntime({
    tableName: runtime.tableName,
    dataDir: runtime.dataDir,
    port: runtime.port,
    sfnPort: runtime.sfnPort,
    sweepIntervalMs: 0,
  });
  const after = new ApiClient(runtime.url);
  expect((await after.request('POST', '/dev/token', { body: { username: 'applicant-b1' } })).status).toBe(403);
  expect((await after.as('admin').get('/people/applicant-b1')).body).toMatchObject({ status: 'disabled', version: 2 });
  // The others are seeded as before.
  expect((await after.request('POST', '/dev/token', { body: { username: 'applicant-a1' } })).status).toBe(200);
});
