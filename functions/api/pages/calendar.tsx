/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { calendarSaveInput, calendarYearParam, yearScheduleInput } from '../../../core/schemas';
import { calendarView, previewYear, saveYear, type DueDateMove } from '../../services/office-calendar';
import { actorOf, attempt, backTo, given, schemaErrors, type PageEnv, type T } from './context';
import { area } from './errors';
import { Field, Notice, Problems, render, Table, when } from './layout';
import { taskKindLabels } from '../../../core/labels';
import { namesOf } from '../../services/directory';
import { actorNameOf } from './declaration';

/**
 * The office's warning next to a due date counted through a year whose holiday schedule nobody
 * entered: it may fall inside a holiday (DOMAIN.md: the office confirms such dates).
 */
export function CalendarGap({ years, t }: { years: number[] | undefined; t: T }) {
  if (!years?.length) return null;
  return (
    <span class="calendar-gap" data-uncovered={years.join(',')}>
      {' '}
      ⚠{' '}
      {t(
        `日历未覆盖 ${years.join('、')} 年：此日期未计入该年的节假日和调休安排，请核对`,
        `the calendar does not cover ${years.join(', ')}: this date ignores that year's holidays and make-up days; please check`,
      )}
      （<a href="/ui/office/calendar">{t('录入节假日安排', 'enter the holiday schedule')}</a>）
    </span>
  );
}

type Form = { year?: string | undefined; holidays?: string | undefined; workdays?: string | undefined; version?: string | undefined };
type State = { values?: Form; errors?: Record<string, string>; message?: string; status?: ContentfulStatusCode };

/** Dates typed one per line or separated by commas; `2027-02-05~2027-02-11` (or 至) is every day of that run. */
export function datesOf(text: string | undefined): string[] {
  const dates: string[] = [];
  for (const token of (text ?? '').split(/[\s,，、;；]+/).filter(Boolean)) {
    const range = /^(\d{4}-\d{2}-\d{2})(?:~|～|至)(\d{4}-\d{2}-\d{2})$/.exec(token);
    const [from, to] = range ? [Date.parse(`${range[1]}T00:00:00Z`), Date.parse(`${range[2]}T00:00:00Z`)] : [NaN, NaN];
    // A run of up to 31 days expands; anything else is kept as typed, for the schema to refuse by name.
    if (range && Number.isFinite(from) && Number.isFinite(to) && to >= from && to - from <= 31 * 86400_000) {
      for (let d = from; d <= to; d += 86400_000) dates.push(new Date(d).toISOString().slice(0, 10));
    } else dates.push(token);
  }
  return dates;
}

/** An error about one typed date (`holidays.3`) is shown at its field, naming the date. */
function atFields(errors: Record<string, string>, input: { holidays: string[]; workdays: string[] }): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, message] of Object.entries(errors)) {
    const [field, index] = name.split('.') as [string, string | undefined];
    const list = field === 'holidays' || field === 'workdays' ? input[field] : undefined;
    const said = index !== undefined && list ? `「${list[Number(index)]}」${message}` : message;
    shown[field] = shown[field] ? `${shown[field]}；${said}` : said;
  }
  return shown;
}

const sourceLabels = {
  packaged: ['内置数据（国务院办公厅通知）', 'Packaged (State Council notice)'],
  office: ['市终身教育办公室录入', 'Entered by the city office'],
} as const;

/** The office calendar: the State Council's schedule per year, entered once for all calls. */
export function calendarPages() {
  const pages = area();

  pages.get('/calendar', (c) => calendarPage(c, { values: { year: c.req.query('year') } }));

  async function calendarPage(c: Context<PageEnv>, state: State = {}) {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const view = await calendarView(actor);
    const names = await namesOf([...view.years.map((y) => y.updatedBy), ...view.history.map((e) => e.actor)]);
    const year = state.values?.year;
    const entered = view.years.find((y) => y.year === year && y.source === 'office');
    const values: Form = {
      holidays: entered?.holidays?.join('\n'),
      workdays: entered?.workdays?.join('\n'),
      version: String(entered?.version ?? 0),
      ...state.values,
    };
    const done = c.req.query('done');
    return render(
      c,
      t('节假日安排（工作日日历）', 'Holiday schedule (working-day calendar)'),
      <>
        {done === 'saved' && (
          <Notice>
            {t(`${c.req.query('year')} 年的节假日安排已保存`, `The ${c.req.query('year')} schedule has been saved`)}
            {c.req.query('moved')
              ? t(`，${c.req.query('moved')} 个任务的截止日期已按新安排调整。`, `; ${c.req.query('moved')} due date(s) moved.`)
              : t('，已承诺的截止日期不变。', '; promised due dates kept.')}
          </Notice>
        )}
        <p class="hint">
          {t(
            '各环节时限按工作日计算。内置数据只含下列年份；其他年份只计周末和元旦、劳动节（5月1日）、国庆（10月1日至3日），截止日期会标出“日历未覆盖”。国务院办公厅公布次年放假安排后，在此录入一次，所有申报批次通用；单个批次的日历调整仍在其设置中，并优先于此处。',
            'Deadlines count working days. The packaged data covers the years below; other years count only weekends and New Year, 1 May and 1–3 October, and their due dates are marked "not covered". Enter the State Council schedule here once for all calls when it is published; a call’s own calendar overrides still win.',
          )}
        </p>
        <Table
          headers={[
            t('年份', 'Year'),
            t('来源', 'Source'),
            t('放假日', 'Days off'),
            t('调休上班日', 'Make-up working days'),
            t('录入', 'Entered'),
          ]}
        >
          {view.years.map((y) => (
            <tr>
              <td>
                <a href={`/ui/office/calendar?year=${y.year}`}>{y.year}</a>
              </td>
              <td>{t(sourceLabels[y.source][0], sourceLabels[y.source][1])}</td>
              <td>{y.holidays?.length ?? '—'}</td>
              <td>{y.workdays?.join('、') || '—'}</td>
              <td>{y.updatedBy ? `${names(y.updatedBy, lang)} · ${when(y.updatedAt, lang)}` : '—'}</td>
            </tr>
          ))}
        </Table>
        <h2 id="enter">{t('录入一年的放假安排', 'Enter a year’s schedule')}</h2>
        <Problems
          message={state.message}
          errors={state.errors}
          t={t}
          labels={{ year: t('年份', 'Year'), holidays: t('放假日', 'Days off'), workdays: t('调休上班日', 'Make-up working days') }}
        />
        <form method="post" action="/ui/office/calendar/preview">
          <Field
            name="year"
            label={t('年份', 'Year')}
            value={year}
            required
            error={state.errors?.year}
            hint={t('2024 至 2099', '2024 to 2099')}
          />
          <Field
            name="holidays"
            label={t('放假日（含假期中的周末）', 'Days off (weekends inside a holiday included)')}
            multiline
            value={values.holidays}
            error={state.errors?.holidays}
            hint={t(
              '每行一个日期，或用逗号分隔；连续日期可写成 2027-02-06~2027-02-13',
              'One date a line, or separated by commas; a run as 2027-02-06~2027-02-13',
            )}
          />
          <Field
            name="workdays"
            label={t('调休上班日（周六或周日）', 'Make-up working days (Saturdays or Sundays)')}
            multiline
            value={values.workdays}
            error={state.errors?.workdays}
          />
          <input type="hidden" name="version" value={values.version ?? '0'} />
          <button type="submit">{t('预览对截止日期的影响', 'Preview the effect on due dates')}</button>
        </form>
        <h2>{t('修改记录', 'Changes')}</h2>
        <Table headers={[t('时间', 'When'), t('操作人', 'By'), t('内容', 'What')]}>
          {view.history.map((e) => (
            <tr>
              <td>{when(e.at, lang)}</td>
              <td>{actorNameOf(e, names, lang)}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </Table>
      </>,
      state.status,
    );
  }

  /** The form as the API's input, or the field errors (nothing written either way). */
  async function parsed(c: Context<PageEnv>) {
    const form = await c.req.parseBody();
    const values: Form = {
      year: given(form, 'year'),
      holidays: given(form, 'holidays'),
      workdays: given(form, 'workdays'),
      version: given(form, 'version'),
    };
    const input = { holidays: datesOf(values.holidays), workdays: datesOf(values.workdays) };
    const t = c.get('t');
    const year = calendarYearParam.safeParse(values.year ?? '');
    const schema = yearScheduleInput.safeParse(input);
    const errors: Record<string, string> = {};
    if (!year.success) errors.year = t('请填写 2024 至 2099 之间的年份', 'a year from 2024 to 2099');
    if (!schema.success) Object.assign(errors, atFields(schemaErrors(c.get('lang'), schema.error), input));
    return { form, values, input, year: year.data, errors };
  }

  pages.post('/calendar/preview', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const { values, input, year, errors } = await parsed(c);
    if (!year || Object.keys(errors).length) return calendarPage(c, { values, errors, status: 422 });
    const preview = await attempt(lang, () => previewYear(actor, year, input));
    if (!preview.ok) return calendarPage(c, { values, errors: atFields(preview.errors, input), message: preview.message, status: 422 });
    const { moves } = preview.value;
    const names = await namesOf(moves.map((m) => m.assignee));
    const movable = moves.filter((m) => m.movable);
    return render(
      c,
      t(`确认 ${year} 年的节假日安排`, `Confirm the ${year} schedule`),
      <>
        <dl class="facts">
          <dt>{t('放假日', 'Days off')}</dt>
          <dd>{preview.value.holidays.join('、') || '—'}</dd>
          <dt>{t('调休上班日', 'Make-up working days')}</dt>
          <dd>{preview.value.workdays.join('、') || '—'}</dd>
        </dl>
        <h2 id="moves">{t('截止日期会变化的未办任务', 'Open tasks whose due dates would change')}</h2>
        {moves.length === 0 ? (
          <p>{t('没有未办任务的截止日期会因此变化。', 'No open task’s due date would change.')}</p>
        ) : (
          <Table
            headers={[
              t('事项', 'Task'),
              t('申报项目', 'Declaration'),
              t('办理方', 'Assignee'),
              t('现截止时间', 'Due now'),
              t('按新安排', 'With this schedule'),
              t('变化', 'Change'),
              '',
            ]}
          >
            {moves.map((m: DueDateMove) => (
              <tr data-task={m.taskId}>
                <td>{taskKindLabels[m.kind][lang]}</td>
                <td>{m.declarationId === m.callId ? m.title : <a href={`/ui/office/declarations/${m.declarationId}`}>{m.title}</a>}</td>
                <td>{names(m.assignee, lang)}</td>
                <td>{when(m.dueAt, lang)}</td>
                <td>{when(m.newDueAt, lang)}</td>
                <td>
                  {m.days > 0 ? t(`推迟 ${m.days} 天`, `${m.days} day(s) later`) : t(`提前 ${-m.days} 天`, `${-m.days} day(s) earlier`)}
                </td>
                <td>{m.movable ? '' : t('流程时限已定，不能调整', 'fixed by its workflow, cannot move')}</td>
              </tr>
            ))}
          </Table>
        )}
        <form method="post" action="/ui/office/calendar/save">
          <input type="hidden" name="year" value={year} />
          <input type="hidden" name="holidays" value={preview.value.holidays.join('\n')} />
          <input type="hidden" name="workdays" value={preview.value.workdays.join('\n')} />
          <input type="hidden" name="version" value={values.version ?? '0'} />
          <div class="actions">
            <button type="submit" name="moveTasks" value="0" class={movable.length ? 'secondary' : undefined}>
              {movable.length ? t('保存，已承诺的截止日期不变', 'Save, keep the promised due dates') : t('保存', 'Save')}
            </button>
            {movable.length > 0 && (
              <button type="submit" name="moveTasks" value="1">
                {t(`保存，并调整上列 ${movable.length} 个任务的截止日期`, `Save and move the ${movable.length} due date(s) above`)}
              </button>
            )}
            <a class="button secondary" href={`/ui/office/calendar?year=${year}`}>
              {t('返回修改', 'Back')}
            </a>
          </div>
        </form>
      </>,
    );
  });

  pages.post('/calendar/save', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const lang = c.get('lang');
    const { form, values, input, year, errors } = await parsed(c);
    const body = calendarSaveInput.safeParse({
      ...input,
      version: Number(values.version ?? 0),
      moveTasks: given(form, 'moveTasks') === '1',
    });
    if (!year || Object.keys(errors).length || !body.success) return calendarPage(c, { values, errors, status: 422 });
    const saved = await attempt(lang, () => saveYear(actor, year, body.data));
    if (!saved.ok)
      return calendarPage(c, {
        values,
        errors: atFields(saved.errors, input),
        message: saved.message,
        status: saved.message && !Object.keys(saved.errors).length ? 409 : 422,
      });
    return backTo(c, `/ui/office/calendar?year=${year}&done=saved${body.data.moveTasks ? `&moved=${saved.value.moved.length}` : ''}`);
  });

  return pages;
}
