import { expect, it } from 'vitest';
import { measureSweep } from '../../bench/sweep';
import { fileRuntime } from '../support/runtime';

const runtime = fileRuntime({ sweepIntervalMs: 0 });

it('reads the 20 due tasks of 10,000 open ones, not the 10,000', async () => {
  const figures = await measureSweep(runtime, { tasks: 10_000, due: 20 });
  expect(figures.tasks).toBe(10_000);
  expect(figures.due).toBe(20);
  expect(figures.reminders).toBe(20);
  // The index Query evaluates exactly what is due.
  expect(figures.itemsRead).toBe(20);
  // Acting on them: one call, one declaration, one district's people, the office calendar — cached across the 20.
  expect(figures.lookups).toBeLessThanOrEqual(4);
  // A second sweep finds nothing left to read: each task moved on to its next reminder.
  expect((await runtime.sweep()).indexItemsRead).toBe(0);
}, 180_000);
