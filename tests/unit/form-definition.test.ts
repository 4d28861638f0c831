import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ColumnDefinition,
  type FieldDefinition,
  formDefinition,
  formJsonSchema,
  formOf,
  formValuesSchema,
  MAX_FIELDS,
  withoutBlanks,
} from '../../core/form-definition';

/** Kinds are the office's data (issue 20): any valid form definition must judge values exactly at the field. */
const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,11}$/);
const label = fc.constantFrom('名称', '计划学员人数', '课程清单', '预算', 'Plan');
const base = { labelZh: label, labelEn: label, required: fc.boolean() };
const optionList = fc
  .uniqueArray(key, { minLength: 1, maxLength: 5 })
  .map((values) => values.map((value) => ({ value, labelZh: value, labelEn: value })));
const range = (max: number) =>
  fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max })).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));

const scalar: fc.Arbitrary<Omit<ColumnDefinition, 'key'>> = fc.oneof(
  fc.record({ type: fc.constant('text' as const), ...base, maxLength: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ type: fc.constant('longtext' as const), ...base, maxLength: fc.integer({ min: 1, max: 500 }) }),
  fc
    .record({ type: fc.constant('integer' as const), ...base, unit: fc.constantFrom('人', '人次', '个') })
    .chain((f) => range(10_000).map((r) => ({ ...f, ...r }))),
  fc
    .record({ type: fc.constant('decimal' as const), ...base, unit: fc.constantFrom('平方米', '小时') })
    .chain((f) => range(10_000).map((r) => ({ ...f, ...r }))),
  fc
    .record({ type: fc.constant('money' as const), ...base, maxFen: fc.option(fc.integer({ min: 1, max: 1e10 }), { nil: undefined }) })
    .map(({ maxFen, ...f }) => (maxFen === undefined ? f : { ...f, maxFen })),
  fc.record({ type: fc.constant('date' as const), ...base }),
  fc.record({ type: fc.constantFrom('select' as const, 'multiselect' as const), ...base, options: optionList }),
  fc.record({ type: fc.constantFrom('phone' as const, 'email' as const, 'yesno' as const), ...base }),
);
const withKeys = <T>(items: T[], keys: string[]) => items.map((item, i) => ({ ...item, key: keys[i]! }));
const columns = fc
  .array(scalar, { minLength: 1, maxLength: 4 })
  .chain((cs) =>
    fc.uniqueArray(key, { minLength: cs.length, maxLength: cs.length }).map((keys) => withKeys(cs, keys) as ColumnDefinition[]),
  );
const field: fc.Arbitrary<Omit<FieldDefinition, 'key'>> = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('table' as const), ...base, maxRows: fc.integer({ min: 1, max: 5 }), columns }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('material' as const), ...base }) },
);
const definition = fc
  .array(field, { minLength: 1, maxLength: 12 })
  .chain((fs) =>
    fc.uniqueArray(key, { minLength: fs.length, maxLength: fs.length }).map((keys) => withKeys(fs, keys) as FieldDefinition[]),
  );

const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
function validValue(f: ColumnDefinition | FieldDefinition): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'text':
    case 'longtext':
      return fc.string({ unit: fc.constantFrom(...'社区教育中心老年学习abc123'), minLength: 1, maxLength: f.maxLength });
    case 'integer':
      return fc.integer({ min: f.min, max: f.max });
    case 'decimal':
      return fc.integer({ min: f.min * 100, max: f.max * 100 }).map((x) => x / 100);
    case 'money':
      return fc.integer({ min: 0, max: f.maxFen ?? 1e11 });
    case 'date':
      return date;
    case 'select':
      return fc.constantFrom(...f.options.map((o) => o.value));
    case 'multiselect':
      return fc.subarray(
        f.options.map((o) => o.value),
        { minLength: 1 },
      );
    case 'phone':
      return fc.constantFrom('13812345678', '021-5555 0101', '+86 139 1234 5678');
    case 'email':
      return fc.constantFrom('office@example.org', 'a.b@shequ.edu.cn');
    case 'yesno':
      return fc.boolean();
    case 'table':
      return fc.array(fc.record(Object.fromEntries(f.columns.map((c) => [c.key, validValue(c)]))), { minLength: 1, maxLength: f.maxRows });
    case 'material':
      return fc.constant(undefined);
  }
}
/** One defect in the value of this field: the wrong type, out of bounds, not an option, a bad row. */
function corrupt(f: FieldDefinition): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'text':
    case 'longtext':
      return fc.constantFrom(12, 'x'.repeat(f.maxLength + 1), 'a\u202Eb', null);
    case 'integer':
      return fc.constantFrom(f.max + 1, f.min + 0.5, 'abc', -1);
    case 'decimal':
      return fc.constantFrom(f.max + 1, 0.001, 'abc', -1);
    case 'money':
      return fc.constantFrom(-1, 1.5, '100', (f.maxFen ?? 1e11) + 1);
    case 'date':
      return fc.constantFrom('2027-02-30', '2027/03/01', 20270301);
    case 'select':
      return fc.constantFrom('zzNotAnOption', 1, ['x']);
    case 'multiselect':
      return fc.constantFrom(['zzNotAnOption'], [f.options[0]!.value, f.options[0]!.value], 'x');
    case 'phone':
      return fc.constantFrom('12345', '1381234567', 13812345678);
    case 'email':
      return fc.constantFrom('not an email', 'a@', 5);
    case 'yesno':
      return fc.constantFrom('yes', 1, null);
    case 'table':
      return fc.constantFrom(
        [{ zzUnknownColumn: 1 }],
        'rows',
        Array.from({ length: f.maxRows + 1 }, () => ({})),
      );
    case 'material':
      return fc.constant('a material is uploaded, not written in the form');
  }
}

const valuesOf = (def: FieldDefinition[]) =>
  fc.record(Object.fromEntries(def.filter((f) => f.type !== 'material').map((f) => [f.key, validValue(f)]))) as fc.Arbitrary<
    Record<string, unknown>
  >;

describe('a kind’s form as data', () => {
  it('accepts every generated definition as a valid definition', () => {
    fc.assert(
      fc.property(definition, (def) => {
        expect(formDefinition.safeParse(def).error?.issues ?? []).toEqual([]);
      }),
    );
  });

  it('yields a schema that accepts every valid declaration of it', () => {
    fc.assert(
      fc.property(
        definition.chain((def) => fc.tuple(fc.constant(def), valuesOf(def))),
        ([def, values]) => {
          expect(formValuesSchema(def, { complete: true }).safeParse(values).error?.issues ?? []).toEqual([]);
        },
      ),
    );
  });

  it('refuses each single-field corruption, at that field and nowhere else', () => {
    const scenario = definition.chain((def) =>
      fc
        .tuple(fc.constant(def), valuesOf(def), fc.constantFrom(...def))
        .chain(([d, values, target]) => corrupt(target).map((bad) => ({ def: d, values, target, bad }))),
    );
    fc.assert(
      fc.property(scenario, ({ def, values, target, bad }) => {
        // A required field left out is the corruption `null` stands for in optional ones.
        const result = formValuesSchema(def, { complete: true }).safeParse({ ...values, [target.key]: bad });
        expect(result.success).toBe(false);
        expect(new Set(result.error!.issues.map((i) => i.path[0]))).toEqual(new Set([target.key]));
      }),
    );
  });

  it('lets a draft leave required fields out, and a submission not', () => {
    const def = formDefinition.parse([
      {
        type: 'integer',
        key: 'plannedLearners',
        labelZh: '计划学员人数',
        labelEn: 'Planned learners',
        required: true,
        unit: '人',
        min: 1,
        max: 100000,
      },
    ]);
    expect(formValuesSchema(def, { complete: false }).safeParse({}).success).toBe(true);
    expect(
      formValuesSchema(def, { complete: true })
        .safeParse({})
        .error?.issues.map((i) => i.path.join('.')),
    ).toEqual(['plannedLearners']);
  });
});

type Table = Extract<FieldDefinition, { type: 'table' }>;
/** One bad cell in one row of a table: the wrong type or out of its column's bounds. */
const badCell = (c: ColumnDefinition): unknown => {
  switch (c.type) {
    case 'text':
    case 'longtext':
      return 'x'.repeat(c.maxLength + 1);
    case 'integer':
    case 'decimal':
      return c.max + 1;
    case 'money':
      return -1;
    case 'date':
      return '2027-02-30';
    case 'select':
    case 'multiselect':
      return 'zzNotAnOption';
    case 'phone':
      return '12345';
    case 'email':
      return 'not an email';
    case 'yesno':
      return 'yes';
  }
};
const withTable = definition.filter((def) => def.some((f) => f.type === 'table'));

describe('a kind’s form as data: tables, drafts and the published schema', () => {
  it('refuses one bad cell at its table, row and column, and nowhere else', () => {
    const scenario = withTable.chain((def) =>
      fc
        .tuple(fc.constant(def), valuesOf(def), fc.constantFrom(...(def.filter((f) => f.type === 'table') as Table[])))
        .chain(([d, values, table]) => {
          const rows = values[table.key] as Record<string, unknown>[];
          return fc
            .tuple(fc.nat({ max: rows.length - 1 }), fc.constantFrom(...table.columns))
            .map(([row, column]) => ({ def: d, values, table, row, column }));
        }),
    );
    fc.assert(
      fc.property(scenario, ({ def, values, table, row, column }) => {
        const rows = (values[table.key] as Record<string, unknown>[]).map((r, i) =>
          i === row ? { ...r, [column.key]: badCell(column) } : r,
        );
        for (const complete of [true, false]) {
          const result = formValuesSchema(def, { complete }).safeParse({ ...values, [table.key]: rows });
          expect(result.success).toBe(false);
          expect(new Set(result.error!.issues.map((i) => i.path.join('.')))).toEqual(new Set([`${table.key}.${row}.${column.key}`]));
        }
      }),
    );
  });

  it('lets a draft hold any part of a valid declaration, and refuses a corruption there at its field', () => {
    const scenario = definition.chain((def) =>
      fc
        .tuple(fc.constant(def), valuesOf(def), fc.constantFrom(...def))
        .chain(([d, values, target]) =>
          fc
            .subarray(Object.keys(values))
            .chain((kept) => corrupt(target).map((bad) => ({ def: d, part: pick(values, kept), target, bad }))),
        ),
    );
    fc.assert(
      fc.property(scenario, ({ def, part, target, bad }) => {
        const draft = formValuesSchema(def, { complete: false });
        expect(draft.safeParse(part).error?.issues ?? []).toEqual([]);
        if (bad === null) return; // null stands for "left out", which a draft may be.
        const result = draft.safeParse({ ...part, [target.key]: bad });
        expect(result.success).toBe(false);
        expect(new Set(result.error!.issues.map((i) => i.path[0]))).toEqual(new Set([target.key]));
      }),
    );
  });

  it('publishes a JSON Schema that takes every valid declaration as stored and refuses an unknown field', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    fc.assert(
      fc.property(
        definition.chain((def) => fc.tuple(fc.constant(def), valuesOf(def))),
        ([def, values]) => {
          const validate = ajv.compile(formJsonSchema(def));
          const stored = formValuesSchema(def, { complete: true }).parse(values);
          expect(validate(stored) ? [] : validate.errors).toEqual([]);
          expect(validate({ ...stored, zzUnknownField: 1 })).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });
});

const pick = (values: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, values[k]]));

describe('a call stored before typed forms', () => {
  const legacy = [
    { key: 'serviceArea', labelZh: '服务区域', labelEn: 'Service area', required: true, maxLength: 200 },
    { key: 'implementationPlan', labelZh: '实施方案', labelEn: 'Plan', required: true, maxLength: 5000 },
    {
      key: 'plannedLearners',
      labelZh: '计划学员人数',
      labelEn: 'Learners',
      required: true,
      maxLength: 20,
      type: 'integer' as const,
      min: 1,
      max: 1000000,
    },
    { key: 'area', labelZh: '面积', labelEn: 'Area', required: false, maxLength: 20, type: 'decimal' as const },
  ];
  it('is read as the typed form it meant: short text, long text, numbers with their bounds', () => {
    const settings = (f: FieldDefinition) => ('maxLength' in f ? f.maxLength : 'min' in f ? [f.min, f.max] : undefined);
    expect(formOf({ formFields: legacy }).map((f) => [f.key, f.type, settings(f)])).toEqual([
      ['serviceArea', 'text', 200],
      ['implementationPlan', 'longtext', 5000],
      ['plannedLearners', 'integer', [1, 1000000]],
      ['area', 'decimal', [0, 1e9]],
    ]);
    const form = formOf({ formFields: legacy, form: undefined });
    const schema = formValuesSchema(form, { complete: true });
    expect(schema.parse({ serviceArea: '甲街道', implementationPlan: '每周\n两次', plannedLearners: ' 120 ', area: '12.5' })).toMatchObject(
      {
        plannedLearners: 120,
        area: 12.5,
      },
    );
    expect(
      schema.safeParse({ serviceArea: '甲', implementationPlan: '计划', plannedLearners: '一百二十人' }).error?.issues.map((i) => i.path),
    ).toEqual([['plannedLearners']]);
  });
  it('prefers the call’s typed form, and an empty input is no value', () => {
    const form = [{ type: 'yesno' as const, key: 'hasVenue', labelZh: '有场地', labelEn: 'Venue', required: true }];
    expect(formOf({ formFields: legacy, form })).toBe(form);
    expect(withoutBlanks({ a: '  ', b: 0, c: false, d: [] })).toEqual({ b: 0, c: false, d: [] });
  });
});

describe('a bad definition is refused at the place that is wrong', () => {
  const field = { key: 'learners', labelZh: '学员', labelEn: 'Learners', required: true };
  const pathsOf = (def: unknown) => formDefinition.safeParse(def).error?.issues.map((i) => i.path.join('.')) ?? [];
  it('a select with no options, duplicate keys, min above max, a table of tables', () => {
    expect(pathsOf([{ ...field, type: 'select', options: [] }])).toEqual(['0.options']);
    expect(
      pathsOf([
        { ...field, type: 'yesno' },
        { ...field, type: 'date' },
      ]),
    ).toEqual(['1.key']);
    expect(pathsOf([{ ...field, type: 'integer', unit: '人', min: 10, max: 1 }])).toEqual(['0.min']);
    expect(pathsOf([{ ...field, type: 'table', maxRows: 3, columns: [{ ...field, type: 'table', maxRows: 1, columns: [] }] }])).not.toEqual(
      [],
    );
    expect(pathsOf([{ ...field, type: 'integer', min: 0, max: 10 }])).toEqual(['0']);
  });
  it(`more than ${MAX_FIELDS} fields`, () => {
    expect(pathsOf(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => ({ ...field, key: `f${i}`, type: 'yesno' })))).toEqual(['']);
  });
});
