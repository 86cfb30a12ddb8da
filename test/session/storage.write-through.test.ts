// @vitest-environment happy-dom
/**
 * A tab whose storage failed keeps its session in memory and tells the other tabs. A healthy tab
 * that takes over such a newer record writes it through to the shared storage, so that a reload
 * (or a tab opened later) brings back neither a signed-out session nor a rotated-out refresh token.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSessionManager, type SessionManager } from '../../src/session/session-manager.js';
import type { RefreshFunction } from '../../src/session/refresh-coordinator.js';
import { memoryStorage, type AuthStorage } from '../../src/session/storage.js';
import { channelHub, flush, tokenPair } from './helpers.js';

let tabs: SessionManager[] = [];
afterEach(() => {
  for (const t of tabs) t.dispose();
  tabs = [];
});

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  await flush();
};

function setup(refresh: RefreshFunction = () => Promise.reject(new Error('unused'))) {
  const backing = memoryStorage();
  const channel = channelHub();
  const broken = { on: false };
  const fail = () => Promise.reject(new Error('QuotaExceededError'));
  // tab A's view of the shared store, which starts failing when `broken.on` is set
  const flaky: AuthStorage = {
    structuredClone: true,
    get: (k) => (broken.on ? fail() : backing.get(k)),
    set: (k, v) => (broken.on ? fail() : backing.set(k, v)),
    del: (k) => (broken.on ? fail() : backing.del(k)),
    update: (k, u) => (broken.on ? fail() : backing.update!(k, u)),
  };
  const mk = (storage: AuthStorage) => {
    const t = createSessionManager({ clientId: 'c1', autoRefresh: false, channel, storage, refresh });
    tabs.push(t);
    return t;
  };
  return { backing, broken, A: mk(flaky), B: mk(backing), mk };
}

describe('write-through of records from a tab whose storage failed', () => {
  it('a sign-out in the degraded tab stays signed out after a reload', async () => {
    const { backing, broken, A, B, mk } = setup();
    await Promise.all([A.ready, B.ready]);
    await A.setSession(tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'rt1' }));
    await settle();
    broken.on = true;
    await A.signOut();
    await vi.waitFor(() => expect([A.getState().status, B.getState().status]).toEqual(['signedOut', 'signedOut']));
    await vi.waitFor(async () => {
      const R = mk(backing); // the app is loaded again
      await R.ready;
      expect(R.getState().status).toBe('signedOut');
    });
    expect(await backing.get('cognito-edge:c1:last-user')).toBeUndefined();
  });

  it('a refresh token rotated in the degraded tab is what a tab opened later uses', async () => {
    const { backing, broken, A, B, mk } = setup(async ({ username }) => tokenPair({ username, iatMs: Date.now(), refreshToken: 'rt2' }));
    await Promise.all([A.ready, B.ready]);
    await A.setSession(tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'rt1' }));
    await settle();
    broken.on = true;
    expect((await A.getTokens({ forceRefresh: true })).refreshToken).toBe('rt2');
    await vi.waitFor(() => expect(B.peekTokens()?.refreshToken).toBe('rt2'));
    await vi.waitFor(async () => {
      const C = mk(backing); // a tab opened later
      await C.ready;
      expect(C.peekTokens()?.refreshToken).toBe('rt2');
    });
  });
});
