/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { formDefinition } from '../../../core/form-definition';
import { lifecycleLabels, outcomeTypeLabels } from '../../../core/kind-labels';
import { namesOf } from '../../services/directory';
import { diffKindVersions } from '../../services/kind-diff';
import { createKindVersion, getKind, getKindVersion, listKinds, type KindVersionRecord } from '../../services/kinds';
import { actorOf, attempt, backTo, given, NotFoundError, type PageEnv } from './context';
import { area } from './errors';
import { FormPreview, NewVersionButton } from './kind-editor-inputs';
import { KindDiffView } from './kind-diff-view';
import { kindEditorPages } from './office-kinds-editor';
import { Notice, render, Table, when } from './layout';

/**
 * The office's kinds (项目类型) as data (issue 20): the list, a kind's versions with who made each
 * and whether a call uses it, a version with the applicant's form as the applicant will see it,
 * the difference between two versions, and a new version to edit. The editor is its own file.
 */
const versionNumber = (text: string | undefined) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new NotFoundError('no such version');
  return n;
};
export function officeKindsPages() {
  const pages = area();
  pages.route('/', kindEditorPages());

  pages.get('/kinds', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const kinds = await listKinds(actor);
    const details = await Promise.all(kinds.map((k) => getKind(actor, k.key)));
    return render(
      c,
      t('项目类型', 'Kinds'),
      <>
        <p>
          {t(
            '项目类型规定申报书、申报材料、评分标准、绩效指标和各环节时限。申报通知开始时复制所用的版本，之后修改项目类型不影响已有的申报通知。',
            'A kind sets the form, materials, rubrics, KPIs and deadlines. A call copies the version it is made from, so changing a kind never changes a call.',
          )}
        </p>
        <p>
          <a class="button" href="/ui/office/kinds/new">
            {t('新建项目类型', 'New kind')}
          </a>
        </p>
        <Table headers={[t('名称', 'Name'), t('最新版本', 'Latest version'), t('使用情况', 'In use')]} id="kinds">
          {kinds.map((kind, i) => (
            <tr data-kind={kind.key}>
              <td>
                <a href={`/ui/office/kinds/${kind.key}`}>{lang === 'en' ? kind.nameEn : kind.nameZh}</a>
              </td>
              <td>
                {t('第', 'v')}
                {kind.latestVersion}
                {t(' 版', '')}
              </td>
              <td>
                {details[i]!.versions.some((v) => v.inUse)
                  ? t(
                      `已被申报通知使用（第 ${details[i]!.versions.filter((v) => v.inUse)
                        .map((v) => v.version)
                        .join('、')} 版）`,
                      `Used by calls (v${details[i]!.versions.filter((v) => v.inUse)
                        .map((v) => v.version)
                        .join(', v')})`,
                    )
                  : t('未被使用', 'Not used')}
              </td>
            </tr>
          ))}
        </Table>
      </>,
    );
  });

  pages.get('/kinds/:key', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const { kind, versions } = await getKind(actor, c.req.param('key'));
    const names = await namesOf(versions.map((v) => v.createdBy));
    const newest = [...versions].sort((a, b) => b.version - a.version);
    return render(
      c,
      `${t('项目类型', 'Kind')}：${lang === 'en' ? kind.nameEn : kind.nameZh}`,
      <>
        <p>
          <a href="/ui/office/kinds">{t('返回项目类型', 'Back to the kinds')}</a>
        </p>
        <div class="actions">
          <NewVersionButton kindKey={kind.key} label={t('以最新版本为底稿新建版本', 'New version from the latest')} />
        </div>
        <h2>{t('版本记录', 'Versions')}</h2>
        <Table
          headers={[t('版本', 'Version'), t('创建人', 'By'), t('创建时间', 'When'), t('说明', 'Note'), t('使用情况', 'In use'), '']}
          id="versions"
        >
          {newest.map((v) => (
            <tr data-version={v.version}>
              <td>
                <a href={`/ui/office/kinds/${kind.key}/versions/${v.version}`}>
                  {t('第', 'v')}
                  {v.version}
                  {t(' 版', '')}
                </a>
              </td>
              <td>{v.createdByName ?? names(v.createdBy, lang)}</td>
              <td>
                {when(v.createdAt, lang)}
                {v.updatedAt && t(`（${when(v.updatedAt, lang)} 修改）`, ` (edited ${when(v.updatedAt, lang)})`)}
              </td>
              <td>{v.note ?? '—'}</td>
              <td>{v.inUse ? t('已被申报通知使用，不能修改', 'Used by a call: frozen') : t('未被使用，可修改', 'Not used: may change')}</td>
              <td>{!v.inUse && <a href={`/ui/office/kinds/${kind.key}/versions/${v.version}/edit`}>{t('修改', 'Edit')}</a>}</td>
            </tr>
          ))}
        </Table>
        {versions.length > 1 && (
          <form method="get" action={`/ui/office/kinds/${kind.key}/diff`}>
            <h2>{t('比较两个版本', 'Compare two versions')}</h2>
            {(['from', 'to'] as const).map((end, i) => (
              <div class="field">
                <label for={`f-${end}`}>{end === 'from' ? t('原版本', 'From') : t('新版本', 'To')}</label>
                <select id={`f-${end}`} name={end}>
                  {versions.map((v) => (
                    <option value={String(v.version)} selected={v.version === (i === 0 ? newest[1]! : newest[0]!).version}>
                      {t(`第 ${v.version} 版`, `v${v.version}`)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit">{t('比较', 'Compare')}</button>
          </form>
        )}
      </>,
    );
  });

  pages.get('/kinds/:key/versions/:version', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const version = await getKindVersion(actor, c.req.param('key'), versionNumber(c.req.param('version')));
    return versionPage(c, version);
  });

  async function versionPage(c: Context<PageEnv>, record: KindVersionRecord) {
    const t = c.get('t');
    const lang = c.get('lang');
    const d = record.definition;
    const name = (x: { labelZh: string; labelEn: string }) => (lang === 'en' ? x.labelEn : x.labelZh);
    const form = formDefinition.parse(d.form);
    return render(
      c,
      `${lang === 'en' ? d.nameEn : d.nameZh}${t(` 第 ${record.version} 版`, ` v${record.version}`)}`,
      <>
        <p>
          <a href={`/ui/office/kinds/${record.key}`}>{t('返回版本记录', 'Back to the versions')}</a>
        </p>
        {c.req.query('saved') && <Notice>{t('已保存。', 'Saved.')}</Notice>}
        <div class="actions">
          {record.inUse ? (
            <p class="notice" id="version-in-use">
              {t(
                '这个版本已被申报通知使用，不能再修改；要修改请新建版本。',
                'A call uses this version: it is frozen. Make a new version to change it.',
              )}
            </p>
          ) : (
            <a class="button" href={`/ui/office/kinds/${record.key}/versions/${record.version}/edit`}>
              {t('修改这个版本', 'Edit this version')}
            </a>
          )}
          <NewVersionButton kindKey={record.key} label={t('新建版本', 'New version')} />
        </div>
        <dl class="facts">
          <dt>{t('项目周期', 'Lifecycle')}</dt>
          <dd>{t(lifecycleLabels[d.lifecycle].zh, lifecycleLabels[d.lifecycle].en)}</dd>
          <dt>{t('结果', 'Outcome')}</dt>
          <dd>
            {t(outcomeTypeLabels[d.outcome.type].zh, outcomeTypeLabels[d.outcome.type].en)}
            {d.outcome.type === 'title' &&
              `：${lang === 'en' ? d.outcome.titleEn : d.outcome.titleZh}（${d.outcome.validityYears} ${t('年', 'years')}）`}
            {d.outcome.type === 'recommendation' && `：${lang === 'en' ? d.outcome.toEn : d.outcome.toZh}`}
          </dd>
          <dt>{t('评审评分标准', 'Rubric')}</dt>
          <dd id="rubric-summary">
            {d.rubric
              .map((r) => `${name(r)} ${r.maxScore}${t(' 分', '')}${r.weight && r.weight !== 1 ? ` ×${r.weight}` : ''}`)
              .join(t('；', '; '))}
            {t(`（总分 ${d.rubricTotal} 分）`, ` (total ${d.rubricTotal})`)}
          </dd>
          <dt>{t('绩效指标', 'KPIs')}</dt>
          <dd>{d.kpiTargets.map((k) => `${name(k)} ${k.target} ${k.unit}`).join(t('；', '; ')) || '—'}</dd>
          <dt>{t('申报材料', 'Materials')}</dt>
          <dd>{d.materials.map((m) => `${name(m)}${m.required ? '' : t('（选交）', ' (optional)')}`).join(t('；', '; ')) || '—'}</dd>
        </dl>
        <h2>{t('申报书预览（申报单位看到的样子）', "The applicant's form (preview)")}</h2>
        <FormPreview form={form} lang={lang} t={t} />
      </>,
    );
  }

  pages.post('/kinds/:key/versions', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const key = c.req.param('key');
    const form = await c.req.parseBody();
    const made = await attempt(c.get('lang'), () =>
      createKindVersion(actor, key, { ...(given(form, 'note') ? { note: given(form, 'note') } : {}) }),
    );
    if (!made.ok) return render(c, c.get('t')('无法新建版本', 'Cannot make a version'), <p>{made.message}</p>, 409);
    return backTo(c, `/ui/office/kinds/${key}/versions/${made.value.version}/edit`);
  });

  pages.get('/kinds/:key/diff', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const key = c.req.param('key');
    const { from, to, diff } = await diffKindVersions(actor, key, versionNumber(c.req.query('from')), versionNumber(c.req.query('to')));
    return render(
      c,
      t(
        `${to.definition.nameZh}：第 ${from.version} 版与第 ${to.version} 版的区别`,
        `${to.definition.nameEn}: v${from.version} against v${to.version}`,
      ),
      <>
        <p>
          <a href={`/ui/office/kinds/${key}`}>{t('返回版本记录', 'Back to the versions')}</a>
        </p>
        <KindDiffView diff={diff} t={t} lang={lang} criteria={[...from.definition.rubric, ...to.definition.rubric]} />
      </>,
    );
  });

  return pages;
}
