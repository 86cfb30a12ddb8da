// Proves that verifyCognitoJwt and its building blocks fail closed on bad input: a broken
// injected clock, a `crit` header, a non-numeric iat, weak or mislabelled keys, keys of another
// algorithm, undefined overrides, oversized tokens, and token strings echoed into messages.
// jose and aws-jwt-verify are the oracles where they have an opinion.
import { beforeAll, describe, expect, it } from 'vitest';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import {
  createCognitoJwtVerifier,
  createJwksCache,
  decodeJwt,
  importRsaJwk,
  isJwtError,
  verifyCognitoJwt,
  verifyJwtSignature,
  type JwtErrorCode,
} from '../../src/core/index.js';
import { CLIENT, ISS, POOL, accessClaims, jwksServer, makeKey, sign, type TestKey } from './jwt.helpers.js';

let key1: TestKey;
let key2: TestKey;
const nowSec = () => Math.floor(Date.now() / 1000);
const base = { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT } as const;
const b64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const json64 = (o: unknown) => b64url(new TextEncoder().encode(JSON.stringify(o)));

beforeAll(async () => {
  [key1, key2] = await Promise.all([makeKey('kid-1'), makeKey('kid-2')]);
});

async function code(p: Promise<unknown>): Promise<true | JwtErrorCode | string> {
  try {
    await p;
    return true;
  } catch (err) {
    if (isJwtError(err)) return err.code;
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

async function rsaKey(kid: string, modulusLength: number, publicExponent = new Uint8Array([1, 0, 1])): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent, hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { kid, privateKey: pair.privateKey, publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } };
}

describe('the injected clock', () => {
  it('a clock returning NaN, undefined, a string or Infinity is a TypeError naming now, before any fetch', async () => {
    const expired = await sign(key1, accessClaims(nowSec() - 365 * 86_400));
    for (const bad of [NaN, undefined, 'x', Infinity, null, {}]) {
      const server = jwksServer({ keys: [key1.publicJwk] });
      for (const o of [{ fetch: server.fetch }, { jwks: { keys: [key1.publicJwk] } }, { jwks: createJwksCache({ fetch: server.fetch }) }]) {
        const err = await verifyCognitoJwt(expired, { ...base, ...o, now: () => bad as never }).catch((e) => e);
        expect(err).toBeInstanceOf(TypeError);
        expect(err.message).toBe('now: expected a function returning finite milliseconds');
      }
      expect(server.state.calls).toBe(0);
    }
    await expect(verifyCognitoJwt(expired, { ...base, jwks: { keys: [key1.publicJwk] } })).rejects.toMatchObject({ code: 'JwtExpired' });
  });
  it('is read once per call (inline keys, or a cache made for the call)', async () => {
    const token = await sign(key1, accessClaims(nowSec()));
    const server = jwksServer({ keys: [key1.publicJwk] });
    for (const o of [{ jwks: { keys: [key1.publicJwk] } }, { fetch: server.fetch }]) {
      let reads = 0;
      await verifyCognitoJwt(token, { ...base, ...o, now: () => (reads++, Date.now()) });
      expect(reads).toBe(1);
    }
  });
});

describe('crit header (RFC 7515 §4.1.11)', () => {
  it('any crit is refused as JwtMalformed, even on an authentic token, as jose does', async () => {
    for (const header of [{ crit: ['x-must-understand'], 'x-must-understand': 1 }, { crit: ['exp'] }, { crit: [] }]) {
      const token = await sign(key1, accessClaims(nowSec()), header);
      expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys: [key1.publicJwk] } }))).toBe('JwtMalformed');
      expect(await code(verifyJwtSignature(decodeJwt(token), await importRsaJwk(key1.publicJwk as never)))).toBe('JwtMalformed');
      expect(await code(jwtVerify(token, createLocalJWKSet({ keys: [key1.publicJwk] })))).not.toBe(true);
    }
  });
});

describe('iat', () => {
  it('when present it must be a finite number; aws-jwt-verify agrees', async () => {
    const aws = CognitoJwtVerifier.create({ ...base });
    aws.cacheJwks({ keys: [key1.publicJwk] } as never);
    for (const iat of ['yesterday', null, [1], true, {}]) {
      const token = await sign(key1, accessClaims(nowSec(), { iat }));
      expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys: [key1.publicJwk] } }))).toBe('JwtInvalidClaim');
      if (typeof iat === 'string') expect(await code(aws.verify(token))).not.toBe(true);
    }
    const noIat = accessClaims(nowSec());
    delete noIat.iat;
    expect(await code(verifyCognitoJwt(await sign(key1, noIat), { ...base, jwks: { keys: [key1.publicJwk] } }))).toBe(true);
  });
});

describe('key strength', () => {
  it('an RSA key under 2048 bits is JwksInvalid (jose refuses it too)', async () => {
    const weak = await rsaKey('weak', 1024);
    const token = await sign(weak, accessClaims(nowSec()));
    expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys: [weak.publicJwk] } }))).toBe('JwksInvalid');
    const server = jwksServer({ keys: [weak.publicJwk] });
    expect(await code(verifyCognitoJwt(token, { ...base, jwks: createJwksCache({ fetch: server.fetch }) }))).toBe('JwksInvalid');
    const err = await importRsaJwk(weak.publicJwk as never).catch((e) => e);
    expect(isJwtError(err, 'JwksInvalid')).toBe(true);
    expect(err.message).toMatch(/^JWK n, e: weak RSA key/);
    expect(await code(jwtVerify(token, createLocalJWKSet({ keys: [weak.publicJwk] })))).not.toBe(true);
  });
  it('e = 1 lets anyone forge a signature without a private key: such a key is refused', async () => {
    const n = Uint8Array.from(atob(key1.publicJwk.n!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const h = json64({ kid: 'kid-1', alg: 'RS256' });
    const p = json64(accessClaims(nowSec(), { username: 'mallory', 'cognito:groups': ['admins'] }));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${h}.${p}`)));
    const prefix = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
    const t = [...prefix, ...digest];
    const em = new Uint8Array([0, 1, ...new Array(n.length - t.length - 3).fill(0xff), 0, ...t]);
    const forged = `${h}.${p}.${b64url(em)}`;
    const jwks = { keys: [{ ...key1.publicJwk, e: 'AQ' }] };
    expect(await code(verifyCognitoJwt(forged, { ...base, jwks }))).toBe('JwksInvalid');
    const err = await importRsaJwk(jwks.keys[0] as never).catch((e) => e);
    expect(err.message).toMatch(/^JWK n, e: weak RSA key/);
  });
  it('even exponents are refused; e = 3 and e = 65537 at 2048 bits are accepted', async () => {
    expect(await code(importRsaJwk({ ...key1.publicJwk, e: 'Ag' } as never))).toBe('JwksInvalid'); // e = 2
    expect(await code(importRsaJwk({ ...key1.publicJwk, e: 'AQAA' } as never))).toBe('JwksInvalid'); // e = 65536
    const e3 = await rsaKey('e3', 2048, new Uint8Array([3]));
    const token = await sign(e3, accessClaims(nowSec()));
    expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys: [e3.publicJwk] } }))).toBe(true);
    expect(await code(verifyCognitoJwt(await sign(key1, accessClaims(nowSec())), { ...base, jwks: { keys: [key1.publicJwk] } }))).toBe(true);
  });
});

describe('keys from the JWKS that are not for verifying', () => {
  it('key_ops without verify: the key is skipped (as jose does), so the kid is unknown', async () => {
    const token = await sign(key1, accessClaims(nowSec()));
    const keys = [{ ...key1.publicJwk, key_ops: ['encrypt'] }];
    expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys } }))).toBe('JwtUnknownKid');
    expect(await code(jwtVerify(token, createLocalJWKSet({ keys } as never)))).not.toBe(true);
    expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys: [{ ...key1.publicJwk, key_ops: ['verify'] }] } }))).toBe(true);
  });
  it('duplicate kids: the first key wins, exactly as aws-jwt-verify decides', async () => {
    const dup = { keys: [key1.publicJwk, { ...key2.publicJwk, kid: 'kid-1' }] };
    const aws = CognitoJwtVerifier.create({ ...base });
    aws.cacheJwks(dup as never);
    const byFirst = await sign(key1, accessClaims(nowSec()));
    const bySecond = await sign({ ...key2, kid: 'kid-1' }, accessClaims(nowSec()));
    expect(await code(verifyCognitoJwt(byFirst, { ...base, jwks: dup }))).toBe(true);
    expect(await code(aws.verify(byFirst))).toBe(true);
    expect(await code(verifyCognitoJwt(bySecond, { ...base, jwks: dup }))).toBe('JwtInvalidSignature');
    expect(await code(aws.verify(bySecond))).not.toBe(true);
  });
});

describe('verifyJwtSignature with a key of another kind', () => {
  it('RSA-PSS, HMAC, a private key or another hash: a JwtError, never a raw DOMException', async () => {
    const decoded = decodeJwt(await sign(key1, accessClaims(nowSec())));
    const pss = (await crypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    const rs384 = await crypto.subtle.importKey('jwk', { ...key1.publicJwk, alg: 'RS384' }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, false, ['verify']);
    for (const k of [pss.publicKey, hmac as CryptoKey, key1.privateKey, rs384, undefined as never]) {
      expect(await code(verifyJwtSignature(decoded, k))).toBe('JwtUnsupportedAlgorithm');
    }
    expect(await code(verifyJwtSignature(decoded, await importRsaJwk(key1.publicJwk as never)))).toBe(true);
  });
});

describe('overrides set to undefined', () => {
  it('createCognitoJwtVerifier keeps its shared cache when an override says jwks: undefined', async () => {
    const server = jwksServer({ keys: [key1.publicJwk] });
    const v = createCognitoJwtVerifier({ ...base, fetch: server.fetch, now: () => Date.now() });
    const token = await sign(key1, accessClaims(nowSec()));
    const spread: { jwks?: undefined; now?: undefined; clientId?: undefined } = { jwks: undefined, now: undefined, clientId: undefined };
    await v.verify(token, spread);
    await v.verify(token, { jwks: undefined });
    expect(server.state.calls).toBe(1);
    const forged = await sign({ ...key2, kid: 'made-up' }, accessClaims(nowSec()));
    for (let i = 0; i < 20; i++) expect(await code(v.verify(forged, { jwks: undefined }))).toBe('JwtUnknownKid');
    expect(server.state.calls).toBe(1); // the keys were fetched just now: refetches are rate-limited
    // a defined override still applies
    expect(await code(v.verify(token, { clientId: 'someone-else' }))).toBe('JwtWrongClient');
  });
});

describe('size limits', () => {
  it('a token longer than maxTokenLength (default 32 768) is JwtMalformed before any parse or fetch', async () => {
    const server = jwksServer({ keys: [key1.publicJwk] });
    const huge = `${json64({ kid: 'kid-1', alg: 'RS256' })}.${json64({ pad: 'x'.repeat(40_000) })}.AAAA`;
    const err = await verifyCognitoJwt(huge, { ...base, fetch: server.fetch }).catch((e) => e);
    expect(isJwtError(err, 'JwtMalformed')).toBe(true);
    expect(err.message).toMatch(/^token: longer than maxTokenLength \(32768 characters\)$/);
    expect(server.state.calls).toBe(0);
    const token = await sign(key1, accessClaims(nowSec()));
    expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys: [key1.publicJwk] }, maxTokenLength: 100 }))).toBe('JwtMalformed');
    expect(await code(verifyCognitoJwt(token, { ...base, jwks: { keys: [key1.publicJwk] }, maxTokenLength: token.length }))).toBe(true);
    const big = await sign(key1, accessClaims(nowSec(), { pad: 'x'.repeat(40_000) }));
    expect(await code(verifyCognitoJwt(big, { ...base, jwks: { keys: [key1.publicJwk] }, maxTokenLength: Infinity }))).toBe(true);
    for (const bad of [0, -1, NaN, 'many']) {
      await expect(verifyCognitoJwt(token, { ...base, fetch: server.fetch, maxTokenLength: bad as never })).rejects.toThrow(/^maxTokenLength: /);
    }
  });
  it('strings from the token are cut short in error messages', async () => {
    const long = 'z'.repeat(100_000);
    const jwks = { keys: [key1.publicJwk] };
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, JwtErrorCode]> = [
      [{}, { iss: long }, 'JwtWrongIssuer'],
      [{}, { token_use: long }, 'JwtWrongTokenUse'],
      [{}, { client_id: long }, 'JwtWrongClient'],
      [{ kid: long }, {}, 'JwtUnknownKid'],
      [{ alg: long }, {}, 'JwtUnsupportedAlgorithm'],
    ];
    for (const [header, claims, expected] of cases) {
      const token = await sign(key1, accessClaims(nowSec(), claims), header);
      const err = await verifyCognitoJwt(token, { ...base, jwks, maxTokenLength: Infinity }).catch((e) => e);
      expect(isJwtError(err, expected)).toBe(true);
      expect(err.message.length).toBeLessThan(200);
    }
    const id = await sign(key1, { ...accessClaims(nowSec()), token_use: 'id', aud: [long] });
    const err = await verifyCognitoJwt(id, { ...base, tokenUse: 'id', jwks, maxTokenLength: Infinity }).catch((e) => e);
    expect(isJwtError(err, 'JwtWrongClient')).toBe(true);
    expect(err.message.length).toBeLessThan(200);
    // the expected issuer (configuration, not the token) is still named in full
    const wrongIss = await sign(key1, accessClaims(nowSec(), { iss: 'https://elsewhere.test' }));
    expect((await verifyCognitoJwt(wrongIss, { ...base, jwks }).catch((e) => e)).message).toContain(ISS);
  });
});
