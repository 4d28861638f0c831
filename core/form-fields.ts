import { z } from 'zod';
import type { FormField } from './kinds';
import { count, figure, quantity } from './numbers';
import { personText } from './text';

/**
 * The schema of one field of a call's declaration form, derived from its definition (core/kinds.ts),
 * so the API, the pages and submission judge a value alike. Numbers are stored as numbers; a
 * numeric string ("120", what a form posts and what earlier clients and seeds sent) is read as the
 * number it spells, anything else ("abc", 「一百二十人」) is refused.
 */
export function formFieldValue(field: FormField) {
  if (field.type === 'integer' || field.type === 'decimal') {
    const number = field.type === 'integer' ? count(field.min ?? 0, field.max ?? 1e9) : quantity(field.min ?? 0, field.max ?? 1e9);
    return z.preprocess((value) => (typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value.trim()) : value), number);
  }
  return personText(field.maxLength, { multiline: field.maxLength > 200, min: 0, tooLong: `at most ${field.maxLength} characters` });
}

const NUMERIC = /^-?\d{1,12}(\.\d+)?$/;

/** What a form field's value may be at the edge, before the call's own form is known. */
export const anyFieldValue = z.union([personText(20000, { multiline: true, min: 0 }), figure]);

export const isBlankField = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
