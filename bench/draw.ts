/**
 * What a random draw of experts reads: drawing for 300 declarations from a pool of 300 should read
 * in proportion to the pool (its keyed partition, and the open work of the eligible), not the
 * table; then the table is filled with unrelated declarations and tasks and the same draws are
 * measured again, to show they read the same.
 *
 *   npx tsx bench/draw.ts     starts its own runtime, prints `draw items read per draw: N items (ratio to the pool)`
 *
 * The pool, declarations and tasks are written straight into the table with batch writes, shaped
 * as the API writes them; the draws are the service's own (functions/services/expert-draw.ts).
 */
import { pathToFileURL } from 'node:url';
import { configFromDefinition } from '../core/kinds';
import { seededKind } from '../local/kind-seeds';
import type { Runtime } from '../local/runtime';
import { CapacityMeter } from './capacity';
import { times } from './report';

export interface DrawFigures {
  pool: number;
  declarations: number;
  /** Items read per draw (Query ScannedCount and Gets) when the call's declarations are drawn in one run, as POST /calls/{id}/expert-draw does. */
  itemsPerDraw: number;
  /** Items read by one draw on its own (POST /declarations/{id}/experts), over `singles` draws. */
  itemsPerSingleDraw: number;
  singles: number;
  /** The same two after `unrelated` items were added to the table. */
  itemsPerDrawWithUnrelated: number;
  itemsPerSingleDrawWithUnrelated: number;
  unrelated: number;
  /** Mean experts eligible per declaration. */
  eligible: number;
  /** Draws that drew fewer than asked (nobody eligible enough). */
  short: number;
  msPerDraw: number;
}

const SPECIALTIES = ['elder-education', 'community-governance', 'curriculum', 'finance', 'family-education', 'digital-literacy'];
const DISTRICTS = 12;

export async function measureDraw(
  runtime: Runtime,
  meter: CapacityMeter,
  options: { pool?: number; declarations?: number; unrelated?: number; singles?: number } = {},
): Promise<DrawFigures> {
  const poolSize = options.pool ?? 300;
  const count = options.declarations ?? 300;
  const unrelated = options.unrelated ?? 10_000;
  const singles = options.singles ?? 20;
  const { store } = await import('../functions/adapters/entities');
  const { drawContext, drawForDeclaration } = await import('../functions/services/expert-draw');
  const db = store();
  const now = runtime.clock.now();
  const at = now.toISOString();
  const stamp = now.getTime();
  const district = (i: number) => `bench-district-${i % DISTRICTS}`;

  // A pool of 300 over 12 districts, two specialties each; a tenth inactive; some open work.
  const experts = Array.from({ length: poolSize }, (_, i) => ({
    username: `bench-expert-${String(i).padStart(4, '0')}`,
    displayName: `基准专家${i}`,
    districtId: district(i),
    organisationId: `bench-expert-org-${i % 40}`,
    specialties: [SPECIALTIES[i % 6]!, SPECIALTIES[(i + 2) % 6]!],
    declaredConflicts: i % 7 === 0 ? [`bench-centre-${i % 60}`] : [],
    active: i % 10 !== 9,
    createdAt: at,
  }));
  await writeAll(db.entities.expert.put(experts));
  const openWork = experts
    .filter((_, i) => i % 3 === 0)
    .map((e, i) => task(`tsk_drawbench_load_${stamp}_${i}`, `app_drawbench_load_${stamp}`, `user:${e.username}`, at));
  await writeAll(db.entities.task.put(openWork));

  const call = {
    config: { ...configFromDefinition(seededKind('elder-empowerment')), expertSpecialties: ['elder-education', 'curriculum'] },
  };
  const declarations = Array.from({ length: count }, (_, i) => ({
    declarationId: `app_drawbench_${stamp}_${String(i).padStart(4, '0')}`,
    organisationId: `bench-centre-${i % 60}`,
    districtId: district(i),
    avoidExperts: i % 5 === 0 ? [experts[(i * 7) % poolSize]!.username] : [],
  }));
  await writeAll(
    db.entities.declaration.put(
      declarations.map((d) => ({
        ...d,
        callId: `call_drawbench_${stamp}`,
        kind: 'elder-empowerment' as const,
        applicant: 'bench-applicant',
        title: '抽取基准申报',
        stage: 'expert_assignment' as const,
        version: 1,
        createdAt: at,
        updatedAt: at,
      })),
    ),
  );

  const admin = { username: 'admin', role: 'city-admin' as const };
  // The call's declarations in one run: the pool read once, each expert's open work once, raised as drawn.
  const drawAll = async () => {
    let eligible = 0;
    let short = 0;
    const stop = meter.start();
    const started = performance.now();
    const context = await drawContext();
    for (const [i, declaration] of declarations.entries()) {
      const result = await drawForDeclaration(admin, declaration, call, { count: 3, seed: i }, context);
      eligible += result.eligible.length;
      if (result.drawn.length < 3) short += 1;
    }
    const ms = performance.now() - started;
    return { used: await stop(), eligible: eligible / declarations.length, short, ms };
  };
  // Draws on their own, each reading the pool and its eligible experts' open work.
  const drawSingles = async () => {
    const stop = meter.start();
    for (const [i, declaration] of declarations.slice(0, singles).entries())
      await drawForDeclaration(admin, declaration, call, { count: 3, seed: i });
    return (await stop()).itemsRead / singles;
  };
  const first = await drawAll();
  const firstSingle = await drawSingles();

  // Unrelated data: another call's declarations and a district's tasks, in the same table.
  const others = Array.from({ length: unrelated }, (_, i) =>
    task(`tsk_drawbench_other_${stamp}_${i}`, `app_drawbench_other_${stamp}_${i % 500}`, `district:${district(i)}`, at),
  );
  await writeAll(db.entities.task.put(others));
  const second = await drawAll();
  const secondSingle = await drawSingles();

  return {
    pool: poolSize,
    declarations: count,
    itemsPerDraw: first.used.itemsRead / count,
    itemsPerDrawWithUnrelated: second.used.itemsRead / count,
    itemsPerSingleDraw: firstSingle,
    itemsPerSingleDrawWithUnrelated: secondSingle,
    singles,
    unrelated,
    eligible: first.eligible,
    short: first.short,
    msPerDraw: first.ms / count,
  };
}

function task(taskId: string, declarationId: string, assignee: string, at: string) {
  return {
    taskId,
    declarationId,
    callId: 'call_drawbench',
    kind: 'expert_score' as const,
    assignee,
    status: 'open' as const,
    dueAt: '2099-01-01T00:00:00.000Z',
    taskToken: `bench-token-${taskId}`,
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:declaration:bench',
    callback: 'none' as const,
    createdAt: at,
  };
}

async function writeAll(batch: { go: (options: { concurrency: number }) => Promise<{ unprocessed: unknown[] }> }) {
  const { unprocessed } = await batch.go({ concurrency: 8 });
  if (unprocessed.length > 0) throw new Error(`${unprocessed.length} items were not written`);
}

export function formatDraw(f: DrawFigures): string[] {
  return [
    `  ${f.declarations} declarations drawn 3 each from a pool of ${f.pool} in one run (${f.eligible.toFixed(0)} eligible on average, ${f.short} drew fewer than 3): ${f.itemsPerDraw.toFixed(2)} items read and ${f.msPerDraw.toFixed(1)} ms a draw; ${f.singles} draws on their own`,
  ];
}

/** The figures as `name: value unit (ratio)` lines, against the pool's size. */
export function drawFigureLines(f: DrawFigures): [name: string, value: number][] {
  return [
    [`draw items read for a call of ${f.declarations} declarations`, f.itemsPerDraw * f.declarations],
    ['draw items read per single draw', f.itemsPerSingleDraw],
    [`draw items read for a call of ${f.declarations} declarations with unrelated data`, f.itemsPerDrawWithUnrelated * f.declarations],
    ['draw items read per single draw with unrelated data', f.itemsPerSingleDrawWithUnrelated],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { startRuntime } = await import('../local/runtime');
  const runtime = await startRuntime({ seed: false, logLevel: 'ERROR', sweepIntervalMs: 0 });
  const meter = new CapacityMeter();
  meter.install();
  try {
    const f = await measureDraw(runtime, meter);
    for (const line of formatDraw(f)) console.log(line);
    for (const [name, value] of drawFigureLines(f))
      console.log(
        `${name}: ${value.toFixed(0)} items (${times(value, f.pool)} the pool of ${f.pool} experts; ${f.unrelated} unrelated items in the second pair)`,
      );
  } finally {
    await runtime.stop();
  }
}
