import { describe, expect, it } from 'vitest';
import { docx, exe } from '../support/documents';
import { postUpload } from '../support/pages';
import { after, projects } from '../support/project';
import { evidenceKind, pdf, requiredFile as required } from '../support/report-files';
import { fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

/** Uploads `bytes` as `name` through the presigned form and records it: the API's answer to the record. */
async function upload(as: string, id: string, report: string, key: string, name: string, bytes: Uint8Array) {
  const base = `/projects/${id}/reports/${report}/materials/${key}`;
  const form = p.ok(await p.api.as(as).post(`${base}/upload-form`), 201);
  const stored = await postUpload(
    runtime.url,
    { action: form.url, fields: Object.entries(form.fields) },
    new File([new Uint8Array(bytes)], name),
  );
  expect(stored.status).toBe(204);
  return p.api.as(as).post(base, { uploadKey: form.key.replace('${filename}', name) });
}

describe('files on project reports (issue 21.3)', () => {
  it('a mid-term report is refused while a required file is missing, accepted after the upload; acceptance and the site visit likewise', async () => {
    const kind = await evidenceKind(p, 'elder-evidence');
    const id = (await p.establish(kind, [['applicant-a1', '银龄数字课堂（附件）']])).ids[0]!;
    const m = (await p.view(id, 'applicant-a1')).milestones;
    // Before the mid-term opens its files cannot be added.
    const early = await p.api.as('applicant-a1').post(`/projects/${id}/reports/midterm-report/materials/progressEvidence/upload-form`);
    expect(early.status).toBe(409);

    await p.advanceTo(id, after(m.midtermAt));
    const task = await p.openTask('applicant-a1', id, 'midterm_report');
    const body = { report: '按计划推进。', kpiActuals: p.actuals(kind, 0.6) };
    const refused = await p.api.as('applicant-a1').post(`/tasks/${task.taskId}/decision`, body);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'body.materials.progressEvidence', message: 'required: upload the material 中期进展佐证材料 (progressEvidence) first' },
    ]);

    // Bad files, refused as a declaration's are; nothing recorded.
    const disguised = await upload('applicant-a1', id, 'midterm-report', 'progressEvidence', '进展.pdf', exe());
    expect(disguised.status).toBe(422);
    expect(disguised.body.errors).toEqual([
      { field: 'body.materials.progressEvidence', message: 'the content is not a .pdf file (it is a .exe file)' },
    ]);
    const wrongType = await upload('applicant-a1', id, 'midterm-report', 'progressEvidence', 'run.exe', exe());
    expect(wrongType.body.errors[0]).toMatchObject({
      field: 'body.materials.progressEvidence',
      message: expect.stringMatching(/^not an accepted type/),
    });
    const unknownKey = await p.api.as('applicant-a1').post(`/projects/${id}/reports/midterm-report/materials/budgetSheet/upload-form`);
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body.errors).toEqual([
      { field: 'path.key', message: 'budgetSheet is not a material the kind asks for on the midterm-report' },
    ]);
    const unknownReport = await p.api.as('applicant-a1').post(`/projects/${id}/reports/final-essay/materials/progressEvidence/upload-form`);
    expect(unknownReport.status).toBe(422);
    expect(unknownReport.body.errors.map((e: any) => e.field)).toEqual(['path.report']);
    expect((await p.api.as('admin').post(`/projects/${id}/reports/midterm-report/materials/progressEvidence/upload-form`)).status).toBe(
      403,
    );
    expect(
      (await p.api.as('applicant-b1').post(`/projects/${id}/reports/midterm-report/materials/progressEvidence/upload-form`)).status,
    ).toBe(404);
    expect((await p.view(id)).reportMaterials).toBeUndefined();

    const recorded = p.ok(await upload('applicant-a1', id, 'midterm-report', 'progressEvidence', '进展佐证.pdf', pdf()));
    expect(recorded.items).toEqual([
      expect.objectContaining({ key: 'progressEvidence', fileName: '进展佐证.pdf', contentType: 'application/pdf', by: 'applicant-a1' }),
    ]);
    p.ok(await p.api.as('applicant-a1').post(`/tasks/${task.taskId}/decision`, body));
    const reviewed = await p.stage(id, 'midterm_review');
    expect(reviewed.midterm.report.materials).toEqual([expect.objectContaining({ key: 'progressEvidence', fileName: '进展佐证.pdf' })]);
    // Whoever may see the project downloads it; others are told it is not there.
    for (const who of ['applicant-a1', 'district-a', 'admin']) {
      const file = await p.api.as(who).get(`/projects/${id}/reports/midterm-report/materials/progressEvidence`);
      expect(file.status, who).toBe(200);
      expect(file.body).toContain('%PDF-1.4');
    }
    expect((await p.api.as('applicant-b1').get(`/projects/${id}/reports/midterm-report/materials/progressEvidence`)).status).toBe(404);
    expect((await p.api.as('admin').get(`/projects/${id}/reports/acceptance-application/materials/finalReport`)).status).toBe(404);
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass', comment: '进度正常' });

    // The acceptance application with its files: the required one first, the optional one not needed.
    await p.advanceTo(id, after(m.acceptanceOpensAt));
    const application = await p.openTask('applicant-a1', id, 'acceptance_application');
    const final = { report: '全年完成课程 48 门。', kpiActuals: p.actuals(kind, 1.1) };
    const missing = await p.api.as('applicant-a1').post(`/tasks/${application.taskId}/decision`, final);
    expect(missing.body.errors).toEqual([
      { field: 'body.materials.finalReport', message: 'required: upload the material 建设总结报告 (finalReport) first' },
    ]);
    p.ok(await upload('applicant-a1', id, 'acceptance-application', 'finalReport', '总结报告.docx', await docx()));
    p.ok(await p.api.as('applicant-a1').post(`/tasks/${application.taskId}/decision`, final));
    await p.assess(id, kind, 0.8);

    // A site visit is the office's: its record sheet is required before the visit is recorded.
    const visit = { visitedAt: runtime.clock.now().toISOString(), visitors: ['市终身教育办'], findings: '台账齐全。' };
    const noRecord = await p.api.as('admin').post(`/projects/${id}/site-visits`, visit);
    expect(noRecord.status).toBe(422);
    expect(noRecord.body.errors).toEqual([
      { field: 'body.materials.visitRecord', message: 'required: upload the material 实地考察记录表 (visitRecord) first' },
    ]);
    expect((await p.api.as('applicant-a1').post(`/projects/${id}/reports/site-visit/materials/visitRecord/upload-form`)).status).toBe(403);
    p.ok(await upload('admin', id, 'site-visit', 'visitRecord', '考察记录.pdf', pdf()));
    const visited = p.ok(await p.api.as('admin').post(`/projects/${id}/site-visits`, visit), 201);
    expect(visited.materials).toEqual([expect.objectContaining({ key: 'visitRecord', fileName: '考察记录.pdf', by: 'admin' })]);

    const view = await p.view(id, 'applicant-a1');
    expect(view.acceptance.application.materials).toEqual([expect.objectContaining({ key: 'finalReport', fileName: '总结报告.docx' })]);
    expect(view.reportMaterialsAsked.midtermReport).toEqual([required('progressEvidence', '中期进展佐证材料')]);
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[];
    expect(history.filter((e) => e.action === 'project.material_uploaded').map((e) => e.reason)).toEqual([
      '中期报告：progressEvidence（进展佐证.pdf）',
      '验收申请：finalReport（总结报告.docx）',
      '实地考察：visitRecord（考察记录.pdf）',
    ]);
  }, 240_000);
});
