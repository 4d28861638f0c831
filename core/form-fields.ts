import type { FormDefinition } from './form-definition';

/**
 * A call stored before forms were typed (issue 20) lists its fields as `formFields`: text of a
 * length, or an integer or decimal within bounds. It is read as the typed form it always meant,
 * so such a call keeps judging its declarations as it did.
 */
export interface LegacyFormField {
  key: string;
  labelZh: string;
  labelEn: string;
  required: boolean;
  maxLength: number;
  type?: 'text' | 'integer' | 'decimal' | undefined;
  min?: number | undefined;
  max?: number | undefined;
}

/** Text over 200 characters was a textarea, so it is long text; numbers keep their bounds and have no unit. */
export function formOfLegacyFields(fields: readonly LegacyFormField[]): FormDefinition {
  return fields.map((f) => {
    const common = { key: f.key, labelZh: f.labelZh, labelEn: f.labelEn, required: f.required };
    if (f.type === 'integer' || f.type === 'decimal') return { ...common, type: f.type, unit: '', min: f.min ?? 0, max: f.max ?? 1e9 };
    return { ...common, type: f.maxLength > 200 ? 'longtext' : 'text', maxLength: f.maxLength };
  });
}
