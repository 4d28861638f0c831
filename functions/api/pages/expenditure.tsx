/** @jsxImportSource hono/jsx */
import { formatYuan, formatYuanSign } from '../../../core/money';
import type { UploadForm } from '../../adapters/blobs';
import type { FundingView } from '../../services/funding';
import type { T } from './context';
import { Field, Table } from './layout';
import { UploadFileForm } from './upload-form';

/**
 * The funding page's expenditure part (issue 23.3–4): budget, paid, spent and 预算执行率 per line
 * and in total with the over-spent lines marked, every expenditure reported, the 决算 and the lines
 * where it does not reconcile; for the applicant, the forms to report spending and the 决算.
 */
type View = Required<Pick<FundingView, 'execution' | 'expenditures' | 'finalAccounts' | 'acceptanceBlocked' | 'reportOpen'>>;
type Errors = Record<string, string>;
type Value = (name: string) => string | undefined;

const YUAN_HINT = ['以元为单位，最多两位小数，如 12,345.67', 'In yuan, at most two decimals, e.g. 12,345.67'] as const;

export function Execution({ id, view, t, lang }: { id: string; view: View; t: T; lang: 'zh' | 'en' }) {
  const { execution } = view;
  return (
    <section aria-labelledby="execution">
      <h2 id="execution">{t('经费支出与预算执行率', 'Spending and budget execution')}</h2>
      <Table
        id="execution-lines"
        headers={[t('预算科目', 'Budget line'), t('预算', 'Budget'), t('已支出', 'Spent'), t('执行率', 'Rate'), '']}
      >
        {execution.lines.map((l) => (
          <tr id={`line-${l.category}`}>
            <td>{l.label}</td>
            <td class="num">{formatYuanSign(l.budgetFen)}</td>
            <td class="num">{formatYuanSign(l.spentFen)}</td>
            <td class="num">{l.rate}</td>
            <td>
              {l.overspent &&
                t(`超出预算 ${execution.tolerancePercent}% 容差`, `Over the budget by more than ${execution.tolerancePercent}%`)}
            </td>
          </tr>
        ))}
      </Table>
      <p id="execution-total">
        {t('预算合计', 'Budget')} {formatYuanSign(execution.budgetFen)}；{t('已拨付', 'Paid')} {formatYuanSign(execution.paidFen)}；
        {t('已支出', 'Spent')} {formatYuanSign(execution.spentFen)}；{t('预算执行率', 'Execution rate')} {execution.rate}
      </p>
      {view.expenditures.length > 0 && (
        <Table
          id="expenditures"
          headers={[
            t('填报环节', 'Report'),
            t('预算科目', 'Line'),
            t('日期', 'Date'),
            t('用途', 'What'),
            t('金额', 'Amount'),
            t('票据', 'Receipt'),
          ]}
        >
          {view.expenditures.map((e) => (
            <tr>
              <td>{e.reportLabel[lang]}</td>
              <td>{e.label}</td>
              <td>{e.spentOn}</td>
              <td>{e.description}</td>
              <td class="num">{formatYuan(e.amountFen)}</td>
              <td>
                {e.receipt ? <a href={`/ui/projects/${id}/funding/expenditures/${e.expenditureId}/receipt`}>{e.receipt.fileName}</a> : '—'}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

export function FinalAccountsSummary({ view, t }: { view: View; t: T }) {
  const accounts = view.finalAccounts;
  return (
    <section aria-labelledby="final-accounts">
      <h2 id="final-accounts">{t('决算', 'Final accounts')}</h2>
      {!accounts ? (
        <p>{t('尚未提交决算。', 'No final accounts yet.')}</p>
      ) : accounts.reconciles ? (
        <p id="final-accounts-status">
          {t('决算与报告支出、拨付一致。', 'The final accounts reconcile with the reported spending and the payments.')}
        </p>
      ) : (
        <div id="final-accounts-status">
          <p>{t('决算与报告支出、拨付不一致：', 'The final accounts do not reconcile:')}</p>
          <ul>
            {accounts.mismatches.map((m) => (
              <li>{m.text}</li>
            ))}
          </ul>
        </div>
      )}
      {view.acceptanceBlocked && (
        <p id="acceptance-blocked" role="status">
          {view.acceptanceBlocked}
        </p>
      )}
    </section>
  );
}

/** A receipt for the next expenditure: the store's upload form, or the file it took, held until the expenditure is reported. */
export type ReceiptState = { form?: UploadForm | undefined; held?: { key: string; fileName: string } | undefined };

/**
 * The receipt, uploaded first (straight to the store, which sends the browser back here) and then
 * reported with the expenditure, where it is judged like any material; optional.
 */
function Receipt({ id, receipt, error, t }: { id: string; receipt: ReceiptState; error?: string | undefined; t: T }) {
  if (receipt.held)
    return (
      <p id="receipt-held">
        {t('票据已上传', 'Receipt uploaded')}：{receipt.held.fileName}
        {t('（随下面的支出一并提交）', ' (reported with the expenditure below)')}{' '}
        <a href={`/ui/projects/${id}/funding#report-expenditure`}>{t('不附票据', 'Report without it')}</a>
      </p>
    );
  if (!receipt.form) return null;
  return (
    <>
      <p class="hint">
        {t(
          '如有票据，请先上传（PDF、Word、Excel 或图片，20 MB 以内），再填写下面的支出。',
          'With a receipt, upload it first (PDF, Word, Excel or an image, up to 20 MB), then fill in the expenditure below.',
        )}
      </p>
      <UploadFileForm
        form={receipt.form}
        inputId="f-receiptUploadKey"
        label={t('票据（可选）', 'Receipt (optional)')}
        required={false}
        error={error}
        t={t}
      />
    </>
  );
}

/** The applicant's forms: one expenditure on a line of its budget (with an optional receipt), and (with the acceptance application) the 决算. */
export function ExpenditureForms({
  id,
  view,
  receipt,
  categories,
  sources,
  errors,
  value,
  t,
}: {
  id: string;
  view: View;
  receipt: ReceiptState;
  categories: { category: string; label: string }[];
  sources: { source: string; label: string }[];
  errors: Errors;
  value: Value;
  t: T;
}) {
  if (!view.reportOpen) return null;
  const spent = (category: string) => view.execution.lines.find((l) => l.category === category)?.spentFen ?? 0;
  const inYuan = (fen: number) => formatYuan(fen).replace(' 元', '');
  return (
    <>
      <h2 id="report-expenditure">{t('填报经费支出', 'Report an expenditure')}</h2>
      <Receipt id={id} receipt={receipt} error={errors.receiptUploadKey} t={t} />
      <form method="post" action={`/ui/projects/${id}/funding/expenditures`} novalidate aria-labelledby="report-expenditure">
        {receipt.held && <input type="hidden" name="receiptUploadKey" value={receipt.held.key} />}
        <div class={`field${errors.category ? ' invalid' : ''}`}>
          <label for="f-category">{t('预算科目', 'Budget line')}</label>
          <select
            id="f-category"
            name="category"
            aria-invalid={errors.category ? 'true' : undefined}
            aria-describedby={errors.category ? 'f-category-error' : undefined}
          >
            {categories.map((c) => (
              <option value={c.category} selected={value('category') === c.category}>
                {c.label}
              </option>
            ))}
          </select>
          {errors.category && (
            <p class="error" id="f-category-error" data-field="category">
              {errors.category}
            </p>
          )}
        </div>
        <Field
          name="amountFen"
          required
          label={t('支出金额（元）', 'Amount (yuan)')}
          hint={t(...YUAN_HINT)}
          value={value('amountFen')}
          error={errors.amountFen}
        />
        <Field name="spentOn" type="date" required label={t('支出日期', 'Spent on')} value={value('spentOn')} error={errors.spentOn} />
        <Field
          name="description"
          required
          maxLength={200}
          label={t('用途', 'What it paid for')}
          value={value('description')}
          error={errors.description}
        />
        <div class="actions">
          <button type="submit">{t('填报', 'Report')}</button>
        </div>
      </form>
      {view.reportOpen === 'acceptance' && (
        <form method="post" action={`/ui/projects/${id}/funding/final-accounts`} novalidate aria-labelledby="submit-final-accounts">
          <h2 id="submit-final-accounts">{t('提交决算', 'Submit the final accounts')}</h2>
          <fieldset>
            <legend>{t('各预算科目决算支出（元）', 'Spending by budget line (yuan)')}</legend>
            {categories.map((c, i) => (
              <>
                <input type="hidden" name={`lines.${i}.category`} value={c.category} />
                <Field
                  name={`lines.${i}.amountFen`}
                  label={c.label}
                  value={value(`lines.${i}.amountFen`) ?? inYuan(spent(c.category))}
                  error={errors[`lines.${i}.amountFen`] ?? errors[`lines.${i}.category`]}
                />
              </>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('各来源资金到位（元）', 'Funds received by source (yuan)')}</legend>
            {sources.map((s, i) => (
              <>
                <input type="hidden" name={`sources.${i}.source`} value={s.source} />
                <Field
                  name={`sources.${i}.receivedFen`}
                  label={s.label}
                  value={value(`sources.${i}.receivedFen`) ?? (s.source === 'fiscal' ? inYuan(view.execution.paidFen) : undefined)}
                  error={errors[`sources.${i}.receivedFen`] ?? errors[`sources.${i}.source`]}
                />
              </>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit">{t('提交决算', 'Submit')}</button>
          </div>
        </form>
      )}
    </>
  );
}
