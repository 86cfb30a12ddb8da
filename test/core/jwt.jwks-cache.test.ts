// Proves the JWKS cache: keys are fetched once, an unknown kid refetches at most once per
// interval (counted with an injected fetch), concurrent callers share one fetch, rotated-in keys
// are found, rotated-out keys are dropped, and failures are retryable and not cached.
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwksCache, isJwtError, verifyCognitoJwt } from '../../src/core/index.js';
import { CLIENT, POOL, accessClaims, jwksServer, makeKey, sign, type TestKey } from './jwt.helpers.js';

const URI = 'https://example.test/.well-known/jwks.json';
let k1: TestKey;
let k2: TestKey;
let k3: TestKey;
beforeAll(async () => {
  [k1, k2, k3] = await Promise.all([makeKey('k1'), makeKey('k2'), makeKey('k3')]);
});

function setup(minRefetchIntervalMs = 60_000) {
  const server = jwksServer({ keys: [k1.publicJwk] });
  const clock = { t: 1_000_000 };
  const cache = createJwksCache({ fetch: server.fetch, now: () => clock.t, jwksUri: URI, minRefetchIntervalMs });
  return { server, clock, cache };
}

describe('createJwksCache', () => {
  it('fetches once and serves known kids from the cache', async () => {
    const { server, cache } = setup();
    const a = await cache.getKey('k1');
    const b = await cache.getKey('k1');
    expect(a.cryptoKey).toBe(b.cryptoKey); // imported once
    expect(a.jwk.n).toBe(k1.publicJwk.n);
    expect(server.state.calls).toBe(1);
    expect(cache.fetchCount()).toBe(1);
  });

  it('limits refetches for unknown kids to one per interval', async () => {
    const { server, clock, cache } = setup(60_000);
    await cache.getKey('k1');
    for (let i = 0; i < 20; i++) {
      const err = await cache.getKey(`made-up-${i}`).catch((e) => e);
      expect(isJwtError(err, 'JwtUnknownKid')).toBe(true);
    }
    expect(server.state.calls).toBe(1); // the first load happened just now: no refetch at all
    clock.t += 60_000;
    await expect(cache.getKey('made-up-x')).rejects.toMatchObject({ code: 'JwtUnknownKid' });
    expect(server.state.calls).toBe(2);
    await expect(cache.getKey('made-up-y')).rejects.toMatchObject({ code: 'JwtUnknownKid' });
    expect(server.state.calls).toBe(2);
    clock.t += 59_999;
    await expect(cache.getKey('made-up-z')).rejects.toMatchObject({ code: 'JwtUnknownKid' });
    expect(server.state.calls).toBe(2);
    clock.t += 1;
    await expect(cache.getKey('made-up-z')).rejects.toMatchObject({ code: 'JwtUnknownKid' });
    expect(server.state.calls).toBe(3);
  });

  it('finds a rotated-in key after the interval, and drops rotated-out keys', async () => {
    const { server, clock, cache } = setup(1000);
    await cache.getKey('k1');
    server.state.jwks = { keys: [k2.publicJwk, k3.publicJwk] };
    await expect(cache.getKey('k2')).rejects.toMatchObject({ code: 'JwtUnknownKid' }); // too soon
    clock.t += 1000;
    expect((await cache.getKey('k2')).kid).toBe('k2');
    expect((await cache.getKey('k3')).kid).toBe('k3');
    expect(server.state.calls).toBe(2);
    clock.t += 1000;
    await expect(cache.getKey('k1')).rejects.toMatchObject({ code: 'JwtUnknownKid' }); // refetched, gone
    expect(server.state.calls).toBe(3);
  });

  it('never has more than one fetch in flight', async () => {
    const { server, clock, cache } = setup(0);
    let release!: () => void;
    server.state.gate = new Promise<void>((r) => (release = r));
    const waiting = Promise.allSettled([cache.getKey('k1'), cache.getKey('k1'), cache.getKey('nope'), cache.getKey('k1')]);
    await new Promise((r) => setTimeout(r, 10));
    expect(server.state.calls).toBe(1);
    release();
    const results = await waiting;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(server.state.calls).toBe(1);
    // with a zero interval, concurrent unknown-kid callers still share one refetch
    server.state.gate = new Promise<void>((r) => (release = r));
    clock.t += 1;
    const again = Promise.allSettled([cache.getKey('x1'), cache.getKey('x2'), cache.getKey('x3')]);
    await new Promise((r) => setTimeout(r, 10));
    release();
    await again;
    expect(server.state.calls).toBe(2);
  });

  it('fetch failures are retryable JwksFetchFailed and do not start the interval', async () => {
    const { server, cache } = setup(60_000);
    server.state.fail = 'network';
    const e1 = await cache.getKey('k1').catch((e) => e);
    expect(isJwtError(e1, 'JwksFetchFailed')).toBe(true);
    expect(e1.retryable).toBe(true);
    server.state.fail = 500;
    await expect(cache.getKey('k1')).rejects.toMatchObject({ code: 'JwksFetchFailed' });
    server.state.fail = false;
    expect((await cache.getKey('k1')).kid).toBe('k1');
    expect(server.state.calls).toBe(3);
  });

  it('rejects a JWKS that is not a key set, and skips unusable keys', async () => {
    const { server, cache } = setup(0);
    server.state.jwks = { nope: true } as never;
    await expect(cache.getKey('k1')).rejects.toMatchObject({ code: 'JwksInvalid' });
    server.state.jwks = { keys: [{ kty: 'EC', kid: 'k1' }, { ...k1.publicJwk, use: 'enc' }, k2.publicJwk] };
    await expect(cache.getKey('k1')).rejects.toMatchObject({ code: 'JwtUnknownKid' });
    expect((await cache.getKey('k2')).kid).toBe('k2');
  });

  it('keeps separate state per JWKS URI and per cache', async () => {
    const s1 = jwksServer({ keys: [k1.publicJwk] });
    const cache = createJwksCache({ fetch: s1.fetch });
    await cache.getKey('k1', 'https://a.test/jwks');
    await cache.getKey('k1', 'https://b.test/jwks');
    expect(s1.state.calls).toBe(2);
    const other = createJwksCache({ fetch: s1.fetch });
    await other.getKey('k1', 'https://a.test/jwks');
    expect(s1.state.calls).toBe(3);
    await expect(cache.getKey('k1')).rejects.toThrow(/jwksUri/);
  });

  it('verifyCognitoJwt with a shared cache: unknown-kid tokens cannot drive the fetch count up', async () => {
    const { server, cache } = setup(60_000);
    const now = Math.floor(Date.now() / 1000);
    const o = { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, jwks: cache, jwksUri: URI } as const;
    await verifyCognitoJwt(await sign(k1, accessClaims(now)), o);
    const forged = await sign({ ...k3, kid: 'attacker' }, accessClaims(now));
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => verifyCognitoJwt(forged, o)));
    expect(results.every((r) => r.status === 'rejected' && isJwtError(r.reason, 'JwtUnknownKid'))).toBe(true);
    expect(server.state.calls).toBe(1);
  });

  it('validates its options', () => {
    expect(() => createJwksCache({ minRefetchIntervalMs: -1 })).toThrow(/minRefetchIntervalMs/);
    expect(() => createJwksCache({ now: 5 as never })).toThrow(/now/);
    expect(() => createJwksCache({ fetch: 'x' as never })).toThrow(/fetch/);
  });
});
