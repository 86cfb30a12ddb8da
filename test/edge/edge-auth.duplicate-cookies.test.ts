// Proves the edge copes with several cookies of its name in one Cookie header (a longer-path
// cookie sorted first, one tossed by a sibling subdomain): the first one that opens is the
// session, for refresh and sign-out alike; and that sign-out never reports success by clearing
// a cookie it could not open (it might hold a live refresh token it cannot revoke).
import { describe, expect, it } from 'vitest';
import { ORIGIN, calls, edgeFor, makeWorld, startSession } from './edge.fixture.js';
import { createEdgeAuth } from '../../src/edge/index.js';

const NAME = '__Secure-cognito-edge';

function req(path: string, cookie: string) {
  return new Request(ORIGIN + path, { method: 'POST', headers: { origin: ORIGIN, cookie } });
}

describe('several cookies of the session name', () => {
  it('refresh and readSession use the first one that opens', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar, tokens } = await startSession(w, edge);
    const real = jar.jar.get(NAME)!.value;
    const cookie = `${NAME}=junk; other=1; ${NAME}=${real}`;
    expect(await edge.readSession(req('/auth/refresh', cookie))).toEqual({ refreshToken: tokens.RefreshToken, username: 'alice' });
    const res = await edge.handle(req('/auth/refresh', cookie));
    expect(res!.status).toBe(200);
  });

  it('a foreign cookie that opens under another secret is skipped too', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    const { jar: jar2 } = await startSession(w, edgeFor(w, { cookieSecret: 'another secret of at least 32 bytes!!!!' }));
    const cookie = `${NAME}=${jar2.jar.get(NAME)!.value}; ${NAME}=${jar.jar.get(NAME)!.value}`;
    expect((await edge.handle(req('/auth/refresh', cookie)))!.status).toBe(200);
  });

  it('sign-out revokes the session of the first cookie that opens', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar, tokens } = await startSession(w, edge);
    const res = await edge.handle(req('/auth/sign-out', `${NAME}=junk; ${NAME}=${jar.jar.get(NAME)!.value}`));
    expect(await res!.json()).toEqual({ signedOut: true, revoked: true });
    expect(calls(w, 'RevokeToken')).toBe(1);
    await expect(edge.refresh({ refreshToken: tokens.RefreshToken })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('sign-out with cookies of which none opens: 500 SessionUnreadable, nothing cleared, nothing claimed', async () => {
    const w = await makeWorld();
    const { jar, tokens } = await startSession(w, edgeFor(w));
    // the worker's cookie secret is wrong (a bad deploy): the cookie holds a live token it cannot read
    const misconfigured = createEdgeAuth({
      userPoolId: w.poolId,
      clientId: w.clientId,
      cookieSecret: 'a secret that is not the one that sealed it',
      endpoint: 'http://emulator.test/',
      fetch: w.fetch as never,
    });
    const res = await misconfigured.handle(req('/auth/sign-out', `${NAME}=junk; ${NAME}=${jar.jar.get(NAME)!.value}`));
    expect(res!.status).toBe(500);
    const body = await res!.json();
    expect(body).toMatchObject({ error: 'SessionUnreadable', retryable: false });
    expect(body.signedOut).toBeUndefined();
    expect(res!.headers.getSetCookie()).toEqual([]);
    expect(calls(w, 'RevokeToken')).toBe(0);
    // once the secret is right again, the same cookie signs out for real
    const ok = await edgeFor(w).handle(req('/auth/sign-out', `${NAME}=${jar.jar.get(NAME)!.value}`));
    expect(await ok!.json()).toEqual({ signedOut: true, revoked: true });
    await expect(edgeFor(w).refresh({ refreshToken: tokens.RefreshToken })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('sign-out without any cookie of the name still answers 200 and clears', async () => {
    const w = await makeWorld();
    const res = await edgeFor(w).handle(req('/auth/sign-out', 'other=1'));
    expect(res!.status).toBe(200);
    expect(await res!.json()).toEqual({ signedOut: true, revoked: false });
    expect(res!.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
  });
});
