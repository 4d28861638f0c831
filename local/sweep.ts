import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findRunning } from './running';
import { projectRoot } from './runtime';
import { stateMachineArnOf } from './sfn/definitions';
import { stateMachineEnvOf, stateMachines } from '../functions/adapters/state-machines';

/**
 * `npm run sweep -- [--now <iso>]`: one sweep against the running `npm start` — the only one
 * running, whatever its DATA_DIR, or the one whose data is in DATA_DIR when that is set (needed
 * only when several run). Without --now the sweep runs at the stack's clock (real time plus its
 * saved offset).
 */
const { values } = parseArgs({ options: { now: { type: 'string' } } });
const found = findRunning(process.env.DATA_DIR ? resolve(projectRoot, process.env.DATA_DIR) : undefined);
if ('problem' in found) {
  console.error(found.problem);
  process.exit(1);
}
const { stack } = found;
const dataDir = stack.dataDir;
console.error(`sweeping the shenbao at ${stack.url} (data in ${dataDir})`);
let now: Date;
if (values.now) {
  now = new Date(values.now);
  if (Number.isNaN(now.getTime())) {
    console.error(`--now: not an ISO 8601 time: ${values.now}`);
    process.exit(1);
  }
} else {
  let offsetMs = 0;
  try {
    offsetMs = Number(JSON.parse(readFileSync(join(dataDir, 'clock.json'), 'utf8')).offsetMs) || 0;
  } catch {
    // The stack's clock was never moved.
  }
  now = new Date(Date.now() + offsetMs);
}
Object.assign(process.env, {
  TABLE_NAME: stack.tableName,
  DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
  SFN_ENDPOINT: stack.sfnEndpoint,
  OUTBOX_DIR: stack.outboxDir,
  ...(stack.smsOutboxDir ? { SMS_OUTBOX_DIR: stack.smsOutboxDir } : {}),
  APP_URL: stack.url,
  ...Object.fromEntries(stateMachines.map((name) => [stateMachineEnvOf(name), stateMachineArnOf(name)])),
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
});
const { useClock } = await import('../functions/adapters/clock');
useClock({ now: () => now });
// The report is the one thing on stdout: the functions' informational lines stay quiet.
(await import('../functions/adapters/log')).logger.setLogLevel('WARN');
const { sweep } = await import('../functions/services/sweep');
console.log(JSON.stringify(await sweep(now), null, 2));
