// Proves how the edge answers each kind of Cognito refusal, against the emulator (and, for
// messages the emulator does not send, Cognito's own error bodies injected in front of it):
// - a wrong or missing app-client secret is the worker's configuration error: 500, the cookie is
//   kept, in refresh and in sign-out, and the session works again once the secret is right;
// - the definitive refusals of a refresh token end the session with their own 401 code, but a
//   RefreshTokenReuseException never clears (a concurrent refresh may just have set a new cookie);
// - sign-out clears the cookie whenever Cognito refuses RevokeToken for good (the user can always
//   sign out), and keeps it only when trying again can help;
// - a cookie without a user name on a client with a secret is 401 NoSession, never a TypeError.
import { describe, expect, it } from 'vitest';
import { ORIGIN, calls, cookieJar, edgeFor, makeWorld, post, startSession } from './edge.fixture.js';

const SECRET_MESSAGES = [
  ['missing secret (emulator wording)', 'Client 1example23456789 is configured for secret but secret was not received'],
  ['missing secret (Cognito, SECRET_HASH wording)', 'Client 1example23456789 is configured with secret but SECRET_HASH was not received'],
  ['stale secret', 'Unable to verify secret hash for client 1example23456789'],
] as const;

describe('a wrong or missing client secret in the worker is a configuration error: the cookie is kept', () => {
  it('refresh without the secret, and with a stale one: 500 ClientSecretMisconfigured, no Set-Cookie; the right secret works after', async () => {
    const w = await makeWorld({ secret: true });
    const { jar } = await startSession(w, edgeFor(w));
    for (const clientSecret of [undefined, 'a-stale-secret-that-cognito-no-longer-has']) {
      const wrong = edgeFor(w, { clientSecret } as never);
      const res = await wrong.handle(post('/auth/refresh', jar));
      expect(res!.status).toBe(500);
      const body = await res!.json();
      expect(body.error).toBe('ClientSecretMisconfigured');
      expect(body.message).toMatch(/clientSecret/);
      expect(JSON.stringify(body)).not.toContain(w.clientSecret!);
      expect(res!.headers.getSetCookie()).toEqual([]);
      // the emulator said so with Cognito's own message
      expect(w.emu.requests.at(-1)).toMatchObject({ target: 'InitiateAuth', errorType: 'NotAuthorizedException' });
    }
    expect((await edgeFor(w).handle(post('/auth/refresh', jar)))!.status).toBe(200);
  });

  it('GetTokensFromRefreshToken without ClientSecret: the same 500, cookie kept', async () => {
    const w = await makeWorld({ secret: true });
    const { jar } = await startSession(w, edgeFor(w, { refreshWith: 'GetTokensFromRefreshToken' }));
    const res = await edgeFor(w, { refreshWith: 'GetTokensFromRefreshToken', clientSecret: undefined } as never).handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(500);
    expect((await res!.json()).error).toBe('ClientSecretMisconfigured');
    expect(res!.headers.getSetCookie()).toEqual([]);
  });

  it.each(SECRET_MESSAGES)('Cognito message "%s" keeps the cookie', async (_, message) => {
    const w = await makeWorld();
    const edge = edgeFor(w, { maxAttempts: 1 });
    const { jar } = await startSession(w, edge);
    w.fault.next = { type: 'NotAuthorizedException', message };
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(500);
    expect((await res!.json()).error).toBe('ClientSecretMisconfigured');
    expect(res!.headers.getSetCookie()).toEqual([]);
    const out = await edge.handle(post('/auth/sign-out', jar));
    expect(out!.status).toBe(500);
    expect((await out!.json()).error).toBe('ClientSecretMisconfigured');
    expect(out!.headers.getSetCookie()).toEqual([]);
    w.fault.next = false;
    expect((await edge.handle(post('/auth/refresh', jar)))!.status).toBe(200);
  });

  it('sign-out through a stale secret keeps the cookie (nothing was revoked); with the right secret it revokes', async () => {
    const w = await makeWorld({ secret: true });
    const { jar, tokens } = await startSession(w, edgeFor(w));
    const stale = edgeFor(w, { clientSecret: 'a-stale-secret-that-cognito-no-longer-has' });
    const res = await stale.handle(post('/auth/sign-out', jar));
    expect(res!.status).toBe(500);
    expect((await res!.json()).error).toBe('ClientSecretMisconfigured');
    expect(res!.headers.getSetCookie()).toEqual([]);
    const ok = await edgeFor(w).handle(post('/auth/sign-out', jar));
    expect(await ok!.json()).toEqual({ signedOut: true, revoked: true });
    await expect(edgeFor(w).refresh({ refreshToken: tokens.RefreshToken, username: 'alice' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('a session request through a worker without the secret is the same 500, not a 401 for the user', async () => {
    const w = await makeWorld({ secret: true });
    const t = await w.signIn();
    const res = await edgeFor(w, { clientSecret: undefined } as never).handle(
      post('/auth/session', cookieJar(), { refreshToken: t.RefreshToken, accessToken: t.AccessToken }),
    );
    expect(res!.status).toBe(500);
    expect((await res!.json()).error).toBe('ClientSecretMisconfigured');
    expect(res!.headers.getSetCookie()).toEqual([]);
  });

  it('NotAuthorizedException about the token still ends the session and clears', async () => {
    const w = await makeWorld({ secret: true });
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    await w.emu.call('AdminUserGlobalSignOut', { UserPoolId: w.poolId, Username: 'alice' });
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(401);
    expect((await res!.json()).error).toBe('NotAuthorizedException');
    expect(res!.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
  });
});

describe('definitive refusals answer 401 with their own code', () => {
  it('RefreshTokenReuseException (rotated-out cookie): 401 with its code, the cookie is NOT cleared', async () => {
    const w = await makeWorld({ rotation: true });
    const edge = edgeFor(w, { refreshWith: 'GetTokensFromRefreshToken' });
    const { jar } = await startSession(w, edge);
    const old = jar.header(ORIGIN + '/auth/refresh');
    const rotated = await edge.handle(post('/auth/refresh', jar)); // its response is "lost": the jar keeps the old cookie
    expect(rotated!.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await edge.handle(post('/auth/refresh', jar));
      expect(res!.status).toBe(401);
      const body = await res!.json();
      expect(body).toMatchObject({ error: 'RefreshTokenReuseException', retryable: false });
      expect(body.message).not.toMatch(/could not reach/);
      expect(res!.headers.getSetCookie()).toEqual([]);
    }
    expect(jar.header(ORIGIN + '/auth/refresh')).toBe(old);
  });

  it.each(['UserNotFoundException', 'PasswordResetRequiredException', 'UserNotConfirmedException'])(
    '%s: 401 with its own code and the cookie is cleared',
    async (type) => {
      const w = await makeWorld();
      const edge = edgeFor(w, { maxAttempts: 1 });
      const { jar } = await startSession(w, edge);
      w.fault.next = { type, message: 'refused' };
      const res = await edge.handle(post('/auth/refresh', jar));
      expect(res!.status).toBe(401);
      expect((await res!.json()).error).toBe(type);
      expect(res!.headers.getSetCookie()[0]).toMatch(/^__Secure-cognito-edge=; Path=\/auth; Max-Age=0;/);
    },
  );

  it('a deleted user (the emulator answers UserNotFoundException) ends the session', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    await w.emu.call('AdminDeleteUser', { UserPoolId: w.poolId, Username: 'alice' });
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(401);
    expect(['UserNotFoundException', 'NotAuthorizedException']).toContain((await res!.json()).error);
    expect(res!.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
  });

  it('a definitive name on a 5xx (a broken proxy) is not a refusal: 503, cookie kept', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { maxAttempts: 1 });
    const { jar } = await startSession(w, edge);
    w.fault.next = { type: 'NotAuthorizedException', message: 'Refresh Token has been revoked', status: 503 };
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(503);
    expect(res!.headers.getSetCookie()).toEqual([]);
  });

  it('any other refusal is a 502 with a neutral message; the cookie is kept', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { maxAttempts: 1 });
    const { jar } = await startSession(w, edge);
    w.fault.next = { type: 'InvalidParameterException', message: 'something Cognito did not like' };
    const res = await edge.handle(post('/auth/refresh', jar));
    expect(res!.status).toBe(502);
    const body = await res!.json();
    expect(body).toMatchObject({ error: 'InvalidParameterException', retryable: false });
    expect(body.message).not.toMatch(/could not reach/);
    expect(body.message).toMatch(/refused or failed/);
    expect(res!.headers.getSetCookie()).toEqual([]);
  });
});

describe('sign-out always ends the session unless trying again can help', () => {
  it('a client without token revocation (UnsupportedOperationException): signed out here, revoked false, cookie cleared', async () => {
    const w = await makeWorld();
    await w.emu.call('UpdateUserPoolClient', {
      UserPoolId: w.poolId,
      ClientId: w.clientId,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: false,
    });
    const edge = edgeFor(w);
    const { jar } = await startSession(w, edge);
    const res = await edge.handle(post('/auth/sign-out', jar));
    expect(res!.status).toBe(200);
    const body = await res!.json();
    expect(body).toMatchObject({ signedOut: true, revoked: false, error: 'UnsupportedOperationException' });
    expect(res!.headers.getSetCookie()[0]).toMatch(/^__Secure-cognito-edge=; Path=\/auth; Max-Age=0;/);
    jar.take(res!);
    expect(jar.jar.size).toBe(0);
  });

  it.each([
    ['throttling', 'throttle'],
    ['a 5xx', 500],
    ['the network', 'network'],
  ] as const)('%s keeps the cookie (503) so the revocation can be retried', async (_, fault) => {
    const w = await makeWorld();
    const edge = edgeFor(w, { maxAttempts: 1 });
    const { jar } = await startSession(w, edge);
    w.fault.next = fault;
    const res = await edge.handle(post('/auth/sign-out', jar));
    expect(res!.status).toBe(503);
    expect((await res!.json()).retryable).toBe(true);
    expect(res!.headers.getSetCookie()).toEqual([]);
    w.fault.next = false;
    expect(await (await edge.handle(post('/auth/sign-out', jar)))!.json()).toEqual({ signedOut: true, revoked: true });
  });
});

describe('a cookie without a user name on a client with a secret', () => {
  it('refresh answers 401 NoSession and clears it, without calling Cognito', async () => {
    const w = await makeWorld({ secret: true });
    const t = await w.signIn();
    // sealed by a worker deployed without the secret (same cookie name, pool and client)
    const setCookie = await edgeFor(w, { clientSecret: undefined } as never).sessionCookie({ refreshToken: t.RefreshToken });
    const n = w.emu.requests.length;
    const res = await edgeFor(w).handle(new Request(ORIGIN + '/auth/refresh', { method: 'POST', headers: { origin: ORIGIN, cookie: setCookie.split(';')[0]! } }));
    expect(res!.status).toBe(401);
    expect((await res!.json()).error).toBe('NoSession');
    expect(res!.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(w.emu.requests.length).toBe(n);
  });

  it('with GetTokensFromRefreshToken it still refreshes, and the rotated cookie gets the token\'s user name', async () => {
    const w = await makeWorld({ secret: true, rotation: true });
    const t = await w.signIn();
    const setCookie = await edgeFor(w, { clientSecret: undefined } as never).sessionCookie({ refreshToken: t.RefreshToken });
    const edge = edgeFor(w, { refreshWith: 'GetTokensFromRefreshToken' });
    const res = await edge.handle(new Request(ORIGIN + '/auth/refresh', { method: 'POST', headers: { origin: ORIGIN, cookie: setCookie.split(';')[0]! } }));
    expect(res!.status).toBe(200);
    const rotated = res!.headers.getSetCookie();
    expect(rotated).toHaveLength(1);
    const session = await edge.readSession(new Request(ORIGIN + '/auth/refresh', { headers: { cookie: rotated[0]!.split(';')[0]! } }));
    expect(session?.username).toBe('alice');
    expect(session?.refreshToken).not.toBe(t.RefreshToken);
  });

  it('sessionCookie() refuses to seal one, naming the field', async () => {
    const w = await makeWorld({ secret: true });
    await expect(edgeFor(w).sessionCookie({ refreshToken: 'r' })).rejects.toThrow(/username/);
    await expect(edgeFor(w).sessionCookie({ refreshToken: 'r', username: 'alice' })).resolves.toMatch(/^__Secure-cognito-edge=/);
  });
});
