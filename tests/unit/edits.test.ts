import { describe, expect, it } from 'vitest';
import { changedMembers, changedSince, etagOf, fingerprints, versionOfIfMatch } from '../../core/edits';

describe('edits against a version', () => {
  it('reads If-Match as one of our ETags, * as any version, anything else as malformed', () => {
    expect(versionOfIfMatch(etagOf(3))).toBe(3);
    expect(versionOfIfMatch(' W/"12" ')).toBe(12);
    expect(versionOfIfMatch(undefined)).toBeUndefined();
    expect(versionOfIfMatch('*')).toBeUndefined();
    for (const bad of ['3', '"0"', '"x"', '"1", "2"', '']) expect(versionOfIfMatch(bad)).toBeNull();
  });

  it('a patch of the values already stored changes nothing; a record compares by content, not key order', () => {
    const stored = { title: 'A', fields: { a: '1', b: '2' } };
    expect(changedMembers({ title: 'A', fields: { b: '2', a: '1' } }, stored)).toEqual([]);
    expect(changedMembers({ title: 'B', fields: { a: '1', b: '2' } }, stored)).toEqual(['title']);
    expect(changedMembers({ summary: 'new' }, stored)).toEqual(['summary']);
  });

  it('names the fields whose stored value is no longer the one shown; empty and absent are alike', () => {
    const seen = fingerprints({ title: 'A', summary: '', caps: { x: 1, y: 2 } });
    expect(changedSince(seen, { title: 'A', caps: { y: 2, x: 1 } })).toEqual([]);
    expect(changedSince(seen, { title: 'B', summary: 'now', caps: { x: 1, y: 2 } })).toEqual(['title', 'summary']);
  });
});
