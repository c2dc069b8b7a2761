// Exact money (#22): no binary floating point anywhere between a price and a fen.
import { describe, expect, it } from 'vitest';
import {
  addExact,
  amountOf,
  exact,
  fenToYuan,
  formatPrice,
  parsePrice,
  roundToFen,
  splitFen,
  MoneyError,
} from '../src/metering/money.ts';

describe('metering money', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    const sum = parsePrice('0.1') + parsePrice('0.2');
    expect(sum).toBe(parsePrice('0.3'));
    expect(formatPrice(sum)).toBe('0.30');
    expect(
      roundToFen(addExact(exact(parsePrice('0.1'), 10n ** 8n), exact(parsePrice('0.2'), 10n ** 8n))),
    ).toBe(30n);
  });

  it('refuses what it cannot hold exactly rather than rounding a price', () => {
    expect(() => parsePrice('0.123456789')).toThrow(MoneyError);
    expect(() => parsePrice('1e-3')).toThrow(MoneyError);
    expect(() => parsePrice('-1')).toThrow(MoneyError);
    expect(parsePrice('0.00000001')).toBe(1n);
  });

  it('rounds half up, once, from the exact value', () => {
    // 0.005 yuan → 1 fen; 0.0049999999 → 0 fen.
    expect(roundToFen(exact(5n, 1000n))).toBe(1n);
    expect(roundToFen(exact(49_999_999n, 10_000_000_000n))).toBe(0n);
    expect(roundToFen(exact(15n, 1000n))).toBe(2n);
    expect(roundToFen(exact(25n, 1000n))).toBe(3n); // half up, not half even
    // 1/3 yuan = 33.33… fen → 33; 2/3 → 67.
    expect(roundToFen(exact(1n, 3n))).toBe(33n);
    expect(roundToFen(exact(2n, 3n))).toBe(67n);
  });

  it('rounds once per line, not per hour: 744 hours of 0.004 yuan is 2.98, not 0', () => {
    const perHour = parsePrice('0.004');
    expect(roundToFen(amountOf(744n, 1n, perHour))).toBe(298n);
    // Rounding each hour to the fen first would have given nothing.
    expect(roundToFen(amountOf(1n, 1n, perHour)) * 744n).toBe(0n);
  });

  it('keeps large sums exact (a province-year of nano-core-hours)', () => {
    // 100,000 cores all year: 8.76e17 nano-core-hours, beyond 2^53.
    const nanoCoreHours = 100_000n * 8760n * 1_000_000_000n + 1n;
    expect(nanoCoreHours > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const fen = roundToFen(amountOf(nanoCoreHours, 1_000_000_000n, parsePrice('0.0351')));
    expect(fenToYuan(fen)).toBe('30747600.00');
    // GiB-hours: byte-hours over 2^30, exact.
    expect(roundToFen(amountOf(3n * 2n ** 30n * 744n, 2n ** 30n, parsePrice('0.012')))).toBe(2678n);
  });

  it('splits a total exactly in proportion, the remainder to the largest remainders', () => {
    expect(splitFen(100n, [exact(1n), exact(1n), exact(1n)])).toEqual([34n, 33n, 33n]);
    expect(splitFen(1001n, [exact(1n), exact(3n)])).toEqual([250n, 751n]);
    expect(splitFen(0n, [exact(5n)])).toEqual([0n]);
    expect(splitFen(7n, [exact(0n), exact(0n)])).toEqual([0n, 0n]);
    const shares = splitFen(99_999n, [exact(17n), exact(29n), exact(31n), exact(1n)]);
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(99_999n);
  });

  it('prints fen as yuan without a float', () => {
    expect(fenToYuan(123456n)).toBe('1234.56');
    expect(fenToYuan(5n)).toBe('0.05');
    expect(fenToYuan(12345678901234567890n)).toBe('123456789012345678.90');
  });
});
