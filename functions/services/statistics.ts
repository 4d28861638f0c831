import { ForbiddenError, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import {
  add,
  type Cell,
  type CellKey,
  cellKey,
  type Counter,
  type Counts,
  counters,
  declarationCounts,
  emptyCounts,
  projectCounts,
  ratesOf,
  type SelectionTaskFacts,
  selectionTaskCounts,
  selectionTaskKinds,
  type StatisticsQuery,
  total,
  totalsBy,
} from '../../core/statistics';
import type { TaskKind } from '../../core/stages';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { namesOf } from './directory';
import { backfillPortfolioKeys, type EstablishedDeclaration } from './portfolio-backfill';
import { listKinds } from './kinds';

/**
 * Statistics (issue 22.2, 23.5) by a scheduled rollup: the sweep (functions/services/sweep.ts)
 * recounts every year's cells at most once per ROLLUP_EVERY_MS, reading by keyed Queries only
 * (the calls, each call's declarations by gsi1, each year's projects by the portfolio's gsi1; the
 * selection's tasks of each declaration by gsi2 while its call selects, then kept per call as a
 * `statcall` item, for a settled call's selection can no longer change), and writes one counter
 * item per year × district × kind. A page view reads the cells of its years
 * with one Query, whatever the number of projects. Why a rollup rather than counters kept in each
 * transaction: a project's counted facts (stage, grade, naming, KPI attainment, payments, a
 * deadline passing with nothing submitted) change in a dozen step handlers and with time itself;
 * one recount from the source items cannot drift from them.
 */
export const ROLLUP_EVERY_MS = 60 * 60_000;
const ROLLUP = 'statistics-rollup';
const PROJECT_FACTS = [
  'districtId',
  'kind',
  'stage',
  'milestones',
  'midterm',
  'acceptance',
  'lifecycle',
  'naming',
  'kpiAttainment',
  'funding',
] as const;

export interface RollupReport {
  computedAt: string;
  years: number[];
  /** Items the rollup's Queries returned: calls, declarations, projects and the cells it replaced. */
  itemsRead: number;
  /** Of those, the selection's tasks (区级推荐, 形式审查, 专家评分) of calls still selecting or settled since the last rollup. */
  tasksRead: number;
  cellsWritten: number;
  /** Projects established before the portfolio's keys, given them by this rollup (portfolio-backfill.ts). */
  backfilled: number;
}

/** Recounts every year's cells from the calls, declarations and projects. */
export async function rollupStatistics(now: Date = clock().now()): Promise<RollupReport> {
  const db = store().entities;
  const computedAt = now.toISOString();
  const { data: calls } = await db.call.query.allCalls({}).go({ pages: 'all', attributes: ['callId', 'year', 'batch', 'kind', 'status'] });
  const { data: kept } = await db.statisticsCall.query.byCall({}).go({ pages: 'all' });
  const keptFor = new Map(kept.map((k) => [k.callId, k.byDistrict as SelectionCounts]));
  let itemsRead = calls.length + kept.length;
  let tasksRead = 0;
  const cells = new Map<string, Cell>();
  const approved: EstablishedDeclaration[] = [];
  const cellOf = (year: number, districtId: string, kind: string) => {
    const key = cellKey({ year, districtId, kind });
    return cells.get(key) ?? cells.set(key, { year, districtId, kind, ...emptyCounts() }).get(key)!;
  };
  for (const call of calls) {
    const { data } = await db.declaration.query
      .byCall({ callId: call.callId })
      .go({ pages: 'all', attributes: ['declarationId', 'districtId', 'kind', 'stage'] });
    itemsRead += data.length;
    for (const d of data) {
      add(cellOf(call.year, d.districtId, d.kind), declarationCounts(d));
      if (d.stage === 'approved') approved.push({ declarationId: d.declarationId, year: call.year, batch: call.batch });
    }
    let selection = keptFor.get(call.callId);
    if (!selection) {
      const counted = await selectionCounts(data, now);
      itemsRead += counted.tasksRead;
      tasksRead += counted.tasksRead;
      selection = counted.byDistrict;
      if (call.status === 'established' || call.status === 'failed')
        await db.statisticsCall.put({ callId: call.callId, byDistrict: selection, computedAt }).go();
    }
    for (const [districtId, counts] of Object.entries(selection)) add(cellOf(call.year, districtId, call.kind), counts);
  }
  const years = [...new Set(calls.map((c) => c.year))].sort();
  const counted = new Set<string>();
  for (const year of years) {
    const { data } = await db.project.query.portfolioByYear({ year }).go({ pages: 'all', attributes: ['declarationId', ...PROJECT_FACTS] });
    itemsRead += data.length;
    for (const p of data) {
      counted.add(p.declarationId);
      add(cellOf(year, p.districtId, p.kind), projectCounts(p, now));
    }
  }
  // Approved declarations whose project no year holds: established before the portfolio's keys (or selection-only, with no project).
  const backfill = await backfillPortfolioKeys(approved.filter((d) => !counted.has(d.declarationId)));
  itemsRead += backfill.itemsRead;
  for (const p of backfill.backfilled) add(cellOf(p.year!, p.districtId, p.kind), projectCounts(p, now));
  // A cell counted before and empty now (its last declaration withdrawn) is written as zeros.
  const { data: before } = await db.statisticsCell.query.byYear({}).go({ pages: 'all', attributes: ['year', 'districtId', 'kind'] });
  itemsRead += before.length;
  for (const c of before) cellOf(c.year, c.districtId, c.kind);
  const items = [...cells.values()].map((c) => ({ ...c, computedAt }));
  // A batch write may hand some items back unwritten (throttled): they are written again, a few times at most.
  // ElectroDB names an unwritten item by its key attributes: the cell is found again by them.
  const byKey = new Map(items.map((c) => [cellKey(c), c]));
  let left = items;
  for (let round = 0; left.length && round < 5; round++) {
    const { unprocessed } = await db.statisticsCell.put(left).go();
    left = (unprocessed as CellKey[]).map((k) => byKey.get(cellKey(k))!);
  }
  if (left.length) throw new Error(`the statistics rollup left ${left.length} cells unwritten`);
  await db.sweepCursor.put({ name: ROLLUP, updatedAt: computedAt }).go();
  return { computedAt, years, itemsRead, tasksRead, cellsWritten: items.length, backfilled: backfill.backfilled.length };
}

type SelectionCounts = Record<string, Partial<Counts>>;

/** A call's selection tasks (区级推荐, 形式审查, 专家评分) counted by district: one keyed Query of each declaration's tasks. */
async function selectionCounts(declarations: { declarationId: string; districtId: string; stage: string }[], now: Date) {
  const byDistrict: SelectionCounts = {};
  let tasksRead = 0;
  for (const d of declarations) {
    const { data: tasks } = await store()
      .entities.task.query.byDeclaration({ declarationId: d.declarationId })
      .where((a, { eq }) => selectionTaskKinds.map((k: TaskKind) => eq(a.kind, k)).join(' OR '))
      .go({ pages: 'all', attributes: ['kind', 'dueAt', 'decidedAt'] });
    tasksRead += tasks.length;
    for (const t of tasks) {
      byDistrict[d.districtId] = byDistrict[d.districtId] ?? {};
      const into = byDistrict[d.districtId]!;
      const counts = selectionTaskCounts(t as SelectionTaskFacts, d.stage === 'withdrawn', now);
      for (const [counter, n] of Object.entries(counts) as [Counter, number][]) into[counter] = (into[counter] ?? 0) + n;
    }
  }
  return { byDistrict, tasksRead };
}

/** The sweep's call: a rollup when the last one is older than ROLLUP_EVERY_MS (or there was none). */
export async function rollupIfDue(now: Date): Promise<RollupReport | undefined> {
  const { data } = await store().entities.sweepCursor.get({ name: ROLLUP }).go();
  if (data && now.getTime() - Date.parse(data.updatedAt) < ROLLUP_EVERY_MS) return undefined;
  return rollupStatistics(now);
}

const FIELD = (name: string) => `query.${name}`;

/** The cells one may see for the query: the office all, a district bureau its own district's. One Query. */
export async function statisticsCells(actor: Actor, query: StatisticsQuery) {
  const districtId = scopedDistrict(actor, query.districtId);
  const kinds = await listKinds(actor);
  if (query.kind && !kinds.some((k) => k.key === query.kind))
    throw new ValidationError([{ field: FIELD('kind'), message: `no kind ${query.kind}` }]);
  if (query.districtId) await knownDistrict(query.districtId);
  if (query.toYear !== undefined && (query.year === undefined || query.toYear < query.year))
    throw new ValidationError([{ field: FIELD('toYear'), message: 'toYear needs a year and is not before it' }]);
  const access = store().entities.statisticsCell.query.byYear({});
  const ranged =
    query.year === undefined
      ? access
      : query.toYear === undefined
        ? access.begins({ year: query.year })
        : // A cell's sort key runs on past its year (year_2026#districtid_…): up to the next year's bare prefix takes all of the last.
          access.between({ year: query.year }, { year: query.toYear + 1 });
  const { data } = await ranged.go({ pages: 'all' });
  const cells = data.filter((c) => (!districtId || c.districtId === districtId) && (!query.kind || c.kind === query.kind)) as (Cell & {
    computedAt: string;
  })[];
  const computedAt = cells.reduce<string | null>((at, c) => (!at || c.computedAt > at ? c.computedAt : at), null);
  return { cells, computedAt, kinds, itemsRead: data.length };
}

function scopedDistrict(actor: Actor, asked: string | undefined): string | undefined {
  if (actor.role === 'city-admin') return asked;
  if (actor.role === 'district-reviewer' && actor.districtId) {
    if (asked && asked !== actor.districtId) throw new ForbiddenError('a district bureau sees its own district’s statistics only');
    return actor.districtId;
  }
  throw new ForbiddenError('your role may not read statistics');
}

async function knownDistrict(id: string) {
  const { data } = await store().entities.organisation.get({ organisationId: id }).go();
  if (data?.level !== 'district')
    throw new ValidationError([{ field: FIELD('districtId'), message: `no district ${id} in the directory` }]);
}

/** The statistics as the API answers them: totals, rows by year, district and kind, and every cell, with names and rates. */
export async function statisticsView(actor: Actor, query: StatisticsQuery) {
  const { cells, computedAt, kinds } = await statisticsCells(actor, query);
  const names = await namesOf(cells.map((c) => `district:${c.districtId}`));
  const kindNames = new Map(kinds.map((k) => [k.key, k.nameZh]));
  const districtName = (id: string) => names(`district:${id}`, 'zh');
  const kindName = (key: string) => kindNames.get(key) ?? key;
  const row = (counts: ReturnType<typeof emptyCounts>) => ({ ...pick(counts), ...ratesOf(counts) });
  return {
    computedAt,
    filters: { year: query.year ?? null, toYear: query.toYear ?? null, districtId: query.districtId ?? null, kind: query.kind ?? null },
    total: row(total(cells)),
    byYear: totalsBy(cells, 'year')
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((r) => ({ year: Number(r.key), ...row(r.counts) })),
    byDistrict: totalsBy(cells, 'districtId')
      .map((r) => ({ districtId: r.key, districtName: districtName(r.key), ...row(r.counts) }))
      .sort((a, b) => a.districtName.localeCompare(b.districtName, 'zh')),
    byKind: totalsBy(cells, 'kind').map((r) => ({ kind: r.key, kindName: kindName(r.key), ...row(r.counts) })),
    cells: cells.map((c) => ({
      year: c.year,
      districtId: c.districtId,
      districtName: districtName(c.districtId),
      kind: c.kind,
      kindName: kindName(c.kind),
      ...row(c),
    })),
  };
}
export type StatisticsView = Awaited<ReturnType<typeof statisticsView>>;

const pick = (c: ReturnType<typeof emptyCounts>) => Object.fromEntries(counters.map((k) => [k, c[k]])) as ReturnType<typeof emptyCounts>;
