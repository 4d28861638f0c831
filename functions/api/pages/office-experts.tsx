/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { refusalOf, type ExclusionReason } from '../../../core/draw';
import type { Actor } from '../../../core/identity';
import { assignExpertsInput } from '../../../core/schemas';
import { declarationView } from '../../services/declarations';
import { namesOf } from '../../services/directory';
import type { PoolEntry } from '../../services/expert-pool';
import { assignExperts, drawsOf, proposal } from '../../services/experts';
import { listSpecialties } from '../../services/specialties';
import { actorOf, attempt, backTo, type FormState, type PageEnv, posted } from './context';
import { declarantKeys, declarantName } from './declaration';
import { area } from './errors';
import { expertPoolPages } from './office-expert-pool';
import { ExpertChoice, FieldGroup, Problems, render, Table, when } from './layout';
import { say } from './messages';

/** A refusal of one list entry (`experts.2`) is said at the list, where the boxes are. */
function atTheList(errors: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!errors) return errors;
  const merged: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = field.replace(/^experts\.\d+$/, 'experts');
    merged[key] = merged[key] ? `${merged[key]}；${message}` : message;
  }
  return merged;
}

/** Assigning a declaration's experts: the random draw (随机抽取) first, a pick by hand with the same 回避, and the draws on record. */
export function officeExpertsPages() {
  const pages = area();
  pages.route('/', expertPoolPages());

  pages.get('/declarations/:id/experts', (c) => expertsPage(c, actorOf(c, 'city-admin'), c.req.param('id')));

  async function expertsPage(c: Context<PageEnv>, actor: Actor, id: string, state: FormState & { chosen?: string[] } = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const declaration = await declarationView(actor, id);
    const [offer, draws, specialties] = await Promise.all([proposal(actor, id), drawsOf(actor, id), listSpecialties()]);
    const pool = offer.pool as (PoolEntry & { openTasks: number; exclusion: ExclusionReason | null })[];
    const names = await namesOf([...declarantKeys(declaration), ...pool.map((e) => `district:${e.districtId}`)]);
    const expertName = (username: string) => pool.find((e) => e.username === username)?.displayName ?? username;
    const specialtyName = (code: string) => {
      const s = specialties.find((x) => x.code === code);
      return s ? (lang === 'en' ? (s.nameEn ?? s.nameZh) : s.nameZh) : code;
    };
    const eligible = pool.filter((e) => !e.exclusion).length;
    return render(
      c,
      `${t('分配评审专家', 'Assign experts')}：${declaration.title}`,
      <>
        <p>
          {t('申报单位', 'Applicant')}：{declarantName(declaration, names, lang)}· {t('需要专家', 'Experts wanted')} {offer.wanted}{' '}
          {t('人', '')}· {t('专业领域', 'Specialties')}：
          {offer.specialties.length ? offer.specialties.map(specialtyName).join('、') : t('不限', 'any')}
        </p>
        <Problems message={state.message} errors={state.errors} t={t} labels={{ experts: t('评审专家', 'Experts') }} />
        <section aria-labelledby="draw-heading">
          <h2 id="draw-heading">{t('随机抽取', 'Random draw')}</h2>
          <p class="hint">
            {t(
              `从符合条件的 ${eligible} 名专家中随机抽取（回避同区、同单位、申明回避及申报单位申明的人员，按在办任务均衡），抽取的种子和候选名单记入审计，可复核。`,
              `Drawn at random from the ${eligible} eligible experts (回避 of district, organisation and declared conflicts and relationships; balanced by open work). The seed and the eligible list are recorded for replay.`,
            )}
          </p>
          <form method="post" action={`/ui/office/declarations/${id}/experts/draw`}>
            <button type="submit">{t(`随机抽取 ${offer.wanted} 名专家`, `Draw ${offer.wanted} experts`)}</button>
          </form>
        </section>
        <section aria-labelledby="pick-heading">
          <h2 id="pick-heading">{t('手动选择', 'Pick by hand')}</h2>
          <form method="post" action={`/ui/office/declarations/${id}/experts`}>
            <FieldGroup
              name="experts"
              legend={t('专家资源库（须回避者不可选）', 'Expert pool (those excluded cannot be chosen)')}
              error={state.errors?.experts}
            >
              {pool.map((e) => {
                const reason = e.exclusion ? refusalOf(e.exclusion, e.displayName) : undefined;
                return (
                  <ExpertChoice
                    expert={{ ...e, districtId: names(`district:${e.districtId}`, lang) }}
                    openTasks={e.openTasks}
                    conflict={reason && say(lang, reason.message, reason.coded)}
                    checked={state.chosen?.includes(e.username) ?? false}
                    t={t}
                  />
                );
              })}
            </FieldGroup>
            <button type="submit">{t('确认分配', 'Assign')}</button>
          </form>
        </section>
        <section aria-labelledby="draws-heading">
          <h2 id="draws-heading">{t('抽取记录', 'Draws on record')}</h2>
          {draws.length === 0 ? (
            <p>{t('尚未抽取。', 'No draw yet.')}</p>
          ) : (
            <Table headers={[t('时间', 'When'), t('抽中', 'Drawn'), t('候选名单', 'Eligible'), t('随机种子', 'Seed'), t('复核', 'Replay')]}>
              {draws.map((d) => (
                <tr>
                  <td>{when(d.at, lang)}</td>
                  <td>{d.drawn.map(expertName).join('、') || '—'}</td>
                  <td>{d.eligible.map(expertName).join('、') || '—'}</td>
                  <td>{d.seed}</td>
                  <td>
                    {d.agrees
                      ? t(`重放一致：${d.replayed.map(expertName).join('、')}`, `Replay agrees: ${d.replayed.map(expertName).join(', ')}`)
                      : t(
                          `重放不一致：${d.replayed.map(expertName).join('、')}`,
                          `Replay differs: ${d.replayed.map(expertName).join(', ')}`,
                        )}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </section>
      </>,
      state.status,
    );
  }

  pages.post('/declarations/:id/experts/draw', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const id = c.req.param('id');
    const done = await attempt(c.get('lang'), () => assignExperts(actor, id));
    if (!done.ok) return expertsPage(c, actor, id, { errors: done.errors, message: done.message, status: 422 });
    return backTo(c, `/ui/office/declarations/${id}`);
  });

  pages.post('/declarations/:id/experts', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const id = c.req.param('id');
    const form = await c.req.parseBody({ all: true });
    const chosen = ([] as unknown[]).concat(form.experts ?? []).filter((e): e is string => typeof e === 'string');
    // The form always sends the office's choice: none ticked is refused at the field, never a draw in its place.
    return posted(c, assignExpertsInput.safeParse({ experts: chosen }), (input) => assignExperts(actor, id, input.experts), {
      refused: (state) => expertsPage(c, actor, id, { chosen, ...state, errors: atTheList(state.errors) }),
      next: () => `/ui/office/declarations/${id}`,
    });
  });

  return pages;
}
