import { describe, expect, it } from 'vitest';
import { exe } from '../support/documents';
import { Editor } from '../support/kind-editor';
import { PageClient, postUpload, uploadFormOf } from '../support/pages';
import { after, projects } from '../support/project';
import { evidenceKind, pdf } from '../support/report-files';
import { fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

describe('report files on the pages (issue 21.3)', () => {
  it('the mid-term report form shows the upload; without the file the report is refused in Chinese at it; a disguised file is refused; then it goes through and the project page links the file', async () => {
    const kind = await evidenceKind(p, 'elder-evidence-pages');
    const id = (await p.establish(kind, [['applicant-a1', '银龄课堂（页面附件）']])).ids[0]!;
    await p.advanceTo(id, after((await p.view(id)).milestones.midtermAt));
    const task = await p.openTask('applicant-a1', id, 'midterm_report');
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const page = `/ui/projects/${id}/tasks/${task.taskId}`;
    const input = 'f-files-midterm-report-progressEvidence';
    const form = await applicant.get(page);
    expect(form.html).toContain('中期报告材料');
    expect(form.html).toMatch(/中期进展佐证材料（必交）：\s*<span>未上传<\/span>/);
    expect(form.html).toContain(`id="${input}"`);
    // The office reads the task's project but adds no applicant's file.
    expect((await (await PageClient.signIn(runtime.url, 'admin')).get(`/ui/projects/${id}`)).html).not.toContain(input);

    const body = {
      report: '按计划推进。',
      ...Object.fromEntries(Object.entries(p.actuals(kind, 0.6)).map(([k, v]) => [`kpiActuals.${k}`, `${v}`])),
    };
    const refused = await applicant.post(page, body);
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(new RegExp(`id="${input}-error"[^>]*>\\s*提交中期报告前须上传材料：中期进展佐证材料`));
    expect((await p.view(id)).stage).toBe('midterm_report');

    const upload = async (name: string, bytes: Uint8Array) => {
      const stored = await postUpload(
        runtime.url,
        uploadFormOf((await applicant.get(page)).html, input),
        new File([new Uint8Array(bytes)], name),
      );
      expect(stored.status).toBe(303);
      const back = new URL(stored.location!);
      return applicant.get(`${back.pathname}${back.search}`);
    };
    const disguised = await upload('佐证.pdf', exe());
    expect(disguised.status).toBe(422);
    expect(disguised.html).toMatch(new RegExp(`id="${input}-error"[^>]*>\\s*文件内容不是 .pdf 格式，而是可执行程序（.exe），不能上传`));
    expect((await p.view(id)).reportMaterials).toBeUndefined();
    const taken = await upload('进展佐证.pdf', pdf());
    expect(taken.status).toBe(303);
    expect(taken.location).toBe(`${page}#files-midterm-report`);
    const download = `/ui/projects/${id}/reports/midterm-report/materials/progressEvidence`;
    expect((await applicant.get(page)).html).toContain(`href="${download}"`);

    expect((await applicant.post(page, body)).status).toBe(303);
    await p.stage(id, 'midterm_review');
    const district = await PageClient.signIn(runtime.url, 'district-a');
    const projectPage = (await district.get(`/ui/projects/${id}`)).html;
    expect(projectPage).toContain('报告材料');
    expect(projectPage).toMatch(new RegExp(`中期报告 · 中期进展佐证材料：\\s*<a href="${download}">进展佐证.pdf`));
    const file = await district.get(download);
    expect(file.status).toBe(200);
    expect(file.html).toContain('%PDF-1.4');
    expect((await (await PageClient.signIn(runtime.url, 'applicant-b1')).get(download)).status).toBe(404);
  }, 240_000);

  it('the kind editor edits each report’s files: add one, name it, mark it optional, save; the kind keeps the lists', async () => {
    await evidenceKind(p, 'elder-evidence-editor');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const editor = await new Editor(admin, '/ui/office/kinds/elder-evidence-editor/versions/1/edit').open();
    expect(editor.values['reportMaterials.midtermReport.0.key']).toBe('progressEvidence');
    expect(editor.values['reportMaterials.midtermReport.0.required']).toBe('on');
    expect(editor.html).toContain('实地考察材料');
    expect((await editor.press('add-report-material:rectification')).status).toBe(200);
    const typed = {
      'reportMaterials.rectification.0.key': 'fixEvidence',
      'reportMaterials.rectification.0.labelZh': '整改佐证',
      'reportMaterials.rectification.0.labelEn': 'Fix',
    };
    // A duplicate key in a report's list is refused at it, in Chinese.
    const twice = await editor.press('save', {
      ...typed,
      'reportMaterials.siteVisit.0.key': 'visitRecord',
      'reportMaterials.siteVisit.1.key': 'visitRecord',
      'reportMaterials.siteVisit.1.labelZh': '重复',
      'reportMaterials.siteVisit.1.labelEn': 'Again',
    });
    expect(twice.status).toBe(422);
    expect(twice.html).toMatch(/data-field="reportMaterials\.siteVisit\.1\.key"[^>]*>\s*代码“visitRecord”与第 1 项重复/);
    const saved = await editor.press('save', typed, [
      'reportMaterials.siteVisit.1.key',
      'reportMaterials.siteVisit.1.labelZh',
      'reportMaterials.siteVisit.1.labelEn',
      'reportMaterials.siteVisit.1.required',
    ]);
    expect(saved.status, saved.html.slice(0, 300)).toBe(303);
    const stored = p.ok(await p.api.as('admin').get('/kinds/elder-evidence-editor/versions/1')).definition.reportMaterials;
    expect(stored.rectification).toEqual([{ key: 'fixEvidence', labelZh: '整改佐证', labelEn: 'Fix', required: true }]);
    expect(stored.midtermReport).toEqual([
      { key: 'progressEvidence', labelZh: '中期进展佐证材料', labelEn: 'progressEvidence', required: true },
    ]);
    expect(stored.siteVisit).toHaveLength(1);
  });
});
