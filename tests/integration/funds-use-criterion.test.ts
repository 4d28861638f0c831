import { describe, expect, it } from 'vitest';
import { seededKind } from '../../local/kind-seeds';
import { visible } from '../support/kind-editor';
import { PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { fileRuntime, late } from '../support/runtime';

/**
 * An acceptance criterion that judges the use of funds (issue 23.4): the assigned expert scoring
 * it sees the project's budget execution beside it, on the task page as GET /projects/{id}/funding
 * gives it to them; a selection criterion cannot be one.
 */
const runtime = fileRuntime();
const p = late(() => projects(runtime));

describe('a funds-use criterion in the acceptance rubric', () => {
  it('shows the assigned expert the budget execution beside it; a selection criterion marked so is refused at its field', async () => {
    const base = structuredClone(seededKind('demonstration-centre'));
    const wrong = { ...base, rubric: base.rubric.map((c, i) => (i === 0 ? { ...c, fundsUse: true } : c)) };
    const refused = await p.api.as('admin').post('/kinds', { key: 'funds-wrong', definition: wrong });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain('body.definition.rubric.0.fundsUse');

    const acceptanceRubric = base.acceptanceRubric.map((c, i) => (i === base.acceptanceRubric.length - 1 ? { ...c, fundsUse: true } : c));
    const definition = { ...base, lifecycle: 'acceptance-only', constructionMonths: 3, acceptanceRubric };
    p.ok(await p.api.as('admin').post('/kinds', { key: 'funds-judged', definition }), 201);
    const kind = { key: 'funds-judged', definition: definition as typeof base };
    const judged = acceptanceRubric.at(-1)!;

    const id = await p.establishOne(kind, 'applicant-b1', '经费评判示范中心');
    const plan = [
      { milestone: 'establishment', percent: 80 },
      { milestone: 'acceptance', percent: 20 },
    ];
    p.ok(await p.api.as('admin').put(`/projects/${id}/funding/grant`, { approvedFen: 1_200_000, tranches: plan }));
    p.ok(
      await p.api
        .as('admin')
        .post(`/projects/${id}/funding/payments`, { tranche: 1, paidOn: '2026-12-20', amountFen: 960_000, voucher: 'PZ-1' }),
      201,
    );
    await p.advanceTo(id, after((await p.view(id)).milestones.acceptanceOpensAt));
    await p.stage(id, 'acceptance_application');
    const outlay = { category: 'courseDevelopment', amountFen: 900_000, spentOn: '2027-03-01', description: '课程开发费用' };
    p.ok(await p.api.as('applicant-b1').post(`/projects/${id}/funding/expenditures`, outlay), 201);
    await p.report('applicant-b1', id, 'acceptance_application', p.actuals(kind, 1.1), '三个月完成建设。');

    await p.stage(id, 'acceptance_assignment');
    await p.openTask('admin', id, 'acceptance_assignment');
    const { experts } = p.ok(await p.api.as('admin').post(`/projects/${id}/experts`, {}));
    const expert = (experts as string[])[0]!;
    // The expert reads the execution from the API …
    const funding = p.ok(await p.api.as(expert).get(`/projects/${id}/funding`));
    expect(funding.execution).toMatchObject({ budgetFen: 1_200_000, spentFen: 900_000, paidFen: 960_000, rate: '75.00%' });
    // … and the task page shows the same beside the funds-use criterion, and beside no other.
    const task = await p.openTask(expert, id, 'acceptance_score');
    const page = await (await PageClient.signIn(runtime.url, expert)).get(`/ui/projects/${id}/tasks/${task.taskId}`);
    expect(page.status).toBe(200);
    const hint = new RegExp(`id="f-scores-${judged.key}-hint"[^>]*>([^<]*)<`).exec(page.html)?.[1];
    expect(hint).toBe('经费使用：预算 12,000.00 元，已支出 9,000.00 元，预算执行率 75.00%；已拨付 9,600.00 元；决算未提交');
    expect(page.html.match(/经费使用：/g)).toHaveLength(1);
    expect(visible(page.html)).toContain(judged.labelZh);
  }, 180_000);
});
