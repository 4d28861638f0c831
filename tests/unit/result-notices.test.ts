import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeInCall, resultNoticeNumber } from '../../core/result-notices';
import { renderMessage, renderTextMessage } from '../../core/messages';

describe('result notice numbers (文号)', () => {
  it('numbers a declaration by its place among the call’s submitted declarations, the same in its 立项 and 验收 notice', () => {
    const declarations = [
      { declarationId: 'dcl-b', createdAt: '2026-03-01T00:00:00Z', submittedAt: '2026-03-02T00:00:00Z' },
      { declarationId: 'dcl-draft', createdAt: '2026-02-01T00:00:00Z' },
      { declarationId: 'dcl-a', createdAt: '2026-03-01T00:00:00Z', submittedAt: '2026-03-05T00:00:00Z' },
      { declarationId: 'dcl-c', createdAt: '2026-01-01T00:00:00Z', submittedAt: '2026-01-02T00:00:00Z' },
    ];
    expect(['dcl-c', 'dcl-a', 'dcl-b', 'dcl-draft'].map((id) => placeInCall(declarations, id))).toEqual([1, 2, 3, undefined]);
    const call = { year: 2026, batch: 2 };
    expect(resultNoticeNumber('establishment', call, 12)).toBe('市终身教育办〔2026〕第2批立项第012号');
    expect(resultNoticeNumber('acceptance', call, 12)).toBe('市终身教育办〔2026〕第2批验收第012号');
    expect(resultNoticeNumber('call_result', call)).toBe('市终身教育办〔2026〕第2批立项结果公告');
    expect(() => resultNoticeNumber('acceptance', call, undefined)).toThrow(RangeError);
  });

  it('gives distinct places to distinct declarations whatever their order or timestamps', () => {
    const item = fc.record({ createdAt: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'), submitted: fc.boolean() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const declarations = items.map((d, i) => ({
          declarationId: `dcl-${i}`,
          createdAt: d.createdAt,
          ...(d.submitted ? { submittedAt: d.createdAt } : {}),
        }));
        const places = declarations.filter((d) => d.submittedAt).map((d) => placeInCall(declarations, d.declarationId));
        expect(new Set(places).size).toBe(places.length);
        expect([...places].sort((a, b) => a! - b!)).toEqual(places.map((_, i) => i + 1));
      }),
    );
  });
});

describe('a result notice’s message', () => {
  const facts = {
    projectTitle: '银龄智慧课堂',
    stage: { zh: '立项通知', en: 'Establishment notice' },
    dueAt: new Date('2026-07-01T02:00:00Z'),
    link: '/ui/result-notices/c/n',
    note: { zh: '立项通知（市终身教育办〔2026〕第1批立项第001号）', en: 'Establishment notice (no. 1)' },
  };
  it('names the notice and its number and gives no due date', () => {
    const zh = renderMessage('result-notice', 'zh-CN', facts);
    expect(zh.subject).toBe('【申报】立项通知（市终身教育办〔2026〕第1批立项第001号）：银龄智慧课堂');
    expect(zh.body).toContain('发文时间：2026-07-01 10:00');
    expect(zh.body).not.toContain('截止');
    expect(renderMessage('result-notice', 'en', facts).subject).toBe('[shenbao] Establishment notice (no. 1): 银龄智慧课堂');
    expect(renderTextMessage('result-notice', facts)).toContain('立项通知');
  });
});
