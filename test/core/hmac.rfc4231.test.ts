// Proves that HMAC-SHA-256/512 as we use it (@noble/hashes, sync: SECRET_HASH, SRP claim,
// TOTP) matches RFC 4231's test vectors, and that Web Crypto (used by the edge seal) agrees.
import { describe, expect, it } from 'vitest';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { RFC4231 } from './hmac-hkdf-totp.rfc-vectors.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));

describe('RFC 4231 HMAC vectors', () => {
  for (const v of RFC4231) {
    const cut = (mac: Uint8Array) => ('truncate' in v ? mac.slice(0, v.truncate) : mac);
    it(`${v.name}: HMAC-SHA-256 (@noble/hashes)`, () => {
      expect(hex(cut(hmac(sha256, bytes(v.key), bytes(v.data))))).toBe(v.sha256);
    });
    it(`${v.name}: HMAC-SHA-512 (@noble/hashes)`, () => {
      expect(hex(cut(hmac(sha512, bytes(v.key), bytes(v.data))))).toBe(v.sha512);
    });
    it(`${v.name}: HMAC-SHA-256 and -512 (Web Crypto)`, async () => {
      for (const [hash, want] of [['SHA-256', v.sha256], ['SHA-512', v.sha512]] as const) {
        const key = await crypto.subtle.importKey('raw', bytes(v.key), { name: 'HMAC', hash }, false, ['sign']);
        const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes(v.data)));
        expect(hex(cut(mac))).toBe(want);
      }
    });
  }
  it('the incremental API gives the same MAC as the one-shot call', () => {
    const v = RFC4231[6];
    const data = bytes(v.data);
    const h = hmac.create(sha256, bytes(v.key));
    h.update(data.subarray(0, 17));
    h.update(data.subarray(17));
    expect(hex(h.digest())).toBe(v.sha256);
  });
});
