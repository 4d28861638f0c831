/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { conflictReason, type PoolExpert } from '../../../core/assignment';
import type { Actor } from '../../../core/identity';
import { assignExpertsInput } from '../../../core/schemas';
import { declarationView } from '../../services/declarations';
import { namesOf } from '../../services/directory';
import { assignExperts, proposal } from '../../services/experts';
import { actorOf, type FormState, type PageEnv, posted } from './context';
import { declarantKeys, declarantName } from './declaration';
import { area } from './errors';
import { ExpertChoice, FieldGroup, Problems, render } from './layout';
import { say } from './messages';

/** Assigning a declaration's experts. */
export function officeExpertsPages() {
  const pages = area();

  pages.get('/declarations/:id/experts', (c) => expertsPage(c, actorOf(c, 'city-admin'), c.req.param('id')));

  async function expertsPage(c: Context<PageEnv>, actor: Actor, id: string, state: FormState & { chosen?: string[] } = {}) {
    const t = c.get('t');
    const declaration = await declarationView(actor, id);
    const offer = await proposal(actor, id);
    const pool = offer.pool as (PoolExpert & { openTasks: number })[];
    const names = await namesOf([...declarantKeys(declaration), ...pool.map((e) => `district:${e.districtId}`)]);
    return render(
      c,
      `${t('分配评审专家', 'Assign experts')}：${declaration.title}`,
      <>
        <p>
          {t('申报单位', 'Applicant')}：{declarantName(declaration, names, c.get('lang'))}· {t('需要专家', 'Experts wanted')} {offer.wanted}{' '}
          {t('人', '')}
        </p>
        <Problems message={state.message} errors={state.errors} t={t} labels={{ experts: t('评审专家', 'Experts') }} />
        <form method="post" action={`/ui/office/declarations/${id}/experts`}>
          <FieldGroup
            name="experts"
            legend={t('专家资源库（回避者不可选）', 'Expert pool (those with a conflict cannot be chosen)')}
            error={state.errors?.experts}
          >
            {pool.map((e) => {
              const reason = conflictReason(e, declaration);
              const conflict = reason && say(c.get('lang'), reason.message, reason.coded);
              // After a refusal the boxes show what was posted (none ticked stays none), not the proposal again.
              const checked = state.chosen ? state.chosen.includes(e.username) : offer.proposed.includes(e.username);
              return (
                <ExpertChoice
                  expert={{ ...e, districtId: names(`district:${e.districtId}`, c.get('lang')) }}
                  openTasks={e.openTasks}
                  conflict={conflict}
                  checked={checked}
                  t={t}
                />
              );
            })}
          </FieldGroup>
          <button type="submit">{t('确认分配', 'Assign')}</button>
        </form>
      </>,
      state.status,
    );
  }

  pages.post('/declarations/:id/experts', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const id = c.req.param('id');
    const form = await c.req.parseBody({ all: true });
    const chosen = ([] as unknown[]).concat(form.experts ?? []).filter((e): e is string => typeof e === 'string');
    // The form always sends the office's choice: none ticked is refused at the field, never the proposal in its place.
    return posted(c, assignExpertsInput.safeParse({ experts: chosen }), (input) => assignExperts(actor, id, input.experts), {
      refused: (state) => expertsPage(c, actor, id, { chosen, ...state }),
      next: () => `/ui/office/declarations/${id}`,
    });
  });

  return pages;
}
