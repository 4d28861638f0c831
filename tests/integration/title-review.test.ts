import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { titleValidUntil } from '../../core/titles';
import { store } from '../../functions/adapters/entities';
import { nameProject } from '../../functions/services/titles';
import { PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { eventually, fileRuntime, late } from '../support/runtime';
import { named as namedWith, reviewStatesOf, titledKind as titledKindWith, type TitledKind } from '../support/titles';

const runtime = fileRuntime();
const p = late(() => projects(runtime));
const titledKind = (key: string, outcome: TitledKind['definition']['outcome']) => titledKindWith(p, key, outcome);
const named = (kind: TitledKind, applicant: string, title: string) => namedWith(p, kind, applicant, title);

/** The call workbook's row of the project on its sheet of titles (命名): title, 文号, status. */
async function exportedStatus(callId: string, id: string) {
  const response = await fetch(`${runtime.url}/ui/office/calls/${callId}/export.xlsx`, {
    headers: { cookie: `shenbao_session=${await p.api.token('admin')}` },
  });
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  const rows = (book.getWorksheet('命名')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
  const row = rows.find((r) => r[0] === id)!;
  return [row[2], row[3], row[6]];
}

const actionsOf = async (id: string) =>
  (p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[]).map((e) => e.action);

describe('a named title’s life (issue 21.5): number, validity, 复核', () => {
  it('names with a 文号; three years on the 复核 asks for rectification, then keeps the title; a later 复核 revokes it and a further decision is 409', async () => {
    const kind = await titledKind('model-centre', {
      type: 'title',
      titleZh: '市级学习型社区示范点',
      titleEn: 'Municipal learning-community model',
      validityYears: 3,
      numberPattern: '沪终身办〔{year}〕{seq}号',
    });
    const { id, view } = await named(kind, 'applicant-a1', '甲街道学习型社区');
    const title = view.namedTitle;
    expect(title.number).toMatch(/^沪终身办〔\d{4}〕\d+号$/);
    expect(title.number).toBe(`沪终身办〔${title.year}〕${title.seq}号`);
    expect(new Date(title.validUntil).getUTCFullYear() - new Date(title.namedAt).getUTCFullYear()).toBe(3);
    expect(view).toMatchObject({
      titleStatus: 'valid',
      namedTitle: { status: 'valid', statusLabel: { zh: '有效' }, reviewStage: 'scheduled' },
    });
    // The 复核 opens 90 days before the validity ends.
    expect(Date.parse(title.nextReviewAt)).toBe(Date.parse(title.validUntil) - 90 * 86400_000);
    expect((await actionsOf(id)).filter((a) => a === 'project.named')).toHaveLength(1);
    const { data: item } = await store().entities.title.get({ kind: 'model-centre', organisationId: 'centre-a1' }).go();
    expect(item).toMatchObject({ number: title.number, status: 'valid', validUntil: title.validUntil });

    // Three years later (nothing ran meanwhile: the naming's leg scheduled the next for the opening) the
    // centre is asked for its self-assessment by the leg the sweep started.
    await eventually(async () => (await reviewStatesOf(p, id)).includes('Scheduled'), 'the chain to schedule the opening');
    await runtime.clock.set(after(title.nextReviewAt));
    p.api.forgetTokens();
    const selfTask = await p.openTask('applicant-a1', id, 'title_self_assessment');
    expect(Date.parse(selfTask.dueAt)).toBeGreaterThan(runtime.clock.now().getTime());
    const empty = await p.decide('applicant-a1', id, 'title_self_assessment', {}, 422);
    expect(empty.reply.errors).toEqual([expect.objectContaining({ field: 'body.report' })]);
    await p.decide('applicant-a1', id, 'title_self_assessment', { report: '三年来开展学习活动 120 场。' });

    // The office asks for rectification by a deadline; the title shows as rectifying.
    await p.decide('admin', id, 'title_review', { outcome: 'rectify', comment: '台账不全，限期整改' });
    const rectifying = await eventually(async () => {
      const v = await p.view(id, 'applicant-a1');
      return v.namedTitle.reviewStage === 'rectification' ? v : undefined;
    }, 'rectification');
    expect(rectifying).toMatchObject({ titleStatus: 'rectifying', namedTitle: { statusLabel: { zh: '复核整改中' } } });
    const fix = await p.openTask('applicant-a1', id, 'title_rectification');
    expect(fix.dueAt).toBe(rectifying.namedTitle.review.rectificationDueAt);
    await p.decide('applicant-a1', id, 'title_rectification', { report: '已补齐三年活动台账。' });
    // The re-check does not rectify again; it keeps the title, renewed for the kind's validity.
    const again = await p.decide('admin', id, 'title_review', { outcome: 'rectify', comment: '再整改' }, 422);
    expect(again.reply.errors[0].field).toBe('body.outcome');
    // The panel that re-assessed the centre with the office: from the pool, 回避 of the centre's district, each at its entry.
    const refused = await p.decide(
      'admin',
      id,
      'title_review',
      { outcome: 'keep', comment: '整改到位', reviewPanel: ['expert-1', 'nobody', 'expert-2', 'expert-2'] },
      422,
    );
    expect(refused.reply.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.reviewPanel.0',
      'body.reviewPanel.1',
      'body.reviewPanel.3',
    ]);
    expect(refused.reply.errors[0].detail ?? refused.reply.errors[0].message).toContain('回避');
    await p.decide('admin', id, 'title_review', { outcome: 'keep', comment: '整改到位', reviewPanel: ['expert-2', 'expert-3'] });
    const kept = await eventually(async () => {
      const v = await p.view(id, 'applicant-a1');
      return v.namedTitle.reviewStage === 'scheduled' && v.titleStatus === 'valid' ? v : undefined;
    }, 'the title kept');
    expect(kept.namedTitle.validUntil).toBe(titleValidUntil(new Date(title.validUntil), 3));
    expect(kept.namedTitle.number).toBe(title.number);
    expect(kept.namedTitle.review.decisions.at(-1).reviewPanel).toEqual([
      { username: 'expert-2', name: '评审专家2' },
      { username: 'expert-3', name: '评审专家3' },
    ]);
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[];
    expect(history.find((e) => e.action === 'title.review.keep')?.reason).toContain('复核专家组：评审专家2、评审专家3');
    // The project page's 复核 record names the panel, never its usernames.
    const html = (await (await PageClient.signIn(runtime.url, 'applicant-a1')).get(`/ui/projects/${id}`)).html;
    expect(html).toContain('评审专家2、评审专家3');
    expect(html).not.toContain('expert-2');
    expect(await actionsOf(id)).toEqual(
      expect.arrayContaining([
        'title.review_opened',
        'title.self_assessed',
        'title.review.rectify',
        'title.rectified',
        'title.review.keep',
      ]),
    );

    // The next 复核 revokes the title; every later decision on it is refused with 409.
    await runtime.clock.set(after(kept.namedTitle.nextReviewAt));
    p.api.forgetTokens();
    await p.decide('applicant-a1', id, 'title_self_assessment', { report: '近三年活动减少。' });
    // The office's form offers the pool by name, an expert of the centre's district not to be ticked (回避); posted anyway, refused in Chinese.
    const reviewTask = await p.openTask('admin', id, 'title_review');
    const office = await PageClient.signIn(runtime.url, 'admin');
    const form = (await office.get(`/ui/projects/${id}/tasks/${reviewTask.taskId}`)).html;
    expect(form).toMatch(/<input[^>]*name="reviewPanel"[^>]*value="expert-2"/);
    expect(form).toMatch(/<input[^>]*value="expert-1"[^>]*disabled/);
    expect(form).toContain('评审专家1');
    const posted = await office.post(`/ui/projects/${id}/tasks/${reviewTask.taskId}`, [
      ['outcome', 'revoke'],
      ['comment', '连续两年未开展活动'],
      ['reviewPanel', 'expert-1'],
    ]);
    expect(posted.status).toBe(422);
    expect(posted.html).toMatch(/复核专家组<\/a>：[^<]*回避/);
    const { task } = await p.decide('admin', id, 'title_review', { outcome: 'revoke', comment: '连续两年未开展活动' });
    const revoked = await eventually(async () => {
      const v = await p.view(id, 'applicant-a1');
      return v.titleStatus === 'revoked' ? v : undefined;
    }, 'the revocation');
    expect(revoked.namedTitle).toMatchObject({ status: 'revoked', statusLabel: { zh: '已撤销' }, reviewStage: 'closed' });
    const further = await p.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'keep', comment: '复议' });
    expect(further.status).toBe(409);
    const revocation = await p.api.as('admin').post(`/projects/${id}/title/revocation`, { reason: '再次撤销' });
    expect(revocation.status).toBe(409);
    expect(await exportedStatus(view.callId, id)).toEqual(['市级学习型社区示范点', title.number, '已撤销']);
    const { data: revokedItem } = await store().entities.title.get({ kind: 'model-centre', organisationId: 'centre-a1' }).go();
    expect(revokedItem!.status).toBe('revoked');
  }, 240_000);

  it('a title its kind does not review expires at its validity, and shows expired', async () => {
    const kind = await titledKind('plain-title', {
      type: 'title',
      titleZh: '社区学习共同体',
      titleEn: 'Community learning circle',
      validityYears: 2,
      reviewEveryYears: 0,
    });
    const { id, view } = await named(kind, 'applicant-b1', '乙街道学习共同体');
    expect(view.namedTitle).toMatchObject({ status: 'valid', nextReviewAt: null });
    expect(view.namedTitle.number).toMatch(/^沪终身办〔\d{4}〕\d+号$/);
    await runtime.clock.set(after(view.namedTitle.validUntil));
    p.api.forgetTokens();
    // Shown expired at once; the workflow records it.
    expect((await p.view(id, 'applicant-b1')).titleStatus).toBe('expired');
    await eventually(async () => (await actionsOf(id)).includes('title.expired'), 'the expiry recorded');
    const page = await PageClient.signIn(runtime.url, 'applicant-b1');
    expect((await page.get(`/ui/projects/${id}`)).html).toMatch(/id="named-title"[\s\S]*已过期/);
    expect(await exportedStatus(view.callId, id)).toEqual(['社区学习共同体', view.namedTitle.number, '已过期']);
  }, 240_000);

  it('namings at the same moment each take their own 文号: none lost, none issued twice', async () => {
    const kind = await titledKind('race-title', {
      type: 'title',
      titleZh: '市级学习型社区',
      titleEn: 'Municipal learning community',
      validityYears: 3,
      numberPattern: '竞终身办〔{year}〕{seq}号',
    });
    const { ids } = await p.establish(kind, [
      ['applicant-a1', '甲街道学习型社区（并发）'],
      ['applicant-a2', '乙街道学习型社区（并发）'],
      ['applicant-b1', '丙街道学习型社区（并发）'],
    ]);
    const items = await Promise.all(ids.map(async (id) => (await store().entities.project.get({ declarationId: id }).go()).data!));
    const outcome = {
      type: 'title' as const,
      titleZh: '市级学习型社区',
      titleEn: 'x',
      validityYears: 3,
      numberPattern: '竞终身办〔{year}〕{seq}号',
    };
    const now = runtime.clock.now();
    const namings = await Promise.all(items.map((item) => nameProject(item, outcome, '合格', now)));
    // Every call either named its project or found it named: each stored naming has its own number.
    const stored = await Promise.all(ids.map(async (id) => (await store().entities.project.get({ declarationId: id }).go()).data!.naming));
    expect(stored.every(Boolean)).toBe(true);
    expect(new Set(stored.map((n: any) => n.seq)).size).toBe(3);
    expect(stored.map((n: any) => n.seq).sort()).toEqual([1, 2, 3]);
    for (const [i, naming] of namings.entries()) if (naming) expect(naming.number).toBe((stored[i] as any).number);
  }, 120_000);
});
