/** @jsxImportSource hono/jsx */
import type { PublicCallField } from '../../../core/access';
import { type FormValues, formOf } from '../../../core/form-definition';
import { readDrawRecord } from '../../../core/draw-record';
import { stageOfTask, type Stage } from '../../../core/stages';
import { historyActionLabel, stageLabel, stageLabels } from '../../../core/labels';
import type { DeclarationItem, AuditEventItem, CallItem, TaskItem } from '../../adapters/entities';
import { configOf } from '../../services/calls';
import type { Names } from '../../services/directory';
import type { Lang, T } from './context';
import { FormFieldEntries } from './form-fields';
import { Table, when } from './layout';

/** The pages read a call as its reader may (core/access.ts callFor); the office's pages pass the whole. */
type Call = Pick<CallItem, PublicCallField>;
type Declaration = Omit<DeclarationItem, 'contactName' | 'contactPhone'> & {
  contactName?: string | undefined;
  contactPhone?: string | undefined;
};

export function StageTag({ stage, lang }: { stage: Stage; lang: Lang }) {
  const final = ['approved', 'declined', 'rejected', 'lapsed', 'not_selected', 'failed'].includes(stage);
  return <span class={`tag${final ? ' final' : ''}`}>{stageLabels[stage][lang]}</span>;
}

/** An established declaration as where its project stands (建设中, 验收通过（优秀）, 终止…) rather than the selection's 立项. */
export function ProjectTag({ project, lang }: { project: { phase: string; standing: { zh: string; en: string } }; lang: Lang }) {
  return <span class={`tag${project.phase === 'closed' ? ' final' : ''}`}>{project.standing[lang]}</span>;
}

const selectionPath: Stage[] = [
  'draft',
  'district_review',
  'formal_review',
  'expert_assignment',
  'expert_invitation',
  'expert_review',
  'scored',
  'in_notice',
  'approved',
];

/** The stages a declaration went through and has ahead of it, with when it entered each and what is due. */
export function Timeline(props: {
  declaration: Declaration;
  history: AuditEventItem[];
  openTasks: Omit<TaskItem, 'taskToken'>[];
  call: Call;
  t: T;
  lang: Lang;
}) {
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
export function DeclarationFacts({
  declaration,
  call,
  names,
  t,
  lang,
}: {
  declaration: Declaration;
  call: Call;
  names: Names;
  t: T;
  lang: Lang;
}) {
  const config = configOf(call);
  const fields = (declaration.fields ?? {}) as FormValues;
  return (
    <>
      <dl class="facts">
        <dt>{t('项目类别', 'Kind')}</dt>
        <dd>{lang === 'en' ? call.kindNameEn : call.kindNameZh}</dd>
        <dt>{t('申报通知', 'Call')}</dt>
        <dd>{call.title}</dd>
        <dt>{t('申报单位', 'Applicant')}</dt>
        <dd>{declarantName(declaration, names, lang)}</dd>
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
        <FormFieldEntries form={formOf(config)} values={fields} lang={lang} />
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
              <a href={`/ui/declarations/${declaration.declarationId}/materials/${m.key}`}>
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

/** Actions whose reason lists the experts chosen, by username, as the record keeps them. */
const expertLists = [
  'experts.assigned',
  'acceptance.experts_assigned',
  'invitation.timed_out',
  'invitation.replaced',
  'invitations.completed',
  'invitations.exhausted',
];

/** The keys a trail names people by: who acted, and the experts an assignment lists. */
export const historyNameKeys = (history: { actor: string; action: string; reason?: string | undefined }[]) => [
  ...history.map((e) => e.actor),
  ...history.filter((e) => expertLists.includes(e.action) && e.reason).flatMap((e) => e.reason!.split(', ')),
  ...history.flatMap((e) => (e.action === 'experts.drawn' ? (readDrawRecord(e.reason)?.drawn ?? []) : [])),
];

/** A draw's record (JSON in the audit) said in words: whom it drew by name, from how many, with which seed. */
function drawnReason(reason: string | undefined, names: Names, t: T, lang: Lang): string | undefined {
  const record = readDrawRecord(reason);
  if (!record) return undefined;
  const drawn = record.drawn.map((u) => names(u, lang)).join(lang === 'en' ? ', ' : '、') || '—';
  return t(
    `抽中：${drawn}（候选 ${record.eligible.length} 人，随机种子 ${record.seed}）`,
    `Drawn: ${drawn} (from ${record.eligible.length} eligible, seed ${record.seed})`,
  );
}

/** The directory keys of a declaration's (or project's) centre and district. */
export const declarantKeys = (d: { organisationId: string; districtId: string }) => [`org:${d.organisationId}`, `district:${d.districtId}`];

/** The declaring centre and its district by name. */
export const declarantName = (d: { organisationId: string; districtId: string }, names: Names, lang: Lang) =>
  `${names(`org:${d.organisationId}`, lang)}（${names(`district:${d.districtId}`, lang)}）`;

/** Who acted, as they were named when they did (older events: as the directory names them now). */
export const actorNameOf = (e: { actor: string; actorName?: string | undefined }, names: Names, lang: Lang) =>
  e.actorName ?? names(e.actor, lang);

/** The declaration's record under its heading: who did what, when. */
export function History({ history, names, t, lang }: { history: AuditEventItem[]; names: Names; t: T; lang: Lang }) {
  return (
    <>
      <h2>{t('办理记录', 'History')}</h2>
      <Table
        headers={[t('时间', 'When'), t('办理人', 'Who'), t('事项', 'What'), t('阶段', 'Stage'), t('说明', 'Why')]}
        caption={t('办理记录（谁、何时、做了什么）', 'The record: who did what, when')}
      >
        {history.map((e) => (
          <tr>
            <td>{when(e.at, lang)}</td>
            <td>{actorNameOf(e, names, lang)}</td>
            <td>{historyActionLabel(e.action)[lang]}</td>
            <td>{e.toStage ? (stageLabel(e.toStage)?.[lang] ?? e.toStage) : ''}</td>
            <td>
              {e.action === 'experts.drawn'
                ? (drawnReason(e.reason, names, t, lang) ?? '')
                : e.reason && expertLists.includes(e.action)
                  ? e.reason
                      .split(', ')
                      .map((u) => names(u, lang))
                      .join('、')
                  : (e.reason ?? '')}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}
