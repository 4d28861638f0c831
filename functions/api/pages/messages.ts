import type { FieldProblem, ShenbaoError } from '../../../core/errors';
import { chinaDateTime } from '../../../core/china-time';
import { alreadyNamedText, minimumText, organisationCapText, streetCapText, whoMayDeclare } from '../../../core/eligibility';
import { stageLabel } from '../../../core/labels';
import type { Coded, ProblemCode, ProblemFacts } from '../../../core/problem-codes';
import type { Lang } from './context';

const stageZh = (stage: string) => `“${stageLabel(stage)?.zh ?? stage}”`;
const dateZh = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : chinaDateTime(new Date(iso)));

/**
 * What the pages say in Chinese for each problem the API names in English. Worded for the staff of
 * a community-education centre, in DOMAIN.md's terms (申报, 申报材料, 回避, 绩效指标, 满分…).
 */
export const zhMessages: { [K in ProblemCode]: (facts: ProblemFacts[K]) => string } = {
  required: () => '此项为必填项',
  'too-short': ({ min }) => `至少填写 ${min} 个字`,
  'too-long': ({ max }) => `不能超过 ${max} 个字`,
  'too-small': ({ min }) => `不能小于 ${min}`,
  'too-big': ({ max }) => `不能大于 ${max}`,
  'too-few': ({ min }) => `请至少选择 ${min} 项`,
  'too-many': ({ max }) => `最多 ${max} 项`,
  'not-a-number': () => '请填写数字',
  'not-an-integer': () => '请填写整数',
  'not-a-choice': () => '请从给出的选项中选择',
  'not-a-date': () => '请填写正确的日期',
  'not-an-email': () => '请填写正确的电子邮箱地址，如 office@example.org',
  'chosen-twice': () => '同一选项不能重复选择',
  'not-a-phone': () => '请填写正确的电话号码：11 位手机号码，或带区号的固定电话（如 021-5555 0101）',
  'bad-format': () => '格式不正确',
  'bad-key': () => '代码须以英文字母开头，只含英文字母、数字、_ 或 -（如 district-b）',
  'unknown-field': () => '不是本表的填写项',
  'reserved-key': () => '不能使用这个名称（系统保留）',
  'bad-character': () => '含有不可见的控制字符、方向控制符或零宽字符，请删除后重新填写（可从纯文本重新输入）',
  'too-precise': () => '最多保留两位小数',
  'nothing-to-change': () => '没有要保存的内容，请至少填写一项',
  'required-before-submission': ({ label }) => (label ? `提交申报前须填写：${label}` : '提交申报前须填写此项'),
  'material-required-before-submission': ({ label }) => `提交申报前须上传申报材料：${label}`,
  'not-a-form-field': () => '不是本批次申报书的填写项',
  'material-not-asked': () => '本批次不要求这项申报材料',
  'upload-not-this-material': () => '上传的不是这项申报材料的文件，请重新上传',
  'upload-missing': () => '没有找到上传的文件，请重新上传',
  'eligibility-organisation': ({ levels, types }) => whoMayDeclare(levels, types),
  'eligibility-organisation-cap': ({ max }) => organisationCapText(max),
  'eligibility-street-cap': ({ max }) => streetCapText(max),
  'eligibility-already-named': ({ validUntil }) => `${alreadyNamedText()}（有效期至 ${dateZh(validUntil)}）`,
  'eligibility-minimum': ({ label, min }) => minimumText(label, min),
  'material-empty': () => '文件是空的，请重新选择',
  'material-too-large': ({ maxMb }) => `文件超过 ${maxMb} MB，请压缩后再上传`,
  'material-type-not-accepted': ({ accepted }) => `不接受这种文件类型；可上传：${accepted.split(/,\s*/).join('、')}`,
  'material-type-mismatch': ({ extension }) => `文件类型与扩展名 .${extension} 不符`,
  'material-content-mismatch': ({ extension, found }) =>
    found === 'exe'
      ? `文件内容不是 .${extension} 格式，而是可执行程序（.exe），不能上传`
      : `文件内容不是 .${extension} 格式${found ? `（实际是 .${found} 文件）` : ''}，请检查后重新上传`,
  'report-material-missing': ({ label, report }) => `提交${report}前须上传材料：${label}`,
  'report-material-not-now': ({ stage }) => `项目处于${stageZh(stage)}阶段，现在不能上传这份报告的材料`,
  'not-in-this-decision': () => '本环节不填写此项',
  'outcome-required': () => '请选择结论',
  'rank-required': () => '推荐时须填写推荐排序',
  'reason-required': () => '请填写理由（申报单位可以看到）',
  'decline-reason-required': () => '谢绝邀请时请填写理由（市办公室可以看到）',
  'rectification-required': () => '请填写整改要求',
  'termination-reason-required': () => '请填写终止理由',
  'comment-required': () => '请填写评审意见',
  'report-required': ({ report }) =>
    ({ progress: '请填写进展报告', final: '请填写总结报告', 'self-assessment': '请填写复核自评报告', rectification: '请填写整改报告' })[
      report
    ],
  'scores-required': () => '请为评分标准的每一项打分',
  'score-required': ({ label, max }) => `请为“${label}”打分（0–${max} 分）`,
  'score-out-of-range': ({ max }) => `分数须在 0 到 ${max} 分之间，不能超过满分 ${max} 分`,
  'not-a-criterion': () => '不是本批次评分标准中的项目',
  'kpi-actuals-required': () => '请填写每项绩效指标的实际值',
  'kpi-required': ({ label, unit }) => `请填写“${label}”的实际值（${unit}）`,
  'kpi-negative': () => '请填写不小于 0 的数字',
  'kpi-share-over-100': () => '比例不能超过 100（%）',
  'kpi-whole-number': ({ unit }) => `请填写整数（${unit}）`,
  'not-a-kpi-target': () => '不是本项目的绩效指标',
  'rectify-once': () => '验收只能整改一次；复验结论只能是优秀、合格或不合格',
  'rectification-date-without-rectify': () => '只有结论为“限期整改”时才填写整改期限',
  'date-not-in-future': () => '日期须晚于现在',
  'rectification-too-late': ({ latest }) => `整改期限最晚为 ${dateZh(latest)}（批次规定）`,
  'province-brand-only': () => '这个项目类型验收后不向上推荐，不能推荐省级',
  'province-excellent-only': () => '只有验收结论为优秀的项目可以推荐省级',
  'conflict-organisation': ({ expert }) => `回避：${expert} 与申报单位是同一单位`,
  'conflict-district': ({ expert }) => `回避：${expert} 与申报单位在同一区`,
  'not-in-expert-pool': ({ expert }) => `${expert} 不在专家资源库中`,
  'listed-twice': ({ name }) => `${name} 重复选择了`,
  'no-eligible-expert': () => '专家资源库中没有可以评审的专家（都须回避）',
  'conflict-declared': ({ expert }) => `回避：${expert} 申明与申报单位有利害关系`,
  'conflict-relationship': ({ expert }) => `回避：申报单位申明 ${expert} 须回避`,
  'expert-specialty': ({ expert }) => `${expert} 的专业领域不在本批次要求之内`,
  'expert-inactive': ({ expert }) => `${expert} 已停用，不能抽取或分配`,
  'expert-unavailable': ({ expert }) => `${expert} 今日不可接受评审任务`,
  'expert-asked-before': ({ expert }) => `${expert} 已就本申报邀请过`,
  'unknown-specialty': ({ name }) => `专业领域“${name}”不在专业领域目录中`,
  'specialty-exists': ({ name }) => `专业领域代码“${name}”已存在`,
  'window-ends-before-start': () => '结束日期不能早于开始日期',
  'username-taken': ({ name }) => `用户名 ${name} 已被使用，请换一个`,
  'email-taken': () => '这个电子邮箱已被另一个账号使用',
  'unknown-organisation': ({ id }) => `没有代码为 ${id} 的单位（或已停用）`,
  'role-not-for-organisation': () => '这个角色不能属于该单位：申报单位账号须属于街道（乡镇）中心或教学点，区级账号属于区，市级账号属于市',
  'district-not-organisations': () => '所属区须与单位所在的区一致（可不填，按单位自动确定）',
  'import-missing-column': ({ column }) => `缺少“${column}”列（请使用下载的模板，不要改动表头）`,
  'import-unknown-column': ({ column }) => `模板中没有“${column}”列（表头是否改动过？）`,
  'import-duplicate-row': ({ row }) => `与第 ${row} 行是同一条记录`,
  'import-unknown-organisation': ({ name }) => `没有名为“${name}”的机构`,
  'import-ambiguous-organisation': ({ name, count }) => `有 ${count} 个机构名为“${name}”，请改填统一社会信用代码`,
  'import-unknown-specialty': ({ name }) => `“${name}”不在专业领域列表中`,
  'import-not-an-expert': ({ username }) => `${username} 不是评审专家（请先在“人员账号”中以评审专家角色添加）`,
  'import-credit-code-differs': ({ existing }) => `该机构已登记的统一社会信用代码是 ${existing}`,
  'import-bad-window': () => '时段格式应为 2027-01-10至2027-01-20',
  'import-account-field': () => '已有账号的角色、所属机构和电子邮箱不能通过导入修改',
  'import-parent-refused': ({ row }) => `上级机构所在的第 ${row} 行被拒绝，请先更正该行`,
  'not-a-credit-code': () => '不是有效的统一社会信用代码（18 位，末位为校验码）',
  'organisation-parent-missing': () => '请填写上级机构（只有市级不填）',
  'organisation-parent-unexpected': () => '市级机构没有上级机构',
  'organisation-parent-level': ({ level }) => (level ? `上级机构须比${level}高一级` : '上级机构须比本机构高一级'),
  'organisation-cycle': () => '不能把机构放到它自己或它的下级机构之下',
  'organisation-parent-unknown': () => '找不到这个上级单位',
  'organisation-parent-retired': () => '上级单位已撤销，请先恢复上级单位',
  'closes-before-opens': () => '截止时间须晚于开始受理时间',
  'over-quota': ({ chosen, quota }) => `选了 ${chosen} 个，超过本批次名额（${quota} 个）`,
  'not-in-call': ({ id }) => `${id} 不是本批次的申报`,
  'not-scored': ({ id, stage }) => `${id} 处于${stageZh(stage)}阶段，尚未完成专家评审`,
  'not-in-notice': () => '该申报不在本批次的公示名单中',
  'due-date-not-later': ({ current }) => `新的截止时间须晚于现在，也须晚于原截止时间 ${dateZh(current)}`,
  'date-not-in-year': ({ year }) => `须是 ${year} 年内的日期`,
  'calendar-day-twice': () => '同一天不能既是放假日又是调休上班日',
  'make-up-day-not-weekend': () => '调休上班日须是周六或周日（工作日本来就上班）',
  'call-not-open': ({ opensAt, closesAt }) => `该申报通知不在受理期内（${dateZh(opensAt)} 至 ${dateZh(closesAt)}）`,
  'call-closed': ({ closesAt }) => `申报已于 ${dateZh(closesAt)} 截止，不再受理提交`,
  'call-opened': () => '申报通知已开始受理，设置不能再修改',
  'declaration-not-editable': ({ stage }) => `申报处于${stageZh(stage)}阶段，不能修改`,
  'declaration-not-submittable': ({ stage }) => `申报处于${stageZh(stage)}阶段，不能提交`,
  'declaration-not-withdrawable': ({ stage }) => `申报处于${stageZh(stage)}阶段，不能撤回（区级推荐前才能撤回）`,
  'correction-not-open': () => '退回修改任务还未开启，请稍后再试',
  'changed-meanwhile': () => '内容已被他人修改，请刷新页面后重试',
  'edited-meanwhile': () => '您打开此页后，内容已被他人修改；请核对下列有变化的项目后再保存',
  'task-decided': () => '此任务已经办理，不能重复办理',
  'district-cap-none': () => '本批次没有给本区推荐名额',
  'district-cap-reached': ({ cap }) => `本区在本批次的推荐名额（${cap} 个）已用完`,
  'experts-not-yet': ({ stage }) => `形式审查通过后才能分配评审专家；该申报处于${stageZh(stage)}阶段`,
  'acceptance-experts-not-yet': ({ stage }) => `提交验收申请后才能分配验收专家；项目处于${stageZh(stage)}阶段`,
  'project-not-in-stage': ({ stage }) => `项目处于${stageZh(stage)}阶段，现在不能办理此事项`,
  'project-ended': ({ stage }) => `项目已结束（${stageZh(stage)}）`,
  'site-visit-not-now': ({ stage }) => `考核验收期间才能记录实地考察；项目处于${stageZh(stage)}阶段`,
  'shortlist-not-now': () => '申报截止后才能确定入围名单，且只能确定一次',
  'objections-closed': () => '只在公示期内受理异议',
  'objection-handled': () => '此异议已经处理',
  'task-not-open': () => '只有未办理的任务才能延期',
  'not-extendable': () => '此任务的截止时间由流程控制，不能延期',
  'organisation-duplicate': ({ name }) => `已有同一单位：${name}（同一上级单位下名称相同，或统一社会信用代码相同）`,
  'organisation-has-active-children': ({ count }) => `还有 ${count} 个下级单位未撤销，请先撤销或移走下级单位`,
  'kind-exists': ({ key }) => `已有代码为 ${key} 的项目类型`,
  'kind-unknown': () => '没有这个项目类型或版本',
  'kind-version-in-use': ({ version }) => `第 ${version} 版已有申报通知使用，不能再修改；请新建一个版本`,
  'incubation-date-outside': ({ from, to }) => `日期须在建设期内（${from} 至 ${to}）`,
  'attendee-unknown': ({ attendee }) => `参加人员 ${attendee} 不在人员名录中`,
  'incubation-not-this-kind': () => '只有择优推荐省级的项目类型才记录培育',
  'incubation-closed': ({ stage }) => `项目已处于${stageZh(stage)}阶段，不再记录培育`,
  'incubation-responded': () => '该记录已填写整改落实情况',
  'too-many-attempts': ({ retryAfterSeconds }) => `提交过于频繁，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
};

/** A coded problem in Chinese. */
export function zhOf(coded: Coded): string {
  return (zhMessages[coded.code] as (facts: Coded['params']) => string)(coded.params);
}

/** The problem in the reader's language: English is the API's own message; Chinese falls back to it when uncoded. */
export function say(lang: Lang, message: string, coded: Coded | undefined): string {
  return lang === 'zh' && coded ? zhOf(coded) : message;
}

export const sayProblem = (lang: Lang, p: FieldProblem) => say(lang, p.message, p.code === undefined ? undefined : (p as Coded));
export const sayError = (lang: Lang, error: ShenbaoError) => say(lang, error.message, error.coded);
