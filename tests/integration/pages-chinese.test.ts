import { describe, expect, it } from 'vitest';
import { PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

/** What a reader sees of a page: the text of <main>, tags and attribute values left out. */
const visible = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html)
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/\s+/g, ' ');

/**
 * A code where a word belongs: snake_case (`midterm_report`, `call_01a9…`), dotted (`construction.started`),
 * an ISO instant, a person's or organisation's id, the scoring's English. Uploaded file names are the applicant's own.
 */
const rawCode =
  /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+(?:\.[a-z_]+)+\b(?<!\.(?:pdf|docx?|xlsx?|jpe?g|png|zip))|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\b(?:expert|district|applicant|centre)-[a-z0-9]+\b|\b(?:combined|trimmed-mean|dropped)\b/g;
const rawIn = (html: string) => [...visible(html).matchAll(rawCode)].map((m) => m[0]);

describe('the pages speak Chinese, with names (issue 16)', () => {
  it('item 5: through selection and the mid-term check, no page shows a raw code, an ISO instant or an id', async () => {
    const {
      call,
      ids: [id],
    } = await p.establish('elder-empowerment', [['applicant-a1', '银龄数字课堂']]);
    const { milestones: m } = await p.view(id!);
    await p.advanceTo(id!, after(m.midtermAt));
    await p.report('applicant-a1', id!, 'midterm_report', p.actuals('elder-empowerment'));
    await p.decide('admin', id!, 'midterm_review', { outcome: 'pass', comment: '进度正常' });
    await p.stage(id!, 'construction');

    const admin = await PageClient.signIn(runtime.url, 'admin');
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const pages: [PageClient, string][] = [
      [admin, `/ui/office/declarations/${id}`],
      [admin, `/ui/office/calls/${call.callId}`],
      [admin, `/ui/office/calls/new`],
      [admin, `/ui/office/calls/${call.callId}/settings`],
      [admin, `/ui/projects/${id}`],
      [applicant, `/ui/applicant/declarations/${id}`],
      [applicant, `/ui/projects/${id}`],
      [applicant, `/ui/notices/${call.callId}`],
    ];
    for (const [client, path] of pages) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      // The one code a person types: a new district cap names its district by code until a directory of districts exists (issue 19).
      expect(rawIn(page.html.replace('如 district-a；', '')), path).toEqual([]);
    }

    const office = visible((await admin.get(`/ui/office/declarations/${id}`)).html);
    // The record in words: tasks opened by their names, construction and the mid-term as steps, people by name.
    expect(office).toContain('生成任务：区级推荐');
    expect(office).toContain('开始建设');
    expect(office).toContain('提交中期报告');
    expect(office).toMatch(/公示至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // Three sheets: a trimmed mean needs five, so the plain mean, and the record says so.
    expect(office).toMatch(/综合得分 [\d.]+（仅 3 份评分，按平均分计）/);
    expect(office).toContain('A区甲街道社区教育中心（A区社区教育主管部门）');
    expect(office).toContain('评审专家');
    // The dashboard's time per stage names the project's stages too.
    expect(visible((await admin.get(`/ui/office/calls/${call.callId}`)).html)).toContain('中期检查：待提交报告');
    // The new-call form lists the preset's deadlines by their steps.
    expect(visible((await admin.get('/ui/office/calls/new')).html)).toContain('区级推荐：10');
  });

  it('item 7: a new call with an empty 立项名额 (what a browser sends for letters too) is refused at the field, nothing created', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const form = {
      kind: 'elder-empowerment',
      title: '名额留空的批次',
      year: '2026',
      batch: '1',
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-31T17:00',
      defaultDistrictCap: '3',
      expertsPerDeclaration: '3',
      scoring: 'mean',
    };
    for (const quota of ['', '   ']) {
      const refused = await admin.post('/ui/office/calls', { ...form, quota });
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/data-field="quota">\s*此项为必填项/);
      // The summary names the field in Chinese, not by its key.
      expect(refused.html).toContain('<a href="#f-quota">立项名额</a>');
      expect(rawIn(refused.html)).toEqual([]);
    }
    const noExperts = await admin.post('/ui/office/calls', { ...form, quota: '5', expertsPerDeclaration: '' });
    expect(noExperts.html).toMatch(/data-field="expertsPerDeclaration">\s*此项为必填项/);
    expect(noExperts.html).toContain('<a href="#f-expertsPerDeclaration">每项评审专家人数</a>');
    const calls = (await p.api.as('admin').get('/calls?limit=100')).body.items as { title: string }[];
    expect(calls.filter((c) => c.title === form.title)).toEqual([]);
    // Filled in, the same form publishes the call with the quota typed.
    const created = await admin.post('/ui/office/calls', { ...form, quota: '5' });
    expect(created.status).toBe(303);
    const call = ((await p.api.as('admin').get('/calls?limit=100')).body.items as { title: string; quota: number }[]).find(
      (c) => c.title === form.title,
    );
    expect(call?.quota).toBe(5);

    // The applicant's start form is one input per open call: its summary names the field, not `title-call_…`.
    const open = await p.createCall('elder-empowerment');
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const untitled = await applicant.post(`/ui/applicant/calls/${open.callId}/declarations`, { [`title-${open.callId}`]: ' ' });
    expect(untitled.status).toBe(422);
    expect(untitled.html).toMatch(new RegExp(`<a href="#f-title-${open.callId}">项目名称（`));
    expect(rawIn(untitled.html)).toEqual([]);
  });

  it('item 8: nothing ticked on the expert assignment is refused at the field; nobody is assigned', async () => {
    const created = await p.createCall('elder-empowerment');
    const id = await p.reviewed('applicant-a1', created.callId, 'elder-empowerment', '无人勾选的分配');
    await p.openTask('admin', id, 'expert_assignment');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const refused = await admin.post(`/ui/office/declarations/${id}/experts`, []);
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/data-field="experts">\s*请至少选择 1 项/);
    expect(refused.html).toContain('<a href="#f-experts">评审专家</a>');
    // The boxes show what was posted: none ticked, not the proposal again.
    expect(refused.html).not.toMatch(/name="experts" value="[^"]+" checked/);
    const declaration = p.ok(await p.api.as('admin').get(`/declarations/${id}`));
    expect(declaration.stage).toBe('expert_assignment');
    expect(declaration.experts ?? []).toEqual([]);
    // The 回避 beside a name names the expert, not the username.
    expect(visible(refused.html)).toContain('回避：评审专家1 与申报单位在同一区');
  });

  it('item 9: the office is not offered 延期 on a task whose deadline the workflow keeps; it is told why', async () => {
    const created = await p.createCall('elder-empowerment');
    const id = await p.declare('applicant-a1', created.callId, 'elder-empowerment', '评分不可延期');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    // A district recommendation can be extended: its form is offered.
    const recommendation = await p.openTask('district-a', id, 'district_recommendation');
    expect((await admin.get(`/ui/office/declarations/${id}`)).html).toContain(
      `action="/ui/office/tasks/${recommendation.taskId}/extension"`,
    );
    p.ok(await p.recommend('district-a', id, 1));
    await p.formalReview(id, 'approve');
    // The experts are drawn at random (issue 19): the first one drawn stands for them.
    const [drawn] = (await p.assign(id)).experts as string[];
    const score = await p.openTask(drawn!, id, 'expert_score');
    const page = await admin.get(`/ui/office/declarations/${id}`);
    expect(page.html).not.toContain(`action="/ui/office/tasks/${score.taskId}/extension"`);
    expect(page.html).not.toMatch(/<button[^>]*>\s*延期\s*<\/button>/);
    expect(visible(page.html)).toContain('此任务的截止时间由流程控制，不能延期');
    // The API refuses the same task for the same reason.
    const refused = await p.api.as('admin').post(`/tasks/${score.taskId}/extension`, { dueAt: '2030-01-01', reason: '试试' });
    expect(refused.status).toBe(409);
  });
});
