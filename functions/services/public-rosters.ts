import { ValidationError } from '../../core/errors';
import { clock } from '../adapters/clock';
import { store, type ProjectItem } from '../adapters/entities';
import { namesOf } from './directory';
import { yearsOfCalls } from './portfolio';
import { titleView } from './title-view';

/**
 * The published rosters (issue 22.4): established projects (立项名单), accepted projects with their
 * grade (验收名单) and named centres with their 文号, validity and status (命名名单). Organisations
 * and districts by name; no contact, no score, no id of a person. Each year is one Query of the
 * portfolio's year partition (model/declarations.ts `portfolioByYear`), filtered by kind and, for
 * the accepted and named, by the stage or the naming.
 */
export const rosterNames = ['established', 'accepted', 'named'] as const;
export type RosterName = (typeof rosterNames)[number];

const gradeOf = (project: ProjectItem) => {
  const outcome = (project.acceptance as { result?: { outcome?: string } } | undefined)?.result?.outcome;
  return outcome === 'excellent' ? '优秀' : outcome === 'pass' ? '合格' : null;
};

async function projectsOf(roster: RosterName, year: number, kind: string | undefined): Promise<ProjectItem[]> {
  const { data } = await store()
    .entities.project.query.portfolioByYear({ year })
    .where((a, { eq, exists }) =>
      [kind ? eq(a.kind, kind) : '', roster === 'accepted' ? eq(a.stage, 'accepted') : '', roster === 'named' ? exists(a.naming) : '']
        .filter(Boolean)
        .join(' AND '),
    )
    .go({ pages: 'all' });
  return data;
}

export async function publicRoster(roster: RosterName, query: { year?: number | undefined; kind?: string | undefined }) {
  const years = query.year ? [query.year] : await yearsOfCalls();
  const [projects, kinds] = await Promise.all([
    Promise.all(years.map((year) => projectsOf(roster, year, query.kind))).then((all) => all.flat()),
    store().entities.kind.query.allKinds({}).go({ pages: 'all' }),
  ]);
  if (query.kind && !kinds.data.some((k) => k.key === query.kind))
    throw new ValidationError([{ field: 'query.kind', message: `no kind ${query.kind}` }]);
  const kindNames = new Map(kinds.data.map((k) => [k.key, k.nameZh as string]));
  const names = await namesOf(projects.flatMap((p) => [`org:${p.organisationId}`, `district:${p.districtId}`]));
  const now = clock().now();
  const items = projects
    .map((p) => {
      const base = {
        projectId: p.declarationId,
        title: p.title,
        kind: p.kind,
        kindName: kindNames.get(p.kind) ?? p.kind,
        year: p.year ?? null,
        batch: p.batch ?? null,
        organisationName: names(`org:${p.organisationId}`, 'zh'),
        districtName: names(`district:${p.districtId}`, 'zh'),
      };
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
    })
    .sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || (a.batch ?? 0) - (b.batch ?? 0) || a.title.localeCompare(b.title, 'zh'));
  return { roster, year: query.year ?? null, kind: query.kind ?? null, items };
}
