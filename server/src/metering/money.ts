// Exact money for metering statements (#22). Never binary floating point: a statement is signed
// and its hash must come out the same on every recomputation, and 0.1 + 0.2 must be 0.3.
//
// - Prices are decimal strings ("0.035" yuan per core-hour) read into integers of 10⁻⁸ yuan
//   (PRICE_SCALE); a price with more decimals is refused, not rounded.
// - Quantities are integers in their finest unit (nano-core-hours, byte-hours), so a line's amount
//   is an exact fraction: quantity × price / (quantity unit × price unit).
// - The rounding rule: each statement line is rounded ONCE to the fen (0.01 yuan), half up (away
//   from zero; amounts are never negative), from its exact value. Never per sample or per hour:
//   intermediate sums stay exact. A statement's total is the sum of its rounded lines, so what is
//   printed adds up.

/** Prices are kept in units of 10⁻⁸ yuan. */
export const PRICE_DECIMALS = 8;
export const PRICE_SCALE = 10n ** BigInt(PRICE_DECIMALS);
/** Fen per yuan. */
export const FEN_PER_YUAN = 100n;

export class MoneyError extends Error {}

/** A decimal string ("12", "0.035", "1234.5") as an integer of 10^-decimals. Exact or refused. */
export function parseDecimal(text: string, decimals: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new MoneyError(`not a decimal number: ${JSON.stringify(text)}`);
  const frac = m[2] ?? '';
  if (frac.length > decimals) throw new MoneyError(`${text} has more than ${decimals} decimals`);
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/** An integer of 10^-decimals as a decimal string, trailing zeros kept to `minDecimals`. */
export function formatDecimal(value: bigint, decimals: number, minDecimals = 0): string {
  const neg = value < 0n;
  const v = neg ? -value : value;
  const scale = 10n ** BigInt(decimals);
  let frac = (v % scale).toString().padStart(decimals, '0');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${neg ? '-' : ''}${(v / scale).toString()}${frac ? `.${frac}` : ''}`;
}

/** A price ("0.035" yuan) in 10⁻⁸ yuan. */
export const parsePrice = (text: string): bigint => parseDecimal(text, PRICE_DECIMALS);
export const formatPrice = (p: bigint): string => formatDecimal(p, PRICE_DECIMALS, 2);

/** An exact non-negative fraction num/den (den > 0): amounts before they are rounded. */
export interface Exact {
  num: bigint;
  den: bigint;
}

export const exact = (num: bigint, den = 1n): Exact => {
  if (den <= 0n) throw new MoneyError('denominator must be positive');
  return { num, den };
};

export function addExact(a: Exact, b: Exact): Exact {
  return a.den === b.den
    ? { num: a.num + b.num, den: a.den }
    : { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** Yuan as an exact fraction → fen, rounded half up (the statement's one rounding). */
export function roundToFen(yuan: Exact): bigint {
  const n = yuan.num * FEN_PER_YUAN;
  if (n < 0n) throw new MoneyError('amounts are never negative');
  const q = n / yuan.den;
  const r = n % yuan.den;
  return 2n * r >= yuan.den ? q + 1n : q;
}

/**
 * An amount in yuan, exact: `quantity` (integer, in units of 1/quantityDen of the priced unit)
 * × `price` (10⁻⁸ yuan per priced unit).
 */
export const amountOf = (quantity: bigint, quantityDen: bigint, price: bigint): Exact =>
  exact(quantity * price, quantityDen * PRICE_SCALE);

/** Fen as yuan text: 123456n → "1234.56" (for canonical JSON and exports; the console formats). */
export const fenToYuan = (fen: bigint): string => formatDecimal(fen, 2, 2);

/** Splits `total` fen over `weights` in proportion, exactly: the shares add up to the total.
 *  Each share is floor(total × w / Σw); the fen left over go one each to the largest remainders
 *  (ties: the earlier weight), so the split is deterministic and never off by a fen in sum. */
export function splitFen(total: bigint, weights: readonly Exact[]): bigint[] {
  if (weights.length === 0) return [];
  // Bring the weights to one denominator so they compare and sum as integers.
  const den = weights.reduce((d, w) => (d % w.den === 0n ? d : d * w.den), 1n);
  const ws = weights.map((w) => (w.num * den) / w.den);
  const sum = ws.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const shares = ws.map((w) => (total * w) / sum);
  const rema = ws.map((w, i) => ({ i, r: (total * w) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  rema.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rema) {
    if (left <= 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares;
}
