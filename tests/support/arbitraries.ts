import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of an OpenAPI 3.1 document: `valid` draws values the
 * schema accepts (formats, patterns, bounds, required members, property names), `invalid` values it
 * refuses (one defect at a time, somewhere in the value). Covers the keywords the document uses;
 * an unknown shape falls back to any JSON value, which the contract test still sends.
 */
export type Schema = Record<string, any>;

export function arbitraries(document: Schema) {
  const resolve = (schema: Schema): Schema => {
    if (typeof schema.$ref !== 'string') return schema;
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: any, part: string) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return resolve(target);
  };

  const anyJson = fc.jsonValue({ maxDepth: 2 });

  function valid(input: Schema, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(input);
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    const options = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(options)) return fc.oneof(...options.map((s: Schema) => valid(s, depth)));
    if (Array.isArray(schema.allOf)) return valid(Object.assign({}, ...schema.allOf.map(resolve)), depth);
    const type = Array.isArray(schema.type) ? schema.type : [schema.type ?? (schema.properties ? 'object' : undefined)];
    if (type.length > 1) return fc.oneof(...type.map((t: string) => valid({ ...schema, type: t }, depth)));
    switch (type[0]) {
      case 'string':
        return string(schema);
      case 'integer':
        return fc
          .integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 })
          .filter((n) => schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum);
      case 'number':
        return fc
          .oneof(
            fc.integer({ min: Math.ceil(schema.minimum ?? -1e6), max: Math.floor(schema.maximum ?? 1e6) }),
            fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true }),
          )
          .filter((n) => schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return depth > 4
          ? fc.constant([])
          : fc.array(valid(schema.items ?? {}, depth + 1), {
              minLength: schema.minItems ?? 0,
              maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
            });
      case 'object':
        return object(schema, depth);
      default:
        return anyJson;
    }
  }

  function string(schema: Schema): fc.Arbitrary<string> {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? 40;
    if (schema.format === 'date-time')
      return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    if (schema.format === 'date')
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
    // Mostly short, sometimes in Chinese, sometimes at the bound.
    return fc
      .oneof(
        fc.string({ minLength: min, maxLength: Math.min(max, Math.max(min, 20)) }),
        fc.string({
          unit: fc.constantFrom(...'社区教育项目申报书老年学员'),
          minLength: Math.max(min, 1),
          maxLength: Math.min(max, Math.max(min, 20)),
        }),
        fc.constant('字'.repeat(Math.max(min, Math.min(max, 200)))),
      )
      .filter((s) => s.trim().length >= min);
  }

  function object(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties: Record<string, Schema> = schema.properties ?? {};
    const required: string[] = schema.required ?? [];
    const names = Object.keys(properties);
    if (names.length > 0 || schema.additionalProperties === false) {
      const record = fc.record(Object.fromEntries(names.map((name) => [name, valid(properties[name]!, depth + 1)])), {
        requiredKeys: required,
      });
      return record.filter((value) => Object.keys(value).length >= (schema.minProperties ?? 0));
    }
    const values =
      schema.additionalProperties && typeof schema.additionalProperties === 'object'
        ? valid(schema.additionalProperties, depth + 1)
        : anyJson;
    const keys = schema.propertyNames
      ? string({ ...resolve(schema.propertyNames), maxLength: 40 })
      : fc.string({ minLength: 1, maxLength: 12 });
    return fc.dictionary(keys, values, { minKeys: schema.minProperties ?? 0, maxKeys: Math.min(schema.maxProperties ?? 3, 3) });
  }

  /** A value of another JSON type than the schema's (or outside its bounds, or with a member it does not know). */
  function invalid(input: Schema, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(input);
    const type = Array.isArray(schema.type) ? schema.type : [schema.type ?? (schema.properties ? 'object' : 'any')];
    const wrongTypes = [
      type.includes('string') ? undefined : fc.string({ maxLength: 8 }),
      type.includes('number') || type.includes('integer')
        ? undefined
        : fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
      type.includes('boolean') ? undefined : fc.boolean(),
      type.includes('null') ? undefined : fc.constant(null),
      type.includes('array') ? undefined : fc.array(fc.integer(), { maxLength: 2 }),
      type.includes('object') ? undefined : fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
    ].filter((a) => a !== undefined) as fc.Arbitrary<unknown>[];
    const defects: fc.Arbitrary<unknown>[] = [...(type.includes('any') || Array.isArray(schema.enum) ? [] : wrongTypes)];
    if (Array.isArray(schema.enum)) defects.push(fc.string({ maxLength: 12 }).filter((s) => !schema.enum.includes(s)));
    if (type.includes('string') && !schema.enum) {
      if (schema.maxLength !== undefined) defects.push(fc.constant('x'.repeat(schema.maxLength + 1)));
      if (schema.minLength) defects.push(fc.constant(''));
      if (schema.pattern || schema.format) defects.push(fc.constantFrom('\u202E', '../', ' ', 'not-a-date', '2026-02-30', '"0"', '\u0000'));
    }
    if (type.includes('integer') || type.includes('number')) {
      if (schema.maximum !== undefined) defects.push(fc.constant(schema.maximum + 1));
      if (schema.minimum !== undefined) defects.push(fc.constant(schema.minimum - 1));
      if (type.includes('integer')) defects.push(fc.constant(1.5));
    }
    if (type.includes('array') && depth < 4) {
      if (schema.maxItems !== undefined) defects.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => null)));
      if (schema.items) defects.push(fc.tuple(invalid(schema.items, depth + 1)).map((x) => x));
    }
    if (type.includes('object') && depth < 4) {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const names = Object.keys(properties);
      defects.push(valid(schema, depth).map((v) => ({ ...(v as object), unknownMember: 1 })));
      for (const name of (schema.required ?? []) as string[]) {
        defects.push(valid(schema, depth).map((v) => Object.fromEntries(Object.entries(v as object).filter(([k]) => k !== name))));
      }
      if (names.length) {
        defects.push(
          fc
            .tuple(valid(schema, depth), fc.constantFrom(...names))
            .chain(([v, name]) => invalid(properties[name]!, depth + 1).map((bad) => ({ ...(v as object), [name]: bad }))),
        );
      }
      if (schema.minProperties) defects.push(fc.constant({}));
      if (schema.propertyNames) defects.push(fc.constantFrom('', '1abc', 'a b', '__proto__x', '字').map((k) => ({ [k]: 1 })));
    }
    return defects.length ? fc.oneof(...defects) : anyJson;
  }

  return { valid, invalid, resolve };
}
