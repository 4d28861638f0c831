/** @jsxImportSource hono/jsx */
import { kindLifecycles } from '../../../core/kind-definition';
import type { KindDraft } from '../../../core/kind-editor';
import { lifecycleLabels, outcomeTypeLabels, projectDeadlineLabels, settingLabels } from '../../../core/kind-labels';
import { deadlineLabels, organisationLevelLabels, organisationTypeLabels, scoringMethodLabels } from '../../../core/labels';
import { organisationLevels, organisationTypes } from '../../../core/organisations';
import { Act, Check, Choose, Group, In, type Inputs, nameOf, say } from './kind-editor-inputs';

/** A set's boxes, the chosen first in their stored order (posted back in that order, so the order is kept), then the rest. */
function chosenFirst<K extends string>(at: Inputs, name: string, all: readonly K[]): K[] {
  const chosen = Object.keys(at.values)
    .filter((k) => k.startsWith(`${name}.`))
    .map((k) => k.slice(name.length + 1) as K)
    .filter((k) => all.includes(k));
  return [...chosen, ...all.filter((k) => !chosen.includes(k))];
}

/** The kind's settings in the editor: lifecycle and outcome, numbers and deadlines, scoring and tie-break, who may declare. */
export function SettingsEditor({ at, draft }: { at: Inputs; draft: KindDraft }) {
  const { t } = at;
  const outcome = (draft.outcome as { type?: string } | undefined)?.type ?? 'none';
  const setting = (name: string, min: number, max: number) => (
    <In at={at} name={name} type="number" min={min} max={max} label={say(at, settingLabels[name]!)} required />
  );
  const criteria: [string, string][] = draft.rubric.filter((c) => c.key).map((c) => [String(c.key), nameOf(at, c)]);
  const numberFields: [string, string][] = draft.form
    .filter((f) => (f.type === 'integer' || f.type === 'decimal') && f.key)
    .map((f) => [String(f.key), nameOf(at, f)]);
  return (
    <>
      <Group at={at} name="lifecycle-and-outcome" legend={t('项目周期与结果', 'Lifecycle and outcome')}>
        <Choose
          at={at}
          name="lifecycle"
          label={say(at, settingLabels.lifecycle!)}
          options={kindLifecycles.map((l) => [l, say(at, lifecycleLabels[l])])}
        />
        {setting('constructionMonths', 1, 60)}
        <Choose
          at={at}
          name="outcome.type"
          label={t('结果（改后点“更新”显示其设置）', 'Outcome (after a change, press Update)')}
          options={(['none', 'title', 'recommendation'] as const).map((o) => [o, say(at, outcomeTypeLabels[o])])}
        />
        {outcome === 'title' && (
          <>
            <In at={at} name="outcome.titleZh" label={say(at, settingLabels['outcome.titleZh']!)} required />
            <In at={at} name="outcome.titleEn" label={say(at, settingLabels['outcome.titleEn']!)} required />
            {setting('outcome.validityYears', 1, 10)}
            <In
              at={at}
              name="outcome.reviewEveryYears"
              type="number"
              min={0}
              max={10}
              label={say(at, settingLabels['outcome.reviewEveryYears']!)}
            />
            <In at={at} name="outcome.numberPattern" label={say(at, settingLabels['outcome.numberPattern']!)} />
          </>
        )}
        {outcome === 'recommendation' && (
          <>
            <In at={at} name="outcome.toZh" label={say(at, settingLabels['outcome.toZh']!)} required />
            <In at={at} name="outcome.toEn" label={say(at, settingLabels['outcome.toEn']!)} required />
          </>
        )}
      </Group>
      <Group at={at} name="selection" legend={t('名额与评审', 'Quota and review')}>
        {setting('quota', 1, 1000)}
        {setting('defaultDistrictCap', 0, 1000)}
        {setting('expertsPerDeclaration', 1, 15)}
        <Choose
          at={at}
          name="scoring"
          label={say(at, settingLabels.scoring!)}
          options={(['mean', 'trimmed-mean'] as const).map((m) => [m, say(at, scoringMethodLabels[m])])}
        />
        <Group
          at={at}
          name="tieBreak"
          legend={t('同分时依次比较（评分项的平均分，再比提交时间）', 'Ties broken by (criteria in order, then submission time)')}
        >
          {[...draft.tieBreak, ''].map((_, i) => (
            <Choose
              at={at}
              name={`tieBreak.${i}`}
              label={`${t('第', 'No. ')}${i + 1}${t(' 位', '')}`}
              options={[['', t('（不比较）', '(none)')], ...criteria]}
            />
          ))}
        </Group>
      </Group>
      <Group at={at} name="deadlines" legend={t('各环节时限（工作日）', 'Deadlines (working days)')}>
        {Object.entries(deadlineLabels).map(([k, label]) => (
          <In at={at} name={`deadlines.${k}`} type="number" min={1} max={60} label={say(at, label)} required />
        ))}
        {Object.entries(projectDeadlineLabels).map(([k, label]) => (
          <In at={at} name={`projectDeadlines.${k}`} type="number" min={1} max={40} label={say(at, label)} required />
        ))}
        {setting('noticeWorkingDays', 1, 30)}
        {setting('escalationWorkingDays', 1, 30)}
      </Group>
      <Group at={at} name="eligibility" legend={t('申报条件', 'Who may declare')}>
        <Group at={at} name="eligibility.levels" legend={say(at, settingLabels['eligibility.levels']!)}>
          {chosenFirst(at, 'eligibility.levels', organisationLevels).map((level) => (
            <Check at={at} name={`eligibility.levels.${level}`} label={say(at, organisationLevelLabels[level])} />
          ))}
        </Group>
        <Group at={at} name="eligibility.types" legend={say(at, settingLabels['eligibility.types']!)}>
          {chosenFirst(at, 'eligibility.types', organisationTypes).map((type) => (
            <Check at={at} name={`eligibility.types.${type}`} label={say(at, organisationTypeLabels[type])} />
          ))}
        </Group>
        <In
          at={at}
          name="eligibility.maxPerOrganisation"
          type="number"
          min={1}
          max={100}
          label={t('每个单位最多申报（可不填）', 'At most per organisation (optional)')}
        />
        <In
          at={at}
          name="eligibility.maxPerStreet"
          type="number"
          min={1}
          max={100}
          label={t('每个街道最多申报（可不填）', 'At most per street (optional)')}
        />
        <Check at={at} name="eligibility.notIfAlreadyNamed" label={say(at, settingLabels['eligibility.notIfAlreadyNamed']!)} />
        <Group at={at} name="eligibility.minimums" legend={say(at, settingLabels['eligibility.minimums']!)}>
          {draft.eligibility.minimums.map((_, i) => (
            <fieldset id={`f-eligibility-minimums-${i}`}>
              <Choose
                at={at}
                name={`eligibility.minimums.${i}.field`}
                label={t('填写项', 'Field')}
                options={[['', t('（请选择）', '(choose)')], ...numberFields]}
              />
              <In at={at} name={`eligibility.minimums.${i}.min`} type="number" step="0.01" label={t('不少于', 'At least')} required />
              <Act action={`remove:eligibility.minimums.${i}`} label={t('删除', 'Remove')} />
            </fieldset>
          ))}
          <Act action="add-minimum" label={t('添加一项数字要求', 'Add a minimum')} />
        </Group>
      </Group>
    </>
  );
}
