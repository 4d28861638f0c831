/** @jsxImportSource hono/jsx */
import { eligibilityOf, eligibilityRuleTexts } from '../../../core/eligibility';
import type { CallConfig } from '../../../core/kinds';
import type { Lang, T } from './context';

/**
 * Who may declare under a call (申报条件), shown before a declaration is started so nobody fills in a
 * form that submission will refuse. A call stored before the rules existed shows the open ones.
 */
export function EligibilityRules({ callId, config, lang, t }: { callId: string; config: CallConfig; lang: Lang; t: T }) {
  const labels = Object.fromEntries((config.formFields ?? []).map((f) => [f.key, lang === 'en' ? f.labelEn : f.labelZh]));
  const id = `eligibility-${callId}`;
  return (
    <section class="eligibility" aria-labelledby={id}>
      <h4 id={id}>{t('申报条件', 'Who may declare')}</h4>
      <ul>
        {eligibilityRuleTexts(eligibilityOf(config), labels, lang).map((rule) => (
          <li>{rule}</li>
        ))}
      </ul>
      <p class="hint">
        {t(
          '提交时系统按以上条件核验；其余事项（如材料真实性）由形式审查把关。',
          'Submission is checked against these rules; formal review judges the rest (such as whether the materials are genuine).',
        )}
      </p>
    </section>
  );
}
