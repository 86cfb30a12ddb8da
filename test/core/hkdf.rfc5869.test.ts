// Proves that HKDF as we use it (@noble/hashes: the SRP session key "Caldera Derived Key";
// Web Crypto: the edge cookie key) matches RFC 5869 Appendix A.
import { describe, expect, it } from 'vitest';
import { extract, expand, hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
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
