import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { projectStanding } from '../../core/labels';
import {
  isOverdue,
  mergePage,
  NOTHING_DUE,
  nextDueOf,
  type PartitionRead,
  type PortfolioQuery,
  type Position,
  stagesOfPhase,
  type TitleStatus,
  titleStatuses,
} from '../../core/portfolio';
import { finalProjectStages, phaseOf, type ProjectStage } from '../../core/projects';
import { documentClient } from '../adapters/aws';
import { clock } from '../adapters/clock';
import { store, type ProjectItem } from '../adapters/entities';
import { openPlace, sealPlace } from './cursors';
import { namesOf } from './directory';
import { listKinds } from './kinds';

/**
 * The portfolio (issue 22.1): the projects one may see across calls and years, by next due date.
 * Every read is a Query of a partition designed for it (model/declarations.ts `project`): the
 * office's by year (gsi1), a district's by district and year (gsi2), an organisation's (gsi3); the
 * years are those of the calls. "Overdue" is a range of the sort key; the other filters are
 * applied to the items the Query reads, and each partition reads at most one page's worth
 * (`Limit`), so a request reads in proportion to the page whatever the table holds — a selective
 * filter comes back with a short page and a cursor to read on.
 */

type Partition = { index: 'portfolioByYear' | 'portfolioByDistrict' | 'portfolioByOrganisation'; key: Record<string, string | number> };
type Row = ProjectItem & { titleStatus?: TitleStatus; nextDueAt: string };

const FIELD = (name: string) => `query.${name}`;
/** How many times a short page is read on before it is answered short, with its cursor. */
const READ_ROUNDS = 3;

export async function listPortfolio(actor: Actor, query: PortfolioQuery) {
  const [kinds, years] = await Promise.all([listKinds(actor), yearsOfCalls()]);
  if (query.kind && !kinds.some((k) => k.key === query.kind))
    throw new ValidationError([{ field: FIELD('kind'), message: `no kind ${query.kind}` }]);
  await known('districtId', query.districtId, 'district');
  await known('organisationId', query.organisationId);
  const listing = { list: `projects:${JSON.stringify({ ...query, cursor: undefined, limit: undefined })}`, caller: actor.username };
  const after = openPlace(listing, query.cursor);
  const partitions = partitionsFor(actor, query, query.year ? [query.year] : years);
  const descending = query.sort === '-due';
  const now = clock().now();
  // A page a selective filter left short is read on from where it stopped, a few rounds at most.
  const rows: Row[] = [];
  let next: Position | undefined = after;
  for (let round = 0; round < READ_ROUNDS && rows.length < query.limit; round++) {
    const reads = await Promise.all(partitions.map((p) => readPartition(p, query, next, now, descending)));
    const merged = mergePage(reads, query.limit - rows.length, descending);
    rows.push(...merged.rows);
    next = merged.next;
    if (!next) break;
  }
  const names = await namesOf(rows.flatMap((r) => [`org:${r.organisationId}`, `district:${r.districtId}`]));
  const kindNames = new Map(kinds.map((k) => [k.key, k.nameZh]));
  return {
    items: rows.map((r) => rowOf(r, now, names, kindNames)),
    cursor: sealPlace(listing, next ? { nextDueAt: dueForCursor(next.nextDueAt), declarationId: next.declarationId } : undefined),
  };
}

/** Who sees which partitions (core/access.ts `canSeeDeclaration`): experts reach their assigned projects from their tasks, not here. */
function partitionsFor(actor: Actor, query: PortfolioQuery, years: number[]): Partition[] {
  const byDistrict = (districtId: string) => years.map((year): Partition => ({ index: 'portfolioByDistrict', key: { districtId, year } }));
  const byOrganisation = (organisationId: string): Partition[] => [{ index: 'portfolioByOrganisation', key: { organisationId } }];
  switch (actor.role) {
    case 'city-admin':
      if (query.organisationId) return byOrganisation(query.organisationId);
      if (query.districtId) return byDistrict(query.districtId);
      return years.map((year) => ({ index: 'portfolioByYear', key: { year } }));
    case 'district-reviewer':
      if (!actor.districtId || (query.districtId && query.districtId !== actor.districtId)) return [];
      return byDistrict(actor.districtId);
    case 'applicant':
      if (!actor.organisationId || (query.organisationId && query.organisationId !== actor.organisationId)) return [];
      return byOrganisation(actor.organisationId);
    case 'expert':
      return [];
  }
}

async function readPartition(
  partition: Partition,
  query: PortfolioQuery,
  after: Position | undefined,
  now: Date,
  descending: boolean,
): Promise<PartitionRead<Row>> {
  const params = keyed(partition, query, after, now, descending);
  const result = await documentClient().send(new QueryCommand(params));
  const rows = ((result.Items ?? []) as Row[]).filter(
    (r) =>
      r.nextDueAt &&
      (!after || strictlyAfter(r, after, descending)) &&
      (query.overdue === undefined || isOverdue(r.nextDueAt, now) === (query.overdue === 'true')),
  );
  return { rows, readUpTo: result.LastEvaluatedKey ? placeOf(result.LastEvaluatedKey, partition) : undefined };
}

/** The Query: the partition, the sort key's range (after the cursor; before or from now when overdue is asked), the rest as a filter. */
function keyed(partition: Partition, q: PortfolioQuery, after: Position | undefined, now: Date, descending: boolean): QueryCommandInput {
  const entity = store().entities.project;
  // The three indexes share one shape (the sort key), so one access pattern's builder types them all.
  const access = (entity.query[partition.index] as typeof entity.query.portfolioByYear)(partition.key as never);
  const nowKey = { nextDueAt: now.toISOString() };
  let lower: { at: Partial<Position>; inclusive: boolean } | undefined;
  let upper: { at: Partial<Position>; inclusive: boolean } | undefined;
  // The cursor's own row is read again (the range is inclusive) and left out by readPartition.
  if (after && descending) upper = { at: after, inclusive: true };
  if (after && !descending) lower = { at: after, inclusive: true };
  if (q.overdue === 'true' && (!upper || upper.at.nextDueAt! > nowKey.nextDueAt)) upper = { at: nowKey, inclusive: false };
  if (q.overdue === 'false' && (!lower || lower.at.nextDueAt! < nowKey.nextDueAt)) lower = { at: nowKey, inclusive: true };
  // Only a closed project has a final stage, and every closed one sorts at NOTHING_DUE: a key range too.
  const stages: ProjectStage[] | undefined = q.stage ? [q.stage] : q.phase ? stagesOfPhase(q.phase) : undefined;
  if (stages?.every((s) => finalProjectStages.includes(s)) && (!lower || lower.at.nextDueAt! < NOTHING_DUE))
    lower = { at: { nextDueAt: NOTHING_DUE }, inclusive: true };
  const ranged =
    lower && upper
      ? access.between(lower.at as Position, upper.at as Position)
      : lower
        ? access.gte(lower.at as Position)
        : upper
          ? upper.inclusive
            ? access.lte(upper.at as Position)
            : access.lt(upper.at as Position)
          : access;
  const filtered = ranged.where((a, { eq }) =>
    [
      q.kind !== undefined ? eq(a.kind, q.kind) : '',
      q.batch !== undefined ? eq(a.batch, q.batch) : '',
      // The district or organisation as a filter where the partition is not already theirs.
      q.districtId !== undefined && partition.index !== 'portfolioByDistrict' ? eq(a.districtId, q.districtId) : '',
      q.organisationId !== undefined && partition.index !== 'portfolioByOrganisation' ? eq(a.organisationId, q.organisationId) : '',
      q.year !== undefined && partition.index === 'portfolioByOrganisation' ? eq(a.year, q.year) : '',
      stages ? `(${stages.map((s) => eq(a.stage, s)).join(' OR ')})` : '',
      q.kpi !== undefined ? eq(a.kpiAttainment, q.kpi) : '',
    ]
      .filter(Boolean)
      .join(' AND '),
  );
  const params = filtered.params<QueryCommandInput>({ limit: q.limit, order: descending ? 'desc' : 'asc' });
  return q.titleStatus ? withTitleStatus(params, q.titleStatus) : params;
}

/** `titleStatus` is kept by the title's life (functions/services/titles.ts): a project without it has none. */
function withTitleStatus(params: QueryCommandInput, status: TitleStatus): QueryCommandInput {
  const clause = status === 'none' ? 'attribute_not_exists(#pfTitleStatus)' : '#pfTitleStatus = :pfTitleStatus';
  return {
    ...params,
    FilterExpression: params.FilterExpression ? `(${params.FilterExpression}) AND ${clause}` : clause,
    ExpressionAttributeNames: { ...params.ExpressionAttributeNames, '#pfTitleStatus': 'titleStatus' },
    ExpressionAttributeValues: {
      ...params.ExpressionAttributeValues,
      ...(status === 'none' ? {} : { ':pfTitleStatus': status }),
    },
  };
}

const lower = (p: Position) => `${p.nextDueAt}#${p.declarationId}`.toLowerCase();
const strictlyAfter = (r: Position, after: Position, descending: boolean) =>
  descending ? lower(r) < lower(after) : lower(r) > lower(after);

/** Where a Query stopped reading, from its last evaluated key (the index's sort key holds the due date and id, as the store lower-cases them). */
function placeOf(key: Record<string, unknown>, partition: Partition): Position {
  const field = { portfolioByYear: 'gsi1sk', portfolioByDistrict: 'gsi2sk', portfolioByOrganisation: 'gsi3sk' }[partition.index];
  const match = /nextdueat_(.+)#declarationid_(.+)$/.exec(String(key[field]));
  if (!match) throw new Error(`a portfolio index key without its due date: ${String(key[field])}`);
  return { nextDueAt: match[1]!, declarationId: match[2]! };
}

/** The store lower-cases the date's T and Z; the cursor carries it as an ISO date again. */
const dueForCursor = (at: string) => at.toUpperCase();

async function known(parameter: 'districtId' | 'organisationId', id: string | undefined, level?: 'district') {
  if (!id) return;
  const { data } = await store().entities.organisation.get({ organisationId: id }).go();
  if (!data || (level && data.level !== level))
    throw new ValidationError([{ field: FIELD(parameter), message: `no ${level ?? 'organisation'} ${id} in the directory` }]);
}

/** The years calls were made in, newest first: the office's and districts' partitions. */
export async function yearsOfCalls(): Promise<number[]> {
  const { data } = await store()
    .entities.call.query.allCalls({})
    .go({ pages: 'all', attributes: ['year'] });
  return [...new Set(data.map((c) => c.year))].sort((a, b) => b - a);
}

/** What a row says of a project by name (the published rosters show this much and no more). */
export function namedRowOf(r: ProjectItem, names: Awaited<ReturnType<typeof namesOf>>, kindNames: Map<string, string>) {
  return {
    projectId: r.declarationId,
    title: r.title,
    kind: r.kind,
    kindName: kindNames.get(r.kind) ?? r.kind,
    year: r.year ?? null,
    batch: r.batch ?? null,
    organisationName: names(`org:${r.organisationId}`, 'zh'),
    districtName: names(`district:${r.districtId}`, 'zh'),
  };
}

function rowOf(r: Row, now: Date, names: Awaited<ReturnType<typeof namesOf>>, kindNames: Map<string, string>) {
  const due = nextDueOf(r);
  const nextDueAt = r.nextDueAt && r.nextDueAt !== NOTHING_DUE ? r.nextDueAt : null;
  return {
    ...namedRowOf(r, names, kindNames),
    stage: r.stage,
    phase: phaseOf(r.stage),
    standing: projectStanding(r).zh,
    nextDueAt,
    nextDue: nextDueAt
      ? ({ midtermReportDue: '中期报告截止', acceptanceApplicationDue: '验收申请截止', none: '' } as const)[due.key]
      : null,
    overdue: isOverdue(nextDueAt ?? undefined, now),
    kpiAttainment: r.kpiAttainment ?? 'none',
    titleStatus: shownTitleStatus(r.titleStatus),
  };
}
export type PortfolioRow = ReturnType<typeof rowOf>;

/** The title's status as the portfolio filters it: one the title work recorded, or none. */
function shownTitleStatus(stored: string | undefined): TitleStatus {
  return titleStatuses.find((s) => s === stored) ?? 'none';
}
