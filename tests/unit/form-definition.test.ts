import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ColumnDefinition, type FieldDefinition, formDefinition, formValuesSchema, MAX_FIELDS } from '../../core/form-definition';

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
