// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionManager, type SessionManagerOptions } from '../../src/session/session-manager.js';
import type { RefreshInput } from '../../src/session/refresh-coordinator.js';
import { isSessionError } from '../../src/session/session-errors.js';
import { indexedDbStorage, memoryStorage } from '../../src/session/storage.js';
import { drive, tokenPair } from './helpers.js';

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/** A named Cognito-style error, as the client throws them. */
const cognitoError = (name: string, status = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

let managers: Array<{ dispose(): void }> = [];
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  for (const m of managers) m.dispose();
  managers = [];
  vi.useRealTimers();
});

function make(o: Partial<SessionManagerOptions> & { serverOffsetMs?: number } = {}) {
  const calls: RefreshInput[] = [];
  const serverNow = () => Date.now() - (o.serverOffsetMs ?? 0);
  const m = createSessionManager({
    clientId: 'client1',
    autoRefresh: false,
    channel: () => undefined,
    refresh: async (input) => {
      calls.push(input);
      return tokenPair({ username: input.username, iatMs: serverNow() });
    },
    ...o,
  });
  managers.push(m);
  return { m, calls, serverNow };
}

describe('session manager: state and events', () => {
  it('goes loading → signedOut → signedIn with a stable snapshot', async () => {
    const { m } = make();
    expect(m.getState()).toEqual({ status: 'loading' });
    const seen: unknown[] = [];
    m.subscribe(() => seen.push(m.getState()));
    await m.ready;
    expect(m.getState().status).toBe('signedOut');
    const a = m.getState();
    expect(m.getState()).toBe(a);
    const signedIn = vi.fn();
    m.on('signedIn', signedIn);
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    const b = m.getState();
    expect(b).not.toBe(a);
    expect(b.status).toBe('signedIn');
    expect(b.user?.['cognito:username']).toBe('alice');
    expect(m.getState()).toBe(b);
    expect(Object.isFrozen(b)).toBe(true);
    expect(seen).toEqual([a, b]);
    expect(signedIn).toHaveBeenCalledWith(expect.objectContaining({ username: 'alice', remote: false }));
  });

  it('unsubscribes, and a throwing listener does not stop the others', async () => {
    const { m } = make();
    await m.ready;
    const reported: unknown[] = [];
    const orig = globalThis.reportError;
    globalThis.reportError = (e: unknown) => reported.push(e);
    try {
      const off = m.on('signedIn', () => {
        throw new Error('listener bug');
      });
      const ok = vi.fn();
      m.on('signedIn', ok);
      const sub = vi.fn();
      const unsub = m.subscribe(sub);
      await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
      expect(ok).toHaveBeenCalledTimes(1);
      expect(reported).toHaveLength(1);
      off();
      unsub();
      await m.signOut();
      await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
      expect(ok).toHaveBeenCalledTimes(2);
      expect(reported).toHaveLength(1);
      expect(sub).toHaveBeenCalledTimes(1);
    } finally {
      globalThis.reportError = orig;
    }
    expect(() => m.on('nope' as never, () => {})).toThrow(/unknown event/);
  });

  it('checks its arguments before doing anything', async () => {
    expect(() => createSessionManager({ clientId: '', refresh: async () => tokenPair({ iatMs: T0 }) })).toThrow(/clientId/);
    expect(() => createSessionManager({ clientId: 'c', refresh: 1 as never })).toThrow(/refresh/);
    // "No timeout" as Infinity would make timers fire at once: refused, naming the option.
    for (const k of ['lockTimeoutMs', 'requestTimeoutMs', 'storageTimeoutMs', 'wakeCheckMs', 'raceWindowMs'] as const) {
      for (const bad of [Infinity, NaN, -1, 2 ** 31, '100']) {
        expect(() => createSessionManager({ clientId: 'c', refresh: async () => tokenPair({ iatMs: T0 }), [k]: bad as never })).toThrow(new RegExp(`^${k}: `));
      }
    }
    const { m } = make();
    await expect(m.setSession({ accessToken: 'x', idToken: 'y' })).rejects.toThrow(/JWTs/);
    await expect(m.setDevice('', undefined)).rejects.toThrow(/username/);
    await expect(m.setDevice('u', { deviceKey: 'k' } as never)).rejects.toThrow(/device/);
  });
});

describe('session manager: tokens, drift, refresh', () => {
  it('returns stored tokens while valid for the leeway, refreshes when inside it', async () => {
    const { m, calls } = make({ leewayMs: 5 * 60_000 });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    const first = await m.getTokens();
    expect(first.expiresAt).toBe(T0 + HOUR);
    expect(first.refreshToken).toBe('rt');
    vi.setSystemTime(T0 + HOUR - 6 * 60_000);
    expect((await m.getTokens()).accessToken).toBe(first.accessToken);
    expect(calls).toHaveLength(0);
    vi.setSystemTime(T0 + HOUR - 4 * 60_000);
    const refreshed = vi.fn();
    m.on('tokensRefreshed', refreshed);
    const second = await m.getTokens();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.refreshToken).toBe('rt');
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).toBe('rt'); // not rotated: kept
    expect(second.expiresAt - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(refreshed).toHaveBeenCalledTimes(1);
  });

  it('shares one refresh among concurrent callers, and forceRefresh refreshes once', async () => {
    const { m, calls } = make();
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    const all = await Promise.all(Array.from({ length: 10 }, () => m.getTokens({ forceRefresh: true })));
    expect(calls).toHaveLength(1);
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1);
  });

  it('judges expiry on corrected time when the local clock is off (drift from iat)', async () => {
    // the local clock runs 2 h ahead of the service
    const { m, calls } = make({ serverOffsetMs: 2 * HOUR, leewayMs: 60_000 });
    await m.setSession({ ...tokenPair({ iatMs: Date.now() - 2 * HOUR }), refreshToken: 'rt' });
    const t = await m.getTokens();
    expect(calls).toHaveLength(0); // locally "expired" an hour ago, but valid on the service's clock
    expect(t.expiresAt).toBe(T0 + HOUR); // exp on our clock
    vi.setSystemTime(T0 + HOUR - 30_000);
    await m.getTokens();
    expect(calls).toHaveLength(1);
  });

  it('a device is kept with the user, passed to refresh, and survives sign-out', async () => {
    const { m, calls } = make();
    const device = { deviceKey: 'dk', deviceGroupKey: 'gk', devicePassword: 'pw' };
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' }, { device });
    await m.getTokens({ forceRefresh: true });
    expect(calls[0]!.device).toEqual(device);
    await m.signOut();
    expect(m.getState().status).toBe('signedOut');
    expect(await m.getDevice('alice')).toEqual(device);
    await expect(m.getTokens()).rejects.toSatisfy((e) => isSessionError(e, 'NotSignedIn'));
    await m.setDevice('alice', undefined);
    expect(await m.getDevice('alice')).toBeUndefined();
  });

  it('a reload restores the session from IndexedDB (encrypted refresh token)', async () => {
    const { m } = make({ storage: indexedDbStorage() });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt-1' });
    m.dispose();
    const { m: again, calls } = make({ storage: indexedDbStorage() });
    await again.ready;
    expect(again.getState().status).toBe('signedIn');
    await again.getTokens({ forceRefresh: true });
    expect(calls[0]!.refreshToken).toBe('rt-1');
  });

  it('a definitive refusal ends the session: sessionExpired then signedOut, typed error', async () => {
    const { m } = make({ refresh: async () => Promise.reject(cognitoError('NotAuthorizedException')) });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    const order: string[] = [];
    m.on('sessionExpired', () => order.push('sessionExpired'));
    m.on('signedOut', () => order.push('signedOut'));
    m.on('refreshFailed', () => order.push('refreshFailed'));
    const started = Date.now();
    await expect(drive(m.getTokens({ forceRefresh: true }), advance)).rejects.toSatisfy((e) => isSessionError(e, 'SessionExpired'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(500); // it looked again for a racing tab's token first
    expect(order).toEqual(['sessionExpired', 'signedOut']);
    expect(m.getState().status).toBe('signedOut');
  });

  it('transient failures keep the session: refreshFailed per attempt, RefreshFailed thrown, then recovery', async () => {
    let fail = true;
    const errors = [new TypeError('Failed to fetch'), cognitoError('InternalErrorException', 500), cognitoError('TooManyRequestsException')];
    let i = 0;
    const { m } = make({
      storage: memoryStorage(),
      retry: { attempts: 3, baseMs: 100, maxMs: 1000 },
      refresh: async (input) => {
        if (fail) throw errors[i++ % errors.length];
        return tokenPair({ username: input.username, iatMs: Date.now() });
      },
    });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    const failed = vi.fn();
    const expired = vi.fn();
    m.on('refreshFailed', failed);
    m.on('sessionExpired', expired);
    const p = m.getTokens({ forceRefresh: true });
    await expect(drive(p, advance)).rejects.toSatisfy((e) => isSessionError(e, 'RefreshFailed') && (e as { retryable: boolean }).retryable);
    expect(failed).toHaveBeenCalledTimes(3);
    expect(failed.mock.calls.map((c) => c[0].attempt)).toEqual([1, 2, 3]);
    expect(failed.mock.calls[2]![0].retryInMs).toBeUndefined();
    expect(expired).not.toHaveBeenCalled();
    expect(m.getState().status).toBe('signedIn');
    fail = false;
    await expect(m.getTokens({ forceRefresh: true })).resolves.toHaveProperty('accessToken');
  });

  it('a malformed refresh response is transient', async () => {
    const { m } = make({ retry: { attempts: 1 }, refresh: async () => ({ accessToken: 'garbage', idToken: '' }) });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    await expect(m.getTokens({ forceRefresh: true })).rejects.toSatisfy((e) => isSessionError(e, 'RefreshFailed'));
    expect(m.getState().status).toBe('signedIn');
  });

  it('a hanging refresh times out as a transient failure', async () => {
    const { m } = make({ storage: memoryStorage(), retry: { attempts: 1 }, requestTimeoutMs: 1000, refresh: () => new Promise(() => {}) });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    const started = Date.now();
    const p = m.getTokens({ forceRefresh: true });
    await expect(drive(p, advance)).rejects.toSatisfy(
      (e) => isSessionError(e, 'RefreshFailed') && (e as Error & { cause: Error }).cause.name === 'TimeoutError',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(m.getState().status).toBe('signedIn');
  });

  it('signing in as another user replaces the first user’s tokens (their device stays)', async () => {
    const { m } = make({ storage: memoryStorage() });
    const device = { deviceKey: 'dk', deviceGroupKey: 'gk', devicePassword: 'pw' };
    await m.setSession({ ...tokenPair({ iatMs: T0, username: 'alice' }), refreshToken: 'rt' }, { device });
    await m.setSession({ ...tokenPair({ iatMs: T0, username: 'bob' }), refreshToken: 'rt2' });
    expect(m.currentUsername()).toBe('bob');
    expect(await m.getDevice('alice')).toEqual(device);
    expect(m.peekTokens()?.refreshToken).toBe('rt2');
  });

  it('a device change landing during a refresh keeps both (no lost update)', async () => {
    const storage = memoryStorage();
    const device = { deviceKey: 'dk', deviceGroupKey: 'gk', devicePassword: 'pw' };
    let m!: ReturnType<typeof createSessionManager>;
    ({ m } = make({
      storage,
      refresh: async (input) => {
        // like createAuth's stale-device path: forget the device while the refresh is answered
        queueMicrotask(() => void m.setDevice(input.username, undefined));
        return { ...tokenPair({ username: input.username, iatMs: Date.now() }), refreshToken: 'rt-2' };
      },
    }));
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt-1' }, { device });
    const t = await m.getTokens({ forceRefresh: true });
    expect(t.refreshToken).toBe('rt-2');
    await m.setDevice('other', undefined); // queued after: everything before it has landed
    const { m: reloaded } = make({ storage });
    await reloaded.ready;
    expect(reloaded.peekTokens()?.refreshToken).toBe('rt-2');
    expect(await reloaded.getDevice('alice')).toBeUndefined();
  });

  it('a sign-in while a refresh is out is not overwritten by the late refresh', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inFlight!: () => void;
    const sent = new Promise<void>((r) => (inFlight = r));
    const { m } = make({
      storage: memoryStorage(),
      refresh: async (input) => {
        inFlight();
        await gate;
        return { ...tokenPair({ username: input.username, iatMs: Date.now() }), refreshToken: 'rt-late' };
      },
    });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt-old' });
    const late = m.getTokens({ forceRefresh: true });
    await sent; // the refresh request is out
    await m.signOut();
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt-new' });
    release();
    const got = await late;
    expect(got.refreshToken).toBe('rt-new');
    expect(m.peekTokens()?.refreshToken).toBe('rt-new');
    expect(m.getState().status).toBe('signedIn');
  });

  it('dispose stops a retrying refresh: no further requests or events', async () => {
    const { m, calls } = make({
      storage: memoryStorage(),
      retry: { attempts: 3, baseMs: 100, maxMs: 100 },
      refresh: async (input) => {
        calls.push(input);
        if (calls.length < 3) throw new TypeError('Failed to fetch');
        return tokenPair({ username: input.username, iatMs: Date.now() });
      },
    });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
    const heard: string[] = [];
    for (const e of ['tokensRefreshed', 'refreshFailed', 'signedOut', 'sessionExpired'] as const) m.on(e, () => heard.push(e));
    const got = m.getTokens({ forceRefresh: true }).catch((e: { code: string }) => e.code);
    for (let i = 0; i < 5000 && !heard.length; i++) await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['refreshFailed']); // the first attempt failed; the retry waits
    expect(calls).toHaveLength(1);
    m.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await got).toBe('RefreshFailed');
    expect(calls).toHaveLength(1);
    expect(heard).toEqual(['refreshFailed']);
  });

  it('works on a custom JSON key-value adapter (like Workers KV): no structured clone, so no at-rest encryption', async () => {
    const kv = new Map<string, string>();
    const storage = {
      async get(key: string) {
        const v = kv.get(key);
        return v === undefined ? undefined : JSON.parse(v);
      },
      async set(key: string, value: unknown) {
        kv.set(key, JSON.stringify(value));
      },
      async del(key: string) {
        kv.delete(key);
      },
    };
    const device = { deviceKey: 'dk', deviceGroupKey: 'gk', devicePassword: 'pw' };
    const { m } = make({ storage });
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt-kv' }, { device });
    expect([...kv.keys()].sort()).toEqual(['cognito-edge:client1:last-user', 'cognito-edge:client1:user:alice']);
    const { m: again, calls } = make({ storage });
    await again.ready;
    expect(again.getState().status).toBe('signedIn');
    expect(await again.getDevice('alice')).toEqual(device);
    await again.getTokens({ forceRefresh: true });
    expect(calls[0]).toMatchObject({ refreshToken: 'rt-kv', device });
  });
});
