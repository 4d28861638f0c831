/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { chinaDateTime } from '../../../core/china-time';
import type { Actor } from '../../../core/identity';
import { formatYuanSign } from '../../../core/money';
import { countColumns, moneyColumns, rateColumns, statisticsQuery, type StatisticsQuery } from '../../../core/statistics';
import { listKinds } from '../../services/kinds';
import { listOrganisations } from '../../services/organisations';
import { statisticsView, type StatisticsView } from '../../services/statistics';
import { statisticsWorkbook } from '../../services/statistics-workbook';
import { actorOf, filteredList, type PageEnv } from './context';
import { area } from './errors';
import { Problems, render, Table } from './layout';

/**
 * Statistics (GET /statistics) as a page: the filters, bar charts drawn here as SVG (no script, no
 * library), the tables by year, district and kind, the money by year × district × kind, and the workbook.
 */
export const statisticsPages = area();

statisticsPages.get('/', (c) => statisticsPage(c, actorOf(c, 'city-admin', 'district-reviewer')));
// A filter the API refuses gets no workbook (not one of everything): the page with the problem at its field.
statisticsPages.get('/export.xlsx', async (c) => {
  const actor = actorOf(c, 'city-admin', 'district-reviewer');
  const { shown } = await filteredList(c, statisticsQuery, (query) => statisticsWorkbook(actor, query));
  if (!shown) return statisticsPage(c, actor);
  return c.body(shown.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${shown.fileName}"`,
  });
});

const labels: Record<string, string> = { year: '年度', toYear: '至年度', districtId: '区县', kind: '项目类别', query: '筛选条件' };

async function statisticsPage(c: Context<PageEnv>, actor: Actor) {
  const { given: query, shown: view, errors } = await filteredList(c, statisticsQuery, (q) => statisticsView(actor, q));
  const failed = Object.keys(errors).length > 0;
  return render(
    c,
    '统计报表',
    <>
      <Problems errors={errors} t={c.get('t')} labels={labels} />
      <Filters query={query} errors={errors} options={await optionsFor(actor)} />
      {view && <Report view={view} download={`/ui/statistics/export.xlsx?${new URLSearchParams(query)}`} />}
    </>,
    failed ? 422 : 200,
  );
}

function Report({ view, download }: { view: StatisticsView; download: string }) {
  const counted = (row: StatisticsView['total']) => [
    ...countColumns.map((col) => <td class="number">{row[col.key]}</td>),
    ...rateColumns.map((col) => <td class="number">{row[col.key] === null ? '—' : `${row[col.key]}%`}</td>),
  ];
  const headers = [...countColumns.map((col) => col.zh), ...rateColumns.map((col) => col.zh)];
  return (
    <>
      <p class="hint">
        {view.computedAt
          ? `统计截至 ${chinaDateTime(new Date(view.computedAt))}（每小时由定时任务重新统计一次）。`
          : '尚未统计：定时任务每小时统计一次。'}{' '}
        <a href={download}>导出 Excel 报表</a>
      </p>
      <section aria-labelledby="chart-district">
        <h2 id="chart-district">各区县立项与验收</h2>
        <BarChart
          title="各区县立项与验收"
          groups={view.byDistrict.map((r) => ({
            label: r.districtName,
            values: [r.declared, r.established, r.acceptedExcellent + r.acceptedPass],
          }))}
          series={['申报数', '立项数', '验收通过数']}
        />
      </section>
      <section aria-labelledby="chart-year">
        <h2 id="chart-year">各年度核定资助与拨付（元）</h2>
        <BarChart
          title="各年度核定资助与拨付（元）"
          groups={view.byYear.map((r) => ({ label: `${r.year}年`, values: [r.grantedFen, r.paidFen] }))}
          series={['核定资助', '已拨付']}
          format={formatYuanSign}
        />
      </section>
      <h2 id="by-year">按年度</h2>
      <Table figures labelledBy="by-year" headers={['年度', ...headers]}>
        {view.byYear.map((r) => (
          <tr>
            <th scope="row">{r.year}年</th>
            {counted(r)}
          </tr>
        ))}
        <tr class="total">
          <th scope="row">合计</th>
          {counted(view.total)}
        </tr>
      </Table>
      <h2 id="by-district">按区县</h2>
      <Table figures labelledBy="by-district" headers={['区县', ...headers]}>
        {view.byDistrict.map((r) => (
          <tr>
            <th scope="row">{r.districtName}</th>
            {counted(r)}
          </tr>
        ))}
      </Table>
      <h2 id="by-kind">按项目类别</h2>
      <Table figures labelledBy="by-kind" headers={['项目类别', ...headers]}>
        {view.byKind.map((r) => (
          <tr>
            <th scope="row">{r.kindName}</th>
            {counted(r)}
          </tr>
        ))}
      </Table>
      <h2 id="money">资金（按年度、区县、项目类别）</h2>
      <Table figures labelledBy="money" headers={['年度', '区县', '项目类别', ...moneyColumns.map((m) => m.zh)]}>
        {view.cells.map((r) => (
          <tr>
            <td>{r.year}年</td>
            <td>{r.districtName}</td>
            <td>{r.kindName}</td>
            {moneyColumns.map((m) => (
              <td class="number">{formatYuanSign(r[m.key])}</td>
            ))}
          </tr>
        ))}
        <tr class="total">
          <th scope="row" colSpan={3}>
            合计
          </th>
          {moneyColumns.map((m) => (
            <td class="number">{formatYuanSign(view.total[m.key])}</td>
          ))}
        </tr>
      </Table>
      {view.cells.length === 0 && <p>没有符合条件的统计数据。</p>}
    </>
  );
}

const COLOURS = ['#1f5f8b', '#e07b39', '#3a8f5c'];

/** Grouped bars as SVG, drawn on the server: one group per label, one bar per series, with the values written above. */
function BarChart(props: {
  title: string;
  groups: { label: string; values: number[] }[];
  series: string[];
  format?: (v: number) => string;
}) {
  const { title, groups, series, format = (v: number) => v.toLocaleString('zh-CN') } = props;
  const bar = 24;
  // Wide enough for a district's full name under its bars.
  const groupWidth = Math.max(series.length * bar + 24, 150);
  const height = 160;
  const top = 20;
  const width = Math.max(40 + series.length * 130, 40 + groups.length * groupWidth);
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const scale = (v: number) => Math.round((v / max) * (height - top));
  return (
    <figure class="chart">
      <svg role="img" aria-label={title} width={width} height={height + 60} viewBox={`0 0 ${width} ${height + 60}`}>
        <line x1="30" y1={height} x2={width} y2={height} stroke="#888" />
        {groups.map((g, i) =>
          g.values.map((v, j) => {
            const x = 40 + i * groupWidth + (groupWidth - series.length * bar) / 2 + j * bar;
            return (
              <g>
                <rect x={x} y={height - scale(v)} width={bar - 2} height={scale(v)} fill={COLOURS[j % COLOURS.length]}>
                  <title>{`${g.label} ${series[j]}：${v}`}</title>
                </rect>
                <text x={x + (bar - 2) / 2} y={height - scale(v) - 4} font-size="10" text-anchor="middle">
                  {format(v)}
                </text>
              </g>
            );
          }),
        )}
        {groups.map((g, i) => (
          <text x={40 + i * groupWidth + groupWidth / 2} y={height + 16} font-size="12" text-anchor="middle">
            {g.label}
          </text>
        ))}
        {series.map((s, j) => (
          <g>
            <rect x={40 + j * 130} y={height + 32} width="12" height="12" fill={COLOURS[j % COLOURS.length]} />
            <text x={56 + j * 130} y={height + 42} font-size="12">
              {s}
            </text>
          </g>
        ))}
      </svg>
      <figcaption class="hint">{title}</figcaption>
    </figure>
  );
}

interface Options {
  kinds: [string, string][];
  districts: [string, string][];
}

async function optionsFor(actor: Actor): Promise<Options> {
  const kinds = (await listKinds(actor)).map((k): [string, string] => [k.key, k.nameZh]);
  if (actor.role !== 'city-admin') return { kinds, districts: [] };
  const all = await listOrganisations(actor, {});
  return { kinds, districts: all.filter((o) => o.level === 'district').map((o): [string, string] => [o.organisationId, o.name]) };
}

function Filters(props: { query: Record<string, string>; errors: Record<string, string>; options: Options }) {
  const { query, errors, options } = props;
  const problem = (name: keyof StatisticsQuery) =>
    errors[name] && (
      <p class="error" id={`f-${name}-error`} data-field={name}>
        {errors[name]}
      </p>
    );
  const select = (name: keyof StatisticsQuery, choices: [string, string][]) => (
    <div class={`field${errors[name] ? ' invalid' : ''}`}>
      <label for={`f-${name}`}>{labels[name]}</label>
      <select id={`f-${name}`} name={name} aria-invalid={errors[name] ? 'true' : undefined}>
        <option value="">全部</option>
        {choices.map(([value, label]) => (
          <option value={value} selected={(query[name] ?? '') === value}>
            {label}
          </option>
        ))}
      </select>
      {problem(name)}
    </div>
  );
  const year = (name: 'year' | 'toYear') => (
    <div class={`field${errors[name] ? ' invalid' : ''}`}>
      <label for={`f-${name}`}>{labels[name]}</label>
      <input id={`f-${name}`} name={name} type="number" min={2000} max={2100} value={query[name] ?? ''} />
      {problem(name)}
    </div>
  );
  return (
    <form method="get" action="/ui/statistics" class="filters" aria-label="筛选">
      {year('year')}
      {year('toYear')}
      {options.districts.length > 0 && select('districtId', options.districts)}
      {select('kind', options.kinds)}
      <button type="submit">统计</button>
    </form>
  );
}
