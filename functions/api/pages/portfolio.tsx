/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { chinaDateTime } from '../../../core/china-time';
import type { Actor } from '../../../core/identity';
import { projectStageLabels } from '../../../core/labels';
import { kpiAttainments, portfolioQuery, projectPhases, titleStatuses, type PortfolioQuery } from '../../../core/portfolio';
import { projectStages } from '../../../core/projects';
import { listKinds } from '../../services/kinds';
import { listOrganisations } from '../../services/organisations';
import { listPortfolio, type PortfolioRow } from '../../services/portfolio';
import { actorOf, filteredList, type PageEnv } from './context';
import { area } from './errors';
import { Problems, render, Table } from './layout';

/** The portfolio (GET /projects) as a page: the same filters, the rows with names and next due dates, paged on. */
export const portfolioPages = area();

portfolioPages.get('/', (c) => portfolioPage(c, actorOf(c)));

const phaseLabels = { construction: '建设期', acceptance: '验收期', closed: '已结束' } as const;
const kpiLabels = { met: '全部达标', unmet: '未全部达标', none: '未报告' } as const;
const titleLabels = { valid: '有效', rectifying: '整改中', revoked: '已撤销', expired: '已到期', none: '无' } as const;
const labels: Record<string, string> = {
  kind: '类别',
  year: '年度',
  batch: '批次',
  districtId: '区',
  organisationId: '单位',
  phase: '阶段',
  stage: '状态',
  overdue: '是否逾期',
  kpi: '绩效指标',
  titleStatus: '称号状态',
  sort: '排序',
  cursor: '翻页',
  query: '筛选条件',
};

async function portfolioPage(c: Context<PageEnv>, actor: Actor) {
  const listed = await filteredList(c, portfolioQuery, (q) => listPortfolio(actor, q));
  const { given, errors } = listed;
  const page: { items: PortfolioRow[]; cursor: string | null } = listed.shown ?? { items: [], cursor: null };
  const query = (listed.query ?? given) as Partial<Record<keyof PortfolioQuery, string | number>>;
  const failed = Object.keys(errors).length > 0;
  const next = page.cursor ? `/ui/projects?${new URLSearchParams({ ...stringsOf(given), cursor: page.cursor })}` : undefined;
  return render(
    c,
    '项目总览',
    <>
      <Problems errors={errors} t={c.get('t')} labels={labels} />
      <Filters actor={actor} query={query} errors={errors} options={await optionsFor(actor)} />
      <Table
        caption="按下一截止日期排序；逾期的项目标明“已逾期”。筛选后一页可能不满，可继续翻页。"
        headers={['项目', '类别', '年度批次', '单位', '区', '当前状态', '下一截止', '绩效指标', '称号']}
      >
        {page.items.map((r) => (
          <tr>
            <td>
              <a href={`/ui/projects/${r.projectId}`}>{r.title}</a>
            </td>
            <td>{r.kindName}</td>
            <td>{r.year ? `${r.year}年${r.batch ? `第${r.batch}批` : ''}` : '—'}</td>
            <td>{r.organisationName}</td>
            <td>{r.districtName}</td>
            <td>{r.standing}</td>
            <td>
              {r.nextDueAt ? `${r.nextDue}：${chinaDateTime(new Date(r.nextDueAt))}` : '—'}
              {r.overdue && <strong class="overdue">（已逾期）</strong>}
            </td>
            <td>{kpiLabels[r.kpiAttainment]}</td>
            <td>{titleLabels[r.titleStatus]}</td>
          </tr>
        ))}
      </Table>
      {!failed && page.items.length === 0 && <p>没有符合条件的项目。</p>}
      {next && (
        <p>
          <a href={next}>下一页</a>
        </p>
      )}
    </>,
    failed ? 422 : 200,
  );
}

const stringsOf = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([key]) => key !== 'cursor'));

interface Options {
  kinds: [string, string][];
  districts: [string, string][];
  organisations: [string, string][];
}

/** What the selects offer: the kinds, and for the office and a district the directory's districts and organisations (by name). */
async function optionsFor(actor: Actor): Promise<Options> {
  const kinds = (await listKinds(actor)).map((k): [string, string] => [k.key, k.nameZh]);
  if (actor.role !== 'city-admin' && actor.role !== 'district-reviewer') return { kinds, districts: [], organisations: [] };
  const all = await listOrganisations(actor, {});
  const pick = (levels: string[]) => all.filter((o) => levels.includes(o.level)).map((o): [string, string] => [o.organisationId, o.name]);
  return { kinds, districts: actor.role === 'city-admin' ? pick(['district']) : [], organisations: pick(['street', 'point']) };
}

function Filters(props: {
  actor: Actor;
  query: Partial<Record<keyof PortfolioQuery, string | number>>;
  errors: Record<string, string>;
  options: Options;
}) {
  const { query, errors, options } = props;
  const select = (name: keyof PortfolioQuery, choices: readonly (readonly [string, string])[], blank = '全部') => (
    <div class={`field${errors[name] ? ' invalid' : ''}`}>
      <label for={`f-${name}`}>{labels[name]}</label>
      <select id={`f-${name}`} name={name} aria-invalid={errors[name] ? 'true' : undefined}>
        {blank && <option value="">{blank}</option>}
        {choices.map(([value, label]) => (
          <option value={value} selected={String(query[name] ?? '') === value}>
            {label}
          </option>
        ))}
      </select>
      {errors[name] && (
        <p class="error" id={`f-${name}-error`} data-field={name}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  const number = (name: 'year' | 'batch', min: number, max: number) => (
    <div class={`field${errors[name] ? ' invalid' : ''}`}>
      <label for={`f-${name}`}>{labels[name]}</label>
      <input id={`f-${name}`} name={name} type="number" min={min} max={max} value={query[name] === undefined ? '' : String(query[name])} />
      {errors[name] && (
        <p class="error" id={`f-${name}-error`} data-field={name}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  return (
    <form method="get" action="/ui/projects" class="filters" aria-label="筛选">
      {select('kind', options.kinds)}
      {number('year', 2000, 2100)}
      {number('batch', 1, 99)}
      {options.districts.length > 0 && select('districtId', options.districts)}
      {options.organisations.length > 0 && select('organisationId', options.organisations)}
      {select(
        'phase',
        projectPhases.map((p) => [p, phaseLabels[p]]),
      )}
      {select(
        'stage',
        projectStages.map((s) => [s, projectStageLabels[s].zh]),
      )}
      {select('overdue', [
        ['true', '已逾期'],
        ['false', '未逾期'],
      ])}
      {select(
        'kpi',
        kpiAttainments.map((k) => [k, kpiLabels[k]]),
      )}
      {select(
        'titleStatus',
        titleStatuses.map((s) => [s, titleLabels[s]]),
      )}
      {select(
        'sort',
        [
          ['due', '截止日期由近及远'],
          ['-due', '截止日期由远及近'],
        ],
        '',
      )}
      <button type="submit">筛选</button>
    </form>
  );
}
