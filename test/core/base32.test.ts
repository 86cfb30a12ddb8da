// Proves base32Encode/base32Decode against RFC 4648 §10, a naive bit-string reference
// (fast-check), the tolerance promised for pasted secrets, and errors that name the field.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Decode, base32Encode } from '../../src/core/index.js';
import { RFC4648_BASE32 } from './hmac-hkdf-totp.rfc-vectors.js';

const enc = (s: string) => new TextEncoder().encode(s);
const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Naive reference: write every bit out as a '0'/'1' string and read it back 5 bits at a time.
function naiveEncode(bytes: Uint8Array): string {
  let bits = Array.from(bytes, (b) => b.toString(2).padStart(8, '0')).join('');
  while (bits.length % 5) bits += '0';
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += A[parseInt(bits.slice(i, i + 5), 2)];
  while (out.length % 8) out += '=';
  return out;
}
function naiveDecode(text: string): Uint8Array {
  const bits = Array.from(text.replace(/=/g, ''), (c) => A.indexOf(c).toString(2).padStart(5, '0')).join('');
  const out: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return new Uint8Array(out);
}

describe('RFC 4648 §10 base32 vectors', () => {
  for (const [plain, b32] of RFC4648_BASE32) {
    it(`${JSON.stringify(plain)} <-> ${JSON.stringify(b32)}`, () => {
      expect(base32Encode(enc(plain))).toBe(b32);
      expect(base32Decode(b32)).toEqual(enc(plain));
      expect(base32Encode(enc(plain), { padding: false })).toBe(b32.replace(/=/g, ''));
    });
  }
});

describe('base32 properties', () => {
  it('encode equals the naive reference', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => base32Encode(b) === naiveEncode(b)));
  });
  it('decode equals the naive reference and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const text = naiveEncode(b);
        expect(base32Decode(text)).toEqual(naiveDecode(text));
        expect(base32Decode(text)).toEqual(b);
      }),
    );
  });
  it('decode tolerates lower case, spaces, hyphens and missing padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (b, group) => {
        const plain = base32Encode(b, { padding: false }).toLowerCase();
        const spaced = plain.replace(new RegExp(`(.{${group}})`, 'g'), '$1 ').trim();
        expect(base32Decode(spaced)).toEqual(b);
        expect(base32Decode(plain.replace(/(.{4})/g, '$1-'))).toEqual(b);
      }),
    );
  });
});

describe('base32 errors name the field', () => {
  it('bad characters', () => {
    expect(() => base32Decode('MZXW1YTB', 'secret')).toThrow(/^secret: invalid base32 character "1" at position 4$/);
    expect(() => base32Decode('MZXW6YT8')).toThrow(/base32.*"8"/);
  });
  it('padding in the middle and too much padding', () => {
    expect(() => base32Decode('MY==MZXQ', 'secret')).toThrow(/secret: invalid base32 padding in the middle/);
    expect(() => base32Decode('M=======', 'secret')).toThrow(/secret: invalid base32/);
  });
  it('padding in the middle is named as such, even where the length is also wrong', () => {
    // 'MZ=XW6YTBOI' has 10 characters besides the '=': it used to be reported as a bad length.
    expect(() => base32Decode('MZ=XW6YTBOI', 'secret')).toThrow(/^secret: invalid base32 padding in the middle at position 2$/);
  });
  it('upper-cases ASCII only: dotless i, long s and sharp s are not letters of the alphabet', () => {
    // String.prototype.toUpperCase maps 'ı' to 'I', 'ſ' to 'S' and 'ß' to 'SS'.
    expect(() => base32Decode('MZXW6YTBOı', 'secret')).toThrow(/^secret: invalid base32 character "ı" at position 9$/);
    expect(() => base32Decode('ſſ', 'secret')).toThrow(/^secret: invalid base32 character "ſ" at position 0$/);
    expect(() => base32Decode('ß', 'secret')).toThrow(/^secret: invalid base32 character "ß" at position 0$/);
    expect(() => base32Decode('ǅA', 'secret')).toThrow(/^secret: invalid base32 character "ǅ"/); // title case
    expect(base32Decode('mzxw6ytboi')).toEqual(enc('foobar'));
  });
  it('impossible lengths', () => {
    expect(() => base32Decode('MZX', 'secret')).toThrow(/secret: invalid base32 length/);
    expect(() => base32Decode('A')).toThrow(/length/);
  });
  it('non-strings and non-bytes', () => {
    expect(() => base32Decode(undefined as never, 'secret')).toThrow(/secret: expected a base32 string/);
    expect(() => base32Encode('abc' as never)).toThrow(/Uint8Array/);
  });
});
