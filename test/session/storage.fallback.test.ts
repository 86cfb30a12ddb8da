// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withMemoryFallback } from '../../src/session/fallback-storage.js';
import { createSessionManager } from '../../src/session/session-manager.js';
import { indexedDbStorage, memoryStorage, type AuthStorage } from '../../src/session/storage.js';
import { drive, tokenPair } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => vi.useRealTimers());

/** A storage that works for `okCalls` calls, then fails every call the given way. */
function failing(how: 'reject' | 'throw' | 'hang', okCalls = 0): AuthStorage & { calls: number } {
  const inner = memoryStorage();
  const s = {
    calls: 0,
    structuredClone: true,
    get: (k: string) => op(() => inner.get(k)),
    set: (k: string, v: unknown) => op(() => inner.set(k, v)),
    del: (k: string) => op(() => inner.del(k)),
  } as AuthStorage & { calls: number };
  function op<T>(f: () => Promise<T>): Promise<T> {
    if (s.calls++ < okCalls) return f();
    if (how === 'throw') throw new Error('sync failure');
    if (how === 'hang') return new Promise(() => {});
    return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
  }
  return s;
}

function manager(storage: AuthStorage, storageTimeoutMs = 1000) {
  return createSessionManager({
    clientId: 'c1',
    storage,
    storageTimeoutMs,
    autoRefresh: false,
    channel: () => undefined,
    refresh: async (i) => tokenPair({ username: i.username, iatMs: Date.now() }),
  });
}

describe('withMemoryFallback', () => {
  for (const how of ['reject', 'throw', 'hang'] as const) {
    it(`never rejects when the backing store fails (${how}) and reports it once`, async () => {
      const onUnavailable = vi.fn();
      const s = withMemoryFallback(failing(how, 1), { onUnavailable, timeoutMs: 100 });
      await s.set('a', 1); // ok call
      const p = s.set('b', 2);
      await drive(p, advance);
      expect(s.degraded).toBe(true);
      expect(await s.get('a')).toBe(1);
      expect(await s.get('b')).toBe(2);
      await s.del('a');
      expect(await s.get('a')).toBeUndefined();
      await s.update!('n', (o) => ((o as number) ?? 0) + 1);
      expect(await s.get('n')).toBe(1);
      expect(onUnavailable).toHaveBeenCalledTimes(1);
    });
  }

  it('passes through while the backing store works', async () => {
    const backing = indexedDbStorage();
    const onUnavailable = vi.fn();
    const s = withMemoryFallback(backing, { onUnavailable });
    await s.set('k', { x: 1 });
    expect(await backing.get('k')).toEqual({ x: 1 });
    expect(s.degraded).toBe(false);
    expect(onUnavailable).not.toHaveBeenCalled();
  });
});

describe('session manager on broken storage', () => {
  it('IndexedDB missing: signs in, refreshes, one storageUnavailable event, no throw', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error no IndexedDB in this "browser"
    delete globalThis.indexedDB;
    try {
      const m = manager(indexedDbStorage());
      const events = vi.fn();
      m.on('storageUnavailable', events);
      await m.ready;
      expect(m.getState().status).toBe('signedOut');
      await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' });
      expect(m.getState().status).toBe('signedIn');
      const t = await drive(m.getTokens({ forceRefresh: true }), advance);
      expect(t.refreshToken).toBe('rt');
      await m.signOut();
      expect(events).toHaveBeenCalledTimes(1);
      expect(String(events.mock.calls[0]![0].error)).toMatch(/IndexedDB is not available/);
      m.dispose();
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  for (const how of ['reject', 'throw', 'hang'] as const) {
    it(`storage that starts failing mid-session (${how}): the in-memory session survives, one event`, async () => {
      const backing = failing(how, 6);
      const m = manager(backing, 1000);
      const unavailable = vi.fn();
      m.on('storageUnavailable', unavailable);
      await drive(m.ready, advance);
      await drive(m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' }), advance);
      const before = m.peekTokens()!;
      for (let i = 0; i < 3; i++) {
        const t = await drive(m.getTokens({ forceRefresh: true }), advance);
        expect(t.accessToken).not.toBe(before.accessToken);
        expect(t.refreshToken).toBe('rt');
      }
      expect(m.getState().status).toBe('signedIn');
      expect(unavailable).toHaveBeenCalledTimes(1);
      expect(unavailable.mock.calls[0]![0]).toHaveProperty('error');
      const device = { deviceKey: 'dk', deviceGroupKey: 'gk', devicePassword: 'pw' };
      await drive(m.setDevice('alice', device), advance);
      expect(await drive(m.getDevice('alice'), advance)).toEqual(device);
      m.dispose();
    });
  }

  it('corrupted stored data reads as signed out, without an exception', async () => {
    const storage = indexedDbStorage();
    await storage.set('cognito-edge:c1:last-user', { v: 1, username: 'alice' });
    await storage.set('cognito-edge:c1:user:alice', { v: 1, username: 'alice', gen: 3, tokens: 'garbage', secrets: { alg: 'A256GCM', iv: 1, ct: 2 } });
    const m = manager(storage);
    await m.ready;
    expect(m.getState().status).toBe('signedOut');
    m.dispose();
  });

  it('a cipher failure (key unusable) falls back to memory instead of storing secrets in clear', async () => {
    const backing = memoryStorage();
    const m = createSessionManager({
      clientId: 'c1',
      storage: backing,
      autoRefresh: false,
      channel: () => undefined,
      refresh: async (i) => tokenPair({ username: i.username, iatMs: Date.now() }),
    });
    const unavailable = vi.fn();
    m.on('storageUnavailable', unavailable);
    await m.ready;
    // break Web Crypto for this sign-in
    const spy = vi.spyOn(crypto.subtle, 'encrypt').mockRejectedValue(new DOMException('boom', 'OperationError'));
    await m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt-plain-check' });
    spy.mockRestore();
    expect(m.getState().status).toBe('signedIn');
    expect(unavailable).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(await backing.get('cognito-edge:c1:user:alice') ?? null)).not.toContain('rt-plain-check');
    m.dispose();
  });

  it('IndexedDB blocked by a pending upgrade (another tab holds an old connection): times out to memory, one event', async () => {
    // tab 1 holds a connection and ignores versionchange; tab 2 asks for a new version and is blocked;
    // our open queues behind that upgrade and would wait forever
    const held: IDBDatabase = await new Promise((res, rej) => {
      const r = indexedDB.open('cognito-edge', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('session');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    held.onversionchange = () => {}; // does not close
    const blocked = indexedDB.open('cognito-edge', 2);
    let wasBlocked = false;
    blocked.onblocked = () => (wasBlocked = true);
    const m = manager(indexedDbStorage(), 1000);
    const unavailable = vi.fn();
    m.on('storageUnavailable', unavailable);
    await drive(m.ready, advance);
    expect(wasBlocked).toBe(true);
    expect(m.getState().status).toBe('signedOut');
    await drive(m.setSession({ ...tokenPair({ iatMs: T0 }), refreshToken: 'rt' }), advance);
    const t = await drive(m.getTokens({ forceRefresh: true }), advance);
    expect(t.refreshToken).toBe('rt');
    expect(m.getState().status).toBe('signedIn');
    expect(unavailable).toHaveBeenCalledTimes(1);
    expect(String(unavailable.mock.calls[0]![0].error)).toMatch(/did not answer/);
    m.dispose();
    held.close();
  });
});
