import { type KindDefinition, kindDefinition } from '../../core/kind-definition';
import { LEGACY_STAGE_DEADLINES } from '../../core/kinds';

const label = (key: string, labelZh: string, labelEn = key) => ({ key, labelZh, labelEn });

/** A kind using every field type, both rubrics, KPIs, a title outcome and eligibility rules: what the editor and the diff must carry whole. */
export const sampleKind: KindDefinition = kindDefinition.parse({
  nameZh: '社区教育游学项目',
  nameEn: 'Community study tour',
  form: [
    { type: 'text', ...label('projectName', '项目名称'), required: true, maxLength: 100 },
    { type: 'longtext', ...label('plan', '实施方案'), required: true, maxLength: 5000 },
    { type: 'integer', ...label('staff', '专职人员'), required: true, unit: '人', min: 0, max: 500 },
    { type: 'decimal', ...label('area', '场地面积'), required: false, unit: '平方米', min: 0, max: 100000 },
    { type: 'money', ...label('budget', '预算'), required: true, maxFen: 50000000 },
    { type: 'money', ...label('selfFunding', '自筹经费'), required: false },
    { type: 'date', ...label('startsOn', '开始日期'), required: true },
    {
      type: 'select',
      ...label('theme', '主题'),
      required: true,
      options: [
        { value: 'history', labelZh: '历史', labelEn: 'History' },
        { value: 'nature', labelZh: '自然', labelEn: 'Nature' },
      ],
    },
    {
      type: 'multiselect',
      ...label('ages', '面向人群'),
      required: false,
      options: [{ value: 'elders', labelZh: '老年人', labelEn: 'Elders' }],
    },
    { type: 'phone', ...label('contactPhone', '联系电话'), required: true },
    { type: 'email', ...label('contactEmail', '电子邮箱'), required: false },
    { type: 'yesno', ...label('hasPartner', '是否有合作单位'), required: true },
    {
      type: 'table',
      ...label('routes', '游学线路'),
      required: true,
      maxRows: 20,
      columns: [
        { type: 'text', ...label('stop', '站点'), required: true, maxLength: 50 },
        { type: 'integer', ...label('hours', '课时'), required: false, unit: '课时', min: 1, max: 40 },
        { type: 'select', ...label('mode', '方式'), required: true, options: [{ value: 'walk', labelZh: '步行', labelEn: 'Walk' }] },
      ],
    },
    { type: 'material', ...label('photos', '场地照片'), required: false },
  ],
  materials: [{ ...label('application', '申报书'), required: true }],
  rubric: [
    { ...label('design', '方案设计'), maxScore: 40 },
    { ...label('resources', '资源保障'), maxScore: 30 },
    { ...label('impact', '预期成效'), maxScore: 15, weight: 2 },
  ],
  rubricTotal: 100,
  acceptanceRubric: [{ ...label('delivery', '完成情况'), maxScore: 100 }],
  acceptanceRubricTotal: 100,
  kpiTargets: [{ ...label('participants', '参与人次'), unit: '人次', target: 500, measure: 'count' }],
  deadlines: { ...LEGACY_STAGE_DEADLINES },
  projectDeadlines: {
    midtermReport: 20,
    midtermReview: 10,
    rectification: 30,
    acceptanceAssignment: 10,
    acceptanceReview: 15,
    acceptanceDecision: 10,
  },
  lifecycle: 'acceptance-only',
  constructionMonths: 12,
  outcome: { type: 'title', titleZh: '优秀游学项目', titleEn: 'Outstanding study tour', validityYears: 3 },
  quota: 10,
  defaultDistrictCap: 3,
  expertsPerDeclaration: 5,
  scoring: 'trimmed-mean',
  tieBreak: ['design', 'impact'],
  noticeWorkingDays: 5,
  escalationWorkingDays: 3,
  eligibility: {
    levels: ['street', 'point'],
    types: ['community-education-centre', 'community-school'],
    maxPerOrganisation: 1,
    maxPerStreet: 2,
    notIfAlreadyNamed: true,
    minimums: [{ field: 'staff', min: 1 }],
  },
});
