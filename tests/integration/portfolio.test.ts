import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { configFromDefinition } from '../../core/kinds';
import { NOTHING_DUE } from '../../core/portfolio';
import type { ProjectStage } from '../../core/projects';
import { documentClient } from '../../functions/adapters/aws';
import { store } from '../../functions/adapters/entities';
import { seededKind } from '../../local/kind-seeds';
import { PageClient } from '../support/pages';
import { projects } from '../support/project';
import { ApiClient, fileRuntime } from '../support/runtime';

const runtime = fileRuntime({ sweepIntervalMs: 0 });
const DAY = 86_400_000;
let api: ApiClient;

/**
 * A portfolio of four calls over two years and three districts, written as 立项 writes projects
 * (their calls' year and batch, next due date and KPI attainment), so every filter has rows to
 * find and rows to leave out. The last test establishes one over HTTP and finds it listed.
 */
interface Seed {
  id: string;
  call: string;
  organisationId: string;
  districtId: string;
  stage: ProjectStage;
  /** Days from now to the next due date; null: nothing due (closed or applied). */
  dueInDays: number | null;
  kpi: 'met' | 'unmet' | 'none';
  titleStatus?: string;
}
const calls = {
  c25a: { year: 2025, batch: 1, kind: 'elder-empowerment' },
  c25b: { year: 2025, batch: 2, kind: 'demonstration-centre' },
  c26a: { year: 2026, batch: 1, kind: 'elder-empowerment' },
  c26b: { year: 2026, batch: 1, kind: 'community-brand' },
} as const;
const seeds: Seed[] = [
  { id: 'pf1', call: 'c25a', organisationId: 'centre-a1', districtId: 'district-a', stage: 'construction', dueInDays: -10, kpi: 'none' },
  { id: 'pf2', call: 'c25a', organisationId: 'centre-b1', districtId: 'district-b', stage: 'construction', dueInDays: 40, kpi: 'met' },
  {
    id: 'pf3',
    call: 'c25b',
    organisationId: 'expert-org-3',
    districtId: 'district-c',
    stage: 'accepted',
    dueInDays: null,
    kpi: 'met',
    titleStatus: 'valid',
  },
  {
    id: 'pf4',
    call: 'c25b',
    organisationId: 'centre-a2',
    districtId: 'district-a',
    stage: 'acceptance_review',
    dueInDays: null,
    kpi: 'unmet',
  },
  { id: 'pf5', call: 'c26a', organisationId: 'centre-a1', districtId: 'district-a', stage: 'construction', dueInDays: 90, kpi: 'none' },
  { id: 'pf6', call: 'c26a', organisationId: 'centre-b1', districtId: 'district-b', stage: 'terminated', dueInDays: null, kpi: 'none' },
  { id: 'pf7', call: 'c26b', organisationId: 'expert-org-3', districtId: 'district-c', stage: 'construction', dueInDays: -3, kpi: 'none' },
  { id: 'pf8', call: 'c26b', organisationId: 'centre-a1', districtId: 'district-a', stage: 'midterm_review', dueInDays: 20, kpi: 'unmet' },
];

beforeAll(async () => {
  api = new ApiClient(runtime.url);
  const db = store();
  const now = runtime.clock.now();
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  for (const [callId, c] of Object.entries(calls))
    await db.entities.call
      .put({
        callId: `call_${callId}`,
        kind: c.kind,
        year: c.year,
        batch: c.batch,
        title: `${c.year}年第${c.batch}批`,
        opensAt: at(-400),
        closesAt: at(-370),
        quota: 10,
        config: configFromDefinition(seededKind(c.kind)),
        status: 'established',
        createdBy: 'admin',
        createdAt: at(-400),
      })
      .go();
  for (const s of seeds) {
    const call = calls[s.call as keyof typeof calls];
    await db.entities.project
      .put({
        declarationId: s.id,
        callId: `call_${s.call}`,
        kind: call.kind,
        organisationId: s.organisationId,
        districtId: s.districtId,
        title: `项目${s.id}`,
        stage: s.stage,
        milestones: {},
        kpiTargets: [],
        version: 1,
        createdAt: at(-300),
        updatedAt: at(-1),
        year: call.year,
        batch: call.batch,
        nextDueAt: s.dueInDays === null ? NOTHING_DUE : at(s.dueInDays),
        kpiAttainment: s.kpi,
      })
      .go();
    // The title work's attribute, as it will write it.
    if (s.titleStatus) {
      const { Key, TableName } = db.entities.project
        .get({ declarationId: s.id })
        .params<{ Key: Record<string, unknown>; TableName: string }>();
      await documentClient().send(
        new UpdateCommand({
          TableName,
          Key,
          UpdateExpression: 'SET titleStatus = :s',
          ExpressionAttributeValues: { ':s': s.titleStatus },
        }),
      );
    }
  }
});

const ids = async (as: string, query = '') => {
  const reply = await api.as(as).get(`/projects${query}`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return (reply.body.items as { projectId: string }[]).map((r) => r.projectId);
};
const refusedAt = async (path: string, field: string, as = 'admin') => {
  const reply = await api.as(as).get(path);
  expect(reply.status, JSON.stringify(reply.body)).toBe(422);
  expect(reply.contentType).toContain('application/problem+json');
  expect((reply.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
};

describe('the portfolio (GET /projects) over HTTP', () => {
  it('the office sees every project across calls and years, by next due date, nothing due last, each row with names', async () => {
    expect(await ids('admin')).toEqual(['pf1', 'pf7', 'pf8', 'pf2', 'pf5', 'pf3', 'pf4', 'pf6']);
    expect(await ids('admin', '?sort=-due')).toEqual(['pf6', 'pf4', 'pf3', 'pf5', 'pf2', 'pf8', 'pf7', 'pf1']);
    const { body } = await api.as('admin').get('/projects?organisationId=expert-org-3');
    const pf7 = body.items.find((r: { projectId: string }) => r.projectId === 'pf7');
    expect(pf7).toMatchObject({
      title: '项目pf7',
      kindName: '社区教育特色品牌项目',
      year: 2026,
      batch: 1,
      organisationName: 'C区社区学院',
      districtName: 'C区社区教育主管部门',
      standing: '建设中',
      phase: 'construction',
      overdue: true,
      kpiAttainment: 'none',
      titleStatus: 'none',
    });
    expect(pf7.nextDueAt).toMatch(/^\d{4}-/);
    const pf3 = body.items.find((r: { projectId: string }) => r.projectId === 'pf3');
    expect(pf3).toMatchObject({ nextDueAt: null, overdue: false, titleStatus: 'valid', phase: 'closed' });
    // Names, never ids.
    expect(JSON.stringify(body.items)).not.toMatch(/expert-org-3|district-c"/);
  });

  it('pages with an opaque cursor, every project once, whichever the order; a cursor is the list’s and the caller’s', async () => {
    for (const sort of ['due', '-due']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const reply: { status: number; body: any } = await api
          .as('admin')
          .get(`/projects?limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(reply.status).toBe(200);
        expect(reply.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...reply.body.items.map((r: { projectId: string }) => r.projectId));
        cursor = reply.body.cursor;
      } while (cursor);
      expect(seen).toEqual(
        sort === 'due'
          ? ['pf1', 'pf7', 'pf8', 'pf2', 'pf5', 'pf3', 'pf4', 'pf6']
          : ['pf6', 'pf4', 'pf3', 'pf5', 'pf2', 'pf8', 'pf7', 'pf1'],
      );
    }
    const first = await api.as('admin').get('/projects?limit=2');
    expect(first.body.cursor).toBeTruthy();
    await refusedAt(`/projects?limit=2&cursor=${first.body.cursor}`, 'query.cursor', 'district-a');
    await refusedAt(`/projects?limit=2&year=2025&cursor=${first.body.cursor}`, 'query.cursor');
    await refusedAt('/projects?cursor=bm90LWEtY3Vyc29y', 'query.cursor');
  });

  it('filters by kind, year, batch, district, organisation, phase, stage, overdue, KPI attainment and title status', async () => {
    expect(await ids('admin', '?year=2025')).toEqual(['pf1', 'pf2', 'pf3', 'pf4']);
    expect(await ids('admin', '?year=2026&kind=elder-empowerment')).toEqual(['pf5', 'pf6']);
    expect(await ids('admin', '?year=2025&batch=2')).toEqual(['pf3', 'pf4']);
    expect(await ids('admin', '?kind=community-brand')).toEqual(['pf7', 'pf8']);
    expect(await ids('admin', '?districtId=district-a')).toEqual(['pf1', 'pf8', 'pf5', 'pf4']);
    expect(await ids('admin', '?districtId=district-a&year=2026')).toEqual(['pf8', 'pf5']);
    expect(await ids('admin', '?organisationId=centre-a1')).toEqual(['pf1', 'pf8', 'pf5']);
    expect(await ids('admin', '?organisationId=centre-a1&year=2025')).toEqual(['pf1']);
    expect(await ids('admin', '?phase=closed')).toEqual(['pf3', 'pf6']);
    expect(await ids('admin', '?phase=acceptance')).toEqual(['pf4']);
    expect(await ids('admin', '?stage=midterm_review')).toEqual(['pf8']);
    expect(await ids('admin', '?overdue=true')).toEqual(['pf1', 'pf7']);
    expect(await ids('admin', '?overdue=true&sort=-due')).toEqual(['pf7', 'pf1']);
    expect(await ids('admin', '?overdue=false&phase=construction')).toEqual(['pf8', 'pf2', 'pf5']);
    expect(await ids('admin', '?kpi=met')).toEqual(['pf2', 'pf3']);
    expect(await ids('admin', '?kpi=unmet&districtId=district-a')).toEqual(['pf8', 'pf4']);
    expect(await ids('admin', '?titleStatus=valid')).toEqual(['pf3']);
    expect(await ids('admin', '?titleStatus=none&year=2025')).toEqual(['pf1', 'pf2', 'pf4']);
    expect(await ids('admin', '?titleStatus=revoked')).toEqual([]);
  });

  it('a district sees its own, an applicant its organisation’s, an expert none, with the same filters', async () => {
    expect(await ids('district-a')).toEqual(['pf1', 'pf8', 'pf5', 'pf4']);
    expect(await ids('district-a', '?year=2025&overdue=true')).toEqual(['pf1']);
    expect(await ids('district-a', '?organisationId=centre-a2')).toEqual(['pf4']);
    expect(await ids('district-a', '?districtId=district-b')).toEqual([]);
    expect(await ids('district-b')).toEqual(['pf2', 'pf6']);
    expect(await ids('district-b', '?phase=closed')).toEqual(['pf6']);
    expect(await ids('applicant-a1')).toEqual(['pf1', 'pf8', 'pf5']);
    expect(await ids('applicant-a1', '?kind=elder-empowerment')).toEqual(['pf1', 'pf5']);
    expect(await ids('applicant-a1', '?organisationId=centre-b1')).toEqual([]);
    expect(await ids('applicant-b1', '?year=2026')).toEqual(['pf6']);
    expect(await ids('expert-1')).toEqual([]);
    expect((await api.request('GET', '/projects')).status).toBe(401);
  });

  it('refuses a filter with an unknown value at its parameter, 422, as problem+json', async () => {
    await refusedAt('/projects?kind=no-such-kind', 'query.kind');
    await refusedAt('/projects?year=20x5', 'query.year');
    await refusedAt('/projects?batch=0', 'query.batch');
    await refusedAt('/projects?districtId=district-z', 'query.districtId');
    await refusedAt('/projects?districtId=centre-a1', 'query.districtId');
    await refusedAt('/projects?organisationId=nobody', 'query.organisationId');
    await refusedAt('/projects?phase=building', 'query.phase');
    await refusedAt('/projects?stage=done', 'query.stage');
    await refusedAt('/projects?overdue=yes', 'query.overdue');
    await refusedAt('/projects?kpi=half', 'query.kpi');
    await refusedAt('/projects?titleStatus=suspended', 'query.titleStatus');
    await refusedAt('/projects?sort=title', 'query.sort');
    await refusedAt('/projects?colour=red', 'query.colour');
  });

  it('the page lists them in Chinese with the filters, a wrong value told at its field', async () => {
    const office = await PageClient.signIn(runtime.url, 'admin');
    const page = await office.get('/ui/projects?year=2025');
    expect(page.status).toBe(200);
    expect(page.html).toContain('项目总览');
    expect(page.html).toContain('A区甲街道社区教育中心');
    expect(page.html).toContain('href="/ui/projects/pf1"');
    expect(page.html).not.toContain('href="/ui/projects/pf5"');
    expect(page.html).toContain('已逾期');
    const wrong = await office.get('/ui/projects?phase=building');
    expect(wrong.status).toBe(422);
    expect(wrong.html).toMatch(/阶段<\/label>[\s\S]*?请从给出的选项中选择/);
    const applicant = await PageClient.signIn(runtime.url, 'applicant-b1');
    const own = await applicant.get('/ui/projects');
    expect(own.html).toContain('项目pf2');
    expect(own.html).not.toContain('项目pf1');
  });

  let established = '';
  it('a project established over HTTP is listed with its call’s year and batch and its mid-term report due', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-a2', '乙镇银龄课堂');
    const view = await p.view(id);
    // Establishing moved the clock past the tokens signed before: a fresh client signs in again.
    const { status, body } = await new ApiClient(runtime.url).as('district-a').get('/projects?organisationId=centre-a2&phase=construction');
    expect(status, JSON.stringify(body)).toBe(200);
    const row = body.items.find((r: { projectId: string }) => r.projectId === id);
    expect(row).toMatchObject({
      title: '乙镇银龄课堂',
      kindName: '老年教育赋能项目',
      organisationName: 'A区乙镇社区教育中心',
      nextDue: '中期报告截止',
      nextDueAt: view.milestones.midtermReportDueAt,
      overdue: false,
      kpiAttainment: 'none',
    });
    expect(row.year).toBeGreaterThan(2000);
    established = id;
  });

  it('a project established before the portfolio’s keys existed is given them by the rollup, once, and listed', async () => {
    expect(established).not.toBe('');
    const db = store();
    const before = (await db.entities.project.get({ declarationId: established }).go()).data!;
    const office = new ApiClient(runtime.url).as('admin');
    const establishedCount = async () => {
      const stats = await office.get(`/statistics?year=${before.year}&districtId=${before.districtId}`);
      expect(stats.status, JSON.stringify(stats.body)).toBe(200);
      return stats.body.total.established as number;
    };
    expect((await office.post('/statistics/rollup', {})).body.backfilled).toBe(0);
    const counted = await establishedCount();
    // As a project 立项 wrote before issue 22: no year, batch, next due date or attainment, so in no portfolio index.
    const { Key, TableName } = db.entities.project
      .get({ declarationId: established })
      .params<{ Key: Record<string, unknown>; TableName: string }>();
    await documentClient().send(
      new UpdateCommand({
        TableName,
        Key,
        UpdateExpression: 'REMOVE #year, #batch, nextDueAt, kpiAttainment, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk',
        ExpressionAttributeNames: { '#year': 'year', '#batch': 'batch' },
      }),
    );
    const listed = async () =>
      ((await office.get('/projects?organisationId=centre-a2')).body.items as { projectId: string }[]).map((r) => r.projectId);
    expect(await listed()).not.toContain(established);
    const rollup = await office.post('/statistics/rollup', {});
    expect(rollup.status, JSON.stringify(rollup.body)).toBe(200);
    expect(rollup.body.backfilled).toBe(1);
    expect(await listed()).toContain(established);
    const after = (await db.entities.project.get({ declarationId: established }).go()).data!;
    expect(after).toMatchObject({
      year: before.year,
      batch: before.batch,
      nextDueAt: before.nextDueAt,
      kpiAttainment: before.kpiAttainment,
      districtId: before.districtId,
      organisationId: before.organisationId,
      stage: before.stage,
      version: before.version,
    });
    // Still counted in its year's statistics (the rollup counted it as it gave it its keys), and a second rollup finds nothing to do.
    expect(await establishedCount()).toBe(counted);
    expect((await office.post('/statistics/rollup', {})).body.backfilled).toBe(0);
  });
});
