/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Actor } from '../../../core/identity';
import { allowedMaterialExtensions, MAX_MATERIAL_BYTES } from '../../../core/materials';
import { formatYuan } from '../../../core/money';
import { updateDeclarationInput, type UpdateDeclarationInput } from '../../../core/schemas';
import { changedSince, fingerprints } from '../../../core/edits';
import { type FormDefinition, type FormValues, formOf, materialsOf } from '../../../core/form-definition';
import { isEditable } from '../../../core/stages';
import { declarationHistory, declarationView, submit, updateDraft } from '../../services/declarations';
import { namesOf } from '../../services/directory';
import { callView, configOf } from '../../services/calls';
import { completeUpload, uploadForms } from '../../services/materials';
import { projectStandings } from '../../services/projects';
import { actorOf, attempt, backTo, schemaErrors, given, seenIn, type PageEnv, type T } from './context';
import { declarantKeys, DeclarationFacts, History, historyNameKeys, Materials, ProjectTag, StageTag, Timeline } from './declaration';
import { resultNoticesOfDeclaration } from '../../services/result-notices';
import { ResultNoticeLinks } from './result-notices';
import { area } from './errors';
import { UploadFileForm } from './upload-form';
import { ADD_ROW, FormFieldInputs, formFieldLabels } from './form-fields';
import { amountProblems, type Posted, postedFormValues, withoutEmptyRows, withRowAdded } from './form-post';
import { Field, Notice, Problems, render } from './layout';

export type Form = Posted;
export interface FormState {
  values?: Form;
  /** The call's form's values as posted, when the page is drawn again (form-post.ts). */
  fieldValues?: FormValues;
  /** Drawn again after 添加一行: nothing was saved. */
  rowAdded?: boolean;
  errors?: Record<string, string>;
  message?: string;
  /** Why the save was refused when someone else saved first (the fields say what they changed). */
  stale?: string;
  status?: ContentfulStatusCode;
}
/** The applicant's home draws this state too. */
export type ApplicantFormState = FormState;

/** A declaration as its applicant sees it: the form, its materials, saving, submitting, a save refused as stale. */
export const applicantDeclarationPages = area();

applicantDeclarationPages.get('/declarations/:id', (c) => declarationPage(c, actorOf(c, 'applicant'), c.req.param('id')));

async function declarationPage(c: Context<PageEnv>, actor: Actor, id: string, state: FormState = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  // An applicant sees the whole of its own declaration, contacts included.
  const declaration = (await declarationView(actor, id)) as Awaited<ReturnType<typeof declarationView>> & {
    contactName?: string;
    contactPhone?: string;
  };
  const [call, history, projects] = await Promise.all([
    callView(actor, declaration.callId),
    declarationHistory(actor, id),
    declaration.stage === 'approved' ? projectStandings(actor, [id]) : {},
  ]);
  const project = (projects as Awaited<ReturnType<typeof projectStandings>>)[id];
  const names = await namesOf([...declarantKeys(declaration), ...historyNameKeys(history)]);
  const config = configOf(call);
  const materials = materialsOf(config);
  const editable = isEditable(declaration.stage);
  const uploads = editable
    ? await uploadForms(
        id,
        materials.map((m) => m.key),
        (material) => new URL(uploadedPath(id, material), c.req.url).href,
      )
    : {};
  const values = state.values;
  const shownValue = (name: string, current: string | undefined) =>
    values ? (typeof values[name] === 'string' ? (values[name] as string) : '') : current;
  const form = formOf(config);
  const fieldValues = state.fieldValues ?? ((declaration.fields ?? {}) as FormValues);
  const label = (x: { labelZh: string; labelEn: string }) => (lang === 'en' ? x.labelEn : x.labelZh);
  const errors = state.errors ?? {};
  const done = c.req.query('done');
  return render(
    c,
    declaration.title,
    <>
      {state.rowAdded && <Notice>{t('已添加一行，填写后请保存。', 'A row was added; fill it in and save.')}</Notice>}
      {done === 'saved' && <Notice>{t('草稿已保存。', 'Draft saved.')}</Notice>}
      {done === 'uploaded' && <Notice>{t('材料已上传。', 'Material uploaded.')}</Notice>}
      {done === 'submitted' && <Notice>{t('已提交，等待区级推荐。', 'Submitted; the district reviews it next.')}</Notice>}
      {done === 'resubmitted' && <Notice>{t('已重新提交，等待形式审查。', 'Resubmitted; formal review follows.')}</Notice>}
      <p>
        {t('当前阶段', 'Stage')}：
        {project ? <ProjectTag project={project} lang={lang} /> : <StageTag stage={declaration.stage} lang={lang} />}
        {declaration.stage === 'approved' && (
          <>
            {' · '}
            <a href={`/ui/projects/${declaration.declarationId}`}>{t('建设与验收', 'Construction and acceptance')}</a>
          </>
        )}
      </p>
      <Timeline declaration={declaration} history={history} openTasks={declaration.openTasks} call={call} t={t} lang={lang} />
      {declaration.stage === 'revision' && (
        <div class="problems" role="note">
          <p>
            <strong>{t('形式审查退回修改：', 'Returned for correction:')}</strong> {declaration.lastReason}
          </p>
          <p>{t('请按意见修改后重新提交。', 'Correct it and submit again.')}</p>
        </div>
      )}
      {state.stale && (
        <p class="notice" role="alert">
          {state.stale}
        </p>
      )}
      <Problems
        message={state.message}
        errors={errors}
        t={t}
        labels={{
          title: t('项目名称', 'Project title'),
          summary: t('项目简介', 'Summary'),
          contactName: t('联系人', 'Contact person'),
          contactPhone: t('联系电话', 'Contact phone'),
          organisation: t('申报条件', 'Eligibility'),
          ...formFieldLabels(form, errors, lang),
          ...Object.fromEntries(materials.map((m) => [`materials.${m.key}`, label(m)])),
        }}
      />
      {editable ? (
        <>
          <form method="post" action={`/ui/applicant/declarations/${id}`} novalidate>
            {/* The version edited and what each field held, so a save over someone else's newer one is refused and explained. */}
            <input type="hidden" name="version" value={String(declaration.version)} />
            <input type="hidden" name="seen" value={JSON.stringify(fingerprints(formValuesOf(declaration)))} />
            <Field
              name="title"
              label={t('项目名称', 'Project title')}
              required
              maxLength={200}
              value={shownValue('title', declaration.title)}
              error={errors.title}
            />
            <Field
              name="summary"
              label={t('项目简介', 'Summary')}
              required
              multiline
              maxLength={5000}
              value={shownValue('summary', declaration.summary)}
              error={errors.summary}
            />
            <Field
              name="contactName"
              label={t('联系人', 'Contact person')}
              required
              maxLength={50}
              value={shownValue('contactName', declaration.contactName)}
              error={errors.contactName}
            />
            <Field
              name="contactPhone"
              label={t('联系电话', 'Contact phone')}
              type="tel"
              required
              value={shownValue('contactPhone', declaration.contactPhone)}
              error={errors.contactPhone}
              hint={t(
                '11 位手机号码，或带区号的固定电话，如 021-5555 0101',
                'An 11-digit mobile, or a fixed line with its area code, e.g. 021-5555 0101',
              )}
            />
            <FormFieldInputs form={form} values={fieldValues} problems={errors} lang={lang} />
            <div class="actions">
              <button type="submit" name="action" value="save" class="secondary">
                {t('保存草稿', 'Save draft')}
              </button>
              <button type="submit" name="action" value="submit">
                {declaration.stage === 'revision' ? t('保存并重新提交', 'Save and resubmit') : t('保存并提交申报', 'Save and submit')}
              </button>
            </div>
          </form>
          <h2>{t('上传申报材料', 'Upload materials')}</h2>
          <p class="hint">
            {t('可上传', 'Accepted')}：{allowedMaterialExtensions.join('、')}；{t('每个文件不超过', 'each at most')}{' '}
            {MAX_MATERIAL_BYTES / 1024 / 1024} MB
          </p>
          <Materials declaration={declaration} call={call} t={t} lang={lang} />
          {materials.map((m) => (
            <UploadFileForm
              form={uploads[m.key]!}
              inputId={`f-materials-${m.key}`}
              label={label(m)}
              required={m.required}
              error={errors[`materials.${m.key}`]}
              t={t}
            />
          ))}
        </>
      ) : (
        <DeclarationFacts declaration={declaration} call={call} names={names} t={t} lang={lang} />
      )}
      <ResultNoticeLinks notices={await resultNoticesOfDeclaration(actor, declaration)} t={t} />
      <History history={history} names={names} t={t} lang={lang} />
    </>,
    state.status,
  );
}

/** A declaration as its form shows it: the common fields' text, the call's form's values by `fields.<key>`. */
function formValuesOf(d: {
  title?: string;
  summary?: string;
  contactName?: string;
  contactPhone?: string;
  fields?: FormValues;
}): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(d.fields ?? {}).map(([key, value]) => [`fields.${key}`, value]));
  return { title: d.title, summary: d.summary, contactName: d.contactName, contactPhone: d.contactPhone, ...fields };
}

const COMMON = ['title', 'summary', 'contactName', 'contactPhone'] as const;

/** A value in a sentence: text as it is, a choice's options, a table by its number of rows. */
const brief = (value: unknown, t: T): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value ? t('是', 'yes') : t('否', 'no');
  if (Array.isArray(value))
    return value.every((v) => typeof v === 'string') ? value.join('、') : t(`${value.length} 行`, `${value.length} rows`);
  return String(value);
};

/**
 * A save from a stale page: nothing was written. The page shows the declaration as stored now,
 * keeps what this person changed, and names at each field what someone else changed meanwhile
 * (and what they saved), so neither edit is lost unseen.
 */
async function staleDraft(
  c: Context<PageEnv>,
  actor: Actor,
  id: string,
  posting: { form: Form; definition: FormDefinition; fields: FormValues },
  current: Parameters<typeof formValuesOf>[0],
  message: string,
) {
  const t = c.get('t');
  const seen = seenIn(posting.form);
  const now = formValuesOf(current);
  const posted: Record<string, unknown> = {
    ...Object.fromEntries(COMMON.map((name) => [name, given(posting.form, name)])),
    ...Object.fromEntries(posting.definition.map((f) => [`fields.${f.key}`, posting.fields[f.key]])),
  };
  const mine = changedSince(seen, posted).filter((name) => name in posted);
  const others = changedSince(seen, now);
  const kept = (name: string) => (mine.includes(name) ? posted[name] : now[name]);
  const values: Form = Object.fromEntries(COMMON.map((name) => [name, (kept(name) as string | undefined) ?? '']));
  const fieldValues = Object.fromEntries(
    posting.definition.flatMap((f) => {
      const value = kept(`fields.${f.key}`);
      return value === undefined ? [] : [[f.key, value]];
    }),
  );
  const clip = (value: unknown) => {
    const text = brief(value, t);
    return text ? (text.length > 60 ? `${text.slice(0, 60)}…` : text) : t('（空）', '(empty)');
  };
  const errors = Object.fromEntries(
    others.map((name) => [
      name,
      mine.includes(name)
        ? t(
            `您和他人都修改了此项。他人保存的是「${clip(now[name])}」，下面保留的是您填写的内容`,
            `both you and someone else changed this. They saved "${clip(now[name])}"; your text is kept below`,
          )
        : t(`已被他人修改为「${clip(now[name])}」`, `changed by someone else to "${clip(now[name])}"`),
    ]),
  );
  return declarationPage(c, actor, id, { values, fieldValues, errors, stale: message, status: 409 });
}

/** The form's fields as the API's PATCH body; empty inputs are left as they were. */
function patchOf(form: Form, fields: FormValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const name of COMMON) {
    const value = given(form, name);
    if (value !== undefined) patch[name] = value;
  }
  if (Object.keys(fields).length) patch.fields = fields;
  return patch;
}

/** The call's form a declaration is written in. */
async function formOfDeclaration(actor: Actor, id: string) {
  const declaration = await declarationView(actor, id);
  return formOf(configOf(await callView(actor, declaration.callId)));
}

applicantDeclarationPages.post('/declarations/:id', async (c) => {
  const actor = actorOf(c, 'applicant');
  const id = c.req.param('id');
  const lang = c.get('lang');
  const form = (await c.req.parseBody({ all: true })) as Form;
  const definition = await formOfDeclaration(actor, id);
  const fieldValues = postedFormValues(definition, form);
  const action = given(form, 'action') ?? 'save';
  if (action.startsWith(ADD_ROW))
    return declarationPage(c, actor, id, {
      values: form,
      fieldValues: withRowAdded(definition, fieldValues, action.slice(ADD_ROW.length)),
      rowAdded: true,
    });
  const fields = withoutEmptyRows(definition, fieldValues);
  // Money is typed in 元: an input that is no amount, or too much, is told so in 元, not as the API's 分.
  const amounts = (errors: Record<string, string>) => {
    for (const { name, unreadable, over } of amountProblems(definition, form))
      errors[name] = unreadable
        ? c.get('t')('请填写以元为单位的金额，最多两位小数（如 12,345.67）', 'an amount in yuan with at most two decimals (e.g. 12,345.67)')
        : c.get('t')(`不能超过 ${formatYuan(over ?? 0)}`, `at most ${formatYuan(over ?? 0)}`);
    return errors;
  };
  const refused = (errors: Record<string, string>, message?: string) =>
    declarationPage(c, actor, id, { values: form, fieldValues, errors: amounts(errors), message, status: 422 });
  const parsed = updateDeclarationInput.safeParse(patchOf(form, fields));
  if (!parsed.success) return refused(schemaErrors(lang, parsed.error));
  const version = Number(given(form, 'version'));
  const expected = Number.isSafeInteger(version) && version > 0 ? version : undefined;
  const saved = await attempt(lang, () => updateDraft(actor, id, parsed.data as UpdateDeclarationInput, expected));
  if (!saved.ok && saved.current)
    return staleDraft(c, actor, id, { form, definition, fields }, saved.current as Parameters<typeof formValuesOf>[0], saved.message);
  if (!saved.ok) return refused(saved.errors, saved.message);
  if (action !== 'submit') return backTo(c, `/ui/applicant/declarations/${id}?done=saved`);
  const wasRevision = saved.value.stage === 'revision';
  const submitted = await attempt(lang, () => submit(actor, id));
  if (!submitted.ok) return declarationPage(c, actor, id, { errors: submitted.errors, message: submitted.message, status: 422 });
  return backTo(c, `/ui/applicant/declarations/${id}?done=${wasRevision ? 'resubmitted' : 'submitted'}`);
});

const uploadedPath = (id: string, material: string) => `/ui/applicant/declarations/${id}/materials/${material}/uploaded`;

/** Where the store sends the browser after taking a file (S3's success_action_redirect). */
applicantDeclarationPages.get('/declarations/:id/materials/:key/uploaded', async (c) => {
  const actor = actorOf(c, 'applicant');
  const { id, key } = c.req.param();
  const result = await attempt(c.get('lang'), () => completeUpload(actor, id, key, c.req.query('key') ?? ''));
  if (!result.ok) return declarationPage(c, actor, id, { errors: result.errors, message: result.message, status: 422 });
  return backTo(c, `/ui/applicant/declarations/${id}?done=uploaded`);
});
