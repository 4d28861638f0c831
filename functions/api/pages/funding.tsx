/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { expenditureInput, finalAccountsInput } from '../../../core/expenditure';
import { grantInput, paymentInput, trancheMilestoneLabels, trancheMilestones } from '../../../core/funding';
import type { Actor } from '../../../core/identity';
import { formatYuan, formatYuanSign, yuanToFen } from '../../../core/money';
import { lifecycleMilestones } from '../../../core/tranche-plan';
import { receiptFile, receiptUploadForm, reportExpenditure, stagedReceiptName, submitFinalAccounts } from '../../services/expenditure';
import { type FundingView, fundingView, grantFunding, recordPayment } from '../../services/funding';
import { getVisibleProject, projectView } from '../../services/projects';
import { keptFileResponse } from '../material-download';
import { actorOf, given, type FormState, type PageEnv, posted, type T } from './context';
import { area } from './errors';
import { Execution, ExpenditureForms, FinalAccountsSummary, type ReceiptState } from './expenditure';
import { Field, FieldGroup, Notice, Problems, render, Table } from './layout';

/**
 * A project's funding page (issue 23), mounted under /ui/projects: the applicant's budget with its
 * totals, and for the city office the grant and its tranche plan, each tranche's standing and the
 * payments, with the forms to set the grant and record a payment. Money is shown as ¥1,234.50.
 */
export const fundingPages = area();

fundingPages.get('/:id/funding', (c) => fundingPage(c, actorOf(c), c.req.param('id')));

const YUAN_HINT = ['以元为单位，最多两位小数，如 12,345.67', 'In yuan, at most two decimals, e.g. 12,345.67'] as const;
const NOT_YUAN = [
  '请填写以元为单位的金额，最多两位小数（如 12,345.67）',
  'an amount in yuan with at most two decimals (e.g. 12,345.67)',
] as const;

function Budget({ budget, t }: { budget: NonNullable<FundingView['budget']>; t: T }) {
  return (
    <section aria-labelledby="budget">
      <h2 id="budget">{t('经费预算', 'Budget')}</h2>
      {budget.lines.length === 0 ? (
        <p>{t('申报书未填写经费预算明细。', 'The declaration has no budget lines.')}</p>
      ) : (
        <Table headers={[t('支出类别', 'Category'), t('经费来源', 'Source'), t('金额', 'Amount'), t('说明', 'Note')]}>
          {budget.lines.map((l) => (
            <tr>
              <td>{l.categoryLabel}</td>
              <td>{l.sourceLabel}</td>
              <td class="num">{formatYuanSign(l.amount)}</td>
              <td>{l.note ?? '—'}</td>
            </tr>
          ))}
        </Table>
      )}
      <p id="budget-total">
        {t('预算合计', 'Budget total')}：{formatYuanSign(budget.totalFen)}；
        {budget.bySource
          .filter((s) => s.amountFen > 0)
          .map((s) => `${s.label} ${formatYuanSign(s.amountFen)}`)
          .join('，')}
      </p>
      <p id="budget-requested">
        {t('申请财政资助', 'Grant asked')}：{formatYuanSign(budget.requestedFen)}（{t('本类项目资助上限', 'the kind’s maximum')}{' '}
        {formatYuanSign(budget.maxGrantFen)}）
      </p>
    </section>
  );
}

function Grant({ grant, t, lang }: { grant: NonNullable<FundingView['grant']>; t: T; lang: 'zh' | 'en' }) {
  return (
    <section aria-labelledby="grant">
      <h2 id="grant">{t('核定资助与拨付', 'Grant and tranches')}</h2>
      <p id="grant-approved">
        {t('核定资助', 'Approved')}：{formatYuanSign(grant.approvedFen)}
        {grant.requestedFen !== null && `（${t('申请', 'asked')} ${formatYuanSign(grant.requestedFen)}）`}
        {grant.reason && `；${t('理由', 'reason')}：${grant.reason}`}
      </p>
      <Table
        id="tranches"
        headers={[
          t('批次', 'Tranche'),
          t('拨付节点', 'Milestone'),
          t('比例', 'Share'),
          t('金额', 'Amount'),
          t('状态', 'Status'),
          t('拨付情况', 'Payment'),
        ]}
      >
        {grant.tranches.map((tr) => (
          <tr id={`tranche-${tr.index}`}>
            <td>{t(`第 ${tr.index} 笔`, `No. ${tr.index}`)}</td>
            <td>{tr.milestoneLabel[lang]}</td>
            <td class="num">{tr.percent}%</td>
            <td class="num">{formatYuanSign(tr.amountFen)}</td>
            <td>{tr.statusLabel[lang]}</td>
            <td>
              {tr.payment
                ? `${tr.payment.paidOn} ${formatYuan(tr.payment.amountFen)}（${t('凭证号', 'voucher')} ${tr.payment.voucher}）`
                : '—'}
            </td>
          </tr>
        ))}
      </Table>
      <p id="grant-totals">
        {t('已拨付', 'Paid')} {formatYuanSign(grant.totals.paidFen)}；{t('可拨付', 'Payable')} {formatYuanSign(grant.totals.payableFen)}；
        {t('待达到节点', 'Awaiting milestones')} {formatYuanSign(grant.totals.pendingFen)}
        {grant.totals.stoppedFen > 0 && `；${t('已停止拨付', 'Stopped')} ${formatYuanSign(grant.totals.stoppedFen)}`}
      </p>
    </section>
  );
}

async function fundingPage(c: Context<PageEnv>, actor: Actor, id: string, state: FormState = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const project = await projectView(actor, id);
  const funding = await fundingView(actor, id);
  const errors = state.errors ?? {};
  const value = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  const office = actor.role === 'city-admin';
  const payable = funding.grant?.tranches.filter((tr) => tr.status === 'payable') ?? [];
  const { execution, expenditures, finalAccounts, acceptanceBlocked, reportOpen } = funding;
  const spending =
    execution && expenditures
      ? {
          execution,
          expenditures,
          finalAccounts: finalAccounts ?? null,
          acceptanceBlocked: acceptanceBlocked ?? null,
          reportOpen: reportOpen ?? null,
        }
      : undefined;
  const receipt =
    spending?.reportOpen && actor.role === 'applicant' && funding.budget?.lines.length ? await receiptOf(c, actor, id, state) : {};
  // The grant form starts from the kind's plan (else the defaults); the office changes it only by exception.
  const defaults: Record<string, string> = Object.fromEntries(funding.tranchePlan.map((tr) => [tr.milestone, String(tr.percent)]));
  return render(
    c,
    `${t('项目经费', 'Funding')}：${project.title}`,
    <>
      <p>
        <a href={`/ui/projects/${id}`}>{t('返回项目', 'Back to the project')}</a>
      </p>
      {c.req.query('done') && <Notice>{t('已保存。', 'Saved.')}</Notice>}
      <Problems
        message={state.message}
        errors={errors}
        t={t}
        labels={{
          approvedFen: t('核定金额', 'Approved amount'),
          reason: t('理由', 'Reason'),
          tranches: t('拨付计划', 'Tranche plan'),
          tranche: t('批次', 'Tranche'),
          paidOn: t('拨付日期', 'Paid on'),
          amountFen: t('拨付金额', 'Amount'),
          voucher: t('凭证号', 'Voucher'),
          category: t('预算科目', 'Budget line'),
          spentOn: t('支出日期', 'Spent on'),
          description: t('用途', 'What'),
          receiptUploadKey: t('票据', 'Receipt'),
        }}
      />
      {funding.budget && <Budget budget={funding.budget} t={t} />}
      {funding.grant ? <Grant grant={funding.grant} t={t} lang={lang} /> : <p>{t('尚未核定资助经费。', 'No grant has been set yet.')}</p>}
      {spending && <Execution id={id} view={spending} t={t} lang={lang} />}
      {spending && <FinalAccountsSummary view={spending} t={t} />}
      {spending && actor.role === 'applicant' && funding.budget && (
        <ExpenditureForms
          id={id}
          view={spending}
          receipt={receipt}
          categories={[
            ...new Map(funding.budget.lines.map((l) => [l.category, { category: l.category, label: l.categoryLabel }])).values(),
          ]}
          sources={funding.budget.bySource.map((b) => ({ source: b.source, label: b.label }))}
          errors={errors}
          value={value}
          t={t}
        />
      )}
      {office && !funding.grant && project.phase !== 'closed' && (
        <form method="post" action={`/ui/projects/${id}/funding/grant`} novalidate aria-labelledby="set-grant">
          <h2 id="set-grant">{t('核定资助经费', 'Set the grant')}</h2>
          <Field
            name="approvedFen"
            required
            label={t('核定金额（元）', 'Approved amount (yuan)')}
            hint={t(...YUAN_HINT)}
            value={value('approvedFen')}
            error={errors.approvedFen}
          />
          <Field
            name="reason"
            multiline
            maxLength={500}
            label={t('理由（核定金额与申请金额不同时必填）', 'Reason (required when it differs from the request)')}
            value={value('reason')}
            error={errors.reason}
          />
          <FieldGroup
            name="tranches"
            legend={t(
              '拨付计划（各节点比例，合计 100%；已按本类项目的拨付计划填好，仅个别项目需要调整）',
              "Tranche plan (percent per milestone, 100 in all; filled in from the kind's plan, changed only by exception)",
            )}
            error={errors.tranches}
          >
            {lifecycleMilestones(project.lifecycle).map((m) => (
              <Field
                name={`percent.${m}`}
                type="number"
                min={0}
                max={100}
                step="1"
                label={`${trancheMilestoneLabels[m][lang]}（%）`}
                value={value(`percent.${m}`) ?? (state.values ? undefined : defaults[m])}
                error={Object.entries(errors).find(([k]) => k.startsWith('tranches.'))?.[1]}
              />
            ))}
          </FieldGroup>
          <div class="actions">
            <button type="submit">{t('核定', 'Set the grant')}</button>
          </div>
        </form>
      )}
      {office && funding.grant && (
        <form method="post" action={`/ui/projects/${id}/funding/payments`} novalidate aria-labelledby="record-payment">
          <h2 id="record-payment">{t('登记拨付', 'Record a payment')}</h2>
          {payable.length === 0 && <p>{t('目前没有可拨付的批次。', 'No tranche is payable now.')}</p>}
          <Field
            name="tranche"
            type="number"
            min={1}
            max={3}
            step="1"
            required
            label={t('批次（第几笔）', 'Tranche (number)')}
            value={value('tranche') ?? (payable[0] ? String(payable[0].index) : undefined)}
            error={errors.tranche}
          />
          <Field name="paidOn" type="date" required label={t('拨付日期', 'Paid on')} value={value('paidOn')} error={errors.paidOn} />
          <Field
            name="amountFen"
            required
            label={t('拨付金额（元）', 'Amount (yuan)')}
            hint={t(...YUAN_HINT)}
            value={value('amountFen') ?? (payable[0] ? formatYuan(payable[0].payableFen).replace(' 元', '') : undefined)}
            error={errors.amountFen}
          />
          <Field
            name="voucher"
            required
            maxLength={50}
            label={t('凭证号', 'Voucher number')}
            value={value('voucher')}
            error={errors.voucher}
          />
          <div class="actions">
            <button type="submit">{t('登记', 'Record')}</button>
          </div>
        </form>
      )}
    </>,
    state.status,
  );
}

/** The receipt the page holds for the next expenditure (refused: none, to upload again), else a form to upload one. */
async function receiptOf(c: Context<PageEnv>, actor: Actor, id: string, state: FormState): Promise<ReceiptState> {
  const key = typeof state.values?.receiptUploadKey === 'string' ? state.values.receiptUploadKey : '';
  const fileName = state.errors?.receiptUploadKey ? undefined : stagedReceiptName(id, key);
  if (fileName) return { held: { key, fileName } };
  return { form: await receiptUploadForm(actor, id, new URL(`/ui/projects/${id}/funding/expenditures/receipt-uploaded`, c.req.url).href) };
}

/** An amount the form gave in 元, as 分; text that is no amount stays text, so the page says so at the field. */
const fenOf = (form: Record<string, unknown>, name: string) => {
  const text = given(form, name);
  return text === undefined ? undefined : (yuanToFen(text) ?? text);
};
const yuanErrors = (t: T, form: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.filter((n) => typeof fenOf(form, n) === 'string').map((n) => [n, t(...NOT_YUAN)]));

fundingPages.post('/:id/funding/grant', async (c) => {
  const actor = actorOf(c, 'city-admin');
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const refusedYuan = yuanErrors(c.get('t'), form, ['approvedFen']);
  if (Object.keys(refusedYuan).length) return fundingPage(c, actor, id, { values: form, errors: refusedYuan, status: 422 });
  const tranches = trancheMilestones
    .map((milestone) => ({ milestone, percent: given(form, `percent.${milestone}`) }))
    .filter((tr) => tr.percent !== undefined && tr.percent !== '0')
    .map((tr) => ({ milestone: tr.milestone, percent: Number(tr.percent) }));
  const reason = given(form, 'reason');
  // Every percent left blank: the grant takes its kind's plan.
  const parsed = grantInput.safeParse({
    approvedFen: fenOf(form, 'approvedFen'),
    ...(reason ? { reason } : {}),
    ...(trancheMilestones.some((m) => given(form, `percent.${m}`) !== undefined) ? { tranches } : {}),
  });
  return posted(c, parsed, (input) => grantFunding(actor, id, input), {
    refused: (state) => fundingPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}/funding?done=grant`,
  });
});

fundingPages.post('/:id/funding/payments', async (c) => {
  const actor = actorOf(c, 'city-admin');
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const refusedYuan = yuanErrors(c.get('t'), form, ['amountFen']);
  if (Object.keys(refusedYuan).length) return fundingPage(c, actor, id, { values: form, errors: refusedYuan, status: 422 });
  const tranche = given(form, 'tranche');
  const parsed = paymentInput.safeParse({
    tranche: tranche === undefined ? undefined : Number(tranche),
    paidOn: given(form, 'paidOn'),
    amountFen: fenOf(form, 'amountFen'),
    voucher: given(form, 'voucher'),
  });
  return posted(c, parsed, (input) => recordPayment(actor, id, input), {
    refused: (state) => fundingPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}/funding?done=payment`,
  });
});

fundingPages.post('/:id/funding/expenditures', async (c) => {
  const actor = actorOf(c, 'applicant');
  const id = c.req.param('id');
  await getVisibleProject(actor, id);
  const form = await c.req.parseBody();
  const refusedYuan = yuanErrors(c.get('t'), form, ['amountFen']);
  if (Object.keys(refusedYuan).length) return fundingPage(c, actor, id, { values: form, errors: refusedYuan, status: 422 });
  const parsed = expenditureInput.safeParse({
    category: given(form, 'category'),
    amountFen: fenOf(form, 'amountFen'),
    spentOn: given(form, 'spentOn'),
    description: given(form, 'description'),
    receiptUploadKey: given(form, 'receiptUploadKey'),
  });
  return posted(c, parsed, (input) => reportExpenditure(actor, id, input), {
    refused: (state) => fundingPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}/funding?done=expenditure`,
  });
});

/** Where the store sends the browser after taking a receipt: the page holds it for the expenditure, or says to upload it again. */
fundingPages.get('/:id/funding/expenditures/receipt-uploaded', async (c) => {
  const actor = actorOf(c, 'applicant');
  const id = c.req.param('id');
  await getVisibleProject(actor, id);
  const key = c.req.query('key') ?? '';
  if (!stagedReceiptName(id, key)) {
    const again = c.get('t')('票据未能上传，请重新上传', 'The receipt was not uploaded; upload it again');
    return fundingPage(c, actor, id, { errors: { receiptUploadKey: again }, status: 422 });
  }
  return fundingPage(c, actor, id, { values: { receiptUploadKey: key } });
});

fundingPages.get('/:id/funding/expenditures/:expenditureId/receipt', async (c) =>
  keptFileResponse(c, await receiptFile(actorOf(c), c.req.param('id'), c.req.param('expenditureId'))),
);

/** The 决算 form: one amount per budget line and per source, in 元, each refused at its own input. */
fundingPages.post('/:id/funding/final-accounts', async (c) => {
  const actor = actorOf(c, 'applicant');
  const id = c.req.param('id');
  await getVisibleProject(actor, id);
  const form = await c.req.parseBody();
  const indexed = (list: string, key: string, amount: string): string[] =>
    Object.keys(form)
      .map((k) => new RegExp(`^${list}\\.(\\d{1,2})\\.${key}$`).exec(k)?.[1])
      .filter((i): i is string => i !== undefined)
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => `${list}.${i}.${amount}`);
  const lines = indexed('lines', 'category', 'amountFen');
  const sources = indexed('sources', 'source', 'receivedFen');
  const names = [...lines, ...sources];
  const refusedYuan = yuanErrors(c.get('t'), form, names);
  if (Object.keys(refusedYuan).length) return fundingPage(c, actor, id, { values: form, errors: refusedYuan, status: 422 });
  const parsed = finalAccountsInput.safeParse({
    lines: lines.map((name) => ({ category: given(form, name.replace(/amountFen$/, 'category')), amountFen: fenOf(form, name) })),
    sources: sources.map((name) => ({ source: given(form, name.replace(/receivedFen$/, 'source')), receivedFen: fenOf(form, name) })),
  });
  return posted(c, parsed, (input) => submitFinalAccounts(actor, id, input), {
    refused: (state) => fundingPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}/funding?done=final-accounts`,
  });
});
