import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { completeDeclaration } from '../support/slice';
import { formValues, PageClient } from '../support/pages';
import { startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * Edits against a version (issue 17.5): a GET carries the version as its ETag, If-Match sends it
 * back, and an edit made from a stale copy is refused with the current version instead of
 * silently overwriting a newer save; the pages always send theirs and say what changed. And an
 * edit that changes nothing writes nothing (issue 16.11).
 */
const DAY = 86400_000;
let runtime: Runtime;
let s: ReturnType<typeof selection>;
beforeAll(async () => {
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
  s = selection(runtime);
});
afterAll(() => runtime?.stop());

const applicant = () => s.api.as('applicant-a1');
const edits = async (id: string) =>
  (s.ok(await applicant().get(`/declarations/${id}/history`)).items as { action: string }[]).filter((e) => e.action === 'draft.edited')
    .length;

async function openCall() {
  const now = runtime.clock.now().getTime();
  const reply = await s.api.as('admin').post('/calls', {
    kind: 'elder-empowerment',
    year: 2026,
    title: '老年教育赋能项目申报',
    opensAt: new Date(now - 3600_000).toISOString(),
    closesAt: new Date(now + 30 * DAY).toISOString(),
  });
  return s.ok(reply, 201).callId as string;
}

async function draft(callId: string, title = '银龄数字课堂') {
  return s.ok(await applicant().post(`/calls/${callId}/declarations`, { ...completeDeclaration, title }), 201) as {
    declarationId: string;
    version: number;
  };
}

describe('If-Match on PATCH /declarations/{id}', () => {
  it('a stale edit is 412 with the current version and declaration, and writes nothing; the current ETag goes through', async () => {
    const { declarationId: id } = await draft(await openCall());
    const seen = await applicant().get(`/declarations/${id}`);
    expect(seen.headers.get('etag')).toBe('"1"');

    // Staff A saves from the page they opened...
    const first = await s.api.request('PATCH', `/declarations/${id}`, {
      as: 'applicant-a1',
      headers: { 'if-match': '"1"' },
      body: { title: '银龄数字课堂（A 修改）' },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    expect(first.body.version).toBe(2);

    // ...then staff B saves from the same, now stale, page.
    const stale = await s.api.request('PATCH', `/declarations/${id}`, {
      as: 'applicant-a1',
      headers: { 'if-match': '"1"' },
      body: { summary: 'B 的简介' },
    });
    expect(stale.status).toBe(412);
    expect(stale.contentType).toContain('application/problem+json');
    expect(stale.headers.get('etag')).toBe('"2"');
    expect(stale.body).toMatchObject({
      status: 412,
      currentVersion: 2,
      current: { version: 2, title: '银龄数字课堂（A 修改）', summary: completeDeclaration.summary },
    });

    const now = s.ok(await applicant().get(`/declarations/${id}`));
    expect(now).toMatchObject({ version: 2, title: '银龄数字课堂（A 修改）', summary: completeDeclaration.summary });
    expect(await edits(id)).toBe(1);

    // B retries with the version the 412 gave: it goes through.
    const retry = await s.api.request('PATCH', `/declarations/${id}`, {
      as: 'applicant-a1',
      headers: { 'if-match': stale.headers.get('etag')! },
      body: { summary: 'B 的简介' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ version: 3, title: '银龄数字课堂（A 修改）', summary: 'B 的简介' });
  });

  it('without If-Match an edit still goes through (last write wins, one at a time); a malformed one is 422 naming the header', async () => {
    const { declarationId: id } = await draft(await openCall());
    expect((await applicant().patch(`/declarations/${id}`, { title: '不带版本的修改' })).status).toBe(200);
    const any = await s.api.request('PATCH', `/declarations/${id}`, {
      as: 'applicant-a1',
      headers: { 'if-match': '*' },
      body: { title: '任意版本' },
    });
    expect(any.status).toBe(200);
    const bad = await s.api.request('PATCH', `/declarations/${id}`, {
      as: 'applicant-a1',
      headers: { 'if-match': 'version 3' },
      body: { title: '坏的版本' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'header.if-match' })]);
    expect(s.ok(await applicant().get(`/declarations/${id}`))).toMatchObject({ version: 3, title: '任意版本' });
  });
});

describe('If-Match on PATCH /calls/{callId}', () => {
  it('a stale edit of a call is 412 with the current call; nothing written', async () => {
    const now = runtime.clock.now().getTime();
    const call = s.ok(
      await s.api.as('admin').post('/calls', {
        kind: 'elder-empowerment',
        year: 2026,
        title: '未开始受理的通知',
        opensAt: new Date(now + 2 * DAY).toISOString(),
        closesAt: new Date(now + 30 * DAY).toISOString(),
      }),
      201,
    );
    const got = await s.api.as('admin').get(`/calls/${call.callId}`);
    expect(got.headers.get('etag')).toBe(`"${call.version}"`);
    const etag = got.headers.get('etag')!;
    const first = await s.api.request('PATCH', `/calls/${call.callId}`, { as: 'admin', headers: { 'if-match': etag }, body: { quota: 9 } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.headers.get('etag')).toBe(`"${call.version + 1}"`);
    const stale = await s.api.request('PATCH', `/calls/${call.callId}`, { as: 'admin', headers: { 'if-match': etag }, body: { quota: 3 } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ currentVersion: call.version + 1, current: { quota: 9 } });
    expect(s.ok(await s.api.as('admin').get(`/calls/${call.callId}`))).toMatchObject({ quota: 9, version: call.version + 1 });
  });
});

describe('the pages send their version', () => {
  it('the declaration form saved from a stale page is refused, keeps what this person typed, and names in Chinese what someone else changed', async () => {
    const { declarationId: id } = await draft(await openCall());
    const staffB = await PageClient.signIn(runtime.url, 'applicant-a1');
    const action = `/ui/applicant/declarations/${id}`;
    const form = formValues((await staffB.get(action)).html, action);
    expect(form.version).toBe('1');

    // Staff A changes the title and the contact phone meanwhile (through the API, as another page would).
    s.ok(await applicant().patch(`/declarations/${id}`, { title: '银龄数字课堂（A 修改）', contactPhone: '021-5555 0202' }));

    // Staff B, from the page opened before, rewrites the summary and saves.
    const refused = await staffB.post(action, { ...form, summary: 'B 重写的项目简介', action: 'save' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('您打开此页后，内容已被他人修改');
    expect(refused.html).toContain('项目名称</a>：已被他人修改为「银龄数字课堂（A 修改）」');
    expect(refused.html).toContain('联系电话</a>：已被他人修改为「021-5555 0202」');
    expect(refused.html).not.toMatch(/项目简介<\/a>：/);
    // The form now shows A's title and phone, B's summary, and the current version to save against.
    const again = formValues(refused.html, action);
    expect(again).toMatchObject({ version: '2', title: '银龄数字课堂（A 修改）', contactPhone: '021-5555 0202' });
    expect(refused.html).toContain('B 重写的项目简介');
    expect(s.ok(await applicant().get(`/declarations/${id}`))).toMatchObject({ version: 2, summary: completeDeclaration.summary });

    // Saving again from the refreshed form keeps both edits.
    const summary = /<textarea[^>]*name="summary"[^>]*>([^<]*)<\/textarea>/.exec(refused.html)![1]!;
    const saved = await staffB.post(action, { ...again, summary, action: 'save' });
    expect(saved.status).toBe(303);
    expect(s.ok(await applicant().get(`/declarations/${id}`))).toMatchObject({
      version: 3,
      title: '银龄数字课堂（A 修改）',
      contactPhone: '021-5555 0202',
      summary: 'B 重写的项目简介',
    });
  });

  it('the call settings form saved from a stale page names the settings someone else changed', async () => {
    const now = runtime.clock.now().getTime();
    const call = s.ok(
      await s.api.as('admin').post('/calls', {
        kind: 'elder-empowerment',
        year: 2026,
        title: '设置页并发',
        opensAt: new Date(now + 2 * DAY).toISOString(),
        closesAt: new Date(now + 30 * DAY).toISOString(),
      }),
      201,
    );
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const action = `/ui/office/calls/${call.callId}/settings`;
    const form = formValues((await admin.get(action)).html, action);
    s.ok(await s.api.as('admin').patch(`/calls/${call.callId}`, { quota: 11, noticeWorkingDays: 9 }));
    const refused = await admin.post(action, { ...form, title: '改过的标题' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('设置已被修改（立项名额、公示期）');
    expect(s.ok(await s.api.as('admin').get(`/calls/${call.callId}`))).toMatchObject({ title: '设置页并发', quota: 11 });
  });
});

describe('an edit that changes nothing writes nothing (16.11)', () => {
  it('PATCH with the values already stored: 200, same version, no 修改申报书 event', async () => {
    const { declarationId: id } = await draft(await openCall());
    const same = await applicant().patch(`/declarations/${id}`, {
      title: completeDeclaration.title,
      fields: completeDeclaration.fields,
      contactPhone: completeDeclaration.contactPhone,
    });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    expect(s.ok(await applicant().get(`/declarations/${id}`)).version).toBe(1);
    expect(await edits(id)).toBe(0);
  });

  it('submitting an untouched draft from its page writes no edit event', async () => {
    const { declarationId: id } = await draft(await openCall());
    const page = await PageClient.signIn(runtime.url, 'applicant-a1');
    const action = `/ui/applicant/declarations/${id}`;
    const html = (await page.get(action)).html;
    const form = formValues(html, action);
    const textareas = Object.fromEntries(
      [...html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [m[1]!, m[2]!]),
    );
    const submitted = await page.post(action, { ...form, ...textareas, action: 'submit' });
    expect(submitted.status, submitted.html.match(/class="problems"[\s\S]{0,600}/)?.[0]).toBe(303);
    expect(submitted.location).toBe(`${action}?done=submitted`);
    const history = s.ok(await applicant().get(`/declarations/${id}/history`)).items as { action: string }[];
    expect(history.map((e) => e.action)).not.toContain('draft.edited');
    expect((await page.get(action)).html).not.toContain('修改申报书');
  });
});
