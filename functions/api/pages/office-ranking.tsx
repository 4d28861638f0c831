/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Actor } from '../../../core/identity';
import { shortlistInput } from '../../../core/schemas';
import { type AppliedScore, appliedRuleText, type ScoringRuleText, scoringRuleText } from '../../../core/scoring-rule';
import { configOf, getCall } from '../../services/calls';
import { confirmShortlist, ranking } from '../../services/selection';
import { actorOf, type FormState, type PageEnv, posted, type T } from './context';
import { StageTag } from './declaration';
import { area } from './errors';
import { Problems, render, Table } from './layout';

/** The call's scoring rule as the ranking and the export state it: the total, the combination, the tie-break. */
export function ScoringRule({ rule, t }: { rule: ScoringRuleText; t: T }) {
  return (
    <section aria-labelledby="scoring-rule" class="scoring-rule">
      <h2 id="scoring-rule">{t('评分规则', 'Scoring rule')}</h2>
      <ul>
        <li data-rule="total">{rule.total}</li>
        <li data-rule="combination">{rule.combination}</li>
        <li data-rule="tie-break">{rule.tieBreak}</li>
      </ul>
    </section>
  );
}

/** A call's ranking and the shortlist confirmed from it. */
export function officeRankingPages() {
  const pages = area();

  pages.get('/calls/:callId/ranking', (c) => rankingPage(c, actorOf(c, 'city-admin'), c.req.param('callId')));

  async function rankingPage(c: Context<PageEnv>, actor: Actor, callId: string, state: FormState = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const [call, ranked] = await Promise.all([getCall(callId), ranking(actor, callId)]);
    const config = configOf(call);
    const rubric = config.rubric;
    const rule = scoringRuleText(config, lang);
    const open = call.status === 'reviewing';
    return render(
      c,
      `${t('排名与择优', 'Ranking and shortlist')}：${call.title}`,
      <>
        <p>
          {t('立项名额', 'Quota')}：{ranked.quota}。
          {open
            ? t(
                '受理已截止，请勾选拟立项名单并确认，确认后即发布公示。',
                'The window has closed: tick the shortlist and confirm; the notice is then published.',
              )
            : t('申报受理截止后才能确定名单。', 'The shortlist is confirmed after the window closes.')}
        </p>
        <ScoringRule rule={rule} t={t} />
        <Problems message={state.message} errors={state.errors} t={t} />
        <form method="post" action={`/ui/office/calls/${callId}/shortlist`}>
          <Table
            headers={[
              t('入选', 'Shortlist'),
              t('名次', 'Rank'),
              t('项目名称', 'Title'),
              t('综合得分', 'Combined'),
              t('计分', 'How combined'),
              ...rubric.map((r) => (lang === 'en' ? r.labelEn : r.labelZh)),
              t('说明', 'Note'),
            ]}
          >
            {ranked.items.map((r) => (
              <tr>
                <td>
                  <input
                    type="checkbox"
                    name="declarationIds"
                    value={r.declarationId}
                    id={`pick-${r.declarationId}`}
                    checked={ranked.shortlist.includes(r.declarationId) || (r.withinQuota && r.stage === 'scored')}
                    disabled={r.stage !== 'scored' || !open}
                    aria-label={`${t('入选', 'Shortlist')}：${r.title}`}
                  />
                </td>
                <td>{r.rank}</td>
                <td>
                  <label for={`pick-${r.declarationId}`}>{r.title}</label> <StageTag stage={r.stage} lang={lang} />
                </td>
                <td>{r.combined ?? '—'}</td>
                <td>{appliedRuleText(r.score as AppliedScore, lang)}</td>
                {rubric.map((c) => (
                  <td>{r.criterionMeans[c.key] ?? '—'}</td>
                ))}
                <td>{r.tieBreak ?? ''}</td>
              </tr>
            ))}
          </Table>
          {open && <button type="submit">{t('确认名单并发布公示', 'Confirm and publish the notice')}</button>}
        </form>
      </>,
      state.status,
    );
  }

  pages.post('/calls/:callId/shortlist', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const callId = c.req.param('callId');
    const form = await c.req.parseBody({ all: true });
    const parsed = shortlistInput.safeParse({ declarationIds: ([] as unknown[]).concat(form.declarationIds ?? []) });
    return posted(c, parsed, (input) => confirmShortlist(actor, callId, input.declarationIds), {
      refused: (state) => rankingPage(c, actor, callId, state),
      next: () => `/ui/office/calls/${callId}?done=shortlisted`,
    });
  });

  return pages;
}
