/** @jsxImportSource hono/jsx */
import { isSameKind, type KindDiff, keyedLists, type MemberChange } from '../../../core/kind-diff';
import {
  fieldTypeLabels,
  kpiMeasureLabels,
  lifecycleLabels,
  listLabels,
  type Label,
  memberLabels,
  outcomeTypeLabels,
  settingLabel,
} from '../../../core/kind-labels';
import { deadlineLabels, organisationLevelLabels, organisationTypeLabels, scoringMethodLabels } from '../../../core/labels';
import { formatYuan } from '../../../core/money';
import type { T } from './context';
import { Table } from './layout';

type Named = { key: string; labelZh?: string; labelEn?: string; value?: string };
const vocabularies: Record<string, Record<string, Label>> = {
  type: fieldTypeLabels,
  measure: kpiMeasureLabels,
  lifecycle: lifecycleLabels,
  scoring: scoringMethodLabels,
  'outcome.type': outcomeTypeLabels,
  'eligibility.levels': organisationLevelLabels,
  'eligibility.types': organisationTypeLabels,
};

/** A value as the office reads it: labels for codes, names for options and columns, 元 for money, 是/否. */
function shown(member: string, value: unknown, t: T, lang: 'zh' | 'en', criteria: Named[]): string {
  const name = (x: Named) => (lang === 'en' ? x.labelEn : x.labelZh) ?? x.value ?? x.key;
  const vocabulary = vocabularies[member];
  if (value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('是', 'Yes') : t('否', 'No');
  if (member === 'maxFen' && typeof value === 'number') return formatYuan(value);
  if (member === 'tieBreak' && Array.isArray(value))
    return value.map((k) => name(criteria.find((c) => c.key === k) ?? { key: String(k) })).join(t('、', ', ')) || '—';
  if (vocabulary && Array.isArray(value))
    return value.map((v) => (vocabulary[v] ? t(vocabulary[v].zh, vocabulary[v].en) : v)).join(t('、', ', '));
  if (vocabulary && typeof value === 'string') return vocabulary[value] ? t(vocabulary[value].zh, vocabulary[value].en) : value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null))
    return (value as Named[]).map(name).join(t('、', ', ')) || '—';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function Changes({
  changes,
  label,
  t,
  lang,
  criteria,
}: {
  changes: MemberChange[];
  label: (m: string) => string;
  t: T;
  lang: 'zh' | 'en';
  criteria: Named[];
}) {
  return (
    <Table headers={[t('项目', 'What'), t('原来', 'Before'), t('现在', 'Now')]}>
      {changes.map((c) => (
        <tr data-member={c.member}>
          <td>{label(c.member)}</td>
          <td>{shown(c.member, c.from, t, lang, criteria)}</td>
          <td>{shown(c.member, c.to, t, lang, criteria)}</td>
        </tr>
      ))}
    </Table>
  );
}

/** The difference between two versions, as the office reads it: names, never keys alone. */
export function KindDiffView({ diff, t, lang, criteria }: { diff: KindDiff; t: T; lang: 'zh' | 'en'; criteria: Named[] }) {
  const say = (l: Label) => t(l.zh, l.en);
  const name = (x: Named) => `${(lang === 'en' ? x.labelEn : x.labelZh) ?? x.key}（${x.key}）`;
  if (isSameKind(diff)) return <p id="diff-same">{t('两个版本的内容相同。', 'The two versions are the same.')}</p>;
  return (
    <div id="diff">
      {keyedLists
        .filter((list) => diff[list].added.length || diff[list].removed.length || diff[list].changed.length)
        .map((list) => (
          <section id={`diff-${list}`}>
            <h2>{say(listLabels[list])}</h2>
            {diff[list].added.length > 0 && (
              <p class="diff-added">
                {t('新增：', 'Added: ')}
                {diff[list].added.map((x) => name(x as Named)).join(t('、', ', '))}
              </p>
            )}
            {diff[list].removed.length > 0 && (
              <p class="diff-removed">
                {t('删除：', 'Removed: ')}
                {diff[list].removed.map((x) => name(x as Named)).join(t('、', ', '))}
              </p>
            )}
            {diff[list].changed.map((c) => (
              <>
                <h3>
                  {t('修改：', 'Changed: ')}
                  {name(c.to as Named)}
                </h3>
                <Changes
                  changes={c.members}
                  label={(m) => say(memberLabels[m] ?? { zh: m, en: m })}
                  t={t}
                  lang={lang}
                  criteria={criteria}
                />
              </>
            ))}
          </section>
        ))}
      {diff.settings.length > 0 && (
        <section id="diff-settings">
          <h2>{t('其他设置', 'Settings')}</h2>
          <Changes
            changes={diff.settings}
            label={(m) => say(settingLabel(m, (k) => (deadlineLabels as Record<string, Label>)[k]))}
            t={t}
            lang={lang}
            criteria={criteria}
          />
        </section>
      )}
    </div>
  );
}
