// Proves that verifyAccessToken's overrides never undo the edge's own settings by being
// undefined: `{ jwks: undefined }` (what spreading an options object with optional fields gives)
// keeps the shared JWKS cache, so tokens do not each fetch the keys and made-up kids stay
// rate-limited; `{ jwksUri: undefined, now: undefined }` keep the configured URI and clock.
import { describe, expect, it } from 'vitest';
import { isJwtError } from '../../src/core/index.js';
import { edgeFor, makeWorld } from './edge.fixture.js';

const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('verifyAccessToken overrides set to undefined keep the edge settings', () => {
  it('{ jwks: undefined } keeps the shared cache: one JWKS fetch for many tokens, made-up kids rate-limited', async () => {
    const w = await makeWorld();
    let jwksFetches = 0;
    const fetch = (input: string | Request | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/.well-known/jwks.json')) jwksFetches++;
      return w.fetch(input, init);
    };
    const edge = edgeFor(w, { fetch: fetch as never });
    const t = await w.signIn();
    const optional: { jwks?: undefined; jwksUri?: undefined; now?: undefined; issuer?: undefined } = {
      jwks: undefined,
      jwksUri: undefined,
      now: undefined,
      issuer: undefined,
    };
    for (let i = 0; i < 3; i++) expect((await edge.verifyAccessToken(t.AccessToken, optional)).username).toBe('alice');
    expect((await edge.verifyAccessToken(t.AccessToken, { jwks: undefined })).username).toBe('alice');
    expect(jwksFetches).toBe(1);
    const [, payload, sig] = t.AccessToken.split('.');
    for (let i = 0; i < 20; i++) {
      const forged = `${b64url(JSON.stringify({ kid: `made-up-${i}`, alg: 'RS256' }))}.${payload}.${sig}`;
      const err = await edge.verifyAccessToken(forged, { jwks: undefined }).catch((e) => e);
      expect(isJwtError(err, 'JwtUnknownKid')).toBe(true);
    }
    expect(jwksFetches).toBe(1);
  });
});
