import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { store } from '../../functions/adapters/entities';
import { issueEstablishmentNotices } from '../../functions/services/result-notices';
import { seededKind } from '../../local/kind-seeds';
import { PageClient } from '../support/pages';
import { projects } from '../support/project';
import { fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

const emailsAbout = (title: string) =>
  readdirSync(runtime.outboxDir)
    .map((f) => readFileSync(join(runtime.outboxDir, f), 'utf8'))
    .filter((mail) => mail.includes(title));

describe('result notices (issue 22.3): 立项 notices, the call’s announcement and the acceptance notice, over HTTP', () => {
  it('tells each applicant its outcome with the reason and a number, once, announces the call, and reads as an A4 letter', async () => {
    const kind = 'elder-empowerment';
    const call = await p.createCall(kind);
    const chosen = await p.reviewed('applicant-a1', call.callId, kind, '银龄智慧课堂', 1);
    const passed = await p.reviewed('applicant-b1', call.callId, kind, '老年书画社', 1);
    for (const id of [chosen, passed]) {
      await p.scoredBy(id, kind, 0.85);
      await p.reached(id, 'scored');
    }
    await p.closeWindow(call);
    const { call: inNotice } = await p.shortlist(call.callId, [chosen]);
    await p.endNotice(inNotice);
    await p.finished(chosen, 'approved');
    await p.finished(passed, 'not_selected');

    // Each applicant reads its own notice: established, or not with the reason; numbered by its place in the call.
    const mine = p.ok(await p.api.as('applicant-a1').get(`/declarations/${chosen}/result-notices`)).items;
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'establishment',
        outcome: 'established',
        number: '市终身教育办〔2026〕第1批立项第001号',
        title: '银龄智慧课堂',
        organisationName: expect.not.stringMatching(/^org-|applicant/),
        office: '市终身教育办公室',
        reason: '公示无异议，予以立项',
      }),
    ]);
    const theirs = p.ok(await p.api.as('applicant-b1').get(`/declarations/${passed}/result-notices`)).items;
    expect(theirs).toEqual([
      expect.objectContaining({ outcome: 'not_established', number: '市终身教育办〔2026〕第1批立项第002号', reason: '未列入择优名单' }),
    ]);

    // Nobody else reads a notice to one applicant; everyone signed in reads the call's announcement.
    const notice = `/calls/${call.callId}/result-notices/establishment-${chosen}`;
    expect((await p.api.as('applicant-b1').get(notice)).status).toBe(404);
    expect((await p.api.as('district-b').get(notice)).status).toBe(404);
    expect((await p.api.as('district-a').get(notice)).status).toBe(200);
    const announcement = p.ok(await p.api.as('expert-1').get(`/calls/${call.callId}/result-notices/call_result-${call.callId}`));
    expect(announcement).toMatchObject({ kind: 'call_result', number: '市终身教育办〔2026〕第1批立项结果公告' });
    expect(announcement.established).toEqual([expect.objectContaining({ declarationId: chosen, title: '银龄智慧课堂' })]);
    expect(announcement.established[0].organisationName).toBe(mine[0].organisationName);
    const seenByB = p.ok(await p.api.as('applicant-b1').get(`/calls/${call.callId}/result-notices`)).items;
    expect(seenByB.map((n: { noticeId: string }) => n.noticeId).sort()).toEqual([`call_result-${call.callId}`, `establishment-${passed}`]);
    expect(p.ok(await p.api.as('admin').get(`/calls/${call.callId}/result-notices`)).items).toHaveLength(3);

    // Told in the app and by email, and recorded in each declaration's history.
    const inbox = p.ok(await p.api.as('applicant-a1').get('/notifications')).items;
    expect(inbox).toContainEqual(
      expect.objectContaining({
        kind: 'result-notice',
        subject: expect.stringContaining('立项通知（市终身教育办〔2026〕第1批立项第001号）'),
      }),
    );
    expect(emailsAbout('老年书画社').some((mail) => mail.includes('第002号'))).toBe(true);
    const history = p.ok(await p.api.as('admin').get(`/declarations/${passed}/history`)).items;
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'notice.issued', reason: '立项通知 市终身教育办〔2026〕第1批立项第002号' }),
    );

    // A retried establish step issues nothing again: no second notice, notification or email.
    const emailsBefore = emailsAbout('银龄智慧课堂').length;
    expect(await issueEstablishmentNotices(call.callId)).toEqual({ issued: 0 });
    expect(p.ok(await p.api.as('admin').get(`/calls/${call.callId}/result-notices`)).items).toHaveLength(3);
    const again = p
      .ok(await p.api.as('applicant-a1').get('/notifications'))
      .items.filter((n: { kind: string }) => n.kind === 'result-notice');
    expect(again).toHaveLength(1);
    expect(emailsAbout('银龄智慧课堂')).toHaveLength(emailsBefore);

    // The printable letter: the same facts as the API, the office's name, a Chinese date, an A4 print stylesheet.
    const page = await (await PageClient.signIn(runtime.url, 'applicant-a1')).get(
      `/ui/result-notices/${call.callId}/establishment-${chosen}`,
    );
    expect(page.status).toBe(200);
    for (const text of ['立项通知', mine[0].number, mine[0].organisationName, '银龄智慧课堂', '予以立项', '市终身教育办公室'])
      expect(page.html).toContain(text);
    expect(page.html).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    const style = await (await fetch(`${runtime.url}/ui/style.css`)).text();
    expect(style).toContain('@page { size: A4');
    expect(style).toMatch(/@media print \{[^}]*\.top/);
    const project = await (await PageClient.signIn(runtime.url, 'applicant-a1')).get(`/ui/projects/${chosen}`);
    expect(project.html).toContain(`/ui/result-notices/${call.callId}/establishment-${chosen}`);
  });

  it('issues the acceptance result notice once the acceptance is decided, with the declaration’s place in its number', async () => {
    const key = 'elder-acceptance-only';
    const definition = { ...structuredClone(seededKind('elder-empowerment')), lifecycle: 'acceptance-only' as const };
    p.ok(await p.api.as('admin').post('/kinds', { key, definition }), 201);
    const kind = { key, definition };
    const { call, ids } = await p.establish(kind, [['applicant-a2', '社区老年学堂']]);
    const id = ids[0]!;
    const project = await p.view(id);
    await p.advanceTo(id, new Date(Date.parse(project.milestones.acceptanceOpensAt) + 60_000));
    await p.report('applicant-a2', id, 'acceptance_application', p.actuals(kind, 1));
    await p.assess(id, kind, 0.8);
    expect(p.ok(await p.api.as('applicant-a2').get(`/declarations/${id}/result-notices`)).items).toHaveLength(1);
    await p.decide('admin', id, 'acceptance_decision', { outcome: 'pass', comment: '达到建设目标' });
    await p.stage(id, 'accepted');

    const notices = p.ok(await p.api.as('applicant-a2').get(`/declarations/${id}/result-notices`)).items;
    expect(
      notices.map((n: { kind: string; number: string; outcome: string; reason?: string }) => [n.kind, n.number, n.outcome, n.reason]),
    ).toEqual([
      ['establishment', '市终身教育办〔2026〕第1批立项第001号', 'established', '公示无异议，予以立项'],
      ['acceptance', '市终身教育办〔2026〕第1批验收第001号', 'pass', '达到建设目标'],
    ]);
    const { data } = await store().entities.resultNotice.query.byCall({ callId: call.callId }).go();
    expect(data.filter((n) => n.kind === 'acceptance')).toHaveLength(1);
    const page = await (await PageClient.signIn(runtime.url, 'applicant-a2')).get(`/ui/result-notices/${call.callId}/acceptance-${id}`);
    expect(page.html).toContain('验收结论为<strong>验收合格</strong>');
  });
});
