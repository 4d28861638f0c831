import { problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { NOTHING_DUE } from '../../core/portfolio';
import { rosterRule, type RosterName, type RosterQuery } from '../../core/rosters';
import { clock } from '../adapters/clock';
import { store, type ProjectItem } from '../adapters/entities';
import { type Listing, openInPartition, pageFrom, sealInPartition } from './cursors';
import { namesOf } from './directory';
import { namedRowOf, yearsOfCalls } from './portfolio';
import { titleView } from './title-view';

export { rosterNames, type RosterName } from '../../core/rosters';

/**
 * The published rosters (issue 22.4): established projects (立项名单), accepted projects with their
 * grade (验收名单) and named centres with their 文号, validity and status (命名名单). Organisations
 * and districts by name; no contact, no score, no id of a person. Keyed Queries only: the
 * portfolio's year partitions (model/declarations.ts `portfolioByYear`), newest year first, each in
 * its index order (next due date, then id; the accepted and named, which have ended, are the range
 * at NOTHING_DUE), filtered by kind and by the roster's rule (core/rosters.ts `rosterRule`: a project
 * terminated or withdrawn after 立项 is off the established roster). A page reads at most
 * READ_ROUNDS Queries of at most `limit` items each: a selective filter answers a short page with a
 * cursor to read on, as the portfolio does.
 */
const READ_ROUNDS = 4;

const gradeOf = (project: ProjectItem) => {
  const outcome = (project.acceptance as { result?: { outcome?: string } } | undefined)?.result?.outcome;
  return outcome === 'excellent' ? '优秀' : outcome === 'pass' ? '合格' : null;
};

/** One Query of a year's partition from `cursor`, at most `limit` items read. */
function readYear(roster: RosterName, year: number, kind: string | undefined, limit: number, cursor: string | undefined) {
  const rule = rosterRule(roster);
  const access = store().entities.project.query.portfolioByYear({ year });
  const ranged = rule.closedOnly ? access.gte({ nextDueAt: NOTHING_DUE }) : access;
  return pageFrom(cursor, () =>
    ranged
      .where((a, { eq, ne, exists }) =>
        [
          kind ? eq(a.kind, kind) : '',
          ...rule.excludeStages.map((s) => ne(a.stage, s)),
          rule.onlyStage ? eq(a.stage, rule.onlyStage) : '',
          rule.named ? exists(a.naming) : '',
        ]
          .filter(Boolean)
          .join(' AND '),
      )
      .go({ limit, cursor: cursor ?? null }),
  );
}

/** The kinds a roster may be filtered by, with their Chinese names (one Query of the kinds' partition). */
export async function rosterKinds(): Promise<{ key: string; nameZh: string }[]> {
  const { data } = await store().entities.kind.query.allKinds({}).go({ pages: 'all' });
  return data.map((k) => ({ key: k.key, nameZh: k.nameZh as string }));
}

export async function publicRoster(roster: RosterName, query: Partial<RosterQuery>) {
  const limit = query.limit ?? 20;
  const kinds = await rosterKinds();
  if (query.kind && !kinds.some((k) => k.key === query.kind))
    throw new ValidationError([problemAt('query.kind', `no kind ${query.kind}`, coded('kind-unknown'))]);
  const listing: Listing = { list: `roster:${roster}:${query.year ?? ''}:${query.kind ?? ''}`, caller: 'public', index: 'gsi1' };
  const from = openInPartition(listing, query.cursor);
  const years = query.year ? [query.year] : await yearsOfCalls();
  let at = from ? years.indexOf(from.part) : 0;
  if (at < 0) throw new ValidationError([{ field: 'query.cursor', message: 'not a cursor this listing gave out' }]);
  let after = from?.after;
  const projects: ProjectItem[] = [];
  let next: string | null = null;
  for (let round = 0; round < READ_ROUNDS && at < years.length && projects.length < limit; round++) {
    const { data, cursor } = await readYear(roster, years[at]!, query.kind, limit - projects.length, after);
    projects.push(...data);
    if (cursor) after = cursor;
    else {
      at++;
      after = undefined;
    }
  }
  if (at < years.length) next = sealInPartition(listing, years[at]!, after);
  const kindNames = new Map(kinds.map((k) => [k.key, k.nameZh]));
  const names = await namesOf(projects.flatMap((p) => [`org:${p.organisationId}`, `district:${p.districtId}`]));
  const now = clock().now();
  const items = projects.map((p) => {
    const base = namedRowOf(p, names, kindNames);
    if (roster === 'accepted') return { ...base, grade: gradeOf(p) };
    if (roster === 'named') {
      const named = titleView(p, now);
      if (!named) return base;
      return {
        ...base,
        titleName: named.title,
        number: named.number,
        namedAt: named.namedAt,
        validUntil: named.validUntil,
        titleStatus: named.status,
        titleStatusLabel: named.statusLabel.zh,
      };
    }
    return base;
  });
  return { roster, year: query.year ?? null, kind: query.kind ?? null, items, cursor: next };
}
