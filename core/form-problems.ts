import type { $ZodIssue } from 'zod/v4/core';
import { type FieldProblem, problemAt } from './errors';
import type { FormDefinition } from './form-definition';
import { codeOfIssue, coded } from './problem-codes';

/**
 * A form's issues at their fields: a table's at its row and column, a multi-select's at the field
 * (not at the option), a key the form lacks named as not a field of it. With the values (at
 * submission), a required field or cell left empty is said as such, with its label.
 */
export function formProblems(
  at: string,
  issues: readonly $ZodIssue[],
  form: FormDefinition,
  values?: Record<string, unknown>,
): FieldProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) =>
        problemAt(`${at}.${[...issue.path, key].join('.')}`, 'not a field of this call’s form', coded('not-a-form-field')),
      );
    const field = `${at}.${fieldPath(form, issue.path).join('.')}`;
    const label = values && missingLabel(form, issue.path, values);
    return label === undefined
      ? [problemAt(field, issue.message, codeOfIssue(issue))]
      : [problemAt(field, `required before submission: ${label}`, coded('required-before-submission', { label }))];
  });
}

/** Where an issue is shown: a multi-select's option is the field's (its checkboxes are one input). */
function fieldPath(form: FormDefinition, path: readonly PropertyKey[]): PropertyKey[] {
  const field = form.find((f) => f.key === path[0]);
  if (field?.type === 'multiselect') return path.slice(0, 1);
  const column = field?.type === 'table' ? field.columns.find((c) => c.key === path[2]) : undefined;
  return column?.type === 'multiselect' ? path.slice(0, 3) : [...path];
}

/** The label of a required field (or a row's cell) left empty, for "提交申报前须填写：…"; undefined when the value is there. */
function missingLabel(form: FormDefinition, path: readonly PropertyKey[], values: Record<string, unknown>): string | undefined {
  const [key, row, column] = path;
  const field = form.find((f) => f.key === key);
  if (!field || values[field.key] !== undefined) {
    if (field?.type !== 'table' || typeof row !== 'number' || column === undefined) return undefined;
    const cells = (values[field.key] as Record<string, unknown>[] | undefined)?.[row];
    const cell = field.columns.find((c) => c.key === column);
    return cell && cells && cells[cell.key] === undefined ? `${field.labelZh}第 ${row + 1} 行：${cell.labelZh}` : undefined;
  }
  return field.labelZh;
}
