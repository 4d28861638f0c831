import { z } from 'zod';

/**
 * Money is an integer number of 分 everywhere it is stored or computed: no float ever holds an
 * amount, so sums reconcile to the 分. People write and read 元 with two decimals.
 */
export const MAX_FEN = 100_000_000_000; // 10^11 分 = 10 亿元, above any grant these programmes make

export const fen = z
  .number()
  .int('an amount in 分 is a whole number')
  .min(0, 'an amount cannot be negative')
  .max(MAX_FEN, `at most ${MAX_FEN} 分`);
export type Fen = z.infer<typeof fen>;

const YUAN = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;

/** "1,234.5" or "1234.50" (元, as a person types it) → 123450 分; undefined when it is not an amount. */
export function yuanToFen(text: string): Fen | undefined {
  const cleaned = text
    .trim()
    .replace(/^¥\s*/, '')
    .replace(/\s*元$/, '');
  if (!YUAN.test(cleaned)) return undefined;
  const [whole, decimals = ''] = cleaned.replace(/,/g, '').split('.');
  const amount = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return Number.isSafeInteger(amount) && amount <= MAX_FEN ? amount : undefined;
}

const grouped = (fenAmount: number) => {
  const yuan = Math.trunc(fenAmount / 100).toLocaleString('en-US');
  return `${yuan}.${String(fenAmount % 100).padStart(2, '0')}`;
};

/** 123450 → "1,234.50 元" (in sentences and tables of the Chinese pages). */
export const formatYuan = (amount: Fen) => `${grouped(amount)} 元`;

/** 123450 → "¥1,234.50" (in totals and headings). */
export const formatYuanSign = (amount: Fen) => `¥${grouped(amount)}`;
