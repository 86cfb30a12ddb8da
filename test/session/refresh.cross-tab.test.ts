/**
 * Cross-tab behaviour of the session manager in one process: several managers ("tabs") share one
 * storage and a BroadcastChannel stand-in, and refresh through the real client against the
 * emulator (rotating refresh tokens, no grace period). Counts come from the emulator's request log.
 * Real browser primitives are covered by refresh.cross-tab.chromium.test.ts.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CognitoUnsignedClient } from '../../src/client/unsigned-client.js';
import { createSessionManager, type SessionManager } from '../../src/session/session-manager.js';
import type { RefreshFunction } from '../../src/session/refresh-coordinator.js';
import { memoryStorage, type AuthStorage } from '../../src/session/storage.js';
import { channelLocks, localLocks, storageLeaseLocks, type TabLocks } from '../../src/session/tab-lock.js';
import { systemClock, type Clock } from '../../src/session/clock.js';
import type { TabChannelFactory } from '../../src/session/tab-channel.js';
import { channelHub } from './helpers.js';
import { emulatorFixture } from './emulator-fixture.js';

let fx: Awaited<ReturnType<typeof emulatorFixture>>;
let client: CognitoUnsignedClient;
beforeAll(async () => {
  fx = await emulatorFixture({ users: 1, grace: 0 });
  client = new CognitoUnsignedClient({ endpoint: 'http://emulator.test', fetch: (u: string, i: RequestInit) => fx.emu.fetch(u, i), maxAttempts: 1 } as never);
});

const refresh: RefreshFunction = async ({ refreshToken, signal }) => {
  const out = (await client.send('GetTokensFromRefreshToken', { ClientId: fx.rotatingClientId, RefreshToken: refreshToken } as never, { signal })) as {
    AuthenticationResult: { AccessToken: string; IdToken: string; RefreshToken?: string };
  };
  const r = out.AuthenticationResult;
  return { accessToken: r.AccessToken, idToken: r.IdToken, ...(r.RefreshToken ? { refreshToken: r.RefreshToken } : {}) };
};

async function signIn(tab: SessionManager) {
  const out = (await client.send('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: fx.rotatingClientId,
    AuthParameters: { USERNAME: fx.usernames[0]!, PASSWORD: fx.password },
  } as never)) as { AuthenticationResult: { AccessToken: string; IdToken: string; RefreshToken: string } };
  const r = out.AuthenticationResult;
  await tab.setSession({ accessToken: r.AccessToken, idToken: r.IdToken, refreshToken: r.RefreshToken });
}

let tabs: SessionManager[] = [];
afterEach(() => {
  for (const t of tabs) t.dispose();
  tabs = [];
});

type Kind = 'shared-lock' | 'channel-lock' | 'lease-lock' | 'no-lock';
function openTabs(k: number, kind: Kind, o: { storage?: AuthStorage; hub?: TabChannelFactory; delays?: number[] } = {}) {
  const storage = o.storage ?? memoryStorage();
  const hub = o.hub ?? channelHub();
  const skew = { ms: 0 };
  const clock: Clock = { ...systemClock(), now: () => Date.now() + skew.ms };
  const shared = localLocks(clock);
  const events: Array<Array<{ name: string; remote?: boolean }>> = [];
  for (let i = 0; i < k; i++) {
    let locks: TabLocks;
    let channel = hub;
    if (kind === 'shared-lock') locks = shared;
    else if (kind === 'no-lock') locks = localLocks(clock);
    else if (kind === 'lease-lock') locks = storageLeaseLocks({ storage: storage as never, channel: hub('cognito-edge-locks')!, clock, random: Math.random });
    else {
      // the fallback protocol gets its own channel from the same hub (as a second BroadcastChannel would)
      const ch = hub('cognito-edge-locks')!;
      locks = channelLocks({ channel: ch, clock, random: Math.random });
      channel = hub;
    }
    const delay = o.delays?.[i] ?? 0;
    const tabRefresh: RefreshFunction = async (input) => {
      if (delay) await new Promise((r) => setTimeout(r, delay)); // this tab's network is slower
      return refresh(input);
    };
    const tab = createSessionManager({ clientId: fx.rotatingClientId, storage, channel, locks, clock, refresh: tabRefresh, leewayMs: 60_000, autoRefresh: false, raceWindowMs: 300 });
    const log: Array<{ name: string; remote?: boolean }> = [];
    for (const name of ['signedIn', 'signedOut', 'tokensRefreshed', 'refreshFailed', 'sessionExpired', 'storageUnavailable'] as const) {
      tab.on(name, (e) => log.push({ name, remote: (e as { remote?: boolean }).remote }));
    }
    events.push(log);
    tabs.push(tab);
  }
  return { tabs: [...tabs], skew, events };
}

const refreshLog = (since: number) => fx.emu.requests.slice(since).filter((r) => r.target === 'GetTokensFromRefreshToken');
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('refresh across tabs (in-process, emulator)', () => {
  for (const kind of ['shared-lock', 'channel-lock', 'lease-lock'] as const) {
    it(`${kind}: 5 tabs due at once → 1 refresh request, every tab gets the new tokens, 0 reuse`, async () => {
      const { tabs: ts, skew, events } = openTabs(5, kind);
      await Promise.all(ts.map((t) => t.ready));
      await signIn(ts[0]!);
      await until(() => ts.every((t) => t.getState().status === 'signedIn'));
      for (let round = 0; round < 3; round++) {
        const exp = ts[0]!.peekTokens()!.expiresAt;
        skew.ms = exp - 30_000 - Date.now(); // 30 s left, leeway 60 s: all due
        const since = fx.emu.requests.length;
        const got = await Promise.all(ts.map((t) => t.getTokens()));
        expect(refreshLog(since).map((r) => r.status)).toEqual([200]);
        expect(new Set(got.map((t) => t.accessToken)).size).toBe(1);
        expect(new Set(got.map((t) => t.refreshToken)).size).toBe(1);
      }
      expect(events.flat().filter((e) => e.name === 'sessionExpired')).toEqual([]);
    });
  }

  it('default locks, no Web Locks, custom storage without update: the BroadcastChannel protocol keeps one refresh', async () => {
    // A custom adapter (get/set/del only) cannot hold a lease; the manager must still pick a
    // cross-tab lock on its own when it has a channel, not fall back to per-tab locks.
    const inner = memoryStorage();
    const storage: AuthStorage = { get: (k) => inner.get(k), set: (k, v) => inner.set(k, v), del: (k) => inner.del(k) };
    const hub = channelHub();
    const skew = { ms: 0 };
    const clock: Clock = { ...systemClock(), now: () => Date.now() + skew.ms };
    expect((globalThis as { navigator?: { locks?: unknown } }).navigator?.locks).toBeUndefined();
    const ts = [0, 1, 2, 3].map((i) =>
      createSessionManager({
        clientId: fx.rotatingClientId,
        storage,
        channel: hub,
        clock,
        // uneven network delays, so that without a cross-tab lock several tabs would reach the service
        refresh: async (input) => {
          await new Promise((r) => setTimeout(r, i * 15));
          return refresh(input);
        },
        leewayMs: 60_000,
        autoRefresh: false,
      }),
    );
    tabs.push(...ts);
    await Promise.all(ts.map((t) => t.ready));
    await signIn(ts[0]!);
    await until(() => ts.every((t) => t.getState().status === 'signedIn'));
    skew.ms = ts[0]!.peekTokens()!.expiresAt - 30_000 - Date.now();
    const since = fx.emu.requests.length;
    const got = await Promise.all(ts.map((t) => t.getTokens()));
    expect(refreshLog(since).map((r) => r.status)).toEqual([200]);
    expect(new Set(got.map((t) => t.refreshToken)).size).toBe(1);
  });

  it('no shared lock: the tab that loses a rotation race takes the winner’s tokens instead of failing', async () => {
    // b's request reaches the service just after a's rotated the token
    const { tabs: [a, b], events } = openTabs(2, 'no-lock', { delays: [0, 30] });
    await Promise.all([a!.ready, b!.ready]);
    await signIn(a!);
    await until(() => b!.getState().status === 'signedIn');
    const since = fx.emu.requests.length;
    const [ta, tb] = await Promise.all([a!.getTokens({ forceRefresh: true }), b!.getTokens({ forceRefresh: true })]);
    const log = refreshLog(since);
    // both sent the same refresh token; the service refused the second one...
    expect(log.map((r) => r.errorType ?? r.status).sort()).toEqual([200, 'RefreshTokenReuseException'].sort());
    // ...and still nobody was signed out: both hold the winner's tokens
    expect(ta.refreshToken).toBe(tb.refreshToken);
    expect(ta.accessToken).toBe(tb.accessToken);
    expect(events.flat().filter((e) => e.name === 'sessionExpired' || e.name === 'signedOut')).toEqual([]);
    expect([a!.getState().status, b!.getState().status]).toEqual(['signedIn', 'signedIn']);
  });

  it('sign-in, sign-out and an expired session reach the other tabs', async () => {
    const { tabs: ts, events } = openTabs(3, 'shared-lock');
    await Promise.all(ts.map((t) => t.ready));
    expect(ts.map((t) => t.getState().status)).toEqual(['signedOut', 'signedOut', 'signedOut']);
    await signIn(ts[1]!);
    await until(() => ts.every((t) => t.getState().status === 'signedIn'));
    expect(events[0]).toContainEqual({ name: 'signedIn', remote: true });
    expect(events[1]).toContainEqual({ name: 'signedIn', remote: false });
    expect(ts[2]!.getState().user?.['cognito:username']).toBe(fx.usernames[0]);

    await ts[0]!.signOut();
    await until(() => ts.every((t) => t.getState().status === 'signedOut'));
    expect(events[2]).toContainEqual({ name: 'signedOut', remote: true });

    // revoked on the service: the tab that refreshes learns it, the others follow
    await signIn(ts[0]!);
    await until(() => ts.every((t) => t.getState().status === 'signedIn'));
    await fx.emu.call('AdminUserGlobalSignOut', { UserPoolId: fx.userPoolId, Username: fx.usernames[0]! });
    await expect(ts[2]!.getTokens({ forceRefresh: true })).rejects.toMatchObject({ code: 'SessionExpired' });
    await until(() => ts.every((t) => t.getState().status === 'signedOut'));
    expect(events[2]).toContainEqual({ name: 'sessionExpired', remote: false });
    expect(events[0]).toContainEqual({ name: 'sessionExpired', remote: true });
    expect(events[1]).toContainEqual({ name: 'signedOut', remote: true });
  });

  it('on a server (no document) instances of one app client never hear each other, even with BroadcastChannel', async () => {
    expect(typeof BroadcastChannel).toBe('function'); // Node has one
    const mk = () =>
      createSessionManager({ clientId: fx.rotatingClientId, storage: memoryStorage(), refresh, autoRefresh: false });
    const a = mk();
    const b = mk();
    tabs.push(a, b);
    await Promise.all([a.ready, b.ready]);
    await signIn(a);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.getState().status).toBe('signedIn');
    expect(b.getState().status).toBe('signedOut');
  });
});
