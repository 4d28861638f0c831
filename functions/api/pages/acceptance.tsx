/** @jsxImportSource hono/jsx */
import { conflictReason } from '../../../core/assignment';
import { onChinaDate } from '../../../core/china-time';
import type { Actor } from '../../../core/identity';
import type { ProjectTaskKind } from '../../../core/projects';
import { assignExpertsInput, siteVisitInput } from '../../../core/schemas';
import { formatYuan } from '../../../core/money';
import { assignAcceptanceExperts, recordSiteVisit } from '../../services/acceptance';
import { fundingView } from '../../services/funding';
import { namesOf } from '../../services/directory';
import { expertPool, loads } from '../../services/expert-pool';
import { getVisibleProject, settingsOfProject } from '../../services/projects';
import { attempt, schemaErrors, given, type Lang, type T, validThenWritten } from './context';
import { ExpertChoice, Field, FieldGroup, Outcomes, when } from './layout';
import { say } from './messages';

/** Acceptance tasks with a form on the project's task page: the office's assignment and result, the expert's sheet. */
export const acceptanceTasks: readonly ProjectTaskKind[] = ['acceptance_assignment', 'acceptance_score', 'acceptance_decision'];

type FormProps = {
  actor: Actor;
  id: string;
  kind: ProjectTaskKind;
  href: string;
  value: (name: string) => string | undefined;
  errors: Record<string, string>;
  t: T;
  lang: Lang;
};

/** The form of an acceptance task; the pool and the rubric as the API's services read them. */
export async function acceptanceForm({ actor, id, kind, href, value, errors, t, lang }: FormProps) {
  const project = await getVisibleProject(actor, id);
  const submit = (
    <div class="actions">
      <button type="submit">{t('提交', 'Submit')}</button>
    </div>
  );
  if (kind === 'acceptance_assignment') {
    const pool = await expertPool();
    const load = await loads(pool);
    const names = await namesOf(pool.map((e) => `district:${e.districtId}`));
    return (
      <form method="post" action={href} aria-labelledby="decision">
        <FieldGroup
          name="experts"
          legend={t('专家资源库（回避者不可选）', 'Expert pool (those with a conflict cannot be chosen)')}
          error={errors.experts}
        >
          {pool.map((e) => {
            const reason = conflictReason(e, project);
            const conflict = reason && say(lang, reason.message, reason.coded);
            return (
              <ExpertChoice
                expert={{ ...e, districtId: names(`district:${e.districtId}`, lang) }}
                openTasks={load[e.username] ?? 0}
                conflict={conflict}
                error={errors[`experts.${e.username}`]}
                t={t}
              />
            );
          })}
        </FieldGroup>
        {submit}
      </form>
    );
  }
  if (kind === 'acceptance_score') {
    const { acceptanceRubric } = await settingsOfProject(project);
    const funds = acceptanceRubric.some((c) => c.fundsUse) ? await fundsUseHint(actor, id, t) : undefined;
    return (
      <form method="post" action={href} novalidate aria-labelledby="decision">
        <fieldset id="f-scores">
          <legend>{t('验收评分', 'Acceptance scores')}</legend>
          {acceptanceRubric.map((c, i) => (
            <Field
              name={`scores.${c.key}`}
              type="number"
              min={0}
              max={c.maxScore}
              step="any"
              required
              label={`${lang === 'en' ? c.labelEn : c.labelZh}（${t('满分', 'max')} ${c.maxScore}）`}
              value={value(`scores.${c.key}`)}
              error={errors[`scores.${c.key}`] ?? (i === 0 ? errors.scores : undefined)}
              hint={c.fundsUse ? funds : undefined}
            />
          ))}
        </fieldset>
        <Field
          name="comment"
          multiline
          required
          maxLength={2000}
          label={t('评审意见', 'Comment')}
          value={value('comment')}
          error={errors.comment}
        />
        {submit}
      </form>
    );
  }
  // Only a kind whose outcome is a recommendation upward offers to recommend.
  const { outcome } = await settingsOfProject(project);
  return (
    <form method="post" action={href} novalidate aria-labelledby="decision">
      <Outcomes
        name="outcome"
        legend={t('验收结论', 'Acceptance result')}
        options={[
          ['excellent', t('优秀', 'Excellent')],
          ['pass', t('合格', 'Pass')],
          ...(project.acceptanceRectified ? [] : ([['rectify', t('限期整改（仅一次）', 'Rectify (once only)')]] as [string, string][])),
          ['fail', t('不合格', 'Fail')],
        ]}
        value={value('outcome')}
        error={errors.outcome}
      />
      {outcome.type === 'recommendation' && (
        <div class="choice">
          <input
            type="checkbox"
            id="f-recommendToProvince"
            name="recommendToProvince"
            value="true"
            checked={value('recommendToProvince') === 'true'}
            aria-describedby={errors.recommendToProvince ? 'f-recommendToProvince-error' : undefined}
          />
          <label for="f-recommendToProvince">
            {t(`择优推荐申报${outcome.toZh}（仅限优秀）`, `Recommend as ${outcome.toEn} (excellent only)`)}
          </label>
          {errors.recommendToProvince && (
            <p class="error" id="f-recommendToProvince-error" data-field="recommendToProvince">
              {errors.recommendToProvince}
            </p>
          )}
        </div>
      )}
      <Field
        name="comment"
        multiline
        maxLength={2000}
        label={t('意见（整改或不合格时必填）', 'Comment (required to rectify or fail)')}
        value={value('comment')}
        error={errors.comment}
        hint={t('申报单位可见', 'Shown to the applicant')}
      />
      {submit}
    </form>
  );
}

/** The office's choice of experts through the API's schema and service; none ticked is refused at the field, never the proposal instead. */
export async function assignFromForm(lang: Lang, actor: Actor, id: string, form: Record<string, unknown>) {
  const chosen = ([] as unknown[]).concat(form.experts ?? []).filter((e): e is string => typeof e === 'string');
  const parsed = assignExpertsInput.safeParse({ experts: chosen });
  if (!parsed.success) return { ok: false as const, errors: schemaErrors(lang, parsed.error), message: '' };
  const assigned = await attempt(lang, () => assignAcceptanceExperts(actor, id, parsed.data.experts));
  if (assigned.ok) return assigned;
  // The API names the list entry; the form shows it at that expert's checkbox.
  const errors = Object.fromEntries(
    Object.entries(assigned.errors).map(([field, message]) => [
      field.replace(/^experts\.(\d+)$/, (_, i: string) => `experts.${chosen[Number(i)] ?? i}`),
      message,
    ]),
  );
  return { ...assigned, errors };
}

type SiteVisit = { visitedAt: string; visitors: string[]; findings: string };

/** The site visits (实地考察) recorded so far, and the office's form for one more. */
export function SiteVisits({
  visits,
  action,
  value,
  errors,
  t,
  lang,
}: {
  visits: SiteVisit[];
  action: string;
  value: (name: string) => string | undefined;
  errors: Record<string, string>;
  t: T;
  lang: Lang;
}) {
  return (
    <>
      <h2 id="site-visits">{t('实地考察', 'Site visits')}</h2>
      {visits.length ? (
        <ul>
          {visits.map((v) => (
            <li>
              {when(v.visitedAt, lang)} · {v.visitors.join('、')}：{v.findings}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('尚无记录。', 'None recorded.')}</p>
      )}
      <form method="post" action={action} novalidate aria-labelledby="site-visits">
        <Field
          name="visitedAt"
          type="date"
          required
          label={t('考察日期', 'Date of the visit')}
          value={value('visitedAt')}
          error={errors.visitedAt}
        />
        <Field
          name="visitors"
          required
          maxLength={2000}
          label={t('考察人员（以、或逗号分隔）', 'Visitors (separated by commas)')}
          value={value('visitors')}
          error={errors.visitors ?? errors['visitors.0']}
        />
        <Field
          name="findings"
          multiline
          required
          maxLength={5000}
          label={t('考察发现', 'Findings')}
          value={value('findings')}
          error={errors.findings}
        />
        <div class="actions">
          <button type="submit">{t('记录实地考察', 'Record the visit')}</button>
        </div>
      </form>
    </>
  );
}

/** The form as the API's site-visit body (a date as noon of that day in China time), through its schema and service. */
export async function siteVisitFromForm(lang: Lang, actor: Actor, id: string, form: Record<string, unknown>) {
  const date = given(form, 'visitedAt');
  const visitors = (given(form, 'visitors') ?? '')
    .split(/[、,，;；]/)
    .map((v) => v.trim())
    .filter(Boolean);
  const parsed = siteVisitInput.safeParse({
    visitedAt: date && onChinaDate(date, '12:00:00'),
    visitors: visitors.length ? visitors : undefined,
    findings: given(form, 'findings'),
  });
  return validThenWritten(lang, parsed, (input) => recordSiteVisit(actor, id, input));
}

/**
 * Beside a criterion that judges the use of funds (issue 23.4): the project's budget execution as
 * GET /projects/{id}/funding gives it to the assigned expert — spent against budget, 预算执行率,
 * paid, and whether the 决算 reconciles.
 */
async function fundsUseHint(actor: Actor, id: string, t: T): Promise<string> {
  const funding = await fundingView(actor, id);
  if (!('execution' in funding) || !funding.execution) return t('本项目没有经费预算表', 'This project has no budget table');
  const { execution, finalAccounts } = funding;
  const accounts = !finalAccounts
    ? t('决算未提交', 'final accounts not submitted')
    : finalAccounts.reconciles
      ? t('决算已提交，与支出和拨款一致', 'final accounts reconcile')
      : t('决算与支出或拨款不一致', 'final accounts do not reconcile');
  return t(
    `经费使用：预算 ${formatYuan(execution.budgetFen)}，已支出 ${formatYuan(execution.spentFen)}，预算执行率 ${execution.rate}；已拨付 ${formatYuan(execution.paidFen)}；${accounts}`,
    `Use of funds: budget ${formatYuan(execution.budgetFen)}, spent ${formatYuan(execution.spentFen)}, execution ${execution.rate}; paid ${formatYuan(execution.paidFen)}; ${accounts}`,
  );
}
