import { describe, expect, it } from 'vitest';
import { PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { fileRuntime } from '../support/runtime';

const runtime = fileRuntime();

const problems = (html: string) => html.match(/class="problems"[\s\S]{0,600}/)?.[0];

describe('acceptance pages over HTTP', () => {
  it('withdraw and terminate with a reason; the office assigns experts (回避 shown and refused at that expert), each expert scores (over-maximum refused, nothing written), a site visit, the office decides; an unassigned expert gets 404', async () => {
    const p = projects(runtime);
    const {
      ids: [id, withdrawn, terminated],
    } = await p.establish('elder-empowerment', [
      ['applicant-a1', '银龄数字课堂'],
      ['applicant-a2', '乙镇乐龄书院'],
      ['applicant-b1', '丙街道老年大学'],
    ]);

    // The applicant withdraws, the office terminates, each with a required reason on the project page.
    const other = await PageClient.signIn(runtime.url, 'applicant-a2');
    expect((await other.get(`/ui/projects/${withdrawn}`)).html).toContain(`action="/ui/projects/${withdrawn}/withdraw"`);
    const noWhy = await other.post(`/ui/projects/${withdrawn}/withdraw`, { reason: ' ' });
    expect(noWhy.status).toBe(422);
    expect(noWhy.html).toMatch(/id="f-reason-error"[^>]*>\s*此项为必填项/);
    expect((await p.view(withdrawn!)).stage).toBe('construction');
    expect((await other.post(`/ui/projects/${withdrawn}/withdraw`, { reason: '团队解散' })).status).toBe(303);
    expect(await p.stage(withdrawn!, 'withdrawn')).toMatchObject({ phase: 'closed', lastReason: '团队解散' });
    expect((await other.get(`/ui/projects/${withdrawn}`)).html).not.toContain('/withdraw"');
    const office = await PageClient.signIn(runtime.url, 'admin');
    expect((await office.post(`/ui/projects/${terminated}/withdraw`, { reason: '越权' })).status).toBe(403);
    expect((await office.post(`/ui/projects/${terminated}/terminate`, { reason: '经费挪用' })).status).toBe(303);
    expect(await p.stage(terminated!, 'terminated')).toMatchObject({ phase: 'closed', lastReason: '经费挪用' });
    // Construction over the API, as tests/integration/acceptance.test.ts drives it.
    const m = (await p.view(id!)).milestones;
    await p.advanceTo(id!, after(m.midtermAt));
    await p.report('applicant-a1', id!, 'midterm_report', p.actuals('elder-empowerment', 0.5));
    await p.decide('admin', id!, 'midterm_review', { outcome: 'pass' });
    await p.stage(id!, 'construction');
    await p.advanceTo(id!, after(m.acceptanceOpensAt));
    await p.report('applicant-a1', id!, 'acceptance_application', p.actuals('elder-empowerment', 1.2), '一年建设总结。');
    await p.stage(id!, 'acceptance_assignment');

    // The office: from the inbox to the assignment form; district A's experts are 回避 and cannot be ticked.
    const assignment = await p.openTask('admin', id!, 'acceptance_assignment');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const assignForm = `/ui/projects/${id}/tasks/${assignment.taskId}`;
    expect((await admin.get('/ui/inbox')).html).toContain(`href="${assignForm}"`);
    const offer = await admin.get(assignForm);
    expect(offer.status).toBe(200);
    for (const conflicted of ['expert-1', 'expert-4']) {
      expect(offer.html).toMatch(new RegExp(`<input type="checkbox" id="expert-${conflicted}"[^>]*disabled`));
      expect(offer.html).toMatch(new RegExp(`id="expert-${conflicted}-conflict">\\s*回避`));
    }
    expect(offer.html).not.toMatch(/<input type="checkbox" id="expert-2"[^>]*disabled/);
    // Nothing ticked is refused at the field, not replaced by the proposal (issue 16 item 8).
    const none = await admin.post(assignForm, []);
    expect(none.status).toBe(422);
    expect(none.html).toMatch(/data-field="experts">\s*请至少选择 1 项/);
    expect((await p.view(id!)).stage).toBe('acceptance_assignment');
    // A crafted form naming a conflicted expert is refused at that expert, nothing assigned.
    const refused = await admin.post(assignForm, [
      ['experts', 'expert-2'],
      ['experts', 'expert-1'],
    ]);
    expect(refused.status).toBe(422);
    // Named by the pool's display name, not the username (issue 16 item 5).
    expect(refused.html).toMatch(/data-field="experts.expert-1">\s*回避：评审专家1 与申报单位在同一区/);
    expect((await p.view(id!)).stage).toBe('acceptance_assignment');
    const assigned = await admin.post(assignForm, [
      ['experts', 'expert-2'],
      ['experts', 'expert-3'],
      ['experts', 'expert-5'],
    ]);
    expect(assigned.status, problems(assigned.html)).toBe(303);
    expect(assigned.location).toBe(`/ui/projects/${id}?done=acceptance_assignment`);
    expect((await p.stage(id!, 'acceptance_review')).experts).toEqual(['expert-2', 'expert-3', 'expert-5']);

    // An expert not assigned sees neither the project nor a task of it.
    const outsider = await PageClient.signIn(runtime.url, 'expert-6');
    expect((await outsider.get(`/ui/projects/${id}`)).status).toBe(404);

    // Each expert scores through the page, linked from their inbox; over a criterion's maximum is refused.
    for (const [i, username] of ['expert-2', 'expert-3', 'expert-5'].entries()) {
      const task = await p.openTask(username, id!, 'acceptance_score');
      const expert = await PageClient.signIn(runtime.url, username);
      const form = `/ui/projects/${id}/tasks/${task.taskId}`;
      expect((await expert.get('/ui/inbox')).html).toContain(`href="${form}"`);
      const blank = await expert.get(form);
      expect(blank.status).toBe(200);
      expect(blank.html).toMatch(/<input id="f-scores-delivery"[^>]*max="30"/);
      expect((await outsider.get(form)).status).toBe(404);
      if (i === 0) {
        const over = await expert.post(form, {
          'scores.delivery': '35',
          'scores.kpis': '25',
          'scores.learners': '18',
          'scores.management': '17',
          comment: '成效明显',
        });
        expect(over.status).toBe(422);
        expect(over.html).toMatch(/id="f-scores-delivery-error"[^>]*>\s*分数须在 0 到 30 分之间，不能超过满分 30 分/);
        expect(over.html).toContain('value="35"');
        const noComment = await expert.post(form, {
          'scores.delivery': '28',
          'scores.kpis': '25',
          'scores.learners': '18',
          'scores.management': '17',
        });
        expect(noComment.html).toMatch(/id="f-comment-error"[^>]*>\s*请填写评审意见/);
        expect(p.ok(await p.api.as('admin').get(`/projects/${id}/scores`)).items).toHaveLength(0);
        expect((await p.openTask(username, id!, 'acceptance_score')).status).toBe('open');
      }
      const scored = await expert.post(form, {
        'scores.delivery': '27',
        'scores.kpis': '27',
        'scores.learners': '18',
        'scores.management': '18',
        comment: '成效明显',
      });
      expect(scored.status, problems(scored.html)).toBe(303);
    }
    const decisionStage = await p.stage(id!, 'acceptance_decision');
    expect(decisionStage.score.combined).toBe(90);

    // The office decides the result on its page: recommending a non-brand project is refused at its field.
    const decision = await p.openTask('admin', id!, 'acceptance_decision');
    const decisionForm = `/ui/projects/${id}/tasks/${decision.taskId}`;
    expect((await admin.get('/ui/inbox')).html).toContain(`href="${decisionForm}"`);
    const decisionPage = await admin.get(decisionForm);
    expect(decisionPage.html).toContain('专家评分：90');
    expect(decisionPage.html).not.toContain('f-recommendToProvince');
    // A site visit (实地考察) recorded on the same page: findings are required.
    const noFindings = await admin.post(`${decisionForm}/site-visits`, { visitedAt: '2020-01-01', visitors: '张老师、李老师' });
    expect(noFindings.status).toBe(422);
    expect(noFindings.html).toMatch(/id="f-findings-error"/);
    expect((await p.view(id!)).siteVisits ?? []).toHaveLength(0);
    const visited = await admin.post(`${decisionForm}/site-visits`, {
      visitedAt: '2020-01-01',
      visitors: '张老师、李老师',
      findings: '台账齐全，课堂活跃',
    });
    expect(visited.status, problems(visited.html)).toBe(303);
    expect((await p.view(id!)).siteVisits).toMatchObject([
      { visitors: ['张老师', '李老师'], findings: '台账齐全，课堂活跃', recordedBy: 'admin' },
    ]);
    expect((await admin.get(decisionForm)).html).toContain('张老师、李老师：台账齐全，课堂活跃');
    const noReason = await admin.post(decisionForm, { outcome: 'fail' });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toMatch(/id="f-comment-error"[^>]*>\s*请填写理由/);
    const recommended = await admin.post(decisionForm, { outcome: 'excellent', recommendToProvince: 'true' });
    expect(recommended.status).toBe(422);
    // Only a brand project's form offers the recommendation; a crafted one is refused and listed.
    expect(recommended.html).toMatch(/推荐省级<\/a>：这个项目类型验收后不向上推荐，不能推荐省级/);
    expect((await p.view(id!)).stage).toBe('acceptance_decision');
    const excellent = await admin.post(decisionForm, { outcome: 'excellent', comment: '成效突出' });
    expect(excellent.status, problems(excellent.html)).toBe(303);
    expect(await p.stage(id!, 'accepted')).toMatchObject({ acceptance: { result: { outcome: 'excellent', comment: '成效突出' } } });

    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const shown = await applicant.get(`/ui/projects/${id}`);
    expect(shown.html).toMatch(/考核验收：<strong>优秀<\/strong>（成效突出）/);
    expect(shown.html).toContain('验收得分：90');
  });

  it('an excellent brand project is recommended to the province (择优申报省级) from the decision form, and its page says so', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('community-brand', 'applicant-a1', '社区书院品牌');
    const m = (await p.view(id!)).milestones;
    await p.advanceTo(id!, after(m.midtermAt));
    await p.report('applicant-a1', id!, 'midterm_report', p.actuals('community-brand', 0.6));
    await p.decide('admin', id!, 'midterm_review', { outcome: 'pass' });
    await p.stage(id!, 'construction');
    await p.advanceTo(id!, after(m.acceptanceOpensAt));
    await p.report('applicant-a1', id!, 'acceptance_application', p.actuals('community-brand', 1.1), '两年建设总结。');
    await p.assess(id!, 'community-brand', 0.95);

    const decision = await p.openTask('admin', id!, 'acceptance_decision');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const form = `/ui/projects/${id}/tasks/${decision.taskId}`;
    expect((await admin.get(form)).html).toContain('id="f-recommendToProvince"');
    // Only an excellent result may carry the recommendation: a pass with it is refused at its field.
    const passed = await admin.post(form, { outcome: 'pass', recommendToProvince: 'true' });
    expect(passed.status).toBe(422);
    expect(passed.html).toMatch(/推荐省级<\/a>：只有验收结论为优秀的项目可以推荐省级/);
    expect((await admin.post(form, { outcome: 'excellent', comment: '品牌特色鲜明', recommendToProvince: 'true' })).status).toBe(303);
    expect(await p.stage(id!, 'accepted')).toMatchObject({ acceptance: { result: { outcome: 'excellent', recommendToProvince: true } } });

    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const page = (await applicant.get(`/ui/projects/${id}`)).html;
    expect(page).toMatch(/考核验收：<strong>优秀<\/strong>（品牌特色鲜明）/);
    expect(page).toContain('<p id="province">验收优秀，择优推荐申报省级社区教育特色品牌项目。</p>');
  });
});
