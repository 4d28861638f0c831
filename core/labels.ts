// Over 400 lines because it is the one table of every label the system shows (core/labels.ts, as the project's standards say); split, the Chinese wording reviewed together would be scattered.
import { WORKFLOW_ACTOR } from './identity';
import type { OrganisationLevel, OrganisationType } from './organisations';
import type { ScoringMethod, StageDeadlines } from './kinds';
import { acceptanceOutcomes, midtermOutcomes, projectStages, type ProjectStage } from './projects';
import { titleReviewOutcomes, type TitleReviewOutcome, type TitleStatus } from './titles';
import {
  callStatuses,
  type formalReviewOutcomes,
  type invitationOutcomes,
  type recommendationOutcomes,
  stages,
  taskKinds,
  type CallStatus,
  type Stage,
  type TaskKind,
} from './stages';

/**
 * What every code a person may see is called, in Chinese and English: one table per vocabulary
 * (stages, task kinds, history actions, outcomes, scoring methods, call statuses, call settings)
 * and one formatter for instants. The pages, the e-mails and the texts the system writes into the
 * record read from here; a new code gets its label here or does not compile.
 */
export interface Label {
  zh: string;
  en: string;
}
export type LabelLang = keyof Label;
const l = (zh: string, en: string): Label => ({ zh, en });

// ---- the network's organisations ----

export const organisationLevelLabels: Record<OrganisationLevel, Label> = {
  city: l('市级', 'City'),
  district: l('区（县）级', 'District or county'),
  street: l('街道（镇）级', 'Street or township'),
  point: l('村（居）教学点', 'Village or community teaching point'),
};

export const organisationTypeLabels: Record<OrganisationType, Label> = {
  bureau: l('主管部门', 'Bureau'),
  'community-education-centre': l('社区教育中心', 'Community-education centre'),
  'elder-university': l('老年大学', 'Elder university'),
  'community-school': l('社区学校', 'Community school'),
  'teaching-point': l('教学点', 'Teaching point'),
  other: l('其他单位', 'Other'),
};

// ---- stages: the declaration's (selection) and the project's (construction, acceptance) ----

export const stageLabels: Record<Stage, Label> = {
  draft: l('草稿', 'Draft'),
  district_review: l('区级推荐', 'District recommendation'),
  formal_review: l('形式审查', 'Formal review'),
  revision: l('退回修改', 'Returned for correction'),
  expert_assignment: l('待分配专家', 'Awaiting expert assignment'),
  expert_invitation: l('待专家确认', 'Awaiting experts’ acceptance'),
  expert_review: l('专家评审', 'Expert review'),
  scored: l('评审完成', 'Scored'),
  in_notice: l('公示中', 'In public notice'),
  approved: l('立项', 'Established'),
  declined: l('区级未推荐', 'Not recommended by the district'),
  rejected: l('形式审查不合格', 'Ineligible'),
  lapsed: l('逾期未修改', 'Correction deadline missed'),
  not_selected: l('未立项', 'Not established'),
  failed: l('流程异常', 'Workflow failed'),
  withdrawn: l('撤回', 'Withdrawn'),
};

export const projectStageLabels: Record<ProjectStage, Label> = {
  construction: l('建设中', 'Under construction'),
  midterm_report: l('中期检查：待提交报告', 'Mid-term check: report due'),
  midterm_review: l('中期检查：审核中', 'Mid-term check: under review'),
  midterm_rectification: l('中期整改', 'Mid-term rectification'),
  midterm_recheck: l('中期整改复查', 'Mid-term re-check'),
  acceptance_application: l('验收申请', 'Acceptance application due'),
  acceptance_assignment: l('验收：待分配专家', 'Acceptance: awaiting experts'),
  acceptance_review: l('考核验收：专家评分', 'Acceptance: expert scoring'),
  acceptance_decision: l('考核验收：待结论', 'Acceptance: awaiting the result'),
  acceptance_rectification: l('验收整改', 'Acceptance rectification'),
  accepted: l('验收通过', 'Accepted'),
  acceptance_failed: l('验收不合格', 'Failed acceptance'),
  terminated: l('终止', 'Terminated'),
  withdrawn: l('撤回', 'Withdrawn'),
  failed: l('流程异常', 'Workflow failed'),
};

/**
 * Where a project stands, in the words of a list or a heading: its stage's label, and once
 * accepted the result that matters to its applicant (优秀 or 合格, named, recommended).
 */
export function projectStanding(project: {
  stage: ProjectStage;
  acceptance?: unknown;
  naming?: unknown;
  titleStatus?: string | undefined;
}): Label {
  if (project.stage !== 'accepted') return projectStageLabels[project.stage];
  const result = (project.acceptance as { result?: { outcome?: string; recommendToProvince?: boolean } } | undefined)?.result;
  const excellent = result?.outcome === 'excellent';
  const grade = excellent ? l('验收通过（优秀）', 'Accepted (excellent)') : l('验收通过（合格）', 'Accepted (passed)');
  // A revoked or expired title says so wherever the standing is shown (issue 21.5).
  if (project.naming && (project.titleStatus === 'revoked' || project.titleStatus === 'expired')) {
    const status = titleStatusLabels[project.titleStatus];
    return l(`${grade.zh}，命名${status.zh}`, `${grade.en}, title ${status.en.toLowerCase()}`);
  }
  if (project.naming) return l(`${grade.zh}，已命名`, `${grade.en}, named`);
  if (excellent && result?.recommendToProvince) return l(`${grade.zh}，推荐省级`, `${grade.en}, recommended to the province`);
  return grade;
}

/** Every stage code either table knows; a stage recorded in a trail may be of either. */
export const allStages: readonly string[] = [...new Set<string>([...stages, ...projectStages])];

/** A declaration's or a project's stage by its code (the selection's first, as `failed` is in both). */
export function stageLabel(code: string): Label | undefined {
  return (stageLabels as Record<string, Label>)[code] ?? (projectStageLabels as Record<string, Label>)[code];
}

// ---- task kinds ----

export const taskKindLabels: Record<TaskKind, Label> = {
  district_recommendation: l('区级推荐', 'District recommendation'),
  formal_review: l('形式审查', 'Formal review'),
  revision: l('退回修改', 'Correction'),
  expert_assignment: l('分配评审专家', 'Assign experts'),
  expert_confirmation: l('等待专家确认', 'Waiting for experts to accept'),
  expert_invitation: l('评审邀请', 'Review invitation'),
  expert_review: l('专家评审', 'Expert review'),
  expert_score: l('专家评分', 'Score'),
  call_outcome: l('等待批次结果', 'Waiting for the call'),
  shortlist: l('择优确定公示名单', 'Shortlist'),
  objections: l('处理公示异议', 'Handle objections'),
  midterm_report: l('提交中期报告', 'Mid-term report'),
  midterm_review: l('中期检查审核', 'Mid-term review'),
  midterm_rectification: l('中期整改', 'Mid-term rectification'),
  midterm_recheck: l('中期整改复查', 'Mid-term re-check'),
  acceptance_application: l('提交验收申请', 'Acceptance application'),
  acceptance_assignment: l('分配验收专家', 'Assign acceptance experts'),
  acceptance_review: l('考核验收评分', 'Acceptance scoring'),
  acceptance_score: l('考核验收评分', 'Acceptance scoring'),
  acceptance_decision: l('确定验收结论', 'Acceptance result'),
  acceptance_rectification: l('验收整改', 'Acceptance rectification'),
  title_self_assessment: l('复核自评报告', 'Re-assessment: self-assessment'),
  title_review: l('命名复核', 'Re-assessment of the title'),
  title_rectification: l('复核整改报告', 'Re-assessment: rectification report'),
  task_book_confirmation: l('确认任务书', 'Confirm the task book'),
  tranche_payment: l('登记经费拨付', 'Record a tranche payment'),
};

// ---- call statuses, outcomes, scoring methods ----

export const callStatusLabels: Record<CallStatus, Label> = {
  scheduled: l('未开始', 'Scheduled'),
  open: l('受理中', 'Open'),
  reviewing: l('评审中', 'Reviewing'),
  notice: l('公示中', 'In notice'),
  objections: l('处理异议', 'Objections'),
  established: l('已立项', 'Established'),
  failed: l('流程异常', 'Failed'),
};

type Outcome =
  | (typeof recommendationOutcomes)[number]
  | (typeof formalReviewOutcomes)[number]
  | (typeof invitationOutcomes)[number]
  | (typeof midtermOutcomes)[number]
  | (typeof acceptanceOutcomes)[number]
  | 'upheld'
  | 'dismissed';
export const outcomeLabels: Record<Outcome, Label> = {
  recommend: l('推荐', 'Recommend'),
  decline: l('不推荐', 'Decline'),
  approve: l('形式审查通过', 'Eligible'),
  return: l('退回修改', 'Return for correction'),
  reject: l('形式审查不合格', 'Ineligible'),
  accept: l('接受邀请', 'Accept'),
  pass: l('合格', 'Pass'),
  rectify: l('限期整改', 'Rectify'),
  terminate: l('终止', 'Terminate'),
  excellent: l('优秀', 'Excellent'),
  fail: l('不合格', 'Fail'),
  upheld: l('异议成立', 'Upheld'),
  dismissed: l('异议不成立', 'Dismissed'),
};

/** DOMAIN.md's word for a passed mid-term check (通过), where an acceptance is passed as 合格. */
export const midtermPassLabel = l('通过', 'Passed');
/** A mid-term or acceptance result by its outcome code. */
export const resultLabel = (outcome: Outcome, stage: 'midterm' | 'acceptance'): Label =>
  outcome === 'pass' && stage === 'midterm' ? midtermPassLabel : outcomeLabels[outcome];

export const scoringMethodLabels: Record<ScoringMethod, Label> = {
  mean: l('平均分', 'Mean'),
  'trimmed-mean': l('去掉最高分和最低分后平均', 'Mean without the highest and lowest'),
};

// ---- a call's settings, as forms, error summaries and the call's record name them ----

export const deadlineLabels: Record<keyof StageDeadlines, Label> = {
  districtRecommendation: taskKindLabels.district_recommendation,
  formalReview: taskKindLabels.formal_review,
  correction: taskKindLabels.revision,
  expertAssignment: taskKindLabels.expert_assignment,
  expertInvitation: l('专家答复邀请', 'Experts’ answer to an invitation'),
  expertReview: taskKindLabels.expert_review,
  shortlist: taskKindLabels.shortlist,
};

export const callFieldLabels = {
  kind: l('项目类别', 'Kind'),
  title: l('通知标题', 'Title'),
  year: l('年度', 'Year'),
  batch: l('批次', 'Batch'),
  opensAt: l('开始受理（北京时间）', 'Opens (China time)'),
  closesAt: l('截止受理（北京时间）', 'Closes (China time)'),
  quota: l('立项名额', 'Quota'),
  defaultDistrictCap: l('每区推荐上限', 'Recommendations per district'),
  districtCaps: l('各区推荐上限', 'District caps'),
  expertsPerDeclaration: l('每项评审专家人数', 'Experts per declaration'),
  scoring: l('计分方式', 'Scoring'),
  rubric: l('评分标准', 'Rubric'),
  tieBreak: l('同分排序', 'Tie-break'),
  deadlines: l('各环节时限', 'Stage deadlines'),
  noticeWorkingDays: l('公示期（工作日）', 'Public notice (working days)'),
  escalationWorkingDays: l('逾期几个工作日后报上级督办', 'Working days overdue before the supervisor is told'),
  constructionMonths: l('建设期（月）', 'Construction (months)'),
  materials: l('申报材料', 'Materials'),
  calendarOverrides: l('工作日调整', 'Working-day overrides'),
  formFields: l('申报表栏目', 'Form fields'),
  acceptanceRubric: l('验收评分标准', 'Acceptance rubric'),
  kpiTargets: l('绩效指标', 'KPI targets'),
  projectDeadlines: l('建设与验收时限', 'Project deadlines'),
  guidelines: l('申报指南', 'Guidelines'),
  publishNoticeScores: l('公示时公布评审得分', 'Publish the scores in the public notice'),
  ...(Object.fromEntries(
    Object.entries(deadlineLabels).map(([k, v]) => [`deadlines.${k}`, l(`${v.zh}（工作日）`, `${v.en} (working days)`)]),
  ) as Record<`deadlines.${keyof StageDeadlines}`, Label>),
} satisfies Record<string, Label>;

/** A call field's label by its name as the API and the record give it; a name not in the table is shown as given. */
export const callFieldLabel = (name: string, lang: LabelLang): string => (callFieldLabels as Record<string, Label>)[name]?.[lang] ?? name;

// ---- a named title's life (core/titles.ts) ----

export const titleStatusLabels: Record<TitleStatus, Label> = {
  valid: l('有效', 'Valid'),
  rectifying: l('复核整改中', 'Rectifying after re-assessment'),
  revoked: l('已撤销', 'Revoked'),
  expired: l('已过期', 'Expired'),
};

export const titleReviewOutcomeLabels: Record<TitleReviewOutcome, Label> = {
  keep: l('保留命名', 'Title kept'),
  rectify: l('限期整改', 'Rectify by a deadline'),
  revoke: l('撤销命名', 'Title revoked'),
};

// ---- the record (audit trail): every action the code writes ----

/** `prefix.code` for each code of a vocabulary, each label made from the code's own. */
function family<P extends string, K extends string>(prefix: P, codes: readonly K[], label: (code: K) => Label): Record<`${P}.${K}`, Label> {
  return Object.fromEntries(codes.map((code) => [`${prefix}.${code}`, label(code)])) as Record<`${P}.${K}`, Label>;
}
const pre = (zh: string, en: string, x: Label) => l(`${zh}${x.zh}`, `${en}${x.en}`);

export const historyActionLabels = {
  'draft.created': l('创建草稿', 'Draft created'),
  'draft.edited': l('修改申报书', 'Edited'),
  submitted: l('提交申报', 'Submitted'),
  resubmitted: l('修改后重新提交', 'Resubmitted'),
  'declaration.withdrawn': l('撤回申报', 'Declaration withdrawn'),
  'district.recommend': l('区级推荐', 'Recommended by the district'),
  'district.decline': l('区级不推荐', 'Declined by the district'),
  'formal_review.approve': l('形式审查通过', 'Found eligible'),
  'formal_review.return': l('退回修改', 'Returned for correction'),
  'formal_review.reject': l('形式审查不合格', 'Found ineligible'),
  'correction.deadline_missed': l('逾期未修改', 'Correction deadline missed'),
  'experts.drawn': l('随机抽取评审专家', 'Experts drawn at random'),
  'experts.assigned': l('分配评审专家', 'Experts assigned'),
  'invitation.accepted': l('专家接受评审邀请', 'Invitation accepted'),
  'invitation.declined': l('专家谢绝评审邀请', 'Invitation declined'),
  'invitation.timed_out': l('专家逾期未答复邀请', 'Invitation unanswered in time'),
  'invitation.replaced': l('自动抽取替补专家', 'Replacement expert drawn'),
  'invitations.exhausted': l('无可替补专家，退回重新分配', 'No expert left to draw; back to assignment'),
  'invitations.completed': l('评审专家确认完毕', 'Enough experts accepted'),
  'expert.scored': l('专家评分', 'Scored by an expert'),
  'expert_review.completed': l('专家评审完成', 'Expert review completed'),
  'expert_review.deadline_reached': l('评审期满', 'Review deadline reached'),
  'shortlist.confirmed': l('确定公示名单', 'Shortlist confirmed'),
  'notice.published': l('发布公示', 'Notice published'),
  'objection.filed': l('提出异议', 'Objection filed'),
  'objection.upheld': l('异议成立', 'Objection upheld'),
  'objection.dismissed': l('异议不成立', 'Objection dismissed'),
  'objections.all_handled': l('异议处理完毕', 'All objections handled'),
  established: l('立项', 'Established'),
  not_established: l('未立项', 'Not established'),
  'workflow.completed': l('流程结束', 'Workflow completed'),
  'workflow.failed': l('流程异常', 'Workflow failed'),
  ...family('task.opened', taskKinds, (k) => pre('生成任务：', 'Task opened: ', taskKindLabels[k])),
  'task.extended': l('延长办理时限', 'Due date extended'),
  'task.record_repaired': l('补全任务记录', 'Task record repaired'),
  'task.rescheduled': l('按办公室日历调整截止时间', 'Due date moved to the office calendar'),
  'calendar.saved': l('录入节假日安排', 'Holiday schedule entered'),
  'organisation.created': l('新建单位', 'Organisation created'),
  'organisation.changed': l('修改单位信息', 'Organisation changed'),
  'organisation.renamed': l('单位更名', 'Organisation renamed'),
  'organisation.moved': l('调整上级单位', 'Organisation moved'),
  'organisation.retired': l('撤销单位', 'Organisation retired'),
  'organisation.reactivated': l('恢复单位', 'Organisation reactivated'),
  'callback.replayed': l('补发流程回执', 'Workflow callback replayed'),
  'callback.already_settled': l('流程回执已处理', 'Workflow callback already settled'),
  'workflow.started_by_reconciler': l('补启动流程', 'Workflow started by the reconciler'),
  'workflow.stopped_by_reconciler': l('补停止流程', 'Workflow stopped by the reconciler'),
  'call.created': l('创建申报通知', 'Call created'),
  'call.configured': l('调整申报通知设置', 'Call settings changed'),
  'call.attachment_added': l('上传申报通知附件', 'Call attachment added'),
  'kind.created': l('创建项目类型', 'Kind created'),
  'kind.versioned': l('新建项目类型版本', 'Kind version created'),
  'kind.edited': l('修改项目类型版本', 'Kind version edited'),
  'score.recomputed': l('按新评分规则重算得分', 'Scores recomputed under the new scoring rule'),
  ...family('call', callStatuses, (s) => pre('批次状态：', 'Call status: ', callStatusLabels[s])),
  'call.workflow_failed': l('批次流程异常', 'Call workflow failed'),
  'person.created': l('创建账号', 'Account created'),
  'person.disabled': l('停用账号', 'Account disabled'),
  'person.enabled': l('重新启用账号', 'Account re-enabled'),
  'person.updated': l('修改个人资料', 'Profile updated'),
  'person.scope_refused': l('试图自行更改角色或所属单位（已拒绝）', 'Tried to change own role or organisation (refused)'),
  'construction.started': l('开始建设', 'Construction started'),
  'selection.concluded': l('立项，评选完成（无建设期）', 'Established; the selection ends here (no construction)'),
  'construction.not_started': l('未能开始建设', 'Construction could not start'),
  'construction.handover': l('建设期流程接续', 'Construction continued by a new execution'),
  'construction.scheduled': l('下一节点已排期', 'Next milestone scheduled'),
  'acceptance.handover': l('验收流程接续', 'Acceptance continued by a new execution'),
  'project.withdrawn': l('撤回项目', 'Project withdrawn'),
  'project.imported': l('导入立项项目', 'Project imported'),
  'project.terminated': l('终止项目', 'Project terminated'),
  'project.named': l('命名授牌', 'Named'),
  'project.recommended_to_province': l('推荐申报省级', 'Recommended to the province'),
  'project.workflow_failed': l('项目流程异常', 'Project workflow failed'),
  'midterm.started': l('开始中期检查', 'Mid-term check started'),
  'midterm.reported': l('提交中期报告', 'Mid-term report submitted'),
  'midterm.rectified': l('提交中期整改报告', 'Mid-term rectification submitted'),
  'midterm_report.missed': l('中期报告逾期未提交', 'Mid-term report missed'),
  'midterm_rectification.missed': l('中期整改逾期未提交', 'Mid-term rectification missed'),
  'acceptance_rectification.missed': l('验收整改逾期未提交', 'Acceptance rectification missed'),
  ...family('midterm.review', midtermOutcomes, (o) => pre('中期检查：', 'Mid-term review: ', resultLabel(o, 'midterm'))),
  ...family('midterm.recheck', midtermOutcomes, (o) => pre('中期整改复查：', 'Mid-term re-check: ', resultLabel(o, 'midterm'))),
  'acceptance.opened': l('开始受理验收申请', 'Acceptance application opened'),
  'acceptance.applied': l('提交验收申请', 'Acceptance applied for'),
  'acceptance.rectified': l('提交验收整改报告', 'Acceptance rectification submitted'),
  'acceptance.application_missed': l('验收申请逾期未提交', 'Acceptance application missed'),
  'acceptance.experts_assigned': l('分配验收专家', 'Acceptance experts assigned'),
  'acceptance.expert_scored': l('验收专家评分', 'Scored by an acceptance expert'),
  'acceptance.scoring_completed': l('验收评分完成', 'Acceptance scoring completed'),
  'acceptance.scoring_deadline': l('验收评分期满', 'Acceptance scoring deadline reached'),
  'acceptance.site_visit': l('实地考察', 'Site visit'),
  'incubation.recorded': l('培育记录（指导/培训）', 'Incubation recorded (guidance or training)'),
  'incubation.responded': l('整改落实情况', 'Incubation response'),
  'project.material_uploaded': l('上传报告材料', 'Report material uploaded'),
  'notice.issued': l('发出结果通知', 'Result notice issued'),
  'funding.granted': l('核定资助经费及拨付计划', 'Grant and tranche plan set'),
  'funding.tranche_released': l('经费达到拨付节点', 'Tranche released'),
  'funding.tranches_stopped': l('停止拨付剩余经费', 'Remaining tranches stopped'),
  'funding.paid': l('登记经费拨付', 'Payment recorded'),
  'funding.payment_overdue': l('经费拨付逾期未登记', 'Tranche payment overdue'),
  'funding.expenditure_reported': l('填报经费支出', 'Expenditure reported'),
  'funding.overspent': l('经费支出超出预算容差', 'Budget line overspent'),
  'funding.final_accounts_submitted': l('提交决算', 'Final accounts submitted'),
  'task_book.proposed': l('生成任务书', 'Task book drawn up'),
  'task_book.adjusted': l('调整任务书', 'Task book adjusted'),
  'task_book.confirmed': l('确认任务书', 'Task book confirmed'),
  'task_book.deemed_confirmed': l('任务书逾期视为确认', 'Task book deemed confirmed'),
  'kpi.actuals_reported': l('填报年度绩效指标', 'Yearly KPI actuals reported'),
  ...family('acceptance', acceptanceOutcomes, (o) => pre('验收结论：', 'Acceptance result: ', outcomeLabels[o])),
  'title.numbered': l('颁发命名文号', 'Title numbered'),
  'title.review_opened': l('开始命名复核', 'Re-assessment opened'),
  'title.self_assessed': l('提交复核自评报告', 'Self-assessment submitted'),
  'title.rectified': l('提交复核整改报告', 'Re-assessment rectification submitted'),
  'title_self_assessment.missed': l('复核自评报告逾期未提交', 'Self-assessment missed'),
  'title_rectification.missed': l('复核整改逾期未提交', 'Re-assessment rectification missed'),
  ...family('title.review', titleReviewOutcomes, (o) => pre('命名复核：', 'Re-assessment: ', titleReviewOutcomeLabels[o])),
  'title.revoked': l('撤销命名', 'Title revoked'),
  'title.expired': l('命名有效期届满', 'Title expired'),
  'title.handover': l('复核流程接续', 'Re-assessment continued by a new execution'),
  'title.review_failed': l('命名复核流程出错中止', 'Re-assessment workflow failed'),
} satisfies Record<string, Label>;
export type HistoryAction = keyof typeof historyActionLabels;
/** Every action the record can hold: the table's keys, so the list cannot miss one the code writes. */
export const historyActions = Object.keys(historyActionLabels) as HistoryAction[];

/** An action read back from the record; one this version does not know (an older record's) is said to be one, not shown raw. */
export function historyActionLabel(action: string): Label {
  return (historyActionLabels as Record<string, Label>)[action] ?? l('其他记录', 'Other record');
}

/** Who acted, when no person did, or when a person is kept unnamed (core/access.ts). */
export const systemActorLabels: Record<string, Label> = {
  [WORKFLOW_ACTOR]: l('系统流程', 'The workflow'),
  sweep: l('定时检查', 'The reminder sweep'),
  expert: l('评审专家', 'An expert'),
  objector: l('异议人', 'An objector'),
  '': l('—', '—'),
};

// ---- instants ----

// ---- the texts the system writes into the record (Chinese, as the record is kept) ----

/** A combined expert score as the record states it: the number, how it was combined, what was left out, how many did not score. */
export function combinedScoreText(
  score: { combined: number | null; method: ScoringMethod; count: number; dropped?: [number, number] | undefined },
  missing = 0,
): string {
  const how =
    score.combined === null
      ? '无专家评分'
      : score.method === 'trimmed-mean' && !score.dropped
        ? `仅 ${score.count} 份评分，按平均分计`
        : scoringMethodLabels[score.method].zh;
  const parts = [
    how,
    ...(score.dropped ? [`去掉最低分 ${score.dropped[0]}、最高分 ${score.dropped[1]}`] : []),
    ...(missing ? [`${missing} 位专家未评分`] : []),
  ];
  return `综合得分 ${score.combined ?? '—'}（${parts.join('；')}）`;
}
