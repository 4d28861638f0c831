import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * Time-ordered identifiers (prefix + 12 hex of ms + 4 hex counter + 8 hex random), so items
 * sorted by id are sorted by creation, even within one millisecond of one process.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  if (nowMs === lastMs) counter++;
  else {
    lastMs = nowMs;
    counter = 0;
  }
  const time = nowMs.toString(16).padStart(12, '0');
  const seq = (counter & 0xffff).toString(16).padStart(4, '0');
  return `${prefix}_${time}${seq}${randomBytes(4).toString('hex')}`;
}
