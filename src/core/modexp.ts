/**
 * Modular exponentiation on native BigInt.
 *
 * A 3072-bit multiply-and-reduce costs about 7 µs in V8 (the `%` is two thirds of it), so the
 * only lever is the number of them:
 * - {@link modPow}: left-to-right sliding window over the exponent's bits (HAC 14.85), about
 *   one squaring per bit plus one multiply per window.
 * - {@link fixedBasePow}: the Lim–Lee comb (HAC 14.117) for a base that never changes (g = 2 in
 *   SRP): after a one-off table, an n-bit exponent costs n/8 squarings and ≤ n/8 multiplies.
 * @module
 */

function checkExponent(exponent: bigint): void {
  if (typeof exponent !== 'bigint' || exponent < 0n) throw new RangeError('exponent: expected a bigint >= 0');
}

function checkModulus(modulus: bigint): void {
  if (typeof modulus !== 'bigint' || modulus <= 0n) throw new RangeError('modulus: expected a bigint > 0');
}

/**
 * Computes `base ** exponent % modulus` (result in `[0, modulus)`, also for a negative base).
 *
 * @param base - any bigint
 * @param exponent - a non-negative bigint
 * @param modulus - a positive bigint
 * @throws RangeError for a negative exponent or a non-positive modulus
 * @example modPow(2n, 10n, 1000n); // 24n
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  checkModulus(modulus);
  checkExponent(exponent);
  let b = base % modulus;
  if (b < 0n) b += modulus;
  const bits = exponent.toString(2);
  const n = exponent ? bits.length : 0;
  // About the window width that minimises n/(w+1) + 2^(w-1) multiplies (HAC table 14.16);
  // 5 is best for SRP's ~513-bit exponent (measured: 4 and 6 are ~1% slower).
  const w = n > 239 ? 5 : n > 79 ? 4 : 3;
  const odd = [b];
  const b2 = (b * b) % modulus;
  for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * b2) % modulus);
  let r = 1n;
  for (let i = 0; i < n; ) {
    // A window starts and ends on a 1 bit: w squarings, then one multiply by an odd power.
    let j = bits[i] === '0' ? i + 1 : Math.min(i + w, n);
    while (bits[j - 1] === '0' && j > i + 1) j--;
    for (let k = i; k < j; k++) r = (r * r) % modulus;
    if (bits[i] === '1') r = (r * odd[parseInt(bits.slice(i, j), 2) >> 1]!) % modulus;
    i = j;
  }
  return r % modulus;
}

/** A precomputed fixed-base exponentiation: `pow(e)` is `base ** e % modulus`. */
export interface FixedBasePow {
  /** Computes `base ** exponent % modulus`; exponents beyond the table fall back to {@link modPow}. */
  pow(exponent: bigint): bigint;
  /**
   * Builds the next row of the table (at most 128 multiplies); `true` once the table is complete.
   * For spreading the one-off cost over idle time; `pow` completes the table itself when needed.
   */
  step(): boolean;
  /** Exponents below `2 ** bits` use the table. */
  readonly bits: number;
}

const ROWS = 8;

/**
 * Builds a Lim–Lee comb (HAC algorithm 14.117 with h = 8 rows per table) for a fixed base.
 * The exponent's bits are laid out in rows of `columns` bits; each table of 256 entries holds
 * every product of 8 row bases `base^(2^(columns·i))`. Exponentiation then walks the columns:
 * one squaring per column and one multiply per table. With 32 columns and two tables,
 * a 256-bit exponent costs 64 multiplies and a 512-bit one 96, instead of ~300 and ~600.
 *
 * The table (for 512 bits, 8 columns and 3072-bit numbers: ~2500 multiplies and 800 KB) is
 * built row by row, by {@link FixedBasePow.step} or by the first `pow`, never by this call.
 *
 * @param base - the fixed base
 * @param modulus - a positive bigint
 * @param bits - the largest exponent size served by the table (rounded up to `columns · 8`)
 * @param columns - the comb's width (default 32)
 */
export function fixedBasePow(base: bigint, modulus: bigint, bits: number, columns = 32): FixedBasePow {
  checkModulus(modulus);
  const tables: bigint[][] = [];
  const size = Math.ceil(bits / columns / ROWS) * ROWS * columns;
  let g = ((base % modulus) + modulus) % modulus; // base^(2^(columns·row)) for the current row
  let row = 0;
  const step = () => {
    if (row < size / columns) {
      if (row++ % ROWS === 0) tables.push([1n]);
      // table[m | 1<<i] = table[m] * g for every m below 1<<i
      const t = tables[tables.length - 1]!;
      for (let m = 0, n = t.length; m < n; m++) t.push((t[m]! * g) % modulus);
      for (let s = 0; s < columns; s++) g = (g * g) % modulus;
    }
    return row >= size / columns;
  };
  return {
    bits: size,
    step,
    pow(exponent) {
      // Exponents past the table, and bad ones (modPow throws for those), go to modPow.
      if (typeof exponent !== 'bigint' || exponent >> BigInt(size)) return modPow(base, exponent, modulus);
      while (!step());
      const e = exponent.toString(2);
      const top = e.length - 1;
      let r = 1n;
      for (let c = Math.min(columns, e.length) - 1; c >= 0; c--) {
        r = (r * r) % modulus;
        for (let k = 0; k < tables.length; k++) {
          // bit c of each of this table's 8 rows (rows past the exponent's length read as 0)
          let m = 0;
          for (let i = ROWS - 1; i >= 0; i--) m = 2 * m + +(e[top - (k * ROWS + i) * columns - c] === '1');
          if (m) r = (r * tables[k]![m]!) % modulus;
        }
      }
      return r; // reduced: the loop ran at least once and ends on a reduction
    },
  };
}
