import { describe, expect, it } from 'vitest';
import { fileRuntime, late } from '../support/runtime';
import { formValues, PageClient } from '../support/pages';
import { selection } from '../support/selection';

const DAY = 86400_000;
const runtime = fileRuntime();
const s = late(() => selection(runtime));

/** The settings form as the page rendered it, as a browser posts it. */
const settingsForm = (html: string) => formValues(html, /action="(\/ui\/office\/calls\/[^"]+\/settings)"/.exec(html)![1]!);

async function futureCall(title: string) {
  const now = runtime.clock.now().getTime();
  return (await s.postCall('elder-empowerment', title, now + 2 * DAY, now + 30 * DAY)) as {
    callId: string;
    title: string;
    opensAt: string;
    version: number;
    config: any;
  };
}

const configured = async (callId: string) =>
  (s.ok(await s.api.as('admin').get(`/calls/${callId}/history`)).items as any[]).filter((e) => e.action === 'call.configured');

describe('the call settings page', () => {
  it('the office changes quota, one deadline and one criterion: the API shows exactly those, and one call.configured event names them', async () => {
    const call = await futureCall('老年教育赋能项目申报（设置页）');
    const before = s.ok(await s.api.as('admin').get(`/calls/${call.callId}`));
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const board = await admin.get(`/ui/office/calls/${call.callId}`);
    expect(board.html).toContain(`href="/ui/office/calls/${call.callId}/settings">调整申报通知设置</a>`);

    const page = await admin.get(`/ui/office/calls/${call.callId}/settings`);
    expect(page.status).toBe(200);
    const form = settingsForm(page.html);
    // Pre-filled with the call as it stands, the window in China time.
    expect(form).toMatchObject({
      title: before.title,
      quota: String(before.quota),
      'deadlines.formalReview': String(before.config.deadlines.formalReview),
      'rubric.1.maxScore': String(before.config.rubric[1].maxScore),
      scoring: before.config.scoring,
    });
    expect(form.opensAt).toBe(new Date(Date.parse(before.opensAt) + 8 * 3600_000).toISOString().slice(0, 16));
    expect(page.html).toContain('<label for="f-quota">立项名额');
    expect(page.html).toContain('<label for="f-noticeWorkingDays">公示期（工作日）');

    const maxScore = before.config.rubric[1].maxScore + 5;
    const saved = await admin.post(`/ui/office/calls/${call.callId}/settings`, {
      ...form,
      quota: '7',
      'deadlines.formalReview': '12',
      'rubric.1.maxScore': String(maxScore),
    });
    expect(saved.status, saved.html.match(/class="problems"[\s\S]{0,600}/)?.[0]).toBe(303);
    expect(saved.location).toBe(`/ui/office/calls/${call.callId}/settings?saved=quota,rubric,deadlines`);
    expect((await admin.get(saved.location!)).html).toContain('已保存。修改了：立项名额、评分标准、各环节时限');

    const after = s.ok(await s.api.as('admin').get(`/calls/${call.callId}`));
    const rubric = before.config.rubric.map((r: any, i: number) => (i === 1 ? { ...r, maxScore } : r));
    expect(after.config).toEqual({ ...before.config, deadlines: { ...before.config.deadlines, formalReview: 12 }, rubric });
    const { config: _a, quota, version, updatedAt: _u, ...rest } = after;
    const { config: _b, quota: _q, version: _v, updatedAt: _w, ...restBefore } = before;
    expect({ quota, version, ...rest }).toEqual({ quota: 7, version: before.version + 1, ...restBefore });
    const events = await configured(call.callId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'admin', reason: 'quota, rubric, deadlines' });

    // A district's own cap and a material made optional, from the form as it now stands.
    const again = settingsForm((await admin.get(`/ui/office/calls/${call.callId}/settings`)).html);
    expect(again.quota).toBe('7');
    const { 'materials.2.required': _photos, ...withoutPhotos } = again;
    delete withoutPhotos['materials.1.required'];
    const capped = await admin.post(`/ui/office/calls/${call.callId}/settings`, {
      ...withoutPhotos,
      newDistrict: 'district-a',
      newDistrictCap: '2',
    });
    expect(capped.location).toBe(`/ui/office/calls/${call.callId}/settings?saved=districtCaps,materials`);
    const third = s.ok(await s.api.as('admin').get(`/calls/${call.callId}`));
    expect(third.config.districtCaps).toEqual({ 'district-a': 2 });
    expect(third.config.materials.map((m: any) => m.required)).toEqual([true, false, false]);
    // The district's cap now has its own row; emptying it removes the cap.
    const fourth = settingsForm((await admin.get(`/ui/office/calls/${call.callId}/settings`)).html);
    expect(fourth['districtCaps.district-a']).toBe('2');
    expect((await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...fourth, 'districtCaps.district-a': '' })).status).toBe(303);
    expect(s.ok(await s.api.as('admin').get(`/calls/${call.callId}`)).config.districtCaps).toEqual({});
    expect((await configured(call.callId)).map((e) => e.reason)).toEqual([
      'quota, rubric, deadlines',
      'districtCaps, materials',
      'districtCaps',
    ]);
  }, 60_000);

  it('a bad value is shown at its field with the form kept, and nothing is written', async () => {
    const call = await futureCall('老年教育赋能项目申报（错误值）');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const form = settingsForm((await admin.get(`/ui/office/calls/${call.callId}/settings`)).html);

    const zero = await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...form, quota: '0', title: '改过的标题' });
    expect(zero.status).toBe(422);
    expect(zero.html).toMatch(
      /<input id="f-quota" name="quota" required="" aria-invalid="true" aria-describedby="f-quota-error" type="number" value="0"/,
    );
    expect(zero.html).toContain('<p class="error" id="f-quota-error" data-field="quota">');
    expect(zero.html).toContain('<a href="#f-quota">立项名额</a>');
    expect(zero.html).toContain('value="改过的标题"');

    // A criterion's weight must be positive: the error stands in the rubric, at that criterion.
    const weightless = await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...form, 'rubric.0.weight': '0' });
    expect(weightless.status).toBe(422);
    expect(weightless.html).toMatch(/<fieldset id="f-rubric"[\s\S]*data-field="rubric\.0\.weight"[\s\S]*<\/fieldset>/);
    expect(weightless.html).toContain('aria-invalid="true" aria-describedby="f-rubric-0-weight-error"');

    // Closing before opening is the service's check; it comes back at closesAt.
    const backwards = await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...form, closesAt: '2020-01-01T09:00' });
    expect(backwards.status).toBe(422);
    expect(backwards.html).toContain('data-field="closesAt">截止时间须晚于开始受理时间');

    const halfRow = await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...form, newDistrict: 'district-b' });
    expect(halfRow.status).toBe(422);
    expect(halfRow.html).toContain('data-field="newDistrictCap">请填写该区的推荐上限');

    const badCode = await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...form, newDistrict: 'A区', newDistrictCap: '2' });
    expect(badCode.status).toBe(422);
    expect(badCode.html).toContain('data-field="newDistrict">代码须以英文字母开头，只含英文字母、数字、_ 或 -（如 district-b）');
    const badCap = await admin.post(`/ui/office/calls/${call.callId}/settings`, {
      ...form,
      newDistrict: 'district-b',
      newDistrictCap: '-1',
    });
    expect(badCap.html).toContain('data-field="newDistrictCap">不能小于 0');

    const after = s.ok(await s.api.as('admin').get(`/calls/${call.callId}`));
    expect(after.version).toBe(call.version);
    expect(after.title).toBe(call.title);
    expect(after.quota).toBe(Number(form.quota));
    expect(after.config).toEqual(call.config);
    expect(await configured(call.callId)).toHaveLength(0);
  }, 60_000);

  it("a save over someone else's newer save is refused, not lost", async () => {
    const call = await futureCall('老年教育赋能项目申报（同时修改）');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const form = settingsForm((await admin.get(`/ui/office/calls/${call.callId}/settings`)).html);
    s.ok(await s.api.as('admin').patch(`/calls/${call.callId}`, { quota: 9 }));
    const stale = await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...form, noticeWorkingDays: '9' });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('已被修改');
    const after = s.ok(await s.api.as('admin').get(`/calls/${call.callId}`));
    expect(after.quota).toBe(9);
    expect(after.config.noticeWorkingDays).toBe(call.config.noticeWorkingDays);
  }, 60_000);

  it('only the city office may open or post the settings', async () => {
    const call = await futureCall('老年教育赋能项目申报（权限）');
    for (const who of ['district-a', 'applicant-a1', 'expert-1']) {
      const other = await PageClient.signIn(runtime.url, who);
      expect((await other.get(`/ui/office/calls/${call.callId}/settings`)).status).toBe(403);
      expect((await other.post(`/ui/office/calls/${call.callId}/settings`, { quota: '1' })).status).toBe(403);
      // Refused by role before the call is looked up: no telling which calls exist.
      expect((await other.get('/ui/office/calls/call-nonexistent/settings')).status).toBe(403);
    }
    const admin = await PageClient.signIn(runtime.url, 'admin');
    expect((await admin.get('/ui/office/calls/call-nonexistent/settings')).status).toBe(404);
    const english = (await admin.get(`/ui/office/calls/${call.callId}/settings?lang=en`)).html;
    for (const label of [
      '<label for="f-quota">Quota',
      '<label for="f-deadlines-formalReview">Formal review (working days)',
      '<legend>Rubric (names fixed',
      '<label for="f-materials-0-required">Required: Declaration form',
    ]) {
      expect(english).toContain(label);
    }
    const unsigned = await new PageClient(runtime.url).get(`/ui/office/calls/${call.callId}/settings`);
    expect(unsigned.location).toMatch(/^\/ui\/signin\?next=/);
    expect(s.ok(await s.api.as('admin').get(`/calls/${call.callId}`)).version).toBe(call.version);
  }, 60_000);

  it('once the call opens the page is read-only, and a post gets the 409 message with nothing written', async () => {
    const call = await futureCall('老年教育赋能项目申报（已开始受理）');
    let admin = await PageClient.signIn(runtime.url, 'admin');
    const form = settingsForm((await admin.get(`/ui/office/calls/${call.callId}/settings`)).html);
    await runtime.clock.set(new Date(Date.parse(call.opensAt) + 60_000));
    s.api.forgetTokens();
    await s.callStatus(call.callId, 'open');
    admin = await PageClient.signIn(runtime.url, 'admin');

    expect((await admin.get(`/ui/office/calls/${call.callId}`)).html).toContain(
      `href="/ui/office/calls/${call.callId}/settings">查看申报通知设置</a>`,
    );
    const page = await admin.get(`/ui/office/calls/${call.callId}/settings`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('开始受理后设置不能再修改');
    expect(page.html).not.toContain('<button type="submit">保存设置</button>');
    const sections = page.html.match(/<fieldset[^>]*>\s*<legend>/g)!.filter((f) => !f.includes('id="f-rubric'));
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.every((f) => f.includes('disabled=""'))).toBe(true);
    expect(settingsForm(page.html).quota).toBe(form.quota);

    const refused = await admin.post(`/ui/office/calls/${call.callId}/settings`, { ...form, quota: '3' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('本申报通知已开始受理，设置不能再修改，未保存任何内容。');
    const after = s.ok(await s.api.as('admin').get(`/calls/${call.callId}`));
    expect(after.quota).toBe(Number(form.quota));
    expect(after.version).toBe(call.version);
    expect(await configured(call.callId)).toHaveLength(0);
  }, 60_000);
});
