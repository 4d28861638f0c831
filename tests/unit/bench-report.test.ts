import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBundles } from '../../bench/bundles';
import { costOf, pricedRegion, regionPrices } from '../../bench/prices';
import { exponential, figure, fixed, formatValue, loadLine, times, whyNoP99, whyUnmeasured } from '../../bench/report';
import { median, summarize } from '../../bench/stats';

// A load run in which no request completed: its NaN latencies cross the worker's IPC as JSON, as null.
const emptyRun = JSON.parse(JSON.stringify({ count: 0, errors: 0, p50: Number.NaN, p99: Number.NaN, requestsPerSecond: 0 }));
const anything = fc.oneof(fc.double(), fc.constant(null), fc.constant(undefined), fc.integer());

afterEach(() => vi.restoreAllMocks());

describe("the bench's formatters are total: an unmeasured figure is `n/a (why)`, never a crash", () => {
  it('the summary of a run that completed nothing (the --quick crash: null.toFixed)', () => {
    expect(emptyRun.p50).toBeNull();
    expect(loadLine(emptyRun)).toBe(
      'p50 n/a (no request completed in the run) ms, p99 n/a (no request completed in the run) ms, 0 req/s, n=0',
    );
    expect(whyUnmeasured({ count: 0, errors: 3 })).toBe('no request succeeded; 3 failed');
    expect(loadLine({ count: 10, errors: 0, p50: 1.234, p99: 5, requestsPerSecond: 99.6 })).toBe(
      'p50 1.23 ms, p99 5.00 ms, 100 req/s, n=10',
    );
  });

  it('a figure line for null, undefined, NaN and Infinity says n/a with its reason; a ratio to an unmeasured floor says so', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(figure('GET /tasks p50 @50', value, 'ms', { value: 2, label: 'floor' }, 'no request completed in the run')).toBe(
        'GET /tasks p50 @50: n/a (no request completed in the run)',
      );
    }
    expect(figure('x', 3, 'ms', { value: null, label: 'floor' })).toBe('x: 3 ms (n/a: floor not measured)');
    expect(figure('x', 3, 'ms', { value: 0, label: 'floor' })).toBe('x: 3 ms (n/a: floor not measured)');
    expect(figure('x', 3.5, 'ms', { value: 1.75, label: 'floor' })).toBe('x: 3.50 ms (2.00x floor 1.75 ms)');
  });

  it('median ignores what was not measured and is NaN (n/a) when nothing was', () => {
    expect(median([])).toBeNaN();
    expect(median([null, undefined, Number.NaN])).toBeNaN();
    expect(median([3, null, 1, 2])).toBe(2);
  });

  it('the cold-start lines with an unmeasured import', () => {
    expect(
      formatBundles({ floorMs: Number.NaN, bundles: [{ name: 'Api', bytes: 2048, aimBytes: 1024, importMs: Number.NaN }], missing: [] }),
    ).toEqual([
      'node -e "" (floor): n/a (no import completed)',
      'Api bundle: 2 KB (2.00x its 1 KB aim)',
      'Api import: n/a (no import completed)',
    ]);
  });

  it('every formatter, given any value at all, returns a string and never throws', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        for (const text of [
          fixed(a, 2),
          exponential(a, 2),
          times(a, b),
          formatValue(a, 'ms'),
          formatValue(a, 'USD'),
          figure('f', a, 'ms', { value: b, label: 'floor' }),
          loadLine({ count: a, errors: b, p50: a, p99: b, requestsPerSecond: a }),
        ]) {
          expect(typeof text).toBe('string');
          expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
        }
      }),
    );
  });
});

describe('bench honesty (issue 25.5)', () => {
  it('a p99 is only computed from at least 1,000 samples, and says so when it is not', () => {
    const few = summarize(
      Array.from({ length: 999 }, (_, i) => i + 1),
      1000,
      0,
    );
    expect(few.p50).toBe(500);
    expect(few.p99).toBeNaN();
    expect(loadLine(few)).toContain('p99 n/a (p99 needs 1000 samples, had 999)');
    const enough = summarize(
      Array.from({ length: 1000 }, (_, i) => i + 1),
      1000,
      0,
    );
    expect(enough.p99).toBe(990);
    expect(whyNoP99({ count: 0, errors: 2 })).toBe('no request succeeded; 2 failed');
  });

  it('prices the deployment region (ap-southeast-1 by default), and an unpriced region is n/a, not a crash', () => {
    expect(pricedRegion).toBe(process.env.SHENBAO_REGION || 'ap-southeast-1');
    const usage = { transitions: 30, lambdaInvocations: 40, apiMs: 1000, handlerMs: 1000, apiRequests: 18, readUnits: 80, writeUnits: 700 };
    const singapore = costOf(usage, regionPrices['ap-southeast-1']!);
    const virginia = costOf(usage, regionPrices['us-east-1']!);
    expect(singapore.dynamo).toBeGreaterThan(virginia.dynamo);
    expect(singapore.total).toBeCloseTo(singapore.stepFunctions + singapore.lambda + singapore.dynamo + singapore.api, 12);
    const unpriced = costOf(usage, null);
    expect(unpriced.total).toBeNaN();
    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(figure('cost per 1000 declarations', unpriced.total * 1000, 'USD', undefined, 'no prices recorded for mars-1')).toBe(
      'cost per 1000 declarations: n/a (no prices recorded for mars-1)',
    );
  });
});
