// Encodings against naive references (and Node's Buffer as an outside oracle).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  base64UrlDecode,
  base64UrlEncode,
  bigintToHex,
  bytesToHex,
  concatBytes,
  hexToBigint,
  hexToBytes,
  padHex,
  utf8Decode,
  utf8Encode,
} from '../../src/core/index.js';

const naiveHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const naiveBigint = (b: Uint8Array) => b.reduce((acc, x) => acc * 256n + BigInt(x), 0n);
/** Java BigInteger.toByteArray() for n >= 0: minimal big-endian bytes with room for a 0 sign bit. */
const javaBytes = (n: bigint) => {
  const out: number[] = [];
  do {
    out.unshift(Number(n & 255n));
    n >>= 8n;
  } while (n > 0n);
  if (out[0]! & 0x80) out.unshift(0);
  return Uint8Array.from(out);
};
const big = fc.bigInt({ min: 0n, max: (1n << 3100n) - 1n });

describe('bytes, hex and bigint', () => {
  it('bytes ⇄ hex round-trips and matches the naive encoding (either case in)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        const h = bytesToHex(b);
        expect(h).toBe(naiveHex(b));
        expect(hexToBytes(h)).toEqual(b);
        expect(hexToBytes(h.toUpperCase())).toEqual(b);
      }),
    );
  });

  it('bigint ⇄ hex round-trips and agrees with the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (b) => {
        const n = naiveBigint(b);
        expect(hexToBigint(bytesToHex(b))).toBe(n);
        expect(hexToBigint(bigintToHex(n))).toBe(n);
        expect(bigintToHex(n)).toBe(naiveHex(b).replace(/^0+(?=.)/, ''));
      }),
    );
  });

  it("padHex is the hex of Java's BigInteger.toByteArray(), for bigints and for hex text", () => {
    fc.assert(
      fc.property(big, (n) => {
        const want = naiveHex(javaBytes(n));
        expect(padHex(n)).toBe(want);
        expect(padHex(n.toString(16))).toBe(want);
        expect(padHex('000' + n.toString(16).toUpperCase())).toBe(want);
      }),
    );
    expect([0n, 0x7fn, 0x80n, 0xffn, 0x100n].map((n) => padHex(n))).toEqual(['00', '7f', '0080', '00ff', '0100']);
  });

  it('refuses malformed hex, naming the field', () => {
    expect(() => hexToBytes('abc', 'SALT')).toThrow(/^SALT: /);
    expect(() => hexToBytes('zz')).toThrow(TypeError);
    expect(() => hexToBigint('', 'SRP_B')).toThrow(/^SRP_B: /);
    expect(() => hexToBigint('12 34')).toThrow(TypeError);
    expect(() => bigintToHex(-1n)).toThrow(RangeError);
    expect(() => padHex(-5n)).toThrow(RangeError);
  });
});

describe('base64, base64url, UTF-8 and concat', () => {
  it('base64 matches Buffer and round-trips, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = base64Encode(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect(base64Decode(s)).toEqual(b);
        expect(base64Decode(s.replace(/=+$/, ''))).toEqual(b);
      }),
    );
  });

  it('base64url matches Buffer and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = base64UrlEncode(b);
        expect(s).toBe(Buffer.from(b).toString('base64url'));
        expect(base64UrlDecode(s)).toEqual(b);
      }),
    );
  });

  it('refuses malformed base64, naming the field', () => {
    for (const bad of ['a', 'ab=c', '****', 'abc==', 'YQ===']) expect(() => base64Decode(bad, 'SECRET_BLOCK')).toThrow(/^SECRET_BLOCK: /);
    expect(() => base64UrlDecode('ab+c')).toThrow(TypeError);
  });

  it('UTF-8 matches Buffer and round-trips any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        const b = utf8Encode(s);
        expect(Buffer.from(b).equals(Buffer.from(s, 'utf8'))).toBe(true);
        expect(utf8Decode(b)).toBe(s);
      }),
    );
    expect(() => utf8Decode(Uint8Array.of(0xc3))).toThrow(TypeError);
  });

  it('concatBytes equals Buffer.concat', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 6 }), (parts) => {
        expect(Buffer.from(concatBytes(...parts)).equals(Buffer.concat(parts))).toBe(true);
      }),
    );
  });
});

describe('base64Decode accepts the URL-safe alphabet too (as Buffer and the AWS clients do)', () => {
  it('decodes base64url text like Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(base64Decode(Buffer.from(b).toString('base64url'))).toEqual(b);
      }),
    );
  });
});
