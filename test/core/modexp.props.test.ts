// Windowed and comb exponentiation against naive square-and-multiply.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedBasePow, modPow, srpGeneratorPow, srpGroup } from '../../src/core/index.js';

/** Right-to-left binary exponentiation, the textbook reference. */
function naive(base: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  let b = ((base % m) + m) % m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

/** 2^(2^j) mod N for j = 0 … count − 1, by repeated squaring (no comb, no windows). */
const powersOfTwoExponents = (N: bigint, count: number) => {
  const out = [2n % N];
  for (let j = 1; j < count; j++) out.push((out[j - 1]! * out[j - 1]!) % N);
  return out;
};

const SRP_BITS_OUTER = 512;
const modulus = fc.bigInt({ min: 1n, max: (1n << 700n) - 1n });
const exponent = fc.bigInt({ min: 0n, max: (1n << 900n) - 1n });
const anyBase = fc.bigInt({ min: -(1n << 800n), max: 1n << 800n });

describe('modPow', () => {
  it('equals naive modexp for any base (negative too), exponent and modulus', () => {
    fc.assert(fc.property(anyBase, exponent, modulus, (b, e, m) => {
      expect(modPow(b, e, m)).toBe(naive(b, e, m));
    }), { numRuns: 300 });
  });

  it('equals naive modexp for base 2 (the shift path), including tiny moduli', () => {
    fc.assert(
      fc.property(exponent, fc.oneof(modulus, fc.bigInt({ min: 1n, max: 40n })), (e, m) => {
        expect(modPow(2n, e, m)).toBe(naive(2n, e, m));
      }),
      { numRuns: 300 },
    );
  });

  it('equals naive modexp in the SRP group at SRP sizes', () => {
    const { N } = srpGroup();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: N - 1n }), fc.bigInt({ min: 0n, max: (1n << 1100n) - 1n }), (b, e) => {
        expect(modPow(b, e, N)).toBe(naive(b, e, N));
      },
      ),
      { numRuns: 25 },
    );
  });

  it('handles the corners and refuses bad arguments', () => {
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect(modPow(5n, 0n, 1n)).toBe(0n);
    expect(modPow(0n, 0n, 7n)).toBe(1n);
    expect(modPow(0n, 5n, 7n)).toBe(0n);
    expect(modPow(-1n, 3n, 7n)).toBe(6n);
    expect(() => modPow(2n, -1n, 7n)).toThrow(/exponent/);
    expect(() => modPow(2n, 3n, 0n)).toThrow(/modulus/);
    expect(() => modPow(2n, 3n, -7n)).toThrow(/modulus/);
  });
});

describe('fixedBasePow (Lim–Lee comb)', () => {
  it('equals naive modexp for exponents below, at and beyond the table size', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 300n) - 1n }),
        fc.bigInt({ min: 2n, max: (1n << 300n) - 1n }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.bigInt({ min: 0n, max: (1n << 260n) - 1n }), { minLength: 1, maxLength: 4 }),
        (base, m, bits, columns, es) => {
          const f = fixedBasePow(base, m, bits, columns);
          expect(f.bits).toBeGreaterThanOrEqual(bits);
          for (const e of es) expect(f.pow(e)).toBe(naive(base, e, m));
        },
      ),
      { numRuns: 60 },
    );
  });

  // srp.ts's srpGeneratorPow builds fixedBasePow(2n, N, 512, 8): 8 columns, so 64 rows of 8
  // bits in eight 8-row tables (table k holds bits 64k to 64k + 63).
  const SRP_BITS = 512;
  const SRP_COLUMNS = 8;

  it('equals naive modexp for g = 2 in the SRP group with the SRP table shape (512 bits, 8 columns, eight tables)', () => {
    const { N } = srpGroup();
    const f = fixedBasePow(2n, N, SRP_BITS, SRP_COLUMNS);
    expect(f.bits).toBe(512);
    // Every table and row boundary, all-ones, alternating bits, and past the table (modPow).
    const edge = [0n, 1n, 2n, 3n, 1n << 600n, (1n << 512n) + 5n, 0x5555n * ((1n << 512n) - 1n) / 0xffffn, 0xaaaan * ((1n << 512n) - 1n) / 0xffffn];
    for (const b of [7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 191, 192, 193, 255, 256, 257, 319, 320, 321, 383, 384, 385, 447, 448, 449, 511, 512]) edge.push((1n << BigInt(b)) - 1n, 1n << BigInt(b));
    for (const e of edge) expect(f.pow(e), `e = 0x${e.toString(16)}`).toBe(naive(2n, e, N));
    expect(() => f.pow(-1n)).toThrow(/exponent/);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 512n) - 1n }), (e) => {
      expect(f.pow(e)).toBe(naive(2n, e, N));
    }), { numRuns: 25 });
  });

  it('maps every one of the 512 bit positions of the SRP comb (8 columns x 64 rows) to its own power', () => {
    const { N } = srpGroup();
    const f = fixedBasePow(2n, N, SRP_BITS, SRP_COLUMNS);
    const want = powersOfTwoExponents(N, SRP_BITS);
    for (let j = 0; j < SRP_BITS; j++) expect(f.pow(1n << BigInt(j)), `bit ${j}`).toBe(want[j]);
  });

  it('sums of up to 64 random bit positions (several per column, row and table) match naive modexp', () => {
    const { N } = srpGroup();
    const f = fixedBasePow(2n, N, SRP_BITS, SRP_COLUMNS);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: SRP_BITS - 1 }), { minLength: 1, maxLength: 64 }), (positions) => {
        const e = positions.reduce((acc, j) => acc | (1n << BigInt(j)), 0n);
        expect(f.pow(e)).toBe(naive(2n, e, N));
      }),
      { numRuns: 25 },
    );
  });
});

describe('fixedBasePow built in slices (step)', () => {
  it('builds one row per step: the SRP shape (64 rows) answers false 63 times, then true for good', () => {
    const { N } = srpGroup();
    const f = fixedBasePow(2n, N, SRP_BITS_OUTER, 8);
    const answers = Array.from({ length: 70 }, () => f.step());
    expect(answers.indexOf(true)).toBe(63);
    expect(answers.slice(63).every(Boolean)).toBe(true);
    const e = (1n << 511n) + 12345n;
    expect(f.pow(e)).toBe(naive(2n, e, N));
  });

  it('pow after any number of steps (the rest built on demand) equals naive modexp, before and after the table is complete', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 2n, max: (1n << 200n) - 1n }),
        fc.bigInt({ min: 2n, max: (1n << 200n) - 1n }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat({ max: 40 }),
        fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }),
        (base, m, bits, columns, steps, e) => {
          const f = fixedBasePow(base, m, bits, columns);
          for (let i = 0; i < steps; i++) f.step();
          expect(f.pow(e)).toBe(naive(base, e, m));
          // An exponent inside the table completed it; one past it went to modPow instead.
          if (e < 1n << BigInt(f.bits)) expect(f.step()).toBe(true);
          while (!f.step());
          expect(f.pow(e)).toBe(naive(base, e, m));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('srpGeneratorPow', () => {
  it('is g^e mod N for exponents inside and beyond the shared table', () => {
    const { N } = srpGroup();
    // The table srp.ts really builds: every single-bit exponent inside it, then random ones.
    const want = powersOfTwoExponents(N, 512);
    for (let j = 0; j < 512; j++) expect(srpGeneratorPow(1n << BigInt(j)), `bit ${j}`).toBe(want[j]);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 700n) - 1n }), (e) => {
        expect(srpGeneratorPow(e)).toBe(naive(2n, e, N));
      }),
      { numRuns: 20 },
    );
    expect(() => srpGeneratorPow(-1n)).toThrow(/exponent/);
  });
});
