import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { badValues, everyTypeForm, everyTypeValues } from '../support/forms';
import { fileRuntime, late, type Reply } from '../support/runtime';
import { selection } from '../support/selection';
import { completeDeclarationOf } from '../support/slice';

/**
 * A call's typed form (issue 20 item 2) over HTTP: a call made with a form of every field type
 * stores each value as given and reads it back exactly (money to the 分); each bad value is
 * refused at its field (a table's at its row and column) and nothing is written; a draft may be
 * partial, submission names what a complete declaration still lacks.
 */
const runtime = fileRuntime();
const s = late(() => selection(runtime));
let callId: string;
beforeAll(async () => {
  ({ callId } = await s.createCall('elder-empowerment', { form: everyTypeForm }));
});

const { fields: _legacy, ...common } = completeDeclarationOf('elder-empowerment', '银龄数字课堂');
const fieldsOf = (reply: Reply) => ((reply.body.errors ?? []) as { field: string }[]).map((e) => e.field);

async function draft(fields: Record<string, unknown>) {
  const reply = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { ...common, fields });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { declarationId: string; version: number };
}

describe('a call’s typed form over HTTP', () => {
  it('the call keeps the form; a bad form definition is refused at its place', async () => {
    const call = (await s.api.as('admin').get(`/calls/${callId}`)).body;
    expect(call.config.form).toEqual(everyTypeForm);
    const bad = await s.api.as('admin').post('/calls', {
      kind: 'elder-empowerment',
      year: 2027,
      title: '表单有误',
      opensAt: '2027-01-01T00:00:00+08:00',
      closesAt: '2027-02-01T00:00:00+08:00',
      form: [
        { type: 'select', key: 'level', labelZh: '级别', labelEn: 'Level', required: true, options: [] },
        everyTypeForm[0],
        everyTypeForm[0],
      ],
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toEqual(['body.form.0.options', 'body.form.2.key']);
  });

  it('stores every type as given and reads it back exactly, money to the 分', async () => {
    const { declarationId } = await draft(everyTypeValues);
    const stored = await s.api.as('applicant-a1').get(`/declarations/${declarationId}`);
    expect(stored.body.fields).toEqual(everyTypeValues);
    expect(stored.body.fields.budget).toBe(1_234_567);
    // A number field reads a numeric string as its number; an empty input is no value.
    const patched = await s.api
      .as('applicant-a1')
      .patch(`/declarations/${declarationId}`, { fields: { ...everyTypeValues, learners: ' 150 ', area: '', email: '  ' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const { area: _a, email: _e, ...rest } = everyTypeValues;
    expect((await s.api.as('applicant-a1').get(`/declarations/${declarationId}`)).body.fields).toEqual({ ...rest, learners: 150 });
  });

  it('refuses each bad value at its field, a table’s at its row and column, and writes nothing', async () => {
    const { declarationId } = await draft(everyTypeValues);
    for (const [field, key, value] of badValues) {
      const reply = await s.api
        .as('applicant-a1')
        .patch(`/declarations/${declarationId}`, { fields: { ...everyTypeValues, [key]: value } });
      expect(reply.status, `${field}: ${JSON.stringify(reply.body)}`).toBe(422);
      expect(reply.contentType).toContain('application/problem+json');
      expect(fieldsOf(reply), `${field} = ${JSON.stringify(value)}`).toEqual([`body.fields.${field}`]);
    }
    const after = (await s.api.as('applicant-a1').get(`/declarations/${declarationId}`)).body;
    expect(after.version).toBe(1);
    expect(after.fields).toEqual(everyTypeValues);
    const created = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { ...common, fields: { budget: 12.5 } });
    expect(fieldsOf(created)).toEqual(['body.fields.budget']);
  });

  it('a draft may be partial, a half-filled row too; submission names each required field and cell still empty', async () => {
    const { declarationId } = await draft({ courseName: '银龄数字课堂', audiences: [], courses: [{ title: '书法' }] });
    const refused = await s.api.as('applicant-a1').post(`/declarations/${declarationId}/submit`);
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused).sort()).toEqual(
      ['plan', 'learners', 'budget', 'startDate', 'audiences', 'hasVenue', 'courses.0.hours'].map((f) => `declaration.fields.${f}`).sort(),
    );
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({
        field: 'declaration.fields.courses.0.hours',
        message: 'required before submission: 课程清单第 1 行：课时',
      }),
    );
    expect((await s.api.as('applicant-a1').get(`/declarations/${declarationId}`)).body.stage).toBe('draft');
    expect((await s.api.as('applicant-a1').patch(`/declarations/${declarationId}`, { fields: everyTypeValues })).status).toBe(200);
    // The form's material field is an upload slot of its own, like the call's materials.
    expect((await s.api.as('applicant-a1').post(`/declarations/${declarationId}/materials/venuePhotos/upload-form`)).status).toBe(201);
    expect((await s.api.as('applicant-a1').post(`/declarations/${declarationId}/materials/zzNotAsked/upload-form`)).status).toBe(422);
    const submitted = await s.api.as('applicant-a1').post(`/declarations/${declarationId}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.fields).toEqual(everyTypeValues);
  });

  it('describes the call’s declaration as a JSON Schema that takes what is stored, linked from the OpenAPI document', async () => {
    const reply = await s.api.request('GET', `/calls/${callId}/declaration-schema`);
    expect(reply.status).toBe(200);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(reply.body);
    expect(validate(everyTypeValues) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...everyTypeValues, budget: 12.5 })).toBe(false);
    expect(reply.body.properties.budget).toMatchObject({ type: 'integer', title: '项目预算', maximum: 100_000_000 });
    expect(reply.body.properties.courses.items.required).toEqual(['title', 'hours']);
    const document = (await s.api.request('GET', '/openapi.json')).body;
    expect(document.paths['/calls/{callId}/declaration-schema'].get.summary).toContain('JSON Schema');
    const body = document.paths['/calls/{callId}/declarations'].post.requestBody.content['application/json'].schema;
    const fields = (body.$ref ? document.components.schemas[body.$ref.split('/').pop()] : body).properties.fields;
    expect(fields.description).toContain('GET /calls/{callId}/declaration-schema');
  });

  it('exports one column per field: numbers as numbers, money in 元 with a currency format, the table on its own sheet', async () => {
    const { declarationId } = await draft(everyTypeValues);
    const response = await fetch(`${runtime.url}/ui/office/calls/${callId}/export.xlsx`, {
      headers: { cookie: `shenbao_session=${await s.api.token('admin')}` },
    });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const summary = book.getWorksheet('申报汇总')!;
    const headers = (summary.getRow(1).values as unknown[]).slice(1);
    const row = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(1).value === declarationId)!;
    const cell = (header: string) => row.getCell(headers.indexOf(header) + 1);
    expect(cell('计划学员人数（人）').value).toBe(120);
    expect(cell('场地面积（平方米）').value).toBe(85.5);
    expect(cell('项目预算（元）').value).toBe(12345.67);
    expect(cell('项目预算（元）').numFmt).toBe('"¥"#,##0.00');
    expect(cell('服务对象').value).toBe('老年人、在职人员');
    expect(cell('项目级别').value).toBe('区级');
    expect(cell('是否有固定场地').value).toBe('是');
    expect(cell('课程清单（行数）').value).toBe(2);
    const table = book.getWorksheet('表格 课程清单')!;
    const rows = table.getRows(2, table.rowCount - 1)!.filter((r) => r.getCell(1).value === declarationId);
    expect(rows.map((r) => (r.values as unknown[]).slice(3))).toEqual([
      [1, '智能手机入门', 16, 50.5, '否'],
      [2, '移动支付', 8.5],
    ]);
    expect(table.getRow(rows[0]!.number).getCell(6).numFmt).toBe('"¥"#,##0.00');
  });
});
