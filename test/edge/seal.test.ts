// Proves the cookie sealer: round trips, any flipped byte or foreign context/secret fails to
// open, IVs are fresh, secret rotation, and the key is exactly HKDF-SHA256(secret, salt, context)
// as documented (checked by re-deriving it with @noble/hashes and decrypting by hand).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createSealer } from '../../src/edge/index.js';

const SECRET = 'k'.repeat(32);
const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
const toB64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('createSealer', () => {
  it('round-trips JSON values', async () => {
    const s = createSealer({ secrets: SECRET, context: 'ctx' });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => {
        const sealed = await s.seal(v);
        expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(await s.open(sealed)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 50 },
    );
  });

  it('any single flipped bit makes it unopenable', async () => {
    const s = createSealer({ secrets: SECRET, context: 'ctx' });
    const sealed = await s.seal({ rt: 'refresh-token', u: 'alice' });
    const bytes = fromB64url(sealed);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 7 }), async (i, bit) => {
        const copy = bytes.slice();
        copy[i]! ^= 1 << bit;
        expect(await s.open(toB64url(copy))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
    for (const junk of ['', 'x', '!!!', sealed.slice(0, 20), sealed + 'A']) expect(await s.open(junk)).toBeUndefined();
  });

  it('is bound to its context and its secret', async () => {
    const a = createSealer({ secrets: SECRET, context: 'cookie-a' });
    const b = createSealer({ secrets: SECRET, context: 'cookie-b' });
    const c = createSealer({ secrets: 'z'.repeat(32), context: 'cookie-a' });
    const sealed = await a.seal({ x: 1 });
    expect(await b.open(sealed)).toBeUndefined();
    expect(await c.open(sealed)).toBeUndefined();
    const rotated = createSealer({ secrets: ['z'.repeat(32), SECRET], context: 'cookie-a' });
    expect(await rotated.open(sealed)).toEqual({ x: 1 });
    expect(await a.open(await rotated.seal({ y: 2 }))).toBeUndefined(); // new seals use the first secret
    expect(await c.open(await rotated.seal({ y: 2 }))).toEqual({ y: 2 });
  });

  it('uses a fresh IV each time', async () => {
    const s = createSealer({ secrets: SECRET, context: 'ctx' });
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(toB64url(fromB64url(await s.seal('same')).subarray(1, 13)));
    expect(seen.size).toBe(20);
  });

  it('the key is HKDF-SHA256(secret, "cognito-edge/seal/v1", context) and the layout is v1 ‖ iv ‖ ct', async () => {
    const iv = new Uint8Array(12).fill(7);
    const s = createSealer({ secrets: SECRET, context: 'ctx', random: () => iv.slice() });
    const sealed = fromB64url(await s.seal({ hello: 'world' }));
    expect(sealed[0]).toBe(1);
    expect(sealed.subarray(1, 13)).toEqual(iv);
    const enc = new TextEncoder();
    const raw = hkdf(sha256, enc.encode(SECRET), enc.encode('cognito-edge/seal/v1'), enc.encode('ctx'), 32);
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: enc.encode('ctx') }, key, sealed.subarray(13));
    expect(JSON.parse(new TextDecoder().decode(plain))).toEqual({ hello: 'world' });
  });

  it('refuses short secrets naming the field', () => {
    expect(() => createSealer({ secrets: 'short', context: 'c' })).toThrow(/cookieSecret: expected at least 32 bytes/);
    expect(() => createSealer({ secrets: [SECRET, 'short'], context: 'c' })).toThrow(/cookieSecret\[1\]/);
    expect(() => createSealer({ secrets: [], context: 'c' })).toThrow(/cookieSecret/);
    expect(() => createSealer({ secrets: SECRET, context: '' })).toThrow(/context/);
  });
});
