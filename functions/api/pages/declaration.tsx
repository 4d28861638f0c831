/** @jsxImportSource hono/jsx */
import type { PublicCallField } from '../../../core/access';
import { kindPresets } from '../../../core/kinds';
import { stageLabels, stageOfTask, type Stage } from '../../../core/stages';
import type { ApplicationItem, AuditEventItem, CallItem, TaskItem } from '../../adapters/entities';
import { configOf } from '../../services/calls';
import type { Lang, T } from './context';
import { when } from './layout';

/** The pages read a call as its reader may (core/access.ts callFor); the office's pages pass the whole. */
type Call = Pick<CallItem, PublicCallField>;
type Declaration = Omit<ApplicationItem, 'contactName' | 'contactPhone'> & { contactName?: string | undefined; contactPhone?: string | undefined };

export function StageTag({ stage, lang }: { stage: Stage; lang: Lang }) {
  const final = ['approved', 'declined', 'rejected', 'lapsed', 'not_selected', 'failed'].includes(stage);
  return <span class={`tag${final ? ' final' : ''}`}>{stageLabels[stage][lang]}</span>;
}

/** An established declaration as where its project stands (建设中, 验收通过（优秀）, 终止…) rather than the selection's 立项. */
export function ProjectTag({ project, lang }: { project: { phase: string; standing: { zh: string; en: string } }; lang: Lang }) {
  return <span class={`tag${project.phase === 'closed' ? ' final' : ''}`}>{project.standing[lang]}</span>;
}

const selectionPath: Stage[] = ['draft', 'district_review', 'formal_review', 'expert_assignment', 'expert_review', 'scored', 'in_notice', 'approved'];

/** The stages a declaration went through and has ahead of it, with when it entered each and what is due. */
export function Timeline(props: { declaration: Declaration; history: AuditEventItem[]; openTasks: Omit<TaskItem, 'taskToken'>[]; call: Call; t: T; lang: Lang }) {
  const { declaration, history, openTasks, call, t, lang } = props;
  const stage = declaration.stage;
  let path = [...selectionPath];
  if (stage === 'revision') path.splice(path.indexOf('formal_review') + 1, 0, 'revision');
  else if (!path.includes(stage)) {
    const left = [...history].reverse().find((e) => e.toStage === stage)?.fromStage as Stage | undefined;
    path = [...path.slice(0, left && path.includes(left) ? path.indexOf(left) + 1 : 1), stage];
  }
  const current = path.indexOf(stage);
  const enteredAt = (s: Stage) => [...history].reverse().find((e) => e.toStage === s)?.at;
  const dueOf = (s: Stage): string | undefined => {
    if (s === 'draft') return call.closesAt;
    if (s === 'in_notice') return call.noticeEndsAt;
    return openTasks.filter((task) => stageOfTask(task.kind) === s).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0]?.dueAt;
  };
  return (
    <ol class="timeline" aria-label={t('办理进度', 'Progress')}>
      {path.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'ahead';
        const due = i === current ? dueOf(s) : undefined;
        return (
          <li class={state} aria-current={state === 'current' ? 'step' : undefined}>
            {stageLabels[s][lang]}
            {state === 'done' && <small>{t('已完成', 'done')}</small>}
            {enteredAt(s) && state !== 'ahead' && (
              <small>
                {t('开始于', 'since')} {when(enteredAt(s), lang)}
              </small>
            )}
            {due && (
              <small>
                {t('截止', 'due')} {when(due, lang)}
              </small>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** What was declared, in the call's own form, with the materials to open. */
export function DeclarationFacts({ declaration, call, t, lang }: { declaration: Declaration; call: Call; t: T; lang: Lang }) {
  const config = configOf(call);
  const label = (x: { labelZh: string; labelEn: string }) => (lang === 'en' ? x.labelEn : x.labelZh);
  const fields = (declaration.fields ?? {}) as Record<string, string>;
  return (
    <>
      <dl class="facts">
        <dt>{t('项目类别', 'Kind')}</dt>
        <dd>{lang === 'en' ? kindPresets[call.kind].nameEn : kindPresets[call.kind].nameZh}</dd>
        <dt>{t('申报通知', 'Call')}</dt>
        <dd>{call.title}</dd>
        <dt>{t('申报单位', 'Applicant')}</dt>
        <dd>
          {declaration.organisationId}（{declaration.districtId}）
        </dd>
        <dt>{t('项目简介', 'Summary')}</dt>
        <dd>{declaration.summary ?? '—'}</dd>
        {declaration.contactName !== undefined && (
          <>
            <dt>{t('联系人', 'Contact')}</dt>
            <dd>
              {declaration.contactName} {declaration.contactPhone}
            </dd>
          </>
        )}
        {config.formFields.map((f) => (
          <>
            <dt>{label(f)}</dt>
            <dd>{fields[f.key] ?? '—'}</dd>
          </>
        ))}
        {declaration.lastReason && (
          <>
            <dt>{t('意见', 'Reason')}</dt>
            <dd>{declaration.lastReason}</dd>
          </>
        )}
      </dl>
      <h2>{t('申报材料', 'Materials')}</h2>
      <Materials declaration={declaration} call={call} t={t} lang={lang} />
    </>
  );
}

export function Materials({ declaration, call, t, lang }: { declaration: Declaration; call: Call; t: T; lang: Lang }) {
  const attached = (declaration.materials ?? []) as { key: string; fileName: string; sizeBytes: number }[];
  return (
    <ul>
      {configOf(call).materials.map((m) => {
        const file = attached.find((a) => a.key === m.key);
        return (
          <li>
            {lang === 'en' ? m.labelEn : m.labelZh}
            {m.required ? '' : t('（选交）', ' (optional)')}：
            {file ? (
              <a href={`/ui/declarations/${declaration.applicationId}/materials/${m.key}`}>
                {file.fileName}（{Math.ceil(file.sizeBytes / 1024)} KB）
              </a>
            ) : (
              <span>{t('未上传', 'not uploaded')}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The audit trail's actions in the words DOMAIN.md uses; an action not named here shows as recorded. */
const actionLabels: Record<string, [string, string]> = {
  'draft.created': ['创建草稿', 'Draft created'],
  'draft.edited': ['修改申报书', 'Edited'],
  submitted: ['提交申报', 'Submitted'],
  resubmitted: ['修改后重新提交', 'Resubmitted'],
  'district.recommend': ['区级推荐', 'Recommended by the district'],
  'district.decline': ['区级不推荐', 'Declined by the district'],
  'formal_review.approve': ['形式审查通过', 'Found eligible'],
  'formal_review.return': ['退回修改', 'Returned for correction'],
  'formal_review.reject': ['形式审查不合格', 'Found ineligible'],
  'correction.deadline_missed': ['逾期未修改', 'Correction deadline missed'],
  'experts.assigned': ['分配评审专家', 'Experts assigned'],
  'expert.scored': ['专家评分', 'Scored by an expert'],
  'expert_review.completed': ['专家评审完成', 'Expert review completed'],
  'expert_review.deadline_reached': ['评审期满', 'Review deadline reached'],
  'shortlist.confirmed': ['确定公示名单', 'Shortlist confirmed'],
  'notice.published': ['发布公示', 'Notice published'],
  'objection.filed': ['提出异议', 'Objection filed'],
  'objection.upheld': ['异议成立', 'Objection upheld'],
  'objection.dismissed': ['异议不成立', 'Objection dismissed'],
  established: ['立项', 'Established'],
  not_established: ['未立项', 'Not established'],
  'workflow.completed': ['流程结束', 'Workflow completed'],
  'workflow.failed': ['流程异常', 'Workflow failed'],
};

function actionLabel(action: string, lang: Lang): string {
  const known = actionLabels[action];
  if (known) return lang === 'en' ? known[1] : known[0];
  const opened = /^task\.opened\.(.+)$/.exec(action);
  return opened ? `${lang === 'en' ? 'Task opened' : '生成任务'}：${opened[1]}` : action;
}

export function History({ history, t, lang }: { history: AuditEventItem[]; t: T; lang: Lang }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="hint">{t('办理记录（谁、何时、做了什么）', 'The record: who did what, when')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('时间', 'When')}</th>
            <th scope="col">{t('办理人', 'Who')}</th>
            <th scope="col">{t('事项', 'What')}</th>
            <th scope="col">{t('阶段', 'Stage')}</th>
            <th scope="col">{t('说明', 'Why')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((e) => (
            <tr>
              <td>{when(e.at, lang)}</td>
              <td>{e.actor}</td>
              <td>{actionLabel(e.action, lang)}</td>
              <td>{e.toStage ? stageLabels[e.toStage as Stage]?.[lang] ?? e.toStage : ''}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
