import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../local/runtime';

/** The last objection code sent about a receipt, read from what the local outboxes delivered (email and text messages). */
export function codeSentFor(runtime: Pick<Runtime, 'outboxDir' | 'smsOutboxDir'>, receipt: string): string {
  const sent = [runtime.outboxDir, runtime.smsOutboxDir]
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')))
    .filter((message) => message.includes(receipt));
  const code = /验证码为 (\d{6})/.exec(sent.at(-1) ?? '')?.[1];
  if (!code) throw new Error(`no code was sent for ${receipt}`);
  return code;
}
