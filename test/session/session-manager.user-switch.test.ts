// @vitest-environment happy-dom
/**
 * Another user signing in while the previous user's refresh is out (or backing off between
 * attempts) must not sign the new user out, and neither user's refresh answers the other's call.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionManager, type SessionManagerOptions } from '../../src/session/session-manager.js';
import type { RefreshInput } from '../../src/session/refresh-coordinator.js';
import { memoryStorage } from '../../src/session/storage.js';
import { channelHub, drive, flush, tokenPair } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const cognitoError = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 } });
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

let managers: Array<{ dispose(): void }> = [];
beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  for (const m of managers) m.dispose();
  managers = [];
  vi.useRealTimers();
});

/** A manager whose refresh calls wait for `answer(i, ...)`, in the order they were sent. */
function make(o: Partial<SessionManagerOptions> = {}) {
  const calls: Array<RefreshInput & { answer(v: unknown, fail?: boolean): void }> = [];
  const storage = memoryStorage();
  const m = createSessionManager({
    clientId: 'c1',
    autoRefresh: false,
    channel: () => undefined,
    storage,
    refresh: (input) =>
      new Promise((resolve, reject) => {
        calls.push({ ...input, answer: (v, fail) => (fail ? reject(v) : resolve(v as never)) });
      }),
    ...o,
  });
  managers.push(m);
  const log: string[] = [];
  for (const e of ['signedIn', 'signedOut', 'sessionExpired', 'tokensRefreshed'] as const) m.on(e, (ev) => log.push(`${e}:${ev.username}`));
  return { m, calls, storage, log };
}

describe('a user switch during a refresh', () => {
  for (const outcome of ['success', 'refused'] as const) {
    it(`alice's late refresh answer (${outcome}) after bob signed in leaves bob signed in`, async () => {
      const { m, calls, storage, log } = make();
      await m.setSession(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt-a' }));
      const alice = code(m.getTokens({ forceRefresh: true }));
      await vi.waitFor(() => expect(calls).toHaveLength(1));
      await m.setSession(tokenPair({ username: 'bob', iatMs: T0, refreshToken: 'rt-b' }));
      if (outcome === 'success') calls[0]!.answer(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt-a2' }));
      else calls[0]!.answer(cognitoError('NotAuthorizedException'), true);
      expect(await drive(alice, advance)).toBe('NotSignedIn');
      expect(m.getState()).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'bob' } });
      expect(m.currentUsername()).toBe('bob');
      expect(log).toEqual(['signedIn:alice', 'signedIn:bob']);
      expect((await m.getTokens()).refreshToken).toBe('rt-b');
      expect(await storage.get('cognito-edge:c1:last-user')).toEqual({ v: 1, username: 'bob' });
    });
  }

  it('alice’s refused refresh does not clear last-user when it names someone else', async () => {
    const { m, calls, storage } = make({ raceWindowMs: 0 });
    await m.setSession(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt-a' }));
    const alice = code(m.getTokens({ forceRefresh: true }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await storage.set('cognito-edge:c1:last-user', { v: 1, username: 'bob' }); // bob signed in in another tab
    calls[0]!.answer(cognitoError('NotAuthorizedException'), true);
    expect(await drive(alice, advance)).toBe('SessionExpired');
    expect(await storage.get('cognito-edge:c1:last-user')).toEqual({ v: 1, username: 'bob' });
  });

  it('a retry of alice’s refresh after sign-out and sign-in as bob does not sign bob out', async () => {
    const { m, calls, log } = make({ retry: { attempts: 3, baseMs: 1000, maxMs: 1000 } });
    await m.setSession(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt-a' }));
    const alice = code(m.getTokens({ forceRefresh: true }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    calls[0]!.answer(new TypeError('Failed to fetch'), true); // alice's refresh now backs off
    await vi.waitFor(() => expect(log).toHaveLength(1));
    await m.signOut();
    await m.setSession(tokenPair({ username: 'bob', iatMs: T0, refreshToken: 'rt-b' }));
    expect(await drive(alice, advance)).toBe('NotSignedIn');
    expect(calls).toHaveLength(1); // alice's retry found her signed out and sent nothing
    expect(m.currentUsername()).toBe('bob');
    expect(m.getState().status).toBe('signedIn');
    expect((await m.getTokens()).refreshToken).toBe('rt-b');
  });

  it('a forced getTokens for bob never joins alice’s flight', async () => {
    const { m, calls } = make();
    await m.setSession(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt-a' }));
    const alice = code(m.getTokens({ forceRefresh: true }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await m.setSession(tokenPair({ username: 'bob', iatMs: T0, refreshToken: 'rt-b' }));
    const bob = m.getTokens({ forceRefresh: true });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls.map((c) => [c.username, c.refreshToken])).toEqual([
      ['alice', 'rt-a'],
      ['bob', 'rt-b'],
    ]);
    calls[0]!.answer(tokenPair({ username: 'alice', iatMs: T0 }));
    const fresh = tokenPair({ username: 'bob', iatMs: T0 + 1000 });
    calls[1]!.answer(fresh);
    expect(await alice).toBe('NotSignedIn');
    expect((await bob).accessToken).toBe(fresh.accessToken);
    expect(m.currentUsername()).toBe('bob');
    expect(m.getState().status).toBe('signedIn');
  });

  it('signing in as bob keeps a device change another tab made to alice’s record', async () => {
    const storage = memoryStorage();
    const channel = channelHub();
    const [A, B] = [0, 1].map(() =>
      createSessionManager({ clientId: 'c1', autoRefresh: false, channel, storage, refresh: () => Promise.reject(new Error('unused')) }),
    );
    managers.push(A!, B!);
    await Promise.all([A!.ready, B!.ready]);
    const owed = { deviceKey: 'dev-1', deviceGroupKey: 'g', devicePassword: 'p1', unconfirmed: { PasswordVerifier: 'v', Salt: 's' } };
    const confirmed = { deviceKey: 'dev-1', deviceGroupKey: 'g', devicePassword: 'p1' };
    await A!.setSession(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt' }), { device: owed });
    await flush();
    await B!.setDevice('alice', confirmed); // tab B confirmed the owed device
    await A!.setSession(tokenPair({ username: 'bob', iatMs: T0, refreshToken: 'rt-b' }));
    expect(await A!.getDevice('alice')).toEqual(confirmed);
    await B!.setDevice('alice', undefined); // and a forgotten device stays forgotten
    await A!.setSession(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt-2' }));
    await A!.setSession(tokenPair({ username: 'bob', iatMs: T0, refreshToken: 'rt-b2' }));
    expect(await A!.getDevice('alice')).toBeUndefined();
  });

  it('two tabs signing in as different users at once both end with the one last-user names', async () => {
    const storage = memoryStorage();
    const channel = channelHub();
    const [A, B] = [0, 1].map(() =>
      createSessionManager({ clientId: 'c1', autoRefresh: false, channel, storage, refresh: () => Promise.reject(new Error('unused')) }),
    );
    managers.push(A!, B!);
    await Promise.all([A!.ready, B!.ready]);
    await Promise.all([
      A!.setSession(tokenPair({ username: 'alice', iatMs: T0, refreshToken: 'rt-a' })),
      B!.setSession(tokenPair({ username: 'bob', iatMs: T0, refreshToken: 'rt-b' })),
    ]);
    const last = (await storage.get<{ username: string }>('cognito-edge:c1:last-user'))!.username;
    const other = last === 'alice' ? 'bob' : 'alice';
    await vi.waitFor(async () => {
      expect([A!.currentUsername(), B!.currentUsername()]).toEqual([last, last]);
      expect((await storage.get<{ tokens?: unknown }>(`cognito-edge:c1:user:${other}`))!.tokens).toBeUndefined();
    });
    expect([A!.getState().status, B!.getState().status]).toEqual(['signedIn', 'signedIn']);
  });
});
