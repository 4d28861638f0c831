import { describe, expect, it } from 'vitest';
import { workingDaysBefore } from '../../core/calendar';
import { renderMessage } from '../../core/messages';
import { planReminders, reminderKindsOf, reminderSchedule, supervisorOf } from '../../core/reminders';

const rules = { escalationWorkingDays: 3 };
// Due at the end of Friday 16 October 2026 (China): 10 working days after Monday 28 September,
// across the National Day holiday (1–7 October) and the 调休 Saturday 10 October.
const dueAt = new Date('2026-10-16T15:59:59.999Z');
const opened = new Date('2026-09-28T02:00:00Z');

describe('the reminder planner', () => {
  it('never plans overdue or escalation for a task its workflow closes at the due date (correction, expert scoring)', () => {
    const dueAt = new Date('2026-11-20T15:59:59.999Z');
    const longAfter = new Date('2026-12-31T00:00:00Z');
    for (const kind of ['revision', 'expert_score'] as const) {
      expect(reminderKindsOf(kind)).toEqual(['due-in-7', 'due-in-3', 'due-in-1']);
      const plan = planReminders(dueAt, new Date('2026-11-01T00:00:00Z'), longAfter, {
        escalationWorkingDays: 3,
        only: reminderKindsOf(kind),
      });
      expect(plan.send.map((p) => p.kind)).toEqual(['due-in-1']);
      expect(plan.next).toBeUndefined();
    }
    expect(reminderKindsOf('district_recommendation')).toContain('escalation');
  });

  it('counts working days back across a holiday and a 调休 Saturday', () => {
    expect(workingDaysBefore('2026-10-16', 7)).toBe('2026-10-08');
    expect(workingDaysBefore('2026-10-13', 3)).toBe('2026-10-09'); // Saturday 10 October is a working day
    expect(workingDaysBefore('2026-10-08', 1)).toBe('2026-09-30'); // the holiday is skipped
  });

  it('schedules T-7, T-3, T-1 at 09:00 China, overdue when the day passes, escalation after 3 working days', () => {
    expect(reminderSchedule(dueAt, rules).map((p) => [p.kind, p.at.toISOString()])).toEqual([
      ['due-in-7', '2026-10-08T01:00:00.000Z'],
      ['due-in-3', '2026-10-13T01:00:00.000Z'],
      ['due-in-1', '2026-10-15T01:00:00.000Z'],
      ['overdue', '2026-10-16T16:00:00.000Z'],
      ['escalation', '2026-10-21T16:00:00.000Z'],
    ]);
    // Calendar overrides move the schedule: 9 October declared a day off.
    expect(reminderSchedule(dueAt, { ...rules, overrides: { '2026-10-09': false } })[0]!.at.toISOString()).toBe('2026-09-30T01:00:00.000Z');
  });

  it('sends nothing before the first point and names the next', () => {
    const plan = planReminders(dueAt, opened, new Date('2026-10-08T00:59:59Z'), rules);
    expect(plan.send).toEqual([]);
    expect(plan.next?.toISOString()).toBe('2026-10-08T01:00:00.000Z');
  });

  it('sends only the latest of the assignee’s points that passed, and the escalation beside it', () => {
    const late = planReminders(dueAt, opened, new Date('2026-10-15T02:00:00Z'), rules);
    expect(late.send.map((p) => p.kind)).toEqual(['due-in-1']);
    const long = planReminders(dueAt, opened, new Date('2026-10-22T00:00:00Z'), rules);
    expect(long.send.map((p) => p.kind)).toEqual(['overdue', 'escalation']);
    expect(long.next).toBeUndefined();
  });

  it('does not send points that passed before the due date was set (a short deadline, an extension)', () => {
    const since = new Date('2026-10-14T00:00:00Z');
    const plan = planReminders(dueAt, since, new Date('2026-10-14T01:00:00Z'), rules);
    expect(plan.send).toEqual([]);
    expect(plan.next?.toISOString()).toBe('2026-10-15T01:00:00.000Z');
  });

  it('escalates a district’s task to the city office and an expert’s to the admin who assigned it', () => {
    expect(supervisorOf('district:district-a')).toBe('role:city-admin');
    expect(supervisorOf('user:expert-1', 'admin')).toBe('user:admin');
    expect(supervisorOf('org:centre-a1')).toBe('role:city-admin');
    expect(supervisorOf('role:city-admin')).toBeUndefined();
  });
});

describe('messages', () => {
  const facts = {
    projectTitle: '银龄数字课堂',
    stage: { zh: '区级推荐', en: 'District recommendation' },
    dueAt,
    link: 'http://x/tasks/t1',
  };
  it('are zh-CN by default, naming the project, the stage, the due date in China time and a link', () => {
    const m = renderMessage('due-in-3', 'zh-CN', facts);
    expect(m.subject).toBe('【申报】还有3个工作日到期：银龄数字课堂（区级推荐）');
    expect(m.body).toContain('截止时间：2026-10-16 23:59（北京时间）');
    expect(m.body).toContain('http://x/tasks/t1');
  });
  it('are English for those who prefer it', () => {
    const m = renderMessage('escalation', 'en', { ...facts, assignee: 'district-a' });
    expect(m.subject).toBe('[shenbao] Escalated: overdue at district-a: 银龄数字课堂 (District recommendation)');
    expect(m.body).toContain('Due: 2026-10-16 23:59 (China time)');
  });
});
