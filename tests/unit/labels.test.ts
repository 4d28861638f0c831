import { jsx } from 'hono/jsx';
import { describe, expect, it } from 'vitest';
import { scoringMethods } from '../../core/kinds';
import {
  allStages,
  callFieldLabels,
  callStatusLabels,
  combinedScoreText,
  historyActionLabel,
  historyActions,
  outcomeLabels,
  scoringMethodLabels,
  stageLabel,
  taskKindLabels,
  when,
} from '../../core/labels';
import { taskLabel } from '../../core/messages';
import { acceptanceOutcomes, midtermOutcomes, projectStages } from '../../core/projects';
import { callStatuses, formalReviewOutcomes, recommendationOutcomes, stages, taskKinds } from '../../core/stages';
import type { AuditEventItem } from '../../functions/adapters/entities';
import { History } from '../../functions/api/pages/declaration';

/** What a code looks like where a word should be: snake_case, dotted, kebab-case, an ISO instant, or any Latin word in Chinese text. */
const rawCode = /[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+|\d{4}-\d{2}-\d{2}T\d{2}|[A-Za-z]{2,}/;
const visibleText = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');

describe('one label for every code a person sees (issue 16 item 5)', () => {
  it('the vocabularies come from the enums: every stage, task kind, call status, outcome and scoring method has a Chinese label', () => {
    for (const stage of [...stages, ...projectStages]) expect(stageLabel(stage)?.zh, stage).not.toMatch(rawCode);
    expect(allStages).toEqual(expect.arrayContaining([...stages, ...projectStages]));
    for (const kind of taskKinds) {
      expect(taskKindLabels[kind].zh, kind).not.toMatch(rawCode);
      expect(taskLabel(kind).zh, kind).not.toMatch(rawCode);
    }
    for (const status of callStatuses) expect(callStatusLabels[status].zh, status).not.toMatch(rawCode);
    for (const outcome of [...recommendationOutcomes, ...formalReviewOutcomes, ...midtermOutcomes, ...acceptanceOutcomes])
      expect(outcomeLabels[outcome].zh, outcome).not.toMatch(rawCode);
    for (const method of scoringMethods) expect(scoringMethodLabels[method].zh, method).not.toMatch(rawCode);
    for (const [field, label] of Object.entries(callFieldLabels)) expect(label.zh, field).not.toMatch(rawCode);
  });

  it('the record can hold an action for every task kind opened, every call status, every decision outcome', () => {
    // The registry is built from the enums, so a new task kind, status or outcome is an action with a label.
    for (const kind of taskKinds) expect(historyActions).toContain(`task.opened.${kind}`);
    for (const status of callStatuses) expect(historyActions).toContain(`call.${status}`);
    for (const outcome of recommendationOutcomes) expect(historyActions).toContain(`district.${outcome}`);
    for (const outcome of formalReviewOutcomes) expect(historyActions).toContain(`formal_review.${outcome}`);
    for (const outcome of midtermOutcomes)
      expect(historyActions).toEqual(expect.arrayContaining([`midterm.review.${outcome}`, `midterm.recheck.${outcome}`]));
    for (const outcome of acceptanceOutcomes) expect(historyActions).toContain(`acceptance.${outcome}`);
    expect(new Set(historyActions.map((a) => historyActionLabel(a).zh)).size).toBeGreaterThan(historyActions.length * 0.9);
  });

  it('the history table renders every action and every stage in Chinese, with no raw code', () => {
    const all = [...stages, ...projectStages];
    const history = historyActions.map(
      (action, i): AuditEventItem => ({
        declarationId: 'app_1',
        eventId: `evt_${i}`,
        at: new Date(Date.UTC(2027, 1, 10, 15, 59, 59, 999)).toISOString(),
        actor: i % 2 ? 'workflow' : 'expert-1',
        action,
        toStage: all[i % all.length],
      }),
    );
    const names = (key: string | undefined) => (key === 'workflow' ? '系统流程' : '评审专家1');
    const html = jsx(History, { history, names, t: (zh: string) => zh, lang: 'zh' }).toString() as string;
    const text = visibleText(html);
    expect(text.match(rawCode)?.[0]).toBeUndefined();
    for (const action of historyActions) expect(text).toContain(historyActionLabel(action).zh);
    for (const stage of all) expect(text).toContain(stageLabel(stage)!.zh);
  });

  it('instants read in China time; the record states a combined score in words', () => {
    expect(when('2027-02-10T15:59:59.999Z', 'zh')).toMatch(/^2027年2月10日 23:59$/);
    const text = combinedScoreText({ combined: 85.67, method: 'trimmed-mean', count: 4, dropped: [60, 99] }, 1);
    expect(text).toBe('综合得分 85.67（去掉最高分和最低分后平均；去掉最低分 60、最高分 99；1 位专家未评分）');
    expect(text).not.toMatch(rawCode);
  });
});
