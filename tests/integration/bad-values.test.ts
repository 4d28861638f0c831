import { beforeAll, describe, expect, it } from 'vitest';
import { docx, exe, ole2, plainZip, xlsx } from '../support/documents';
import { PageClient, postUpload, uploadFormOf } from '../support/pages';
import { fileRuntime, late, type Reply } from '../support/runtime';
import { selection } from '../support/selection';
import { completeDeclarationOf } from '../support/slice';

/**
 * Values that passed the edge and then did harm (issue 16.10, 16.12; issue 17.3, 17.7, 17.8):
 * cursors that were 500s, numbers DynamoDB cannot store, `__proto__` emptying a record, text that
 * reads differently from what is stored, phones and counts that are no such thing. Each is
 * refused with 422 naming the field, nothing written.
 */
const runtime = fileRuntime();
const s = late(() => selection(runtime));
let callId: string;
beforeAll(async () => {
  ({ callId } = await s.createCall('elder-empowerment'));
});

const fieldsOf = (reply: Reply) => ((reply.body.errors ?? []) as { field: string }[]).map((e) => e.field);
function refusedAt(reply: Reply, ...fields: string[]) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(422);
  expect(reply.contentType).toContain('application/problem+json');
  expect(fieldsOf(reply)).toEqual(expect.arrayContaining(fields));
}
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function draft(extra: Record<string, unknown> = {}, applicant = 'applicant-a1') {
  const reply = await s.api
    .as(applicant)
    .post(`/calls/${callId}/declarations`, { ...completeDeclarationOf('elder-empowerment', '银龄课堂'), ...extra });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { declarationId: string; version: number; fields: Record<string, unknown> };
}

describe('cursors are opaque, validated and bound to their list and caller (17.3)', () => {
  it('a malformed cursor is 422 at query.cursor on every list, signed in or not', async () => {
    const lists: [string, string | undefined][] = [
      ['/calls', undefined],
      ['/declarations', 'applicant-a1'],
      [`/declarations?callId=${callId}`, 'admin'],
      ['/declarations', 'district-a'],
      ['/notifications', 'district-a'],
      ['/notifications?status=unread', 'district-a'],
    ];
    for (const [path, as] of lists) {
      for (const cursor of [
        'x',
        'eyJ9',
        b64({ pk: 1 }),
        b64([1]),
        b64('s'),
        b64({ v: 1, list: 'calls', by: 'public', after: { pk: 'x' } }),
      ]) {
        const reply = await s.api.request(
          'GET',
          `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`,
          as ? { as } : {},
        );
        refusedAt(reply, 'query.cursor');
      }
    }
  });

  it('a cursor pages its own list; another list’s, another caller’s or a forged start key is refused', async () => {
    await s.createCall('community-brand');
    const first = await s.api.request('GET', '/calls?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.cursor).toEqual(expect.any(String));
    const second = await s.api.request('GET', `/calls?limit=1&cursor=${first.body.cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].callId).not.toBe(first.body.items[0].callId);

    for (const applicant of ['applicant-a1', 'applicant-b1']) await draft({}, applicant);
    await draft();
    const mine = await s.api.as('applicant-a1').get('/declarations?limit=1');
    expect(mine.body.cursor).toEqual(expect.any(String));
    expect((await s.api.as('applicant-a1').get(`/declarations?limit=1&cursor=${mine.body.cursor}`)).status).toBe(200);
    // Someone else's cursor, another list's cursor, the same list under another filter.
    refusedAt(await s.api.as('applicant-b1').get(`/declarations?limit=1&cursor=${mine.body.cursor}`), 'query.cursor');
    refusedAt(await s.api.request('GET', `/calls?cursor=${mine.body.cursor}`), 'query.cursor');
    refusedAt(await s.api.as('applicant-a1').get(`/declarations?callId=${callId}&cursor=${mine.body.cursor}`), 'query.cursor');
    refusedAt(await s.api.as('applicant-a1').get(`/notifications?cursor=${mine.body.cursor}`), 'query.cursor');
    // A well-formed envelope for the caller's own list whose start key lies in another partition.
    const envelope = JSON.parse(Buffer.from(mine.body.cursor, 'base64url').toString('utf8'));
    const forged = { ...envelope, after: { ...envelope.after, gsi2pk: `${envelope.after.gsi2pk}x` } };
    refusedAt(await s.api.as('applicant-a1').get(`/declarations?limit=1&cursor=${b64(forged)}`), 'query.cursor');
  });
});

describe('numbers bounded to what they mean (17.3)', () => {
  const tiny = 1e-200;
  it('a weight, a KPI target or a score DynamoDB cannot store is refused at its field, not a 500', async () => {
    const now = runtime.clock.now();
    const base = {
      kind: 'elder-empowerment',
      year: 2026,
      title: '极小数测试',
      opensAt: new Date(now.getTime() + 86400_000).toISOString(),
      closesAt: new Date(now.getTime() + 10 * 86400_000).toISOString(),
    };
    const rubric = [{ key: 'plan', labelZh: '实施方案', labelEn: 'Plan', weight: tiny, maxScore: 30 }];
    const kpiTargets = [{ key: 'hours', labelZh: '学时', labelEn: 'Hours', unit: '学时', target: tiny }];
    refusedAt(await s.api.as('admin').post('/calls', { ...base, rubric }), 'body.rubric.0.weight');
    refusedAt(await s.api.as('admin').post('/calls', { ...base, kpiTargets }), 'body.kpiTargets.0.target');
    refusedAt(
      await s.api
        .as('admin')
        .post('/calls', { ...base, rubric: [{ ...rubric[0], weight: 0.001 }], kpiTargets: [{ ...kpiTargets[0], target: 12.345 }] }),
      'body.rubric.0.weight',
      'body.kpiTargets.0.target',
    );
    refusedAt(await s.api.as('admin').post('/calls', { ...base, quota: 2.5, year: 2026.5 }), 'body.quota', 'body.year');

    const later = await s.api.as('admin').post('/calls', base);
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    refusedAt(await s.api.as('admin').patch(`/calls/${later.body.callId}`, { rubric }), 'body.rubric.0.weight');
    refusedAt(await s.api.as('admin').patch(`/calls/${later.body.callId}`, { kpiTargets }), 'body.kpiTargets.0.target');
    expect((await s.api.as('admin').get(`/calls/${later.body.callId}`)).body.version).toBe(later.body.version);

    const id = await s.declare('applicant-a1', callId, 'elder-empowerment', '评分极小数');
    expect((await s.recommend('district-a', id, 1)).status).toBe(200);
    await s.formalReview(id, 'approve');
    const { experts } = await s.assign(id);
    const expert = experts[0] as string;
    const sheet = s.sheet('elder-empowerment', 0.8);
    refusedAt(await s.score(expert, id, { ...sheet, plan: tiny }), 'body.scores.plan');
    refusedAt(await s.score(expert, id, { ...sheet, plan: 12.345 }), 'body.scores.plan');
    expect((await s.api.as('admin').get(`/declarations/${id}/scores`)).body.items).toEqual([]);
    expect((await s.score(expert, id, { ...sheet, plan: 24.5 })).status).toBe(200);
  });
});

describe('records refuse reserved keys by name (17.7)', () => {
  it('__proto__, constructor and prototype in fields, district caps and scores are 422 naming them, nothing written', async () => {
    const created = await draft();
    const path = `/declarations/${created.declarationId}`;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const reply = await s.api.request('PATCH', path, {
        as: 'applicant-a1',
        body: `{"fields":{"${key}":{"x":1},"serviceArea":"乙街道"}}`,
      });
      refusedAt(reply, `body.fields.${key}`);
    }
    const after = (await s.api.as('applicant-a1').get(path)).body;
    expect(after.version).toBe(created.version);
    expect(after.fields).toEqual(created.fields);

    const now = runtime.clock.now();
    const call = await s.api.as('admin').post('/calls', {
      kind: 'elder-empowerment',
      year: 2026,
      title: '保留键',
      opensAt: new Date(now.getTime() + 86400_000).toISOString(),
      closesAt: new Date(now.getTime() + 9 * 86400_000).toISOString(),
    });
    const caps = await s.api.request('PATCH', `/calls/${call.body.callId}`, {
      as: 'admin',
      body: '{"districtCaps":{"__proto__":{"x":1}}}',
    });
    refusedAt(caps, 'body.districtCaps.__proto__');
    refusedAt(
      await s.api.request('PATCH', `/calls/${call.body.callId}`, { as: 'admin', body: '{"calendarOverrides":{"constructor":true}}' }),
      'body.calendarOverrides.constructor',
    );
    expect((await s.api.as('admin').get(`/calls/${call.body.callId}`)).body.version).toBe(call.body.version);
  });
});

describe('person-facing text is NFC and clean (17.8)', () => {
  it('refuses right-to-left overrides, zero-width characters, NUL and terminal escapes; keeps newlines to long text', async () => {
    for (const title of [
      '项目\u202E名称',
      '项目\u200B名称',
      '项目\u2066名称\u2069',
      '项目\u0000',
      '\u001b[31m项目',
      '项目\u0085',
      '项目\n名称',
      '项目\uFEFF名称',
    ]) {
      refusedAt(await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { title }), 'body.title');
    }
    const created = await draft({ title: 'Cafe\u0301 银龄', summary: '第一行\n第二行' });
    const stored = (await s.api.as('applicant-a1').get(`/declarations/${created.declarationId}`)).body;
    expect(stored.title).toBe('Caf\u00e9 银龄');
    expect(stored.summary).toBe('第一行\n第二行');
    refusedAt(
      await s.api
        .as('applicant-a1')
        .patch(`/declarations/${created.declarationId}`, { summary: '说明\u202E', fields: { implementationPlan: '计划\u200D' } }),
      'body.summary',
      'body.fields.implementationPlan',
    );
    const admin = s.api.as('admin');
    const now = runtime.clock.now();
    refusedAt(
      await admin.post('/calls', {
        kind: 'elder-empowerment',
        year: 2026,
        title: '通知\u202Eabc',
        opensAt: now.toISOString(),
        closesAt: new Date(now.getTime() + 86400_000).toISOString(),
      }),
      'body.title',
    );
  });
});

describe('phones and counts are what they say (16.10, 16.12)', () => {
  it('a phone is a Chinese mobile or fixed line, by libphonenumber', async () => {
    for (const contactPhone of ['-----', '+++++', '1381234567', '12345', '021-5555']) {
      refusedAt(await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { title: '电话', contactPhone }), 'body.contactPhone');
    }
    for (const contactPhone of ['021-5555 0101', '13812345678', '+86 138 1234 5678', '(0571) 8888 6666']) {
      expect(
        (await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { title: '电话', contactPhone })).status,
        contactPhone,
      ).toBe(201);
    }
  });

  it('a count is a number within its bounds: "120" is stored as 120, free text and fractions are refused at the field', async () => {
    for (const plannedLearners of ['abc', '一百二十人', '0', '1.5', '1e-200', 1e-200, -3, 2_000_000, '']) {
      const reply = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { title: '人数', fields: { plannedLearners } });
      if (plannedLearners === '') continue; // an empty input is "not given" (required only at submission)
      refusedAt(reply, 'body.fields.plannedLearners');
    }
    const created = await draft({ fields: { serviceArea: '甲街道', plannedLearners: '120', implementationPlan: '每周两次' } });
    expect(created.fields.plannedLearners).toBe(120);
    expect((await s.api.as('applicant-a1').get(`/declarations/${created.declarationId}`)).body.fields.plannedLearners).toBe(120);
    const patched = await s.api.as('applicant-a1').patch(`/declarations/${created.declarationId}`, {
      fields: { serviceArea: '甲街道', plannedLearners: 150, implementationPlan: '每周两次' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.fields.plannedLearners).toBe(150);
    const kind = (await s.api.as('applicant-a1').get('/kinds/elder-empowerment/versions/1')).body;
    expect(kind.definition.form.find((f: { key: string }) => f.key === 'plannedLearners')).toMatchObject({
      type: 'integer',
      min: 1,
      max: 1_000_000,
    });
  });
});

/** The error shown under a form's input, by the input's name. */
const at = (html: string, field: string) => new RegExp(`data-field="${field.replace(/\./g, '\\.')}">\\s*([^<]*)<`).exec(html)?.[1]?.trim();

describe('the declaration page says it at the field, in Chinese (16.10, 16.12, 16.13, 17.8)', () => {
  it('a count is a number input with its bounds; free text, a bad phone and a hidden override are told at their fields', async () => {
    const { declarationId } = await draft({ fields: { serviceArea: '甲街道', implementationPlan: '每周两次' } });
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const page = `/ui/applicant/declarations/${declarationId}`;
    const blank = await applicant.get(page);
    expect(blank.html).toMatch(/<input id="f-fields-plannedLearners"[^>]*type="number"[^>]*min="1" max="1000000" step="1"/);
    const bad = await applicant.post(page, { contactPhone: '1381234567', title: '银龄\u202E课堂', action: 'save' });
    expect(bad.status).toBe(422);
    expect(at(bad.html, 'contactPhone')).toBe('请填写正确的电话号码：11 位手机号码，或带区号的固定电话（如 021-5555 0101）');
    expect(at(bad.html, 'title')).toMatch(/^含有不可见的控制字符、方向控制符或零宽字符/);
    expect(
      at((await applicant.post(page, { 'fields.plannedLearners': '一百二十人', action: 'save' })).html, 'fields.plannedLearners'),
    ).toBe('请填写数字');
    expect(at((await applicant.post(page, { 'fields.plannedLearners': '0', action: 'save' })).html, 'fields.plannedLearners')).toBe(
      '不能小于 1',
    );
    expect(at((await applicant.post(page, { 'fields.plannedLearners': '12.5', action: 'save' })).html, 'fields.plannedLearners')).toBe(
      '请填写整数',
    );
    expect((await s.api.as('applicant-a1').get(`/declarations/${declarationId}`)).body.fields.plannedLearners).toBeUndefined();
    const saved = await applicant.post(page, { 'fields.plannedLearners': ' 120 ', action: 'save' });
    expect(saved.status).toBe(303);
    expect((await s.api.as('applicant-a1').get(`/declarations/${declarationId}`)).body.fields.plannedLearners).toBe(120);
    expect((await applicant.get(page)).html).toMatch(/<input id="f-fields-plannedLearners"[^>]*value="120"/);
  });

  it('an executable named .doc or .xls, or a plain ZIP named .docx, is refused at its field; real Word and Excel files are taken', async () => {
    const { declarationId } = await draft({ materials: [] });
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const page = `/ui/applicant/declarations/${declarationId}`;
    const upload = async (name: string, bytes: Uint8Array) => {
      const form = uploadFormOf((await applicant.get(page)).html, 'f-materials-budget');
      const stored = await postUpload(runtime.url, form, new File([new Uint8Array(bytes)], name));
      expect(stored.status).toBe(303);
      const back = new URL(stored.location!);
      return applicant.get(`${back.pathname}${back.search}`);
    };
    const error = (html: string) => /id="f-materials-budget-error"[^>]*>\s*([^<]*)</.exec(html)?.[1]?.trim();
    for (const [name, bytes, message] of [
      ['预算.doc', exe(), '文件内容不是 .doc 格式，而是可执行程序（.exe），不能上传'],
      ['预算.xls', exe(), '文件内容不是 .xls 格式，而是可执行程序（.exe），不能上传'],
      ['预算.docx', await plainZip(), '文件内容不是 .docx 格式（实际是 .zip 文件），请检查后重新上传'],
      ['预算.xlsx', new TextEncoder().encode('PK not a workbook'), '文件内容不是 .xlsx 格式，请检查后重新上传'],
    ] as const) {
      const refused = await upload(name, bytes);
      expect(refused.status, name).toBe(422);
      expect(error(refused.html), name).toBe(message);
    }
    expect((await s.api.as('applicant-a1').get(`/declarations/${declarationId}`)).body.materials ?? []).toEqual([]);
    for (const [name, bytes] of [
      ['预算.doc', ole2()],
      ['预算.xls', ole2()],
      ['预算.docx', await docx()],
      ['预算.xlsx', await xlsx()],
    ] as const) {
      expect((await upload(name, bytes)).location, name).toBe(`${page}?done=uploaded`);
    }
    const { materials } = (await s.api.as('applicant-a1').get(`/declarations/${declarationId}`)).body;
    expect(materials).toEqual([
      expect.objectContaining({
        key: 'budget',
        fileName: '预算.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    ]);
  });

  it('the API says the same in English at body.materials.<key>', async () => {
    const { declarationId } = await draft();
    const api = s.api.as('applicant-a1');
    const { url, fields, key } = (await api.post(`/declarations/${declarationId}/materials/budget/upload-form`)).body as {
      url: string;
      fields: Record<string, string>;
      key: string;
    };
    expect(
      (await postUpload(runtime.url, { action: url, fields: Object.entries(fields) }, new File([new Uint8Array(exe())], 'a.doc'))).status,
    ).toBe(204);
    const refused = await api.post(`/declarations/${declarationId}/materials/budget`, { uploadKey: key.replace('${filename}', 'a.doc') });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'body.materials.budget', message: 'the content is not a .doc file (it is a .exe file)' },
    ]);
  });
});
