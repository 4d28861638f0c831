import { z } from 'zod';
import { type LegacyFormField, formOfLegacyFields } from './form-fields';
import { fen, MAX_FEN } from './money';
import { count, quantity } from './numbers';
import { phone } from './phone';
import { personText } from './text';

/**
 * A kind's declaration form as data (issue 20): the office defines the fields, and this one
 * definition yields the value schema the API edge, the pages and submission judge with. Materials
 * are listed in the form for the applicant but uploaded through their own presigned path, so they
 * have no value here.
 */
const KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;
export const MAX_FIELDS = 100;

const labels = {
  key: z.string().regex(KEY, 'a key is a lower-camel-case word of at most 40 letters and digits'),
  labelZh: personText(100),
  labelEn: personText(100),
};
/** One kind of field: its type, key, labels, whether it is required, and what that type needs. */
const fieldOf = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...labels, required: z.boolean(), ...shape });

const option = z.strictObject({
  value: z.string().regex(KEY, 'an option value is a lower-camel-case word'),
  labelZh: personText(100),
  labelEn: personText(100),
});
const options = z.array(option).min(1, 'a choice needs at least one option').max(100).superRefine(uniqueBy('value'));
const bounded = <T extends z.ZodObject>(field: T) =>
  field.refine((f: { min?: number; max?: number }) => f.min === undefined || f.max === undefined || f.min <= f.max, {
    message: 'min is above max',
    path: ['min'],
  });

const scalarFields = [
  fieldOf('text', { maxLength: count(1, 2000) }),
  fieldOf('longtext', { maxLength: count(1, 20000) }),
  bounded(fieldOf('integer', { unit: personText(20), min: count(0, 1e9), max: count(0, 1e9) })),
  bounded(fieldOf('decimal', { unit: personText(20), min: quantity(0, 1e9), max: quantity(0, 1e9) })),
  fieldOf('money', { maxFen: fen.optional() }),
  fieldOf('date', {}),
  fieldOf('select', { options }),
  fieldOf('multiselect', { options }),
  fieldOf('phone', {}),
  fieldOf('email', {}),
  fieldOf('yesno', {}),
] as const;
const columnDefinition = z.union(scalarFields);
const fieldDefinition = z.union([
  ...scalarFields,
  fieldOf('table', {
    maxRows: count(1, 500),
    columns: z.array(columnDefinition).min(1, 'a table needs at least one column').max(20).superRefine(uniqueBy('key')),
  }),
  fieldOf('material', {}),
]);
export type FieldDefinition = z.infer<typeof fieldDefinition>;
export type ColumnDefinition = z.infer<typeof columnDefinition>;
export type FieldType = FieldDefinition['type'];

export const formDefinition = z
  .array(fieldDefinition)
  .max(MAX_FIELDS, `a form has at most ${MAX_FIELDS} fields`)
  .superRefine(uniqueBy('key'));
export type FormDefinition = z.infer<typeof formDefinition>;

/** Names the second and later uses of a key at their own index, so the editor marks the right row. */
function uniqueBy<M extends string>(member: M) {
  return (list: Record<M, string>[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      const key = item[member];
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate ${member} ${key}`, path: [index, member] });
      seen.add(key);
    });
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (value: string) => DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/**
 * A number field reads a numeric string ("120": what a form posts, what earlier clients and seeds
 * sent) as the number it spells; anything else ("abc", 「一百二十人」) is judged as it is. Money
 * does not: "100" could be 元 or 分, so it must be a number of 分.
 */
const NUMERIC = /^-?\d{1,12}(\.\d+)?$/;
const numeric = (schema: z.ZodType) =>
  z.preprocess((value) => (typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value.trim()) : value), schema);

/**
 * The schema of one value: what a person may put in this field or table cell. A draft (`complete`
 * false) may hold a table's unfinished rows and a choice with nothing chosen yet.
 */
function valueSchemaOf(field: ColumnDefinition | Extract<FieldDefinition, { type: 'table' }>, complete: boolean): z.ZodType {
  switch (field.type) {
    case 'text':
      return personText(field.maxLength);
    case 'longtext':
      return personText(field.maxLength, { multiline: true });
    case 'integer':
      return numeric(count(field.min, field.max));
    case 'decimal':
      return numeric(quantity(field.min, field.max));
    case 'money':
      return fen.max(field.maxFen ?? MAX_FEN, `at most ${field.maxFen ?? MAX_FEN} 分`);
    case 'date':
      return z.string().refine(isCalendarDate, 'a date as YYYY-MM-DD').meta({ format: 'date' });
    case 'select':
      return z.enum(field.options.map((o) => o.value) as [string, ...string[]]);
    case 'multiselect': {
      const values = field.options.map((o) => o.value) as [string, ...string[]];
      return z
        .array(z.enum(values))
        .min(complete && field.required ? 1 : 0, 'choose at least one')
        .refine((chosen) => new Set(chosen).size === chosen.length, 'an option is chosen twice');
    }
    case 'phone':
      return phone;
    case 'email':
      return z.email('an email address').max(254);
    case 'yesno':
      return z.boolean();
    case 'table': {
      const cell = (c: ColumnDefinition) =>
        described(c, complete && c.required ? valueSchemaOf(c, complete) : valueSchemaOf(c, complete).optional());
      const row = z.strictObject(Object.fromEntries(field.columns.map((c) => [c.key, cell(c)])));
      return z
        .array(row)
        .min(complete && field.required ? 1 : 0, 'add at least one row')
        .max(field.maxRows, `at most ${field.maxRows} rows`);
    }
  }
}

/** What the JSON Schema (the OpenAPI description of a call's declaration) says of a field. */
function described(field: FieldDefinition | ColumnDefinition, schema: z.ZodType) {
  const unit = field.type === 'integer' || field.type === 'decimal' ? field.unit : field.type === 'money' ? '分, 元 × 100' : '';
  return schema.meta({ title: field.labelZh, description: [field.labelEn, unit && `(${unit})`].filter(Boolean).join(' ') });
}

/**
 * The schema of a declaration's `fields` under this form. A draft may leave anything out; a
 * declaration being submitted (`complete`) must give every required field. Unknown keys are
 * refused by name, as everywhere at the edge.
 */
export function formValuesSchema(definition: FormDefinition, options: { complete: boolean }) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of definition) {
    if (field.type === 'material') {
      shape[field.key] = z.undefined({ message: 'a material is uploaded through its own path, not written in the form' }).optional();
      continue;
    }
    const value = valueSchemaOf(field, options.complete);
    shape[field.key] = described(field, options.complete && field.required ? value : value.optional());
  }
  return z.strictObject(shape);
}

/** A declaration's field values as stored: by field key, money in 分, a table as its rows. */
export type FormValues = Record<string, unknown>;

/** The form a call's declarations are judged by: its typed `form`, or a call stored before, its `formFields` read as one. */
export function formOf(config: { form?: FormDefinition | undefined; formFields?: readonly LegacyFormField[] | undefined }): FormDefinition {
  return config.form ?? formOfLegacyFields(config.formFields ?? []);
}

/** An empty input is no value: a blank string is left out, as a form leaves an empty input out. */
export const withoutBlanks = (values: FormValues): FormValues =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')));

/** The JSON Schema of a complete declaration's `fields` under this form, as stored (money in 分). */
export function formJsonSchema(definition: FormDefinition) {
  return z.toJSONSchema(formValuesSchema(definition, { complete: true }), { io: 'output', unrepresentable: 'any' });
}
