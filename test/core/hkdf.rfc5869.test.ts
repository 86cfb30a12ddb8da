// Proves that HKDF as we use it matches RFC 5869 Appendix A: our own one-block HKDF-SHA256
// (hkdfSha256OneBlock, which derives the SRP session key "Caldera Derived Key"), @noble/hashes'
// HKDF and Web Crypto's (the edge cookie key).
import { describe, expect, it } from 'vitest';
import { extract, expand, hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { deriveSessionKey, hkdfSha256OneBlock } from '../../src/core/srp.js';
import { padHex } from '../../src/core/bytes.js';
import { RFC5869 } from './hmac-hkdf-totp.rfc-vectors.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));

describe('RFC 5869 HKDF vectors', () => {
  for (const v of RFC5869) {
    const H = v.hash === 'SHA-1' ? sha1 : sha256;
    const salt = v.salt === undefined ? undefined : bytes(v.salt);
    it(`${v.name}: extract gives the PRK`, () => {
      expect(hex(extract(H, bytes(v.ikm), salt))).toBe(v.prk);
    });
    it(`${v.name}: expand gives the OKM`, () => {
      expect(hex(expand(H, bytes(v.prk), bytes(v.info), v.length))).toBe(v.okm);
      expect(hex(hkdf(H, bytes(v.ikm), salt, bytes(v.info), v.length))).toBe(v.okm);
    });
    it(`${v.name}: Web Crypto deriveBits agrees`, async () => {
      const key = await crypto.subtle.importKey('raw', bytes(v.ikm), 'HKDF', false, ['deriveBits']);
      // Web Crypto needs the salt spelled out; RFC 5869 §2.2: absent salt = HashLen zero octets.
      const s = salt ?? new Uint8Array(v.hash === 'SHA-1' ? 20 : 32);
      const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: v.hash, salt: s, info: bytes(v.info) }, key, v.length * 8);
      expect(hex(new Uint8Array(bits))).toBe(v.okm);
    });
  }
});

describe('hkdfSha256OneBlock (src/core/srp.ts) against RFC 5869 A.1 and A.3', () => {
  // Both vectors ask for 42 bytes (two blocks); OKM = T(1) | T(2) | ..., so the first 32 bytes
  // of the RFC's OKM are T(1), the block our helper returns.
  const cases = ['A.1 ', 'A.3 '].map((id) => RFC5869.find((v) => v.name.startsWith(id)));
  it('finds both vectors, SHA-256 ones', () => {
    expect(cases.map((v) => v?.hash)).toEqual(['SHA-256', 'SHA-256']);
  });
  for (const v of cases) {
    if (!v) continue;
    it(`${v.name}: the 32 bytes are the first block of the OKM`, () => {
      const out = hkdfSha256OneBlock(bytes(v.salt!), bytes(v.ikm), bytes(v.info));
      expect(out.length).toBe(32);
      expect(hex(out)).toBe(v.okm.slice(0, 64));
    });
  }
  it('A.3: an empty salt equals the RFC default salt of 32 zero bytes', () => {
    const v = cases[1]!;
    expect(hex(hkdfSha256OneBlock(new Uint8Array(32), bytes(v.ikm), bytes(v.info)))).toBe(v.okm.slice(0, 64));
  });
  it("deriveSessionKey is @noble/hashes' full HKDF over padHex(S), salt padHex(u), info 'Caldera Derived Key', 16 bytes", () => {
    // Values with the top bit set (padHex adds a 00 byte), without, and small ones.
    const values = [1n, 0x7fn, 0x80n, (1n << 255n) + 12345n, (1n << 3071n) - 99n, 0x1234567890abcdefn << 1000n];
    for (const S of values) {
      for (const u of values) {
        const want = hkdf(sha256, bytes(padHex(S)), bytes(padHex(u)), new TextEncoder().encode('Caldera Derived Key'), 16);
        expect(hex(deriveSessionKey(S, u))).toBe(hex(want));
      }
    }
  });
});
