/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { formDefinition } from '../../../core/form-definition';
import { KIND_KEY, kindDefinition } from '../../../core/kind-definition';
import { applyAction, blankDraft, draftOf, editorFormOf, type Item, type KindDraft } from '../../../core/kind-editor';
import { editorProblems } from '../../../core/kind-editor-checks';
import { listLabels, memberLabels, settingLabel } from '../../../core/kind-labels';
import { deadlineLabels, type Label } from '../../../core/labels';
import { createKind, getKindVersion, type KindVersionRecord, updateKindVersion } from '../../services/kinds';
import { actorOf, attempt, backTo, given, NotFoundError, type PageEnv, schemaErrors, type T } from './context';
import { area } from './errors';
import { FormPreview, type Inputs, NewVersionButton } from './kind-editor-inputs';
import { FormBuilder, KpiEditor, MaterialsEditor, ReportMaterialsEditor, RubricEditor } from './kind-editor-lists';
import { fundingInputOf } from '../../../core/kind-editor-funding';
import { FundingEditor } from './kind-editor-funding';
import { SettingsEditor } from './kind-editor-settings';
import { Field, Problems, render } from './layout';

/**
 * The kind editor (issue 20): one form holding the whole definition, posted on every button. A
 * button other than save changes the draft and draws it again (nothing is stored), so the running
 * totals and the preview are the server's on each post; save judges the draft and stores it.
 */
type Mode = { kind: 'new' } | { kind: 'edit'; record: KindVersionRecord };
type EditorState = {
  draft: KindDraft;
  kindKey?: string;
  note?: string;
  errors?: Record<string, string>;
  message?: string;
  inUse?: boolean;
  status?: ContentfulStatusCode;
};

/** The revision the editor was drawn on (a hidden input): a save of an older one is refused. */
const revisionOf = (form: Record<string, unknown>) => {
  const value = Number(form.revision);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};

const actionOf = (mode: Mode) =>
  mode.kind === 'new' ? '/ui/office/kinds/new' : `/ui/office/kinds/${mode.record.key}/versions/${mode.record.version}/edit`;

/** An error's input as the summary names it: the row's name, then the member (`填写项 2「预算」：单位`). */
function describe(name: string, draft: KindDraft, t: T, lang: 'zh' | 'en'): string {
  const say = (l: Label) => t(l.zh, l.en);
  const rows: Record<string, Label> = {
    form: { zh: '填写项', en: 'Field' },
    columns: { zh: '列', en: 'Column' },
    options: { zh: '选项', en: 'Option' },
    materials: { zh: '申报材料', en: 'Material' },
    midtermReport: { zh: '中期报告材料', en: 'Mid-term report file' },
    rectification: { zh: '整改报告材料', en: 'Rectification file' },
    acceptanceApplication: { zh: '验收申请材料', en: 'Acceptance application file' },
    siteVisit: { zh: '实地考察材料', en: 'Site-visit file' },
    rubric: { zh: '评分项', en: 'Criterion' },
    acceptanceRubric: { zh: '验收评分项', en: 'Acceptance criterion' },
    kpiTargets: { zh: '绩效指标', en: 'KPI' },
    minimums: { zh: '数字要求', en: 'Minimum' },
    tieBreak: { zh: '同分比较', en: 'Tie-break' },
    categoryLimits: { zh: '经费比例上限', en: 'Category limit' },
  };
  const lists: Record<string, Label> = listLabels;
  const parts: string[] = [];
  let at: unknown = draft;
  const segments = name.split('.');
  for (const [i, segment] of segments.entries()) {
    const next = at && typeof at === 'object' ? (at as Record<string, unknown>)[segment] : undefined;
    if (/^\d+$/.test(segment) && rows[segments[i - 1] ?? '']) {
      const item = (next ?? {}) as Item;
      const label = lang === 'en' ? item.labelEn : item.labelZh;
      parts.push(
        `${say(rows[segments[i - 1]!]!)} ${Number(segment) + 1}${typeof label === 'string' && label ? t(`「${label}」`, ` "${label}"`) : ''}`,
      );
    } else if (i === segments.length - 1 && !rows[segment]) {
      parts.push(
        say(
          memberLabels[segment] ??
            settingLabel(segments.slice(i === 1 ? 0 : i).join('.'), (k) => (deadlineLabels as Record<string, Label>)[k]),
        ),
      );
    } else if (i === segments.length - 1) parts.push(say(i === 0 ? (lists[segment] ?? rows[segment]!) : rows[segment]!));
    at = next;
  }
  if (segments[0] === 'kindKey') return t('类型代码', 'Kind key');
  // A plan's percent is named by its milestone, not as a member of a row.
  if (name.startsWith('funding.tranchePlan.')) return say(settingLabel(name, () => undefined));
  return parts.join(t('：', ': '));
}

/** Schema problems keyed as the editor names its inputs (money caps are typed in 元), under the editor's own where both speak. */
function problemsOf(draft: KindDraft, lang: 'zh' | 'en', service: Record<string, string> = {}): Record<string, string> {
  const parsed = kindDefinition.safeParse(draft);
  const fromSchema = { ...(parsed.success ? {} : schemaErrors(lang, parsed.error)), ...service };
  const own = Object.fromEntries(Object.entries(editorProblems(draft)).map(([k, said]) => [k, said[lang]]));
  const named = Object.fromEntries(
    Object.entries(fromSchema).map(([k, v]) => [fundingInputOf(k.replace(/^definition\./, '').replace(/\.maxFen$/, '.maxYuan'), draft), v]),
  );
  return { ...named, ...own };
}

export function kindEditorPages() {
  const pages = area();

  async function editorPage(c: Context<PageEnv>, mode: Mode, state: EditorState) {
    const t = c.get('t');
    const lang = c.get('lang');
    const { draft } = state;
    const errors = state.errors ?? {};
    const at: Inputs = { values: { ...editorFormOf(draft), kindKey: state.kindKey ?? '', note: state.note ?? '' }, errors, t, lang };
    const labels = Object.fromEntries(Object.keys(errors).map((k) => [k, describe(k, draft, t, lang)]));
    const preview = formDefinition.safeParse(draft.form);
    const title =
      mode.kind === 'new'
        ? t('新建项目类型', 'New kind')
        : t(
            `修改 ${mode.record.definition.nameZh} 第 ${mode.record.version} 版`,
            `Edit ${mode.record.definition.nameEn} v${mode.record.version}`,
          );
    return render(
      c,
      title,
      <>
        <p>
          <a href={mode.kind === 'new' ? '/ui/office/kinds' : `/ui/office/kinds/${mode.record.key}`}>{t('返回', 'Back')}</a>
        </p>
        {(state.inUse || (mode.kind === 'edit' && mode.record.inUse)) && mode.kind === 'edit' && (
          <div class="banner warning" id="in-use" role="alert">
            <p>
              {state.message ??
                t(
                  `第 ${mode.record.version} 版已有申报通知使用，不能再修改；要修改请新建版本。`,
                  `A call uses version ${mode.record.version}: it cannot change. Make a new version to change it.`,
                )}
            </p>
            <NewVersionButton kindKey={mode.record.key} label={t('新建版本', 'Make a new version')} />
          </div>
        )}
        <Problems message={state.inUse ? undefined : state.message} errors={errors} t={t} labels={labels} />
        <p>
          {t(
            '添加、删除、上移或更改类型后页面会更新（不会保存）；填写完毕请点击页面底部的“保存”。',
            'Adding, removing, moving or changing a type redraws the page (nothing is saved); press Save at the bottom when done.',
          )}
        </p>
        <form method="post" action={actionOf(mode)} novalidate id="kind-editor">
          {mode.kind === 'edit' && <input type="hidden" name="revision" value={String(mode.record.revision)} />}
          <div class="actions">
            <button type="submit" name="action" value="refresh" class="secondary">
              {t('更新（不保存）', 'Update (not saved)')}
            </button>
          </div>
          {mode.kind === 'new' && (
            <Field
              name="kindKey"
              label={t('类型代码', 'Kind key')}
              required
              value={at.values.kindKey}
              error={errors.kindKey}
              hint={t(
                '小写英文字母、数字和 -，如 reading-circle；保存后不能修改',
                'lower-case letters, digits and -, e.g. reading-circle; fixed once saved',
              )}
            />
          )}
          <fieldset>
            <legend>{t('名称', 'Name')}</legend>
            <Field name="nameZh" label={t('类型名称（中文）', 'Name (Chinese)')} required value={at.values.nameZh} error={errors.nameZh} />
            <Field name="nameEn" label={t('类型名称（英文）', 'Name (English)')} required value={at.values.nameEn} error={errors.nameEn} />
          </fieldset>
          <FormBuilder at={at} draft={draft} />
          <MaterialsEditor at={at} draft={draft} />
          <ReportMaterialsEditor at={at} draft={draft} />
          <RubricEditor at={at} draft={draft} list="rubric" />
          <RubricEditor at={at} draft={draft} list="acceptanceRubric" />
          <KpiEditor at={at} draft={draft} />
          <SettingsEditor at={at} draft={draft} />
          <FundingEditor at={at} draft={draft} />
          <Field
            name="note"
            label={t('版本说明（可不填）', 'Note on this version (optional)')}
            value={at.values.note}
            error={errors.note}
          />
          <div class="actions">
            <button type="submit" name="action" value="save">
              {t('保存', 'Save')}
            </button>
          </div>
        </form>
        <h2>{t('申报书预览（申报单位看到的样子）', "The applicant's form (preview)")}</h2>
        {preview.success ? (
          <FormPreview form={preview.data} lang={lang} t={t} />
        ) : (
          <p class="hint" id="preview-pending">
            {t('填写项改正后显示预览。', 'The preview shows once the fields are right.')}
          </p>
        )}
      </>,
      state.status,
    );
  }

  /** Any button: a change to the draft drawn again; save: judged, then stored and shown. */
  async function posted(c: Context<PageEnv>, mode: Mode) {
    const actor = actorOf(c, 'city-admin');
    const lang = c.get('lang');
    const form = await c.req.parseBody();
    const action = given(form, 'action') ?? 'refresh';
    const draft = draftOf(form);
    const state = { kindKey: given(form, 'kindKey') ?? '', note: given(form, 'note') ?? '' };
    if (action !== 'save') return editorPage(c, mode, { ...state, draft: applyAction(draft, action) });
    if (mode.kind === 'edit' && mode.record.inUse) return editorPage(c, mode, { ...state, draft, inUse: true, status: 409 });
    const errors = problemsOf(draft, lang);
    if (mode.kind === 'new' && !KIND_KEY.test(state.kindKey))
      errors.kindKey = c.get('t')(
        '类型代码须以小写英文字母开头，只含小写英文字母、数字和 -，2 至 40 个字符',
        'a kind key is lower-case letters, digits and -, 2 to 40 long',
      );
    if (Object.keys(errors).length) return editorPage(c, mode, { ...state, draft, errors, status: 422 });
    const definition = kindDefinition.parse(draft);
    const note = state.note ? { note: state.note } : {};
    const saved = await attempt(lang, () =>
      mode.kind === 'new'
        ? createKind(actor, { key: state.kindKey, definition, ...note })
        : updateKindVersion(actor, mode.record.key, mode.record.version, { definition, ...note }, revisionOf(form)),
    );
    if (!saved.ok) {
      const conflict = !Object.keys(saved.errors).length;
      if (conflict && mode.kind === 'new') return editorPage(c, mode, { ...state, draft, errors: { kindKey: saved.message }, status: 409 });
      if (conflict && mode.kind === 'edit') {
        // In use since it was opened, or saved by someone else: the page is drawn on what is stored
        // now (its revision), the office's own draft kept, so the save can be judged again.
        const fresh = await getKindVersion(actor, mode.record.key, mode.record.version);
        return editorPage(c, { kind: 'edit', record: fresh }, { ...state, draft, inUse: fresh.inUse, message: saved.message, status: 409 });
      }
      return editorPage(c, mode, { ...state, draft, errors: problemsOf(draft, lang, saved.errors), status: 422 });
    }
    return backTo(c, `/ui/office/kinds/${saved.value.key}/versions/${saved.value.version}?saved=1`);
  }

  const versionOf = async (c: Context<PageEnv>): Promise<Mode> => {
    const version = Number(c.req.param('version'));
    if (!Number.isSafeInteger(version) || version < 1) throw new NotFoundError('no such version');
    return { kind: 'edit', record: await getKindVersion(actorOf(c, 'city-admin'), c.req.param('key')!, version) };
  };

  pages.get('/kinds/new', (c) => {
    actorOf(c, 'city-admin');
    return editorPage(c, { kind: 'new' }, { draft: blankDraft() });
  });
  pages.post('/kinds/new', (c) => posted(c, { kind: 'new' }));
  pages.get('/kinds/:key/versions/:version/edit', async (c) => {
    const mode = await versionOf(c);
    if (mode.kind !== 'edit') throw new NotFoundError('no such version');
    return editorPage(c, mode, {
      draft: structuredClone(mode.record.definition) as KindDraft,
      ...(mode.record.note ? { note: mode.record.note } : {}),
    });
  });
  pages.post('/kinds/:key/versions/:version/edit', async (c) => posted(c, await versionOf(c)));

  return pages;
}
