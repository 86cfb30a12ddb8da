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

  it('fetch failures are retryable JwksFetchFailed and start only a short backoff, not the interval', async () => {
    const { server, clock, cache } = setup(60_000);
    server.state.fail = 'network';
    const e1 = await cache.getKey('k1').catch((e) => e);
    expect(isJwtError(e1, 'JwksFetchFailed')).toBe(true);
    expect(e1.retryable).toBe(true);
    server.state.fail = 500;
    await expect(cache.getKey('k1')).rejects.toMatchObject({ code: 'JwksFetchFailed' }); // one failure: retried at once
    server.state.fail = false;
    await expect(cache.getKey('k1')).rejects.toMatchObject({ code: 'JwksFetchFailed', retryable: true }); // backoff
    expect(server.state.calls).toBe(2);
    clock.t += 1000;
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

  it('a clock returning NaN, undefined or a string is a TypeError naming now, before any fetch', async () => {
    for (const bad of [NaN, undefined, 'x', Infinity, null]) {
      const server = jwksServer({ keys: [k1.publicJwk] });
      const cache = createJwksCache({ fetch: server.fetch, now: () => bad as never, jwksUri: URI });
      const err = await cache.getKey('k1').catch((e) => e);
      expect(err).toBeInstanceOf(TypeError);
      expect(err.message).toMatch(/^now: /);
      expect(server.state.calls).toBe(0);
    }
  });

  it('reads the clock once per getKey call', async () => {
    const server = jwksServer({ keys: [k1.publicJwk] });
    let reads = 0;
    const cache = createJwksCache({ fetch: server.fetch, now: () => (reads++, 1_000_000), jwksUri: URI });
    await cache.getKey('k1');
    await cache.getKey('nope').catch(() => {});
    expect(reads).toBe(2);
  });

  it('a clock stepped backwards does not block refetches until it catches up', async () => {
    const server = jwksServer({ keys: [k1.publicJwk] });
    const clock = { t: 10 * 86_400_000 };
    const cache = createJwksCache({ fetch: server.fetch, now: () => clock.t, jwksUri: URI, minRefetchIntervalMs: 60_000 });
    await cache.getKey('k1');
    clock.t -= 86_400_000; // an NTP step of a day backwards
    server.state.jwks = { keys: [k1.publicJwk, k2.publicJwk] }; // k2 rotated in
    clock.t += 3_600_000;
    expect((await cache.getKey('k2')).kid).toBe('k2');
    expect(server.state.calls).toBe(2);
    // and the interval restarts from the new reading
    await expect(cache.getKey('made-up')).rejects.toMatchObject({ code: 'JwtUnknownKid' });
    expect(server.state.calls).toBe(2);
  });

  it('made-up kids cannot hammer a failing endpoint: failures back off (1 s, 3 s, ... up to the interval)', async () => {
    for (const fail of [500, 'network', 'not a JWKS'] as const) {
      const { server, clock, cache } = setup(60_000);
      await cache.getKey('k1');
      clock.t += 60_000;
      if (fail === 'not a JWKS') server.state.jwks = { nope: 1 } as never;
      else server.state.fail = fail;
      const code = fail === 'not a JWKS' ? 'JwksInvalid' : 'JwksFetchFailed';
      for (let i = 0; i < 100; i++) await expect(cache.getKey(`made-up-${i}`)).rejects.toMatchObject({ code });
      expect(server.state.calls - 1).toBe(2); // the second failure in a row starts the backoff
      expect((await cache.getKey('k1')).kid).toBe('k1'); // known keys are still served meanwhile
      clock.t += 999;
      await cache.getKey('made-up').catch(() => {});
      expect(server.state.calls - 1).toBe(2);
      clock.t += 1;
      await cache.getKey('made-up').catch(() => {});
      expect(server.state.calls - 1).toBe(3); // after 1 s, then 3 s
      clock.t += 2999;
      await cache.getKey('made-up').catch(() => {});
      expect(server.state.calls - 1).toBe(3);
      clock.t += 1;
      await cache.getKey('made-up').catch(() => {});
      expect(server.state.calls - 1).toBe(4);
      // capped at the interval
      for (let i = 0; i < 20; i++) {
        clock.t += 60_000;
        await cache.getKey('made-up').catch(() => {});
      }
      const before = server.state.calls;
      clock.t += 59_999;
      await cache.getKey('made-up').catch(() => {});
      expect(server.state.calls).toBe(before);
      // recovery: a success resets the backoff and the key is found
      server.state.fail = false;
      server.state.jwks = { keys: [k1.publicJwk, k2.publicJwk] };
      clock.t += 1;
      expect((await cache.getKey('k2')).kid).toBe('k2');
    }
  });

  it('a JWKS answer that is not OK has its body cancelled, not left unread', async () => {
    let cancelled = 0;
    const fetch = async () =>
      new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(16)), cancel: () => void cancelled++ }), { status: 503 });
    const cache = createJwksCache({ fetch, jwksUri: URI });
    await expect(cache.getKey('k1')).rejects.toMatchObject({ code: 'JwksFetchFailed' });
    await new Promise((r) => setTimeout(r, 0));
    expect(cancelled).toBe(1);
  });

  it('duplicate kids: the first key is kept, as aws-jwt-verify does', async () => {
    const dup = { ...k2.publicJwk, kid: 'k1' };
    const server = jwksServer({ keys: [k1.publicJwk, dup] });
    const cache = createJwksCache({ fetch: server.fetch, jwksUri: URI });
    expect((await cache.getKey('k1')).jwk.n).toBe(k1.publicJwk.n);
    const pre = createJwksCache({ jwksUri: URI });
    pre.preload({ keys: [dup, k1.publicJwk] });
    expect((await pre.getKey('k1')).jwk.n).toBe(k2.publicJwk.n);
  });

  it('skips keys whose key_ops lacks verify, and keys whose use is not sig', async () => {
    const server = jwksServer({
      keys: [
        { ...k1.publicJwk, key_ops: ['encrypt'] },
        { ...k2.publicJwk, key_ops: 'verify' },
        { ...k3.publicJwk, use: 'enc' },
      ],
    });
    const cache = createJwksCache({ fetch: server.fetch, jwksUri: URI, minRefetchIntervalMs: 0 });
    for (const kid of ['k1', 'k2', 'k3']) await expect(cache.getKey(kid)).rejects.toMatchObject({ code: 'JwtUnknownKid' });
    server.state.jwks = { keys: [{ ...k1.publicJwk, key_ops: ['verify'] }, { ...k2.publicJwk, key_ops: ['sign', 'verify'] }] };
    expect((await cache.getKey('k1')).kid).toBe('k1');
    expect((await cache.getKey('k2')).kid).toBe('k2');
  });

  it('a huge made-up kid is cut short in the error message', async () => {
    const { cache } = setup(60_000);
    await cache.getKey('k1');
    for (const kid of ['x'.repeat(1_000_000), 'y'.repeat(100)]) {
      const err = await cache.getKey(kid).catch((e) => e);
      expect(isJwtError(err, 'JwtUnknownKid')).toBe(true);
      expect(err.message.length).toBeLessThan(120);
      expect(err.message).toContain(`kid ${JSON.stringify(kid).slice(0, 40)} is not in the JWKS`);
    }
  });

  it('validates its options', () => {
    expect(() => createJwksCache({ minRefetchIntervalMs: -1 })).toThrow(/minRefetchIntervalMs/);
    expect(() => createJwksCache({ now: 5 as never })).toThrow(/now/);
    expect(() => createJwksCache({ fetch: 'x' as never })).toThrow(/fetch/);
  });
});
