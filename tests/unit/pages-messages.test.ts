import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, ValidationError } from '../../core/errors';
import { coded, codeOfIssue, type ProblemCode } from '../../core/problem-codes';
import { createDeclarationInput, createCallInput, decisionInput, extensionInput, updateDeclarationInput } from '../../core/schemas';
import { httpOf } from '../../functions/api/error-map';
import { validationErrorOf } from '../../functions/api/problem';
import { fieldErrors, schemaErrors } from '../../functions/api/pages/context';
import { sayError, sayProblem, zhMessages, zhOf } from '../../functions/api/pages/messages';

/** Facts enough for any code's sentence. */
const facts = {
  min: 2,
  max: 30,
  maxMb: 20,
  label: '服务区域',
  unit: '人次',
  accepted: 'pdf, jpg',
  extension: 'pdf',
  report: 'final',
  latest: '2026-12-31T15:59:59.000Z',
  expert: 'expert-1',
  name: 'expert-1',
  chosen: 5,
  quota: 3,
  id: 'app_1',
  stage: 'district_review',
  current: '2026-10-12T15:59:59.000Z',
  opensAt: '2026-09-01T00:00:00.000Z',
  closesAt: '2026-10-01T00:00:00.000Z',
  cap: 2,
  retryAfterSeconds: 90,
  levels: ['street'],
  types: ['community-education-centre'],
  validUntil: '2029-06-30T04:00:00.000Z',
  year: '2027',
  column: '角色',
  row: 3,
  count: 2,
  username: 'district-a',
  existing: '91350100M000100Y43',
  level: '区县',
  key: 'reading-circle',
  version: 2,
  from: '2026-03-01',
  to: '2027-02-28',
  attendee: 'expert-9',
  date: '2026-03-02T00:00:00.000Z',
  requestedFen: 1_200_000,
  maxFen: 50_000_000,
  maxPercent: 30,
  payableFen: 600_000,
  voucher: 'PZ-1',
  reason: '决算与报告支出、拨付不一致，不能作出验收结论：课程开发：决算 13,000.00 元，报告支出 13,500.00 元，相差 500.00 元',
  tranche: 2,
  minimum: 100,
  maximum: 1000,
  attemptsLeft: 4,
  years: 2,
};
const han = /[\u4e00-\u9fff]/;

/** Every code raised anywhere in core/ or the functions, as written at the raising site. */
function codesRaised(): Set<string> {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const raised = new Set<string>();
  for (const file of [...files('core'), ...files('functions')]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:coded|issueCode)\('([a-z0-9-]+)'|code: '([a-z0-9-]+)'/g))
      raised.add(m[1] ?? m[2]!);
  }
  // zod's own issue code, raised with a problem code in its params (core/records.ts).
  raised.delete('custom');
  return raised;
}

describe('the pages’ Chinese for the API’s problems', () => {
  it('has a plain Chinese sentence for every code, with its facts filled in', () => {
    for (const code of Object.keys(zhMessages) as ProblemCode[]) {
      const text = zhOf({ code, params: facts } as never);
      expect(text, code).toMatch(han);
      expect(text, code).not.toMatch(/undefined|NaN|\[object|\$\{/);
    }
    expect(zhOf(coded('score-out-of-range', { max: 30 }))).toBe('分数须在 0 到 30 分之间，不能超过满分 30 分');
    expect(zhOf(coded('declaration-not-editable', { stage: 'district_review' }))).toBe('申报处于“区级推荐”阶段，不能修改');
    expect(zhOf(coded('project-ended', { stage: 'withdrawn' }))).toBe('项目已结束（“撤回”）');
    // Instants are days and minutes in China time, as everywhere in the pages.
    expect(zhOf(coded('call-closed', { closesAt: '2026-10-01T00:00:00.000Z' }))).toBe('申报已于 2026-10-01 08:00 截止，不再受理提交');
  });

  it('every code raised in core/ and the functions has its Chinese', () => {
    const raised = codesRaised();
    expect(raised.size).toBeGreaterThan(40);
    for (const code of raised) expect(zhMessages, code).toHaveProperty(code);
  });

  it('says an uncoded problem in the API’s English, and English always in English', () => {
    expect(sayProblem('zh', { field: 'body.x', message: 'something new' })).toBe('something new');
    expect(sayProblem('en', { field: 'body.x', message: 'the file is empty', code: 'material-empty', params: {} })).toBe(
      'the file is empty',
    );
    expect(sayProblem('zh', { field: 'body.x', message: 'the file is empty', code: 'material-empty', params: {} })).toBe(
      '文件是空的，请重新选择',
    );
    const conflict = new ConflictError(
      'district district-a has reached its cap of 1 recommendations in this call',
      { cap: 1 },
      { coded: coded('district-cap-reached', { cap: 1 }) },
    );
    expect(sayError('zh', conflict)).toBe('本区在本批次的推荐名额（1 个）已用完');
    expect(sayError('en', conflict)).toBe(conflict.message);
    expect(sayError('zh', new ConflictError('uncoded'))).toBe('uncoded');
  });

  it('names zod issues by code, with the schema’s own bounds', () => {
    const zh = (schema: z.ZodType, input: unknown) => schemaErrors('zh', schema.safeParse(input).error!);
    expect(zh(createDeclarationInput, { title: ' ' })).toEqual({ title: '此项为必填项' });
    expect(zh(createDeclarationInput, { title: '课'.repeat(201), contactPhone: 'abc', fields: { x: 'y' }, extra: 1 })).toEqual({
      title: '不能超过 200 个字',
      contactPhone: '请填写正确的电话号码：11 位手机号码，或带区号的固定电话（如 021-5555 0101）',
      extra: '不是本表的填写项',
    });
    expect(zh(updateDeclarationInput, {})).toEqual({ body: '没有要保存的内容，请至少填写一项' });
    expect(zh(decisionInput, { rank: 1.5, scores: { plan: 101 }, outcome: 'maybe' })).toEqual({
      rank: '请填写整数',
      'scores.plan': '不能大于 100',
      outcome: '请从给出的选项中选择',
    });
    expect(zh(decisionInput, { rank: Number('第二') })).toEqual({ rank: '请填写数字' });
    expect(zh(extensionInput, { reason: '需要时间' })).toEqual({ dueAt: '此项为必填项' });
    expect(zh(extensionInput, { dueAt: '下周五', reason: '需要时间' })).toEqual({ dueAt: '请填写正确的日期' });
    // An issue a page user cannot meet keeps the API's English.
    const odd = z.string().startsWith('x').safeParse('y').error!.issues[0]!;
    expect(codeOfIssue(odd)).toMatchObject({ code: 'bad-format' });
    expect(
      codeOfIssue({ code: 'invalid_element', origin: 'map', key: 1, issues: [], path: [], message: 'Invalid element in map' } as never),
    ).toBeUndefined();
    // A record's key: a district's code is told how a code is written; a calendar date is just badly formed.
    expect(zh(createCallInput.pick({ districtCaps: true }), { districtCaps: { A区: 1 } })).toEqual({
      'districtCaps.A区': '代码须以英文字母开头，只含英文字母、数字、_ 或 -（如 district-b）',
    });
    expect(zh(createCallInput.pick({ calendarOverrides: true }), { calendarOverrides: { '2027-13-01': true } })).toEqual({
      'calendarOverrides.2027-13-01': '格式不正确',
    });
  });

  it('several problems at one field are joined in the reader’s punctuation', () => {
    const problems = [
      { field: 'body.comment', message: 'one', code: 'comment-required', params: {} },
      { field: 'body.comment', message: 'two', code: 'not-in-this-decision', params: {} },
    ] as const;
    expect(fieldErrors('zh', [...problems])).toEqual({ comment: '请填写评审意见；本环节不填写此项' });
    expect(fieldErrors('en', [...problems])).toEqual({ comment: 'one; two' });
  });

  it('leaves the API’s problem+json as it was: field and message only', () => {
    const error = validationErrorOf(createDeclarationInput.safeParse({ title: '' }).error!, 'json');
    expect(error.errors[0]).toMatchObject({ field: 'body.title', code: 'required' });
    expect(httpOf(error).extensions).toEqual({
      errors: [{ field: 'body.title', message: 'Too small: expected string to have >=1 characters' }],
    });
    const domain = new ValidationError([
      { field: 'body.scores.plan', message: 'must be between 0 and 30', ...coded('score-out-of-range', { max: 30 }) },
    ]);
    expect(httpOf(domain).extensions).toEqual({ errors: [{ field: 'body.scores.plan', message: 'must be between 0 and 30' }] });
    expect(domain.message).toBe('body.scores.plan: must be between 0 and 30');
  });
});
