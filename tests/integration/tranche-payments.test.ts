import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../core/errors';
import { store } from '../../functions/adapters/entities';
import { loadProject, projectMove } from '../../functions/deciders/project';
import { completeTask } from '../../functions/services/tasks';
import { PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { eventually, fileRuntime } from '../support/runtime';

const runtime = fileRuntime();

const plan = [
  { milestone: 'establishment', percent: 50 },
  { milestone: 'midterm', percent: 30 },
  { milestone: 'acceptance', percent: 20 },
];
const DAY = 86400_000;

/**
 * Recording a released tranche's payment is the city office's task (登记拨付, issue 23.2), over
 * HTTP with the clock moved: opened with the release (the grant for 立项's tranche, the mid-term
 * decision for its own), due in working days, reminded by the sweep, overdue in the history at its
 * timeout while it stays open, and closed by the payment.
 */
describe('a payable tranche is the office’s task', () => {
  it('opens with the release, is reminded and then overdue in the history, is closed by the payment; the mid-term opens the next', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('demonstration-centre', 'applicant-b1', '乙街道拨付任务中心');
    const history = async () => p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as any[];
    const openPayments = async () =>
      (p.ok(await p.api.as('admin').get('/tasks')).items as any[]).filter(
        (t) => t.declarationId === id && t.kind === 'tranche_payment' && t.status === 'open',
      );
    expect(await openPayments()).toEqual([]);

    // The grant releases 立项's tranche: one task for the office, due in ten working days, with a timeout.
    const opened = runtime.clock.now().getTime();
    p.ok(await p.api.as('admin').put(`/projects/${id}/funding/grant`, { approvedFen: 1_200_000, tranches: plan }));
    const first = await p.openTask('admin', id, 'tranche_payment');
    expect(first.assignee).toBe('role:city-admin');
    expect(Date.parse(first.dueAt)).toBeGreaterThan(opened + 13 * DAY);
    expect(Date.parse(first.timeoutAt)).toBeGreaterThan(Date.parse(first.dueAt));
    expect(await openPayments()).toHaveLength(1);
    expect((await history()).find((e) => e.action === 'task.opened.tranche_payment')?.taskId).toBe(first.taskId);
    // Not the applicant's; not decided by the generic decision, which says where it is done.
    expect((await p.api.as('applicant-b1').get(`/tasks/${first.taskId}`)).status).toBe(404);
    const elsewhere = await p.api.as('admin').post(`/tasks/${first.taskId}/decision`, { outcome: 'pass' });
    expect(elsewhere.status).toBe(409);
    expect(JSON.stringify(elsewhere.body)).toContain('/funding/payments');
    const office = await PageClient.signIn(runtime.url, 'admin');
    const page = await office.get(`/ui/projects/${id}/tasks/${first.taskId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/ui/projects/${id}/funding#record-payment"`);

    // Its due date passes: the sweep reminds the office.
    await p.advanceTo(id, after(first.dueAt, 3600_000));
    await eventually(async () => {
      const notes = p.ok(await p.api.as('admin').get('/notifications')).items as any[];
      return notes.some((n) => n.taskId === first.taskId && n.kind === 'overdue') || undefined;
    }, 'the overdue reminder of the payment task');

    // Past its escalation and grace: the history says the payment is overdue, once; the task stays open.
    await p.advanceTo(id, after(first.timeoutAt, 3600_000));
    const overdue = await eventually(async () => {
      const found = (await history()).filter((e) => e.action === 'funding.payment_overdue');
      return found.length ? found : undefined;
    }, 'the payment overdue in the history');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ taskId: first.taskId, reason: expect.stringContaining('第 1 笔（立项，6,000.00 元）') });
    const still = p.ok(await p.api.as('admin').get(`/tasks/${first.taskId}`));
    expect(still.status).toBe('open');
    expect(still.timeoutAt).toBeUndefined();

    // The payment closes it, in its own write; a refused payment leaves it open.
    const pay = (tranche: number, amountFen: number, voucher: string) =>
      p.api.as('admin').post(`/projects/${id}/funding/payments`, { tranche, paidOn: '2027-01-20', amountFen, voucher });
    expect((await pay(1, 600_001, 'PZ-101')).status).toBe(422);
    expect(p.ok(await p.api.as('admin').get(`/tasks/${first.taskId}`)).status).toBe('open');
    expect((await pay(1, 600_000, 'PZ-101')).status).toBe(201);
    const closed = p.ok(await p.api.as('admin').get(`/tasks/${first.taskId}`));
    expect(closed).toMatchObject({ status: 'decided', decidedBy: 'admin', decision: { tranche: 1, voucher: 'PZ-101' } });
    expect(await openPayments()).toEqual([]);
    expect((await history()).find((e) => e.action === 'funding.paid')?.taskId).toBe(first.taskId);
    expect((await pay(1, 600_000, 'PZ-101')).status).toBe(200);

    // The mid-term passes: its tranche is released with the decision, and its task opens with it.
    const m = (await p.view(id, 'applicant-b1')).milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.report('applicant-b1', id, 'midterm_report', p.actuals('demonstration-centre', 0.9));
    await p.stage(id, 'midterm_review');
    expect(await openPayments()).toEqual([]);
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass', comment: '进度正常' });
    await p.stage(id, 'construction');
    const second = (await openPayments())[0];
    expect(second).toBeDefined();
    expect(second.taskId).not.toBe(first.taskId);
    expect((await pay(2, 360_000, 'PZ-102')).status).toBe(201);
    expect(p.ok(await p.api.as('admin').get(`/tasks/${second.taskId}`)).status).toBe('decided');
    const actions = (await history()).map((e) => e.action);
    expect(actions.filter((a) => a === 'task.opened.tranche_payment')).toHaveLength(2);
    expect(actions.filter((a) => a === 'funding.payment_overdue')).toHaveLength(1);
  }, 300_000);

  it('a termination keeps the payment of a tranche it released: the task stays with the office until paid', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('demonstration-centre', 'applicant-b1', '乙街道撤并未拨中心');
    p.ok(await p.api.as('admin').put(`/projects/${id}/funding/grant`, { approvedFen: 1_200_000, tranches: plan }));
    const payment = await p.openTask('admin', id, 'tranche_payment');
    p.ok(await p.api.as('admin').post(`/projects/${id}/terminate`, { reason: '承办单位撤并，项目无法继续' }));
    await p.stage(id, 'terminated');
    // Tranches 2 and 3 are stopped; the first, released at 立项, is still owed and still the office's task.
    const funding = p.ok(await p.api.as('admin').get(`/projects/${id}/funding`));
    expect(funding.grant.tranches.map((t: any) => t.status)).toEqual(['payable', 'stopped', 'stopped']);
    expect(p.ok(await p.api.as('admin').get(`/tasks/${payment.taskId}`)).status).toBe('open');
    const paid = await p.api
      .as('admin')
      .post(`/projects/${id}/funding/payments`, { tranche: 1, paidOn: '2027-02-01', amountFen: 600_000, voucher: 'PZ-301' });
    expect(paid.status).toBe(201);
    expect(p.ok(await p.api.as('admin').get(`/tasks/${payment.taskId}`)).status).toBe('decided');
  }, 300_000);

  it('a grant made while the mid-term decision is being taken does not lose the tranche the decision releases', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('demonstration-centre', 'applicant-b1', '乙街道并发拨付中心');
    const m = (await p.view(id, 'applicant-b1')).milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.report('applicant-b1', id, 'midterm_report', p.actuals('demonstration-centre', 0.9));
    await p.stage(id, 'midterm_review');
    const open = await p.openTask('admin', id, 'midterm_review');
    const { data: task } = await store().entities.task.get({ taskId: open.taskId }).go();
    const office = { username: 'admin', role: 'city-admin' } as const;

    // The office's pass reads the project before any grant; the grant lands before the pass commits.
    const read = await loadProject(task!);
    p.ok(await p.api.as('admin').put(`/projects/${id}/funding/grant`, { approvedFen: 1_200_000, tranches: plan }));
    const pass = { to: 'construction', set: { midtermDone: true }, output: { outcome: 'pass' }, action: 'midterm.review.pass' } as const;
    const stale = await projectMove(task!, pass, read);
    await expect(completeTask(task!, office, stale)).rejects.toBeInstanceOf(ConflictError);
    // Refused whole: the task still open and the stage unmoved; taken again, the pass releases tranche 2 with its task.
    expect(p.ok(await p.api.as('admin').get(`/tasks/${open.taskId}`)).status).toBe('open');
    expect((await p.view(id)).stage).toBe('midterm_review');
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass', comment: '进度正常' });
    await p.stage(id, 'construction');
    const payments = async () =>
      (p.ok(await p.api.as('admin').get('/tasks')).items as any[]).filter(
        (t) => t.declarationId === id && t.kind === 'tranche_payment' && t.status === 'open',
      );
    // Both released tranches have their task and their history event.
    await eventually(async () => ((await payments()).length === 2 ? true : undefined), 'two payment tasks');
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as any[];
    expect(history.filter((e) => e.action === 'funding.tranche_released')).toHaveLength(2);
  }, 300_000);
});
