import type { FormDefinition } from '../../core/form-definition';

/** A call's form with one field of every type, a table of typed columns among them (issue 20 item 2). */
const named = (key: string, labelZh: string, labelEn: string, required: boolean) => ({ key, labelZh, labelEn, required });
const options = (...pairs: [string, string][]) => pairs.map(([value, labelZh]) => ({ value, labelZh, labelEn: value }));

export const everyTypeForm: FormDefinition = [
  { type: 'text', ...named('courseName', '课程名称', 'Course name', true), maxLength: 50 },
  { type: 'longtext', ...named('plan', '实施方案', 'Plan', true), maxLength: 2000 },
  { type: 'integer', ...named('learners', '计划学员人数', 'Planned learners', true), unit: '人', min: 1, max: 10000 },
  { type: 'decimal', ...named('area', '场地面积', 'Floor area', false), unit: '平方米', min: 0, max: 100000 },
  { type: 'money', ...named('budget', '项目预算', 'Budget', true), maxFen: 100_000_000 },
  { type: 'date', ...named('startDate', '开班日期', 'Start date', true) },
  { type: 'select', ...named('level', '项目级别', 'Level', false), options: options(['street', '街道级'], ['district', '区级']) },
  {
    type: 'multiselect',
    ...named('audiences', '服务对象', 'Audiences', true),
    options: options(['elders', '老年人'], ['youth', '青少年'], ['workers', '在职人员']),
  },
  { type: 'phone', ...named('venuePhone', '场地电话', 'Venue phone', false) },
  { type: 'email', ...named('email', '联系邮箱', 'Email', false) },
  { type: 'yesno', ...named('hasVenue', '是否有固定场地', 'Has a venue', true) },
  {
    type: 'table',
    ...named('courses', '课程清单', 'Courses', true),
    maxRows: 3,
    columns: [
      { type: 'text', ...named('title', '课程', 'Course', true), maxLength: 30 },
      { type: 'decimal', ...named('hours', '课时', 'Hours', true), unit: '小时', min: 0, max: 1000 },
      { type: 'money', ...named('fee', '费用', 'Fee', false) },
      { type: 'yesno', ...named('online', '线上', 'Online', false) },
    ],
  },
  { type: 'material', ...named('venuePhotos', '场地照片', 'Venue photos', false) },
];

/** A complete declaration of it, as stored: money in 分 (12,345.67 元, 50.50 元). */
export const everyTypeValues = {
  courseName: '银龄数字课堂',
  plan: '每周两次\n共十六周',
  learners: 120,
  area: 85.5,
  budget: 1_234_567,
  startDate: '2027-03-01',
  level: 'district',
  audiences: ['elders', 'workers'],
  venuePhone: '021-5555 0101',
  email: 'office@example.org',
  hasVenue: true,
  courses: [
    { title: '智能手机入门', hours: 16, fee: 5050, online: false },
    { title: '移动支付', hours: 8.5 },
  ],
};

const row = everyTypeValues.courses[0]!;
/** One bad value per field (a table's at its row and column), and where the API names it. */
export const badValues: [field: string, key: string, value: unknown][] = [
  ['courseName', 'courseName', 'x'.repeat(51)],
  ['plan', 'plan', '计划\u202E'],
  ['learners', 'learners', 0],
  ['learners', 'learners', 12.5],
  ['learners', 'learners', '一百二十人'],
  ['area', 'area', 0.001],
  ['budget', 'budget', 12.5],
  ['budget', 'budget', -1],
  ['budget', 'budget', 100_000_001],
  ['budget', 'budget', '100'],
  ['startDate', 'startDate', '2027-02-30'],
  ['level', 'level', 'city'],
  ['audiences', 'audiences', ['aliens']],
  ['audiences', 'audiences', ['elders', 'elders']],
  ['venuePhone', 'venuePhone', '12345'],
  ['email', 'email', 'not an email'],
  ['hasVenue', 'hasVenue', 'yes'],
  ['courses.0.hours', 'courses', [{ ...row, hours: -1 }]],
  ['courses.1.fee', 'courses', [row, { title: '书法', hours: 4, fee: 1.5 }]],
  ['courses.0.extra', 'courses', [{ ...row, extra: 1 }]],
  ['courses', 'courses', [row, row, row, row]],
  ['venuePhotos', 'venuePhotos', 'photo.jpg'],
  ['zzNotAField', 'zzNotAField', 1],
];
