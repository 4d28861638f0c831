import { z } from 'zod';
import { issueCode } from './problem-codes';

/**
 * Text a person reads (titles on a public notice, names, reasons, reports): normalised to NFC, so
 * one name has one spelling, and refused when it carries characters that make it read differently
 * from what is stored — control characters (NUL, terminal escapes), bidirectional overrides and
 * isolates (an RTL override can reverse a title), zero-width characters, or a lone surrogate.
 * Line breaks (and tabs) are allowed only in long text, where a textarea sends them.
 */
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\t\n\r]/u;
/** Bidi embeddings, overrides, isolates and marks; zero-width spaces and joiners; line/paragraph separators. */
const INVISIBLE = /[\u061C\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\u3164\uFEFF\uFFA0]/u;

const LONE_SURROGATE = /\p{Cs}/u;

export const BAD_CHARACTER = 'control, bidirectional or zero-width characters are not allowed';

export function hasBadCharacter(value: string, multiline: boolean): boolean {
  return LONE_SURROGATE.test(value) || INVISIBLE.test(value) || (multiline ? CONTROL_BUT_LINES : CONTROL).test(value);
}

/**
 * The one schema for person-facing text: trimmed, NFC, bounded, clean. `min: 0` for optional text
 * that may be left empty (a comment).
 */
export function personText(max: number, options: { multiline?: boolean; min?: number; tooLong?: string } = {}) {
  const multiline = options.multiline ?? false;
  const min = options.min ?? 1;
  return z
    .string()
    .trim()
    .normalize('NFC')
    .min(min)
    .max(max, options.tooLong)
    .refine((value) => !hasBadCharacter(value, multiline), { message: BAD_CHARACTER, ...issueCode('bad-character') });
}
