/** @jsxImportSource hono/jsx */
import type { CallConfig } from '../../../core/kinds';
import { scoringMethods } from '../../../core/kinds';
import { scoringMethodLabels } from '../../../core/labels';
import { tieBreakCriteria } from '../../../core/scoring';
import { combinationRule, totalFormula } from '../../../core/scoring-rule';
import { given, type T } from './context';
import { Field, FieldGroup } from './layout';

type Lang = 'zh' | 'en';
type Scoring = Pick<CallConfig, 'rubric' | 'scoring' | 'tieBreak'>;
const nameOf = (x: { labelZh: string; labelEn: string }, lang: Lang) => (lang === 'en' ? x.labelEn : x.labelZh);
/** The tie-break order as it applies: the call's own, or a legacy call's criteria by maximum. */
const tieBreakOf = (config: Scoring) => tieBreakCriteria(config.rubric, config.tieBreak).map((c) => c.key);

/** How experts' scores combine, chosen when a call is created or adjusted. */
export function ScoringChoice({ value, error, t }: { value: string; error?: string | undefined; t: T }) {
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for="f-scoring">{t('计分方式', 'Scoring')}</label>
      <select
        id="f-scoring"
        name="scoring"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={`f-scoring-hint${error ? ' f-scoring-error' : ''}`}
      >
        {scoringMethods.map((m) => (
          <option value={m} selected={value === m}>
            {t(scoringMethodLabels[m].zh, scoringMethodLabels[m].en)}
          </option>
        ))}
      </select>
      <p class="hint" id="f-scoring-hint">
        {t(combinationRule('trimmed-mean', 'zh'), combinationRule('trimmed-mean', 'en'))}
      </p>
      {error && (
        <p class="error" id="f-scoring-error" data-field="scoring">
          {error}
        </p>
      )}
    </div>
  );
}

/** The labels of the rubric's and the tie-break's controls, also naming them in the error summary. */
export function scoringLabels(config: Scoring, t: T, lang: Lang): Record<string, string> {
  return Object.fromEntries([
    ...config.rubric.flatMap((r, i) => [
      [`rubric.${i}.weight`, `${nameOf(r, lang)} ${t('权重', 'weight')}`],
      [`rubric.${i}.maxScore`, `${nameOf(r, lang)} ${t('满分', 'maximum score')}`],
    ]),
    ...config.rubric.map((_, i) => [`tieBreak.${i}`, t(`同分时第 ${i + 1} 个比较的评分项`, `Tie-break criterion ${i + 1}`)]),
  ]);
}

/**
 * What the form changes in the rubric and the tie-break, in the API's shape. A weight left empty
 * is absent (counts 1); the rubric is a list, so a change to one entry sends it whole.
 */
export function scoringChanges(config: Scoring, form: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const num = (name: string) => {
    const v = given(form, name);
    return v === undefined ? null : Number(v);
  };
  const rubric = config.rubric.map(({ weight: _, ...r }, i) => {
    const weight = given(form, `rubric.${i}.weight`);
    return { ...r, ...(weight === undefined ? {} : { weight: Number(weight) }), maxScore: num(`rubric.${i}.maxScore`) };
  });
  const changed = (i: number) => {
    const [now, was] = [rubric[i]!, config.rubric[i]!];
    return (now.weight ?? 1) !== (was.weight ?? 1) || now.maxScore !== was.maxScore;
  };
  if (rubric.some((_, i) => changed(i))) patch.rubric = rubric;
  const tieBreak = config.rubric.map((_, i) => given(form, `tieBreak.${i}`)).filter((k): k is string => Boolean(k));
  if (tieBreak.join() !== tieBreakOf(config).join()) patch.tieBreak = tieBreak;
  return patch;
}

/** The rubric with its total (and the formula when weighted), and the tie-break order. */
export function ScoringFields(props: {
  config: Scoring;
  v: (name: string, current: string | number) => string | number;
  errors: Record<string, string>;
  labels: Record<string, string>;
  t: T;
  lang: Lang;
  disabled: boolean;
}) {
  const { config, v, errors, labels, t, lang, disabled } = props;
  // The total of the rubric as shown: after a refused post, of what was posted.
  const shown = config.rubric.map((r, i) => ({
    ...r,
    weight: Number(v(`rubric.${i}.weight`, r.weight ?? 1)) || 1,
    maxScore: Number(v(`rubric.${i}.maxScore`, r.maxScore)) || 0,
  }));
  const order = tieBreakOf(config);
  return (
    <>
      <FieldGroup
        name="rubric"
        legend={t(
          '评分标准（各项名称不可修改；专家得分为各项得分之和，设了权重的按权重计）',
          'Rubric (names fixed; an expert’s total is the sum of the points, weighted where a weight is set)',
        )}
        error={errors.rubric}
      >
        <p id="rubric-total" data-total>
          {totalFormula(shown, lang)}
          {t('。权重留空即为 1。', '. An empty weight counts 1.')}
        </p>
        {config.rubric.map((r, i) => (
          <fieldset id={`f-rubric-${i}`}>
            <legend>{nameOf(r, lang)}</legend>
            <Field
              name={`rubric.${i}.weight`}
              type="number"
              step="0.01"
              min={0.01}
              max={100}
              label={labels[`rubric.${i}.weight`]!}
              value={v(`rubric.${i}.weight`, r.weight ?? '')}
              error={errors[`rubric.${i}.weight`]}
            />
            <Field
              name={`rubric.${i}.maxScore`}
              type="number"
              min={1}
              max={100}
              label={labels[`rubric.${i}.maxScore`]!}
              required
              value={v(`rubric.${i}.maxScore`, r.maxScore)}
              error={errors[`rubric.${i}.maxScore`]}
            />
          </fieldset>
        ))}
      </FieldGroup>
      {/* Its own fieldset, disabled with the section once the call opens. */}
      <fieldset id="f-tieBreak" disabled={disabled}>
        <legend>
          {t(
            '同分排序：综合得分相同时依次比较以下评分项的专家均分，仍相同的先提交者在前',
            'Tie-break: on equal combined scores, the higher mean on these criteria in order, then the earlier submission',
          )}
        </legend>
        {config.rubric.map((_, i) => {
          const name = `tieBreak.${i}`;
          const value = String(v(name, order[i] ?? ''));
          return (
            <div class={`field${errors[name] ? ' invalid' : ''}`}>
              <label for={`f-tieBreak-${i}`}>{labels[name]}</label>
              <select id={`f-tieBreak-${i}`} name={name} aria-invalid={errors[name] ? 'true' : undefined}>
                <option value="" selected={value === ''}>
                  {t('（不再比较）', '(none)')}
                </option>
                {config.rubric.map((c) => (
                  <option value={c.key} selected={value === c.key}>
                    {nameOf(c, lang)}
                  </option>
                ))}
              </select>
              {errors[name] && (
                <p class="error" id={`f-tieBreak-${i}-error`} data-field={name}>
                  {errors[name]}
                </p>
              )}
            </div>
          );
        })}
      </fieldset>
    </>
  );
}
