// Proves the edge cookie session end to end against the emulator (over its fetch handler):
// the refresh token only ever travels sealed in an HttpOnly cookie; refresh sends SECRET_HASH
// and DEVICE_KEY; sign-out revokes; transient failures never clear the cookie and only
// NotAuthorizedException does (more refusals in edge-auth.refusals.test.ts); CSRF and method
// guards; access-token verification.
import { describe, expect, it } from 'vitest';
import { accessTokenErrorResponse, createEdgeAuth } from '../../src/edge/index.js';
import { isJwtError } from '../../src/core/index.js';
import { ENDPOINT, ORIGIN, SECRET, cookieJar, edgeFor, makeWorld, post, startSession, type World } from './edge.fixture.js';

const refreshCount = (w: World) => w.emu.requests.filter((r) => r.target.endsWith('InitiateAuth') || r.target.endsWith('GetTokensFromRefreshToken')).length;

describe('cookie session against the emulator', () => {
  it('POST /auth/session sets a sealed HttpOnly cookie and returns fresh tokens, never the refresh token', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar, tokens, res } = await startSession(w, edge);
    const setCookie = res.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^__Secure-cognito-edge=[A-Za-z0-9_-]+; Path=\/auth; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict$/);
    const body = await res.clone().json();
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresAt', 'expiresIn', 'idToken', 'tokenType']);
    expect(JSON.stringify(body)).not.toContain(tokens.RefreshToken);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // the cookie value reveals nothing of the refresh token
    const value = jar.jar.get('__Secure-cognito-edge')!.value;
    expect(value).not.toContain(tokens.RefreshToken.slice(0, 20));
    expect(atob(value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '='))).not.toContain(
      tokens.RefreshToken.slice(0, 20),
    );
    const claims = await edge.verifyAccessToken(body.accessToken);
    expect(claims.username).toBe('alice');
  });

  it('POST /auth/refresh exchanges the cookie for new tokens (REFRESH_TOKEN_AUTH)', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    w.emu.advanceTime(5 * 60_000);
    const before = refreshCount(w);
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(200);
    expect(res!.headers.getSetCookie()).toEqual([]); // no rotation: the cookie is unchanged
    const body = await res!.json();
    const claims = await edge.verifyAccessToken(new Request('https://x.test/', { headers: { authorization: `Bearer ${body.accessToken}` } }));
    expect(claims.token_use).toBe('access');
    expect(Math.abs(body.expiresAt - (w.emu.now() + body.expiresIn * 1000))).toBeLessThan(2000);
    expect(refreshCount(w) - before).toBe(1);
    const last = w.emu.requests.at(-1)!;
    expect(last.target).toMatch(/InitiateAuth$/);
    expect(last.status).toBe(200);
  });

  it('sends SECRET_HASH (client with a secret), using the username from the access token', async () => {
    const w = await makeWorld({ secret: true });
    expect(w.clientSecret).toBeTruthy();
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(200);
    // the same cookie refreshed by an instance that does not know the secret (so sends no
    // SECRET_HASH) is refused by Cognito: the hash is what made the difference above. That is the
    // worker's configuration error, not the user's: 500, and the cookie is kept
    const noSecret = edgeFor(w, { clientSecret: undefined } as never);
    const refused = await noSecret.handle(post('/auth/refresh', jar));
    expect(refused!.status).toBe(500);
    expect((await refused!.json()).error).toBe('ClientSecretMisconfigured');
    expect(refused!.headers.getSetCookie()).toEqual([]);
    expect(w.emu.requests.at(-1)).toMatchObject({ target: 'InitiateAuth', errorType: 'NotAuthorizedException' });
    // a session request without username or access token is refused before any Cognito call
    const n = w.emu.requests.length;
    const t = await w.signIn();
    const bad = await edge.handle(post('/auth/session', cookieJar(), { refreshToken: t.RefreshToken }));
    expect(bad!.status).toBe(400);
    expect((await bad!.json()).message).toMatch(/username/);
    expect(w.emu.requests.length).toBe(n + 1); // only the sign-in above
  });

  it('sends DEVICE_KEY: a device-bound refresh token works only with its device key', async () => {
    const w = await makeWorld({ devices: true });
    const edge = edgeFor(w);
    const { jar, tokens } = await startSession(w, edge);
    expect(tokens.deviceKey).toMatch(/^eu-west-1_/);
    expect((await edge.handle(post('/auth/refresh', jar)))!.status).toBe(200);
    // the same refresh token without the device key is refused by Cognito (and so by the emulator)
    const res = await edge.handle(post('/auth/session', cookieJar(), { refreshToken: tokens.RefreshToken, accessToken: tokens.AccessToken }));
    expect(res!.status).toBe(401);
    expect((await res!.json()).error).toBe('NotAuthorizedException');
  });

  it('GetTokensFromRefreshToken with rotation: the new refresh token is sealed into a new cookie', async () => {
    const w = await makeWorld({ rotation: true });
    const edge = edgeFor(w, { refreshWith: 'GetTokensFromRefreshToken' });
    const { jar } = await startSession(w, edge);
    const oldCookie = jar.header(ORIGIN + '/auth/refresh');
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(200);
    expect(res!.headers.getSetCookie()).toHaveLength(1);
    jar.take(res!);
    expect(jar.header(ORIGIN + '/auth/refresh')).not.toBe(oldCookie);
    expect((await edge.handle(post('/auth/refresh', jar)))!.status).toBe(200);
    // replaying the old cookie (old refresh token, already rotated) fails at Cognito
    const replay = await edge.handleRefresh(new Request(ORIGIN + '/auth/refresh', { method: 'POST', headers: { cookie: oldCookie } }));
    expect(replay.status).toBe(401);
    expect((await replay.json()).error).toBe('RefreshTokenReuseException');
    expect(replay.headers.getSetCookie()).toEqual([]); // the current cookie may be the one just set
  });
});

describe('failures: only NotAuthorizedException clears the cookie', () => {
  for (const fault of ['network', 500, 'throttle', 'hang'] as const) {
    it(`transient failure (${fault}) answers 503/502, keeps the cookie, and the session works afterwards`, async () => {
      const w = await makeWorld();
      const edge = edgeFor(w, { timeout: 200, maxAttempts: 2 });
      const { jar } = await startSession(w, edge);
      w.fault.next = fault;
      const res = await edge.handle(post('/auth/refresh', jar));
      expect([502, 503]).toContain(res!.status);
      expect(res!.headers.getSetCookie()).toEqual([]);
      const body = await res!.json();
      expect(body.error).not.toBe('NotAuthorizedException');
      expect(w.fault.count).toBeGreaterThanOrEqual(1);
      w.fault.next = false;
      const ok = await edge.handle(post('/auth/refresh', jar));
      expect(ok!.status).toBe(200);
    });
  }

  it('a revoked refresh token (NotAuthorizedException) clears the cookie', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    await w.emu.call('AdminUserGlobalSignOut', { UserPoolId: w.poolId, Username: 'alice' });
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(401);
    expect((await res!.json()).error).toBe('NotAuthorizedException');
    const cleared = res!.headers.getSetCookie();
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatch(/^__Secure-cognito-edge=; Path=\/auth; Max-Age=0;/);
    jar.take(res!);
    expect(jar.jar.size).toBe(0);
  });

  it('a tampered cookie or one sealed with an unknown secret is "no session" and is not cleared', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    const c = jar.jar.get('__Secure-cognito-edge')!;
    const flipped = c.value.slice(0, 20) + (c.value[20] === 'A' ? 'B' : 'A') + c.value.slice(21);
    const res = await edge.handleRefresh(new Request(ORIGIN + '/auth/refresh', { method: 'POST', headers: { cookie: `__Secure-cognito-edge=${flipped}` } }));
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('NoSession');
    expect(res.headers.getSetCookie()).toEqual([]);
    const other = edgeFor(w, { cookieSecret: 'x'.repeat(40) });
    const res2 = await other.handle(post('/auth/refresh', jar));
    expect((await res2!.json()).error).toBe('NoSession');
    expect(res2!.headers.getSetCookie()).toEqual([]);
  });

  it('rotating the cookie secret: [new, old] opens cookies sealed with the old secret', async () => {
    const w = await makeWorld();
    const { jar } = await startSession(w, edgeFor(w));
    const rotated = edgeFor(w, { cookieSecret: ['n'.repeat(40), SECRET] });
    expect((await rotated.handle(post('/auth/refresh', jar)))!.status).toBe(200);
  });

  it('a sealed session past its lifetime is refused even if the browser still sends it', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { maxAgeSeconds: 60 });
    const { jar } = await startSession(w, edge);
    w.emu.advanceTime(61_000);
    const res = await edge.handle(post('/auth/refresh', jar));
    expect((await res!.json()).error).toBe('NoSession');
  });
});

describe('sign-out', () => {
  it('revokes the refresh token and clears the cookie; the old cookie no longer refreshes', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    const oldCookie = jar.header(ORIGIN + '/auth/sign-out');
    const res = await edge.handle(post('/auth/sign-out', jar));
    expect(res!.status).toBe(200);
    expect(await res!.json()).toEqual({ signedOut: true, revoked: true });
    expect(res!.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(w.emu.requests.at(-1)!.target).toMatch(/RevokeToken$/);
    const replay = await edge.handleRefresh(new Request(ORIGIN + '/auth/refresh', { method: 'POST', headers: { cookie: oldCookie, origin: ORIGIN } }));
    expect(replay.status).toBe(401);
    expect((await replay.json()).error).toBe('NotAuthorizedException');
  });

  it('a transient failure during RevokeToken keeps the cookie so the sign-out can be retried', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { maxAttempts: 1 });
    const { jar } = await startSession(w, edge);
    w.fault.next = 'network';
    const res = await edge.handle(post('/auth/sign-out', jar));
    expect(res!.status).toBe(503);
    expect(res!.headers.getSetCookie()).toEqual([]);
    w.fault.next = false;
    const again = await edge.handle(post('/auth/sign-out', jar));
    expect(await again!.json()).toEqual({ signedOut: true, revoked: true });
  });

  it('without a cookie it still answers 200 and clears', async () => {
    const w = await makeWorld();
    const res = await edgeFor(w).handle(post('/auth/sign-out', cookieJar()));
    expect(res!.status).toBe(200);
    expect(await res!.json()).toEqual({ signedOut: true, revoked: false });
  });
});

describe('guards and routing', () => {
  it('refuses cross-origin POSTs and non-POST methods, and ignores other paths', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { allowedOrigins: ['https://admin.example'] });
    const { jar } = await startSession(w, edge);
    const n = w.emu.requests.length;
    const evil = await edge.handle(post('/auth/refresh', jar, undefined, { origin: 'https://evil.example' }));
    expect(evil!.status).toBe(403);
    const allowed = await edge.handle(post('/auth/refresh', jar, undefined, { origin: 'https://admin.example' }));
    expect(allowed!.status).toBe(200);
    const get = await edge.handle(new Request(ORIGIN + '/auth/refresh'));
    expect(get!.status).toBe(405);
    expect(get!.headers.get('allow')).toBe('POST');
    expect(await edge.handle(new Request(ORIGIN + '/api/thing'))).toBeUndefined();
    expect(await edge.handle(new Request(ORIGIN + '/auth/toString', { method: 'POST' }))).toBeUndefined();
    expect(w.emu.requests.length).toBe(n + 1);
  });

  it('no cookie: 401 NoSession without calling Cognito', async () => {
    const w = await makeWorld();
    const n = w.emu.requests.length;
    const res = await edgeFor(w).handle(post('/auth/refresh', cookieJar()));
    expect(res!.status).toBe(401);
    expect((await res!.json()).error).toBe('NoSession');
    expect(w.emu.requests.length).toBe(n);
  });

  it('bad session bodies are 400 naming the field', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    for (const [body, field] of [
      [{}, 'refreshToken'],
      [{ refreshToken: 5 }, 'refreshToken'],
      [{ refreshToken: 'x', deviceKey: 1 }, 'deviceKey'],
    ] as const) {
      const res = await edge.handle(post('/auth/session', cookieJar(), body));
      expect(res!.status).toBe(400);
      expect((await res!.json()).message).toContain(field);
    }
  });

  it('options are validated naming the field', () => {
    const base = { userPoolId: 'eu-west-1_abc', clientId: 'c', cookieSecret: SECRET };
    expect(() => createEdgeAuth({ ...base, userPoolId: 'nope' })).toThrow(/userPoolId/);
    expect(() => createEdgeAuth({ ...base, clientId: '' })).toThrow(/clientId/);
    expect(() => createEdgeAuth({ ...base, cookieSecret: 'short' })).toThrow(/cookieSecret/);
    expect(() => createEdgeAuth({ ...base, sameSite: 'None' as never })).toThrow(/sameSite/);
    expect(() => createEdgeAuth({ ...base, cookieName: 'bad name' })).toThrow(/cookieName/);
    expect(() => createEdgeAuth({ ...base, secure: false })).not.toThrow();
    expect(() => createEdgeAuth({ ...base, secure: false, cookieName: '__Secure-x' })).toThrow(/cookieName/);
    expect(() => createEdgeAuth({ ...base, cookieName: '__Host-x' })).toThrow(/__Host-/);
    expect(() => createEdgeAuth({ ...base, cookieName: '__Host-x', cookiePath: '/' })).not.toThrow();
    expect(() => createEdgeAuth({ ...base, cookiePath: 'auth' })).toThrow(/cookiePath/);
    // browsers match the prefixes case-insensitively (RFC 6265bis), so the checks do too
    expect(() => createEdgeAuth({ ...base, secure: false, cookieName: '__secure-x' })).toThrow(/cookieName/);
    expect(() => createEdgeAuth({ ...base, secure: false, cookieName: '__HOST-x', cookiePath: '/' })).toThrow(/cookieName/);
    expect(() => createEdgeAuth({ ...base, cookieName: '__host-x' })).toThrow(/__Host-/);
    expect(() => createEdgeAuth({ ...base, cookieName: '__HoSt-x', cookiePath: '/', cookieDomain: 'example.com' })).toThrow(/__Host-/);
    expect(() => createEdgeAuth({ ...base, cookieName: '__host-x', cookiePath: '/' })).not.toThrow();
  });

  it('keeps the user name from the refreshed token when the session request did not give one', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const jar = cookieJar();
    const t = await w.signIn();
    const res = await edge.handle(post('/auth/session', jar, { refreshToken: t.RefreshToken }));
    expect(res!.status).toBe(200);
    jar.take(res!);
    const session = await edge.readSession(post('/auth/refresh', jar));
    expect(session).toEqual({ refreshToken: t.RefreshToken, username: 'alice' });
  });

  it('sameSite Lax, cookie path and name are configurable', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { sameSite: 'Lax', cookiePath: '/api/session', cookieName: 'sess' });
    const jar = cookieJar();
    const t = await w.signIn();
    const res = await edge.handle(post('/api/session/session', jar, { refreshToken: t.RefreshToken, username: 'alice' }));
    expect(res!.headers.getSetCookie()[0]).toMatch(/^sess=[^;]+; Path=\/api\/session; Max-Age=\d+; HttpOnly; Secure; SameSite=Lax$/);
    jar.take(res!);
    expect(jar.header(ORIGIN + '/other')).toBe('');
    expect((await edge.handle(post('/api/session/refresh', jar)))!.status).toBe(200);
  });
});

describe('verifyAccessToken', () => {
  it('verifies Bearer tokens, refuses ID tokens and tokens of other clients', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const t = await w.signIn();
    const req = (token: string) => new Request('https://api.test/', { headers: { authorization: `Bearer ${token}` } });
    expect((await edge.verifyAccessToken(req(t.AccessToken))).username).toBe('alice');
    const idErr = await edge.verifyAccessToken(req(t.IdToken)).catch((e) => e);
    expect(isJwtError(idErr, 'JwtWrongTokenUse')).toBe(true);
    expect(accessTokenErrorResponse(idErr).status).toBe(401);
    expect(accessTokenErrorResponse(idErr).headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const none = await edge.verifyAccessToken(new Request('https://api.test/')).catch((e) => e);
    expect(isJwtError(none, 'JwtMalformed')).toBe(true);
    const other = await w.emu.createUserPoolClient({ UserPoolId: w.poolId, ClientName: 'other', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    const edgeOther = edgeFor({ ...w, clientId: other.ClientId });
    const wrong = await edgeOther.verifyAccessToken(t.AccessToken).catch((e) => e);
    expect(isJwtError(wrong, 'JwtWrongClient')).toBe(true);
    const grp = await edge.verifyAccessToken(t.AccessToken, { groups: 'admins' }).catch((e) => e);
    expect(accessTokenErrorResponse(grp).status).toBe(403);
  });

  it('a JWKS outage is a 503, not a 401', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const t = await w.signIn();
    w.fault.next = 'network';
    const err = await edge.verifyAccessToken(t.AccessToken).catch((e) => e);
    expect(isJwtError(err, 'JwksFetchFailed')).toBe(true);
    expect(accessTokenErrorResponse(err).status).toBe(503);
    w.fault.next = false;
    expect((await edge.verifyAccessToken(t.AccessToken)).sub).toBeTruthy();
  });
});
