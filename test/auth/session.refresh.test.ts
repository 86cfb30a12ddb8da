// The minimal session of createAuth against the emulator: getTokens refreshes when due or forced,
// concurrent callers share one refresh, rotation (GetTokensFromRefreshToken) stores the new
// refresh token, sign-out revokes (the old refresh token is then refused) and keeps the device.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoUnsignedClient } from '../../src/client/unsigned-client.js';
import { isSessionError } from '../../src/session/session-errors.js';
import { fixture, TRANSPORTS, type Fixture } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';

describe.each(TRANSPORTS)('session over %s', (transport) => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  const rawClient = (f: Fixture) =>
    new CognitoUnsignedClient({ userPoolId: f.poolId, endpoint: 'http://emulator.invalid/', fetch: (u, i) => f.emu.fetch(u, i), maxAttempts: 1 });

  it('getTokens returns stored tokens while fresh, refreshes when due (emulator clock), once for concurrent callers', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'ann', password: PASSWORD });
    // The library's clock follows the emulator's, so advancing one advances both.
    const auth = fx.auth({ now: () => fx.emu.now() });
    await auth.signIn({ username: 'ann', password: PASSWORD });
    const t0 = await auth.getTokens();
    expect(await auth.getTokens()).toEqual(t0);
    expect(fx.count('InitiateAuth')).toBe(1);
    const refreshed: number[] = [];
    auth.on('tokensRefreshed', (e) => refreshed.push(e.expiresAt));
    fx.emu.advanceTime(t0.expiresAt - fx.emu.now() - 30_000); // inside the 2-minute leeway
    const all = await Promise.all([auth.getTokens(), auth.getTokens(), auth.getTokens(), auth.getTokens()]);
    expect(fx.count('InitiateAuth')).toBe(2);
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1);
    expect(all[0]!.accessToken).not.toBe(t0.accessToken);
    expect(all[0]!.expiresAt).toBeGreaterThan(t0.expiresAt);
    expect(all[0]!.refreshToken).toBe(t0.refreshToken);
    expect(refreshed).toEqual([all[0]!.expiresAt]);
    // A reload picks the refreshed tokens up from storage.
    expect((await fx.auth({ now: () => fx.emu.now() }).getTokens()).accessToken).toBe(all[0]!.accessToken);
  });

  it('forceRefresh refreshes now; concurrent forced calls share it', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'ben', password: PASSWORD });
    const auth = fx.auth();
    await auth.signIn({ username: 'ben', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' });
    fx.emu.advanceTime(1000);
    const [a, b] = await Promise.all([auth.getTokens({ forceRefresh: true }), auth.getTokens({ forceRefresh: true })]);
    expect(a).toEqual(b);
    expect(fx.count('InitiateAuth')).toBe(2);
  });

  it('rotation: GetTokensFromRefreshToken stores the new refresh token; the old one is refused later', async () => {
    fx = await fixture({
      transport,
      client: {
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
      },
    });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'cleo', password: PASSWORD });
    const auth = fx.auth({ refreshTokenRotation: true });
    await auth.signIn({ username: 'cleo', password: PASSWORD });
    const t0 = await auth.getTokens();
    fx.emu.advanceTime(1000);
    const t1 = await auth.getTokens({ forceRefresh: true });
    expect(fx.count('GetTokensFromRefreshToken')).toBe(1);
    expect(t1.refreshToken).toBeTruthy();
    expect(t1.refreshToken).not.toBe(t0.refreshToken);
    // After a reload the new refresh token is the one in use.
    fx.emu.advanceTime(1000);
    const t2 = await fx.auth({ refreshTokenRotation: true }).getTokens({ forceRefresh: true });
    expect(t2.refreshToken).not.toBe(t1.refreshToken);
    await expect(rawClient(fx).send('GetTokensFromRefreshToken', { ClientId: fx.clientId, RefreshToken: t0.refreshToken! })).rejects.toMatchObject({
      name: expect.stringMatching(/NotAuthorizedException|RefreshTokenReuseException/),
    });
  });

  it('signOut revokes the refresh token (then refused), clears tokens, emits signedOut', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'dan', password: PASSWORD });
    const auth = fx.auth();
    await auth.signIn({ username: 'dan', password: PASSWORD });
    const { refreshToken } = await auth.getTokens();
    const events: string[] = [];
    auth.on('signedOut', () => events.push('signedOut'));
    await auth.signOut();
    expect(events).toEqual(['signedOut']);
    expect(auth.getState().status).toBe('signedOut');
    expect(fx.count('RevokeToken')).toBe(1);
    const err = await auth.getTokens().catch((e) => e);
    expect(isSessionError(err, 'NotSignedIn')).toBe(true);
    expect(fx.auth().getState().status).toBe('loading');
    const reloaded = fx.auth();
    await expect(reloaded.getTokens()).rejects.toMatchObject({ code: 'NotSignedIn' });
    expect(reloaded.getState().status).toBe('signedOut');
    await expect(
      rawClient(fx).send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: fx.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken! } }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('global signOut: GlobalSignOut; every session of the user ends (refresh then refused: sessionExpired)', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'eve', password: PASSWORD });
    const { memoryStorage } = await import('../../src/session/storage.js');
    const laptop = fx.auth();
    // Another device: its own storage, and no tab channel to hear the laptop's sign-out on.
    const phone = fx.auth({ storage: memoryStorage(), crossTab: false });
    await laptop.signIn({ username: 'eve', password: PASSWORD });
    await phone.signIn({ username: 'eve', password: PASSWORD });
    await laptop.signOut({ global: true });
    expect(fx.count('GlobalSignOut')).toBe(1);
    const expired: string[] = [];
    phone.on('sessionExpired', (e) => expired.push(e.username));
    fx.emu.advanceTime(1000);
    const err = await phone.getTokens({ forceRefresh: true }).catch((e) => e);
    expect(isSessionError(err, 'SessionExpired')).toBe(true);
    expect((err as Error).cause).toMatchObject({ name: 'NotAuthorizedException' });
    expect(expired).toEqual(['eve']);
    expect(phone.getState().status).toBe('signedOut');
  });

  it('global signOut after the access token expired (a laptop asleep): refreshes first, then GlobalSignOut ends every session', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'gus', password: PASSWORD });
    const auth = fx.auth({ now: () => fx.emu.now(), autoRefresh: false });
    await auth.signIn({ username: 'gus', password: PASSWORD });
    const { refreshToken } = await auth.getTokens();
    fx.emu.advanceTime(2 * 3600_000); // the access token (1 h) is long dead
    await auth.signOut({ global: true });
    expect(fx.count('GlobalSignOut')).toBe(1);
    expect(auth.getState().status).toBe('signedOut');
    await expect(
      rawClient(fx).send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: fx.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken! } }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('global signOut that cannot get a live access token still revokes this refresh token, clears the session and throws', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'hal', password: PASSWORD });
    let refreshDown = false;
    const auth = fx.auth({
      now: () => fx.emu.now(),
      autoRefresh: false,
      fetch: async (url: string, init: RequestInit) => {
        if (refreshDown && /REFRESH_TOKEN_AUTH/.test(String(init.body))) throw new TypeError('network down');
        return fx.emu.fetch(url, init);
      },
    });
    await auth.signIn({ username: 'hal', password: PASSWORD });
    const { refreshToken } = await auth.getTokens();
    fx.emu.advanceTime(2 * 3600_000);
    refreshDown = true;
    const err = await auth.signOut({ global: true }).catch((e) => e);
    expect(err).toMatchObject({ name: 'NetworkError' });
    expect(fx.count('GlobalSignOut')).toBe(0);
    expect(fx.count('RevokeToken')).toBe(1);
    expect(auth.getState().status).toBe('signedOut');
    await expect(
      rawClient(fx).send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: fx.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken! } }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('signOut on a stalled network: signed out at once here, and the revocation gives up after requestTimeoutMs', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'ida', password: PASSWORD });
    let stalled = false;
    const auth = fx.auth({
      requestTimeoutMs: 300,
      fetch: (url: string, init: RequestInit) => (stalled ? new Promise<Response>(() => undefined) : fx.emu.fetch(url, init)),
    });
    await auth.signIn({ username: 'ida', password: PASSWORD });
    stalled = true;
    const states: string[] = [];
    auth.subscribe(() => states.push(auth.getState().status));
    const out = auth.signOut().then(
      () => 'resolved',
      (e: Error) => e.name,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(auth.getState().status).toBe('signedOut'); // before the revocation answers
    expect(await out).toBe('TimeoutError');
    expect(states).toContain('signedOut');
  });

  it('global signOut on a stalled network after a sleep: signed out at once, and the whole revocation gives up after requestTimeoutMs', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'jon', password: PASSWORD });
    let stalled = false;
    const auth = fx.auth({
      now: () => fx.emu.now(),
      autoRefresh: false,
      requestTimeoutMs: 300,
      fetch: (url: string, init: RequestInit) => (stalled ? new Promise<Response>(() => undefined) : fx.emu.fetch(url, init)),
    });
    await auth.signIn({ username: 'jon', password: PASSWORD });
    fx.emu.advanceTime(2 * 3600_000); // the access token is dead: a refresh comes first
    stalled = true;
    const t0 = Date.now();
    const out = auth.signOut({ global: true }).then(
      () => 'resolved',
      (e: Error) => e.name,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(auth.getState().status).toBe('signedOut');
    expect(await out).toBe('TimeoutError');
    expect(Date.now() - t0).toBeLessThan(3000); // one bound for all of it, not one per retried call
  });

  it('a transient refresh failure keeps the session and emits refreshFailed', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'fay', password: PASSWORD });
    let down = false;
    const real = fx.auth();
    await real.signIn({ username: 'fay', password: PASSWORD });
    const flaky = fx.auth({
      endpoint: 'http://emulator.invalid/',
      fetch: async (u, i) => {
        if (down) throw new TypeError('fetch failed');
        return fx.emu.fetch(u, i);
      },
    });
    const failures: unknown[] = [];
    flaky.on('refreshFailed', (e) => failures.push(e.error));
    const stored = await fx.storage.snapshot();
    down = true;
    const err = await flaky.getTokens({ forceRefresh: true }).catch((e) => e);
    expect(isSessionError(err, 'RefreshFailed')).toBe(true);
    // The manager retries with backoff before giving up; each failed attempt is reported.
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.every((e) => (e as Error).name === 'NetworkError')).toBe(true);
    expect(flaky.getState().status).toBe('signedIn');
    expect(await fx.storage.snapshot()).toEqual(stored);
    down = false;
    expect((await flaky.getTokens({ forceRefresh: true })).accessToken).toBeTruthy();
  });
});

describe('proactive refresh', () => {
  let fx: Fixture;
  afterEach(async () => {
    vi.useRealTimers();
    await fx?.close();
  });

  // Outside a document (workers, servers, this test) the session does not refresh on a timer
  // unless asked: with autoRefresh on, the same hours of idle time do refresh.
  it.each([
    [undefined, 0],
    [true, 1],
  ] as const)('autoRefresh %s: refreshes on a timer %i time(s) while idle for hours', async (autoRefresh, expected) => {
    fx = await fixture({ transport: 'fetch' });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'ivy', password: PASSWORD });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    // Fake time moves in 15-minute jumps while the emulator answers in real time: a long request
    // timeout keeps the jump from timing the refresh out.
    const auth = fx.auth({ now: () => fx.emu.now(), autoRefresh, crossTab: false, requestTimeoutMs: 24 * 3_600_000 });
    await auth.signIn({ username: 'ivy', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' });
    const refreshes = () => fx.emu.requests.filter((r) => /InitiateAuth/.test(r.target)).length - 1;
    // Real I/O turns (setImmediate is not faked), so the emulator's Web Crypto work can finish.
    const settle = async () => {
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    };
    for (let i = 0; i < 8; i++) {
      fx.emu.advanceTime(15 * 60_000);
      await vi.advanceTimersByTimeAsync(15 * 60_000);
      await settle();
    }
    // The last refresh may still be in the emulator: give it real turns (bounded) before judging.
    for (let i = 0; i < 200 && refreshes() < expected; i++) await settle();
    if (expected === 0) expect(refreshes()).toBe(0);
    else expect(refreshes()).toBeGreaterThanOrEqual(expected);
  });
});
