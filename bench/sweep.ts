/**
 * What one sweep reads with many open tasks of which few are due: the sweep Queries its sparse
 * due index (gsi4, `sweepAt <= now`), so it should read the due ones, not all of them.
 *
 *   npx tsx bench/sweep.ts     starts its own runtime, prints `sweep items read: N items (ratio to due)`
 *
 * The tasks are written straight into the table with batch writes (the API would take minutes to
 * open 10,000 through workflows), shaped as the API writes them.
 */
import { pathToFileURL } from 'node:url';
import { addWorkingDays } from '../core/calendar';
import { configFromDefinition } from '../core/kinds';
import { seededKind } from '../local/kind-seeds';
import type { Runtime } from '../local/runtime';
import { times } from './report';

export interface SweepFigures {
  tasks: number;
  due: number;
  /** Items the sweep's index Queries evaluated. */
  itemsRead: number;
  /** Reads made to act on the due ones (their call, declaration, recipients). */
  lookups: number;
  reminders: number;
}

export async function measureSweep(runtime: Runtime, options: { tasks?: number; due?: number } = {}): Promise<SweepFigures> {
  const tasks = options.tasks ?? 10_000;
  const due = options.due ?? 20;
  const { store } = await import('../functions/adapters/entities');
  const db = store();
  const now = runtime.clock.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = 86_400_000;
  const callId = `call_sweepbench_${now.getTime()}`;
  await db.entities.call
    .put({
      callId,
      kind: 'elder-empowerment',
      year: now.getUTCFullYear(),
      batch: 1,
      title: '扫描基准批次',
      opensAt: iso(now.getTime() - 40 * day),
      closesAt: iso(now.getTime() + 40 * day),
      quota: 20,
      config: configFromDefinition(seededKind('elder-empowerment')),
      status: 'open',
      createdBy: 'admin',
      createdAt: iso(now.getTime() - 40 * day),
    })
    .go();
  const declarationId = `app_sweepbench_${now.getTime()}`;
  await db.entities.declaration
    .put({
      declarationId,
      callId,
      kind: 'elder-empowerment',
      organisationId: 'centre-a1',
      districtId: 'district-a',
      applicant: 'applicant-a1',
      title: '扫描基准申报',
      stage: 'district_review',
      version: 1,
      createdAt: iso(now.getTime() - 30 * day),
      updatedAt: iso(now.getTime() - 30 * day),
    })
    .go();
  // Due ones: 5 working days left, so their T-7 reminder fell due a little while ago.
  const soon = addWorkingDays(now, 5).dueAt.toISOString();
  const later = addWorkingDays(now, 40).dueAt.toISOString();
  const items = Array.from({ length: tasks }, (_, i) => {
    const isDue = i % Math.floor(tasks / due) === 0 && i / Math.floor(tasks / due) < due;
    return {
      taskId: `tsk_sweepbench_${String(i).padStart(6, '0')}`,
      declarationId,
      callId,
      kind: 'district_recommendation' as const,
      assignee: 'district:district-a',
      status: 'open' as const,
      dueAt: isDue ? soon : later,
      taskToken: `bench-token-${i}`,
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:declaration:bench',
      callback: 'none' as const,
      createdAt: iso(now.getTime() - 20 * day),
      remindFrom: iso(now.getTime() - 20 * day),
      sweepQueue: 'task' as const,
      // The rest wait for reminders days to weeks away.
      sweepAt: isDue ? iso(now.getTime() - 60_000) : iso(now.getTime() + (1 + (i % 30)) * day),
    };
  });
  const { unprocessed } = await db.entities.task.put(items).go({ concurrency: 8 });
  if (unprocessed.length > 0) throw new Error(`${unprocessed.length} tasks were not written`);
  const report = await runtime.sweep(now);
  return {
    tasks,
    due: items.filter((t) => t.dueAt === soon).length,
    itemsRead: report.indexItemsRead,
    lookups: report.lookups,
    reminders: report.reminders,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { startRuntime } = await import('../local/runtime');
  const runtime = await startRuntime({ seed: false, logLevel: 'ERROR', sweepIntervalMs: 0 });
  try {
    const figures = await measureSweep(runtime);
    console.log(
      `sweep items read: ${figures.itemsRead} items (${times(figures.itemsRead, figures.due)} the ${figures.due} due; ${figures.tasks} open tasks; ${figures.lookups} lookups to act on them)`,
    );
  } finally {
    await runtime.stop();
  }
}
