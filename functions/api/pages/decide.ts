import type { Actor } from '../../../core/identity';
import { decisionInput } from '../../../core/schemas';
import { attempt, schemaErrors, given, type Lang } from './context';

/** Numbers from the inputs named `prefix.key`, as the API's record of them; empty inputs are not given. */
export function numbersUnder(form: Record<string, unknown>, prefix: string): Record<string, number> | undefined {
  const entries = Object.keys(form)
    .filter((name) => name.startsWith(`${prefix}.`))
    .flatMap((name) => {
      const v = given(form, name);
      return v === undefined ? [] : [[name.slice(prefix.length + 1), Number(v)] as const];
    });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** A form's decision through the API's schema and the API's `decide`, so its field errors are the API's. */
export async function decideForm(lang: Lang, actor: Actor, taskId: string, body: Record<string, unknown>) {
  const parsed = decisionInput.safeParse(body);
  if (!parsed.success) return { ok: false as const, errors: schemaErrors(lang, parsed.error), message: undefined };
  // As in the API's route: every kind's decider loads with the first decision, not on every cold start.
  const { decide } = await import('../../deciders');
  return attempt(lang, () => decide(actor, taskId, parsed.data));
}
