import { describe, expect, it } from 'vitest';
import { formValuesSchema } from '../../core/form-definition';
import { amountProblems, postedFormValues, withoutEmptyRows, withRowAdded } from '../../functions/api/pages/form-post';
import { everyTypeForm, everyTypeValues } from '../support/forms';

/** A post of the applicant's form read back into the values the API stores (form-post.ts). */
describe('a typed form’s post', () => {
  const post = {
    'fields.courseName': ' 银龄数字课堂 ',
    'fields.plan': '每周两次\n共十六周',
    'fields.learners': '120',
    'fields.area': '85.5',
    'fields.budget': '¥12,345.67',
    'fields.startDate': '2027-03-01',
    'fields.level': 'district',
    'fields.audiences': ['', 'elders', 'workers'],
    'fields.venuePhone': '021-5555 0101',
    'fields.email': 'office@example.org',
    'fields.hasVenue': 'yes',
    'fields.courses.0.title': '智能手机入门',
    'fields.courses.0.hours': '16',
    'fields.courses.0.fee': '50.5',
    'fields.courses.0.online': 'no',
    'fields.courses.1.title': '',
    'fields.courses.1.hours': '',
    'fields.courses.10.title': '移动支付',
    'fields.courses.10.hours': '8.5',
    'fields.zzForged': 'x',
  };

  it('reads each input as its type: 元 as 分, yes/no, the boxes ticked, rows in order with empty ones kept until saved', () => {
    const values = postedFormValues(everyTypeForm, post);
    expect(values.courses).toEqual([{ title: '智能手机入门', hours: 16, fee: 5050, online: false }, {}, { title: '移动支付', hours: 8.5 }]);
    const saved = withoutEmptyRows(everyTypeForm, values);
    expect(saved).toEqual(everyTypeValues);
    expect(formValuesSchema(everyTypeForm, { complete: true }).parse(saved)).toEqual(everyTypeValues);
    expect(withoutEmptyRows(everyTypeForm, { courses: [{}, {}] })).toEqual({});
  });

  it('keeps what cannot be read as typed, and names money that is no amount or too much', () => {
    const values = postedFormValues(everyTypeForm, {
      'fields.learners': '一百二十人',
      'fields.budget': '12.345',
      'fields.hasVenue': 'maybe',
    });
    expect(values).toEqual({ learners: '一百二十人', budget: '12.345', hasVenue: 'maybe' });
    expect(
      amountProblems(everyTypeForm, { 'fields.budget': '1000000.01', 'fields.courses.0.fee': '五十', 'fields.courses.1.fee': '5' }),
    ).toEqual([
      { name: 'fields.budget', unreadable: false, over: 100_000_000 },
      { name: 'fields.courses.0.fee', unreadable: true },
    ]);
  });

  it('添加一行 adds one empty row up to the table’s maximum', () => {
    expect(withRowAdded(everyTypeForm, {}, 'courses')).toEqual({ courses: [{}] });
    const full = { courses: [{}, {}, {}] };
    expect(withRowAdded(everyTypeForm, full, 'courses')).toEqual(full);
    expect(withRowAdded(everyTypeForm, full, 'courseName')).toBe(full);
  });
});
