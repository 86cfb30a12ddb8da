import { describe, expect, it } from 'vitest';
import { effectiveLeeway, isValidFor, localExpiry, measureTokenTimes } from '../../src/session/clock-drift.js';
import { readTokenClaims } from '../../src/session/token-claims.js';
import { makeJwt } from './helpers.js';

const S = 1_700_000_000; // service clock, seconds

describe('clock drift', () => {
  it('is local time at receipt minus the earlier iat; expiry is the earlier exp', () => {
    const access = makeJwt({ iat: S, exp: S + 3600 });
    const id = makeJwt({ iat: S + 1, exp: S + 3000 });
    const t = measureTokenTimes(access, id, S * 1000 + 7_200_000)!; // local clock 2 h ahead
    expect(t).toEqual({ clockDrift: 7_200_000, serverIssuedAt: S * 1000, serverExpiresAt: (S + 3000) * 1000 });
    expect(localExpiry(t)).toBe((S + 3000) * 1000 + 7_200_000);
  });

  it('judges validity on corrected time', () => {
    const t = measureTokenTimes(makeJwt({ iat: S, exp: S + 3600 }), makeJwt({ iat: S, exp: S + 3600 }), S * 1000 - 600_000)!; // local 10 min behind
    const localNowAt = (serverSeconds: number) => serverSeconds * 1000 - 600_000;
    expect(isValidFor(t, localNowAt(S + 3600 - 181), 180_000)).toBe(true);
    expect(isValidFor(t, localNowAt(S + 3600 - 179), 180_000)).toBe(false);
  });

  it('caps the leeway at half the token lifetime', () => {
    const t = measureTokenTimes(makeJwt({ iat: S, exp: S + 300 }), makeJwt({ iat: S, exp: S + 300 }), S * 1000)!;
    expect(effectiveLeeway(t, 180_000)).toBe(150_000);
    expect(effectiveLeeway(t, 60_000)).toBe(60_000);
  });

  it('rejects tokens that are not JWTs with numeric iat and exp', () => {
    const good = makeJwt({ iat: S, exp: S + 10 });
    for (const bad of ['', 'a.b', 'a.b.c', makeJwt({ iat: 'x', exp: S }), makeJwt({ iat: S }), makeJwt({ iat: S, exp: S - 1 }), `x.${btoa('[1]')}.y`]) {
      expect(measureTokenTimes(bad, good, 0)).toBeUndefined();
      expect(measureTokenTimes(good, bad, 0)).toBeUndefined();
    }
    expect(readTokenClaims(42)).toBeUndefined();
    expect(readTokenClaims(makeJwt({ 'cognito:username': 'ü-user' }))?.['cognito:username']).toBe('ü-user');
  });
});
