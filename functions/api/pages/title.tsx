/** @jsxImportSource hono/jsx */
import { conflictReason, type Declarant } from '../../../core/assignment';
import { titleReviewOutcomeLabels } from '../../../core/labels';
import type { TitleTaskKind } from '../../../core/titles';
import { namesOf } from '../../services/directory';
import { expertPool, loads } from '../../services/expert-pool';
import type { titleView } from '../../services/title-view';
import type { T, Lang } from './context';
import { say } from './messages';
import { ExpertChoice, Field, FieldGroup, Outcomes, Table, when } from './layout';

/**
 * A named title on the project page (命名授牌, issue 21.5): its 文号, validity and status — revoked
 * or expired said as such — the next 复核, each 复核 decision; the office's revocation form.
 */
type NamedTitleView = NonNullable<ReturnType<typeof titleView>>;

export function NamedTitle({ title, canRevoke, id, t, lang }: { title: NamedTitleView; canRevoke: boolean; id: string; t: T; lang: Lang }) {
  const label = (l: { zh: string; en: string }) => (lang === 'en' ? l.en : l.zh);
  const decisions = title.review.decisions ?? [];
  return (
    <section id="named-title" aria-labelledby="named-title-heading">
      <h2 id="named-title-heading">{t('命名授牌', 'Title')}</h2>
      <dl>
        <dt>{t('称号', 'Title')}</dt>
        <dd>
          <strong>{title.title}</strong>（{t('验收', 'acceptance: ')}
          {title.grade === '优秀' ? t('优秀', 'excellent') : t('合格', 'passed')}）
        </dd>
        <dt>{t('文号', 'Number')}</dt>
        <dd>{title.number}</dd>
        <dt>{t('命名日期', 'Named on')}</dt>
        <dd>{when(title.namedAt, lang)}</dd>
        <dt>{t('有效期至', 'Valid until')}</dt>
        <dd>{when(title.validUntil, lang)}</dd>
        <dt>{t('状态', 'Status')}</dt>
        <dd>
          <span class={`tag title-${title.status}`}>{label(title.statusLabel)}</span>
        </dd>
        {title.nextReviewAt && (
          <>
            <dt>{t('下次复核', 'Next re-assessment')}</dt>
            <dd>{when(title.nextReviewAt, lang)}</dd>
          </>
        )}
      </dl>
      {decisions.length > 0 && (
        <Table
          caption={t('复核记录', 'Re-assessments')}
          headers={[t('轮次', 'Round'), t('结论', 'Outcome'), t('意见', 'Comment'), t('复核专家组', 'Review panel'), t('时间', 'When')]}
        >
          {decisions.map((d) => (
            <tr>
              <td>{d.round}</td>
              <td>{label(titleReviewOutcomeLabels[d.outcome as keyof typeof titleReviewOutcomeLabels])}</td>
              <td>{d.comment ?? '—'}</td>
              <td>{d.reviewPanel?.map((e) => e.name).join('、') || '—'}</td>
              <td>{when(d.decidedAt, lang)}</td>
            </tr>
          ))}
        </Table>
      )}
      {canRevoke && title.status !== 'revoked' && (
        <form method="post" action={`/ui/projects/${id}/title/revocation`}>
          <Field
            name="reason"
            multiline
            required
            maxLength={2000}
            label={t('撤销命名的理由（必填，记入项目记录）', 'Why revoke the title (required; kept in the record)')}
          />
          <div class="actions">
            <button type="submit">{t('撤销命名', 'Revoke the title')}</button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The pool as the 复核 panel is ticked from it: each expert's district by name, a 回避 conflict said beside the name. */
export async function reviewPanelChoices(centre: Declarant, lang: Lang) {
  const pool = await expertPool();
  const [load, names] = await Promise.all([loads(pool), namesOf(pool.map((e) => `district:${e.districtId}`))]);
  return pool.map((e) => {
    const reason = conflictReason(e, centre);
    return {
      expert: { ...e, districtId: names(`district:${e.districtId}`, lang) },
      openTasks: load[e.username] ?? 0,
      conflict: reason && say(lang, reason.message, reason.coded),
    };
  });
}
export type ReviewPanelChoice = Awaited<ReturnType<typeof reviewPanelChoices>>[number];

/** The form of a 复核 task: the centre's self-assessment or rectification report, the office's review. */
export function TitleTaskForm(props: {
  kind: TitleTaskKind;
  href: string;
  rectified: boolean;
  /** The office's review: the pool to name the 复核专家组 from. */
  panel?: ReviewPanelChoice[] | undefined;
  ticked?: readonly string[];
  value: (name: string) => string | undefined;
  errors: Record<string, string>;
  t: T;
}) {
  const { kind, href, value, errors, t } = props;
  const submit = (
    <div class="actions">
      <button type="submit">{t('提交', 'Submit')}</button>
    </div>
  );
  if (kind !== 'title_review')
    return (
      <form method="post" action={href} novalidate aria-labelledby="decision">
        <Field
          name="report"
          multiline
          required
          maxLength={20000}
          label={kind === 'title_self_assessment' ? t('复核自评报告', 'Self-assessment report') : t('整改报告', 'Rectification report')}
          value={value('report')}
          error={errors.report}
        />
        {submit}
      </form>
    );
  const options: [string, string][] = [
    ['keep', t('保留命名', 'Keep the title')],
    ...(props.rectified ? [] : ([['rectify', t('限期整改', 'Rectify by a deadline')]] as [string, string][])),
    ['revoke', t('撤销命名', 'Revoke the title')],
  ];
  return (
    <form method="post" action={href} novalidate aria-labelledby="decision">
      <Outcomes
        name="outcome"
        legend={t('复核结论', 'Re-assessment outcome')}
        options={options}
        value={value('outcome')}
        error={errors.outcome}
      />
      <RectifyOrEnd rectifies={!props.rectified} end={['撤销', 'revoke']} value={value} errors={errors} t={t} />
      {props.panel && props.panel.length > 0 && (
        <FieldGroup
          name="reviewPanel"
          legend={t('复核专家组（可选；回避者不可选）', 'Review panel (optional; those with a conflict cannot be chosen)')}
          error={Object.entries(errors).find(([k]) => k.startsWith('reviewPanel'))?.[1]}
        >
          {props.panel.map((choice) => (
            <ExpertChoice {...choice} name="reviewPanel" checked={props.ticked?.includes(choice.expert.username) ?? false} t={t} />
          ))}
        </FieldGroup>
      )}
      {submit}
    </form>
  );
}

/**
 * A review's rectification deadline (when it may still rectify) and its comment, required to
 * rectify or to end (终止 a project, 撤销 a title): the mid-term review's and the 复核's forms.
 */
export function RectifyOrEnd(props: {
  rectifies: boolean;
  end: [zh: string, en: string];
  value: (name: string) => string | undefined;
  errors: Record<string, string>;
  t: T;
}) {
  const { value, errors, t } = props;
  const [zh, en] = props.end;
  return (
    <>
      {props.rectifies && (
        <Field
          name="rectificationDueAt"
          type="date"
          label={t('整改期限（可选，默认按批次规定）', 'Rectify by (optional; the call’s limit by default)')}
          value={value('rectificationDueAt')}
          error={errors.rectificationDueAt}
        />
      )}
      <Field
        name="comment"
        multiline
        maxLength={2000}
        label={t(`意见（整改要求或${zh}理由）`, `Comment (what to rectify, or why ${en})`)}
        value={value('comment')}
        error={errors.comment}
        hint={t(`整改或${zh}时必填，申报单位可见`, `Required to rectify or ${en}; shown to the applicant`)}
      />
    </>
  );
}
