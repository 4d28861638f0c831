import { resolve } from 'node:path';
import { projectRoot, startRuntime } from './runtime';

/** `npm start`: the whole of shenbao on this machine, with its data under DATA_DIR (default .data/). */
const port = Number(process.env.PORT ?? 3000);
const sfnPort = Number(process.env.SFN_PORT ?? port + 1);
const dataDir = resolve(projectRoot, process.env.DATA_DIR ?? '.data');
// Log lines as text a person reads (JSON, as in Lambda, with SHENBAO_LOG_FORMAT=json).
process.env.SHENBAO_LOG_FORMAT ??= 'text';

console.log(`shenbao: starting DynamoDB Local (data in ${dataDir}) and the local Step Functions endpoint…`);
const runtime = await startRuntime({ dataDir, port, sfnPort, announce: true }).catch((error: Error) => {
  // What is missing and how to get it, not a stack trace.
  console.error(`\nshenbao could not start: ${error.message}`);
  process.exit(1);
});

console.log(`
shenbao is running
  API            ${runtime.url}          (docs: ${runtime.url}/docs, spec: ${runtime.url}/openapi.json)
  Step Functions ${runtime.sfnEndpoint}
  DynamoDB Local ${runtime.dynamoEndpoint}
  clock          ${runtime.clock.now().toISOString()}   (move it: POST ${runtime.url}/dev/clock)
  outbox         ${runtime.outboxDir}   (emails; the sweep runs every minute and on clock moves)
  SMS outbox     ${runtime.smsOutboxDir}   (text messages to the seeded test mobiles, 138 0000 00xx)
  ${runtime.seeded ? 'seeded the demo users and one open call of each project kind' : 'existing data kept'}${runtime.resumed ? `; resumed ${runtime.resumed} waiting execution(s)` : ''}

Try: curl -s -X POST ${runtime.url}/dev/token -H 'content-type: application/json' -d '{"username":"applicant-a1"}'
Ctrl-C stops shenbao and DynamoDB Local.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\nshenbao: stopping (${signal})…`);
    runtime.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
