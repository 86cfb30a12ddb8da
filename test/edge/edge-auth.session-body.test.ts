// Proves that POST /auth/session seals only what Cognito vouched for: the user name in the cookie
// (and so readSession().username) is the `username` claim of the access token Cognito returned
// for the refresh token, whatever `username` or `accessToken` the body carried; and that the
// body's strings are bounded, with a 400 naming the field before any Cognito call.
import { describe, expect, it } from 'vitest';
import { ORIGIN, cookieJar, edgeFor, makeWorld, post } from './edge.fixture.js';

async function sessionWith(w: Awaited<ReturnType<typeof makeWorld>>, body: Record<string, unknown>) {
  const edge = edgeFor(w);
  const jar = cookieJar();
  const res = await edge.handle(post('/auth/session', jar, body));
  expect(res!.status).toBe(200);
  jar.take(res!);
  return edge.readSession(post('/auth/refresh', jar));
}

describe('the sealed user name comes from the token Cognito returned', () => {
  it('a username in the body that is not the refresh token\'s user is not sealed', async () => {
    const w = await makeWorld();
    const t = await w.signIn();
    const session = await sessionWith(w, { refreshToken: t.RefreshToken, username: 'admin' });
    expect(session?.username).toBe('alice');
  });

  it('an access token of another user in the body does not decide the sealed user name', async () => {
    const w = await makeWorld();
    await w.emu.createUser({ userPoolId: w.poolId, username: 'bob', password: 'Passw0rd!x' });
    const alice = await w.signIn();
    const bob = await w.signIn({ username: 'bob' });
    const session = await sessionWith(w, { refreshToken: alice.RefreshToken, accessToken: bob.AccessToken });
    expect(session?.username).toBe('alice');
  });

  it('with a client secret, the body username computes SECRET_HASH and the sealed one is still the token\'s', async () => {
    const w = await makeWorld({ secret: true });
    // an alias typed at sign-in would not do for SECRET_HASH, the user name does; the sealed one is the claim
    const t = await w.signIn();
    const session = await sessionWith(w, { refreshToken: t.RefreshToken, username: 'alice' });
    expect(session).toEqual({ refreshToken: t.RefreshToken, username: 'alice' });
    const refreshed = await edgeFor(w).handle(
      new Request(ORIGIN + '/auth/refresh', { method: 'POST', headers: { origin: ORIGIN, cookie: (await edgeFor(w).sessionCookie(session!)).split(';')[0]! } }),
    );
    expect(refreshed!.status).toBe(200);
  });
});

describe('body strings are bounded', () => {
  it.each([
    ['username', { username: 'u'.repeat(129) }],
    ['deviceKey', { deviceKey: 'eu-west-1_' + 'd'.repeat(200) }],
  ] as const)('%s longer than 128 characters: 400 naming it, before any Cognito call', async (field, extra) => {
    const w = await makeWorld();
    const t = await w.signIn();
    const n = w.emu.requests.length;
    const res = await edgeFor(w).handle(post('/auth/session', cookieJar(), { refreshToken: t.RefreshToken, ...extra }));
    expect(res!.status).toBe(400);
    const body = await res!.json();
    expect(body.error).toBe('BadRequest');
    expect(body.message).toMatch(new RegExp(`^${field}: .*128`));
    expect(w.emu.requests.length).toBe(n);
  });

  it('128 characters are accepted', async () => {
    const w = await makeWorld();
    const t = await w.signIn();
    const res = await edgeFor(w).handle(post('/auth/session', cookieJar(), { refreshToken: t.RefreshToken, username: 'u'.repeat(128) }));
    expect(res!.status).toBe(200);
  });
});
