import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fen, formatYuan, formatYuanSign, MAX_FEN, yuanToFen } from '../../core/money';

describe('money in 分', () => {
  it('reads 元 as people type it, to the 分', () => {
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen('1,234.50')).toBe(123450);
    expect(yuanToFen('¥ 80,000')).toBe(8_000_000);
    expect(yuanToFen('0.01 元')).toBe(1);
    expect(yuanToFen('0.1')).toBe(10);
  });

  it('refuses what is not an amount: three decimals, a sign, misplaced commas, words, over 10^11 分', () => {
    for (const text of ['1.234', '-5', '12,34', '1,2345.00', '一百元', '', '1e5', String(MAX_FEN)])
      expect(yuanToFen(text), text).toBeUndefined();
  });

  it('prints what it reads: formatting then reading gives back every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_FEN }), (amount) => {
        expect(yuanToFen(formatYuan(amount))).toBe(amount);
        expect(yuanToFen(formatYuanSign(amount))).toBe(amount);
      }),
    );
    expect(formatYuan(123450)).toBe('1,234.50 元');
    expect(formatYuanSign(5)).toBe('¥0.05');
  });

  it('takes only whole, non-negative 分 within the bound at the API', () => {
    expect(fen.safeParse(100).success).toBe(true);
    for (const bad of [1.5, -1, MAX_FEN + 1, '100']) expect(fen.safeParse(bad).success, String(bad)).toBe(false);
  });
});
