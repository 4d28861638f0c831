import { describe, expect, it } from 'vitest';
import { isSameKind, kindDiff, listDiff, memberChanges } from '../../core/kind-diff';
import type { KindDefinition } from '../../core/kind-definition';
import { sampleKind } from '../support/kind-fixture';

const copy = (): KindDefinition => structuredClone(sampleKind);

describe('the diff between two versions of a kind', () => {
  it('finds nothing between a version and its copy, whatever order the members were written in', () => {
    const reordered = Object.fromEntries(Object.entries(copy()).reverse()) as KindDefinition;
    const diff = kindDiff(sampleKind, reordered);
    expect(isSameKind(diff)).toBe(true);
    expect(diff.settings).toEqual([]);
  });

  it('names fields added, removed and changed member by member, matched by key', () => {
    const next = copy();
    next.form = next.form.filter((f) => f.key !== 'contactEmail');
    next.form.push({ type: 'yesno', key: 'hasVenue', labelZh: '是否有场地', labelEn: 'Has a venue', required: false });
    const theme = next.form.find((f) => f.key === 'theme')!;
    if (theme.type !== 'select') throw new Error('fixture');
    theme.labelZh = '游学主题';
    theme.options.push({ value: 'craft', labelZh: '手工艺', labelEn: 'Craft' });
    const diff = kindDiff(sampleKind, next);
    expect(diff.form.added.map((f) => f.key)).toEqual(['hasVenue']);
    expect(diff.form.removed.map((f) => f.key)).toEqual(['contactEmail']);
    expect(diff.form.changed).toHaveLength(1);
    expect(diff.form.changed[0]!.key).toBe('theme');
    expect(diff.form.changed[0]!.members.map((m) => m.member)).toEqual(['labelZh', 'options']);
    expect(diff.form.changed[0]!.members[0]).toEqual({ member: 'labelZh', from: '主题', to: '游学主题' });
    expect(isSameKind(diff)).toBe(false);
  });

  it('reports a field whose type changed with the members that came and went', () => {
    const next = copy();
    next.form[0] = { type: 'longtext', key: 'projectName', labelZh: '项目名称', labelEn: 'projectName', required: true, maxLength: 300 };
    const [change] = kindDiff(sampleKind, next).form.changed;
    expect(change!.members).toEqual([
      { member: 'type', from: 'text', to: 'longtext' },
      { member: 'maxLength', from: 100, to: 300 },
    ]);
  });

  it('says an item moved only when its place among the kept items changed', () => {
    const from = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];
    expect(listDiff(from, [{ key: 'x' }, ...from]).changed).toEqual([]);
    expect(listDiff(from, [{ key: 'b' }, { key: 'a' }, { key: 'c' }]).changed.map((c) => [c.key, c.members])).toEqual([
      ['b', [{ member: 'position', from: 2, to: 1 }]],
      ['a', [{ member: 'position', from: 1, to: 2 }]],
    ]);
  });

  it('names criteria, KPIs and materials changed, and a weight set where there was none', () => {
    const next = copy();
    next.rubric[0] = { ...next.rubric[0]!, maxScore: 30, weight: 1.5 };
    next.kpiTargets[0] = { ...next.kpiTargets[0]!, unit: '人', target: 800 };
    next.materials.push({ key: 'budgetSheet', labelZh: '预算表', labelEn: 'Budget', required: false });
    const diff = kindDiff(sampleKind, next);
    expect(diff.rubric.changed[0]!.members).toEqual([
      { member: 'maxScore', from: 40, to: 30 },
      { member: 'weight', from: undefined, to: 1.5 },
    ]);
    expect(diff.kpiTargets.changed[0]!.members.map((m) => m.member)).toEqual(['unit', 'target']);
    expect(diff.materials.added.map((m) => m.key)).toEqual(['budgetSheet']);
    expect(diff.acceptanceRubric).toEqual({ added: [], removed: [], changed: [] });
  });

  it('names settings by their path: deadlines, outcome, eligibility, scoring, names', () => {
    const next = copy();
    next.deadlines.formalReview = 15;
    next.outcome = { type: 'recommendation', toZh: '省级', toEn: 'Province' };
    next.eligibility.maxPerStreet = undefined;
    next.eligibility.levels = ['street'];
    next.scoring = 'mean';
    next.nameZh = '游学项目';
    const members = kindDiff(sampleKind, next).settings;
    expect(members).toContainEqual({ member: 'deadlines.formalReview', from: 10, to: 15 });
    expect(members).toContainEqual({ member: 'outcome.type', from: 'title', to: 'recommendation' });
    expect(members).toContainEqual({ member: 'outcome.toZh', from: undefined, to: '省级' });
    expect(members).toContainEqual({ member: 'eligibility.maxPerStreet', from: 2, to: undefined });
    expect(members).toContainEqual({ member: 'eligibility.levels', from: ['street', 'point'], to: ['street'] });
    expect(members).toContainEqual({ member: 'scoring', from: 'trimmed-mean', to: 'mean' });
    expect(members).toContainEqual({ member: 'nameZh', from: '社区教育游学项目', to: '游学项目' });
    expect(members.some((m) => m.member.startsWith('form') || m.member.startsWith('rubric.'))).toBe(false);
  });

  it('compares arrays as a whole and objects member by member', () => {
    expect(memberChanges({ a: [1, 2] }, { a: [2, 1] })).toEqual([{ member: 'a', from: [1, 2], to: [2, 1] }]);
    expect(memberChanges({ a: { b: 1, c: 2 } }, { a: { c: 2, b: 3 } })).toEqual([{ member: 'a.b', from: 1, to: 3 }]);
  });
});
