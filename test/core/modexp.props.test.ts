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

  it('equals naive modexp for g = 2 in the SRP group with the SRP table shape (512 bits, 32 columns)', () => {
    const { N } = srpGroup();
    const f = fixedBasePow(2n, N, 512);
    expect(f.bits).toBe(512);
    const edge = [0n, 1n, (1n << 256n) - 1n, 1n << 256n, (1n << 512n) - 1n, 1n << 512n, 1n << 600n];
    for (const e of edge) expect(f.pow(e)).toBe(naive(2n, e, N));
    expect(() => f.pow(-1n)).toThrow(/exponent/);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 512n) - 1n }), (e) => {
      expect(f.pow(e)).toBe(naive(2n, e, N));
    }), { numRuns: 25 });
  });
});

describe('srpGeneratorPow', () => {
  it('is g^e mod N for exponents inside and beyond the shared table', () => {
    const { N } = srpGroup();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 700n) - 1n }), (e) => {
        expect(srpGeneratorPow(e)).toBe(naive(2n, e, N));
      }),
      { numRuns: 20 },
    );
    expect(() => srpGeneratorPow(-1n)).toThrow(/exponent/);
  });
});
