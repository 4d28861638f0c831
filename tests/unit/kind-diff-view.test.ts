import { describe, expect, it } from 'vitest';
import { kindDiff } from '../../core/kind-diff';
import type { KindDefinition } from '../../core/kind-definition';
import { KindDiffView } from '../../functions/api/pages/kind-diff-view';
import { sampleKind } from '../support/kind-fixture';

const zh = (a: string) => a;
const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const shown = async (next: KindDefinition) =>
  text(
    String(await KindDiffView({ diff: kindDiff(sampleKind, next), t: zh, lang: 'zh', criteria: [...sampleKind.rubric, ...next.rubric] })),
  );

describe('the diff as the office reads it', () => {
  it('names members and settings in Chinese, codes by their labels, money in 元, yes/no, criteria by name', async () => {
    const next = structuredClone(sampleKind);
    next.form[0] = { ...next.form[0]!, type: 'longtext', required: false } as KindDefinition['form'][number];
    const budget = next.form[4]!;
    if (budget.type !== 'money') throw new Error('fixture');
    budget.maxFen = 12345600;
    next.tieBreak = ['impact'];
    next.lifecycle = 'construction';
    next.eligibility.levels = ['street'];
    const page = await shown(next);
    expect(page).toContain('修改：项目名称（projectName）');
    expect(page).toContain('类型 单行文字 多行文字');
    expect(page).toContain('必填 是 否');
    expect(page).toContain('金额上限 500,000.00 元 123,456.00 元');
    expect(page).toContain('同分时依次比较 方案设计、预期成效 预期成效');
    expect(page).toContain('项目周期 建设期满一次结项验收（无中期检查） 建设期：中期检查后考核验收');
    expect(page).toContain('可申报的单位层级 街道（镇）级、村（居）教学点 街道（镇）级');
  });

  it('says when two versions are the same', async () => {
    expect(await shown(structuredClone(sampleKind))).toContain('两个版本的内容相同。');
  });
});
