import { describe, expect, it } from 'vitest';
import { haveCallSettingsSettled, SETTLED_AFTER_OPENING_MS } from '../../core/calls';
import { configFromDefinition } from '../../core/kinds';
import { seededKind } from '../../local/kind-seeds';
import type { CallItem } from '../../functions/adapters/entities';
import { SETTLED_CALLS_KEPT, settledCalls } from '../../functions/services/settled-calls';

const opensAt = '2026-09-01T00:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(opensAt) + ms);

function callNamed(callId: string, quota = 10): CallItem {
  return {
    callId,
    kind: 'elder-empowerment',
    year: 2026,
    title: `申报通知 ${callId}`,
    opensAt,
    closesAt: '2026-10-01T00:00:00.000Z',
    quota,
    config: configFromDefinition(seededKind('elder-empowerment')),
    status: 'open',
    version: 1,
    createdBy: 'admin',
    createdAt: '2026-08-01T00:00:00.000Z',
  } as CallItem;
}

/** A table of calls that counts its reads, so a test sees when the keep answered instead. */
function tableOf(calls: CallItem[]) {
  const rows = new Map(calls.map((c) => [c.callId, c]));
  const reads: string[] = [];
  const read = async (callId: string) => {
    reads.push(callId);
    const row = rows.get(callId);
    if (!row) throw new Error(`call ${callId} not found`);
    return structuredClone(row);
  };
  return { rows, reads, read };
}

describe("a call's settings settle", () => {
  it('a minute after the opening, for a Lambda whose clock is behind, and not a millisecond before', () => {
    expect(SETTLED_AFTER_OPENING_MS).toBe(60_000);
    expect(haveCallSettingsSettled({ opensAt }, at(-1))).toBe(false);
    expect(haveCallSettingsSettled({ opensAt }, at(0))).toBe(false);
    expect(haveCallSettingsSettled({ opensAt }, at(59_999))).toBe(false);
    expect(haveCallSettingsSettled({ opensAt }, at(60_000))).toBe(true);
  });
});

describe('the settled calls a process keeps', () => {
  it('are never kept before the call opens, nor in the minute after: each read goes to the table', async () => {
    let now = at(-86_400_000);
    const table = tableOf([callNamed('call-a')]);
    const keep = settledCalls(table.read, () => now);
    expect((await keep.get('call-a')).quota).toBe(10);
    // Edited before the opening: the next read sees the edit.
    table.rows.set('call-a', { ...callNamed('call-a', 12), version: 2 });
    expect((await keep.get('call-a')).quota).toBe(12);
    now = at(30_000);
    await keep.get('call-a');
    expect(table.reads).toEqual(['call-a', 'call-a', 'call-a']);
    expect(keep.has('call-a')).toBe(false);
    expect(keep.size).toBe(0);
  });

  it('once settled are read once, then answered from the keep, frozen against a change in place', async () => {
    const table = tableOf([callNamed('call-a')]);
    const keep = settledCalls(table.read, () => at(SETTLED_AFTER_OPENING_MS));
    const first = await keep.get('call-a');
    const again = await keep.get('call-a');
    expect(table.reads).toEqual(['call-a']);
    expect(again).toBe(first);
    expect(again.version).toBe(1);
    // Only what updateCall writes is kept, not what moves after the opening.
    expect(Object.keys(again).sort()).toEqual([
      'batch',
      'callId',
      'closesAt',
      'config',
      'kind',
      'opensAt',
      'quota',
      'title',
      'version',
      'year',
    ]);
    expect(() => {
      (again.config as { rubric: unknown[] }).rubric.push({});
    }).toThrow(TypeError);
  });

  it('hold at most their bound, the least recently used call going first', async () => {
    const ids = Array.from({ length: SETTLED_CALLS_KEPT + 1 }, (_, i) => `call-${i}`);
    const table = tableOf(ids.map((id) => callNamed(id)));
    const keep = settledCalls(table.read, () => at(3_600_000));
    for (const id of ids.slice(0, SETTLED_CALLS_KEPT)) await keep.get(id);
    expect(keep.size).toBe(SETTLED_CALLS_KEPT);
    await keep.get('call-0'); // used again: call-1 is now the least recently used
    await keep.get(ids[SETTLED_CALLS_KEPT]!);
    expect(keep.size).toBe(SETTLED_CALLS_KEPT);
    expect(keep.has('call-0')).toBe(true);
    expect(keep.has('call-1')).toBe(false);
    table.reads.length = 0;
    await keep.get('call-1');
    expect(table.reads).toEqual(['call-1']);
  });

  it('read a call afresh once it is forgotten (an edit a clock moved back allowed)', async () => {
    const table = tableOf([callNamed('call-a')]);
    const keep = settledCalls(table.read, () => at(3_600_000));
    await keep.get('call-a');
    table.rows.set('call-a', { ...callNamed('call-a', 15), version: 2 });
    expect((await keep.get('call-a')).quota).toBe(10);
    keep.forget('call-a');
    expect((await keep.get('call-a')).quota).toBe(15);
  });

  it('keep nothing of a call that cannot be read', async () => {
    const table = tableOf([]);
    const keep = settledCalls(table.read, () => at(3_600_000));
    await expect(keep.get('call-missing')).rejects.toThrow('not found');
    expect(keep.size).toBe(0);
  });
});
