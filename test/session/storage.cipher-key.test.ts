/**
 * The at-rest key seen from the session: records sealed with a key a tab does not have (another
 * tab's memory-only key) must not end its session, and a key removed from storage while a tab is
 * open (site data cleared) is put back before sealing, so records stay readable after a reload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSessionManager, type SessionManager } from '../../src/session/session-manager.js';
import { localLocks } from '../../src/session/tab-lock.js';
import { systemClock } from '../../src/session/clock.js';
import { createAtRestCipher } from '../../src/session/at-rest-cipher.js';
import { createSessionStore } from '../../src/session/session-store.js';
import { memoryStorage, type AuthStorage } from '../../src/session/storage.js';
import { channelHub, tokenPair } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fails = async (): Promise<never> => {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};
/** IndexedDB that fails every call (blocked, over quota): that tab seals with a key only it has. */
const broken: AuthStorage = { structuredClone: true, get: fails, set: fails, del: fails, update: fails };
const device = { deviceKey: 'eu-west-1_dev', deviceGroupKey: 'grp', devicePassword: 'pw' };

let tabs: SessionManager[] = [];
afterEach(() => {
  for (const t of tabs) t.dispose();
  tabs = [];
});

function tab(storage: AuthStorage, name: string, o: { calls: string[]; channel?: ReturnType<typeof channelHub>; locks?: ReturnType<typeof localLocks> }) {
  const events: string[] = [];
  const m = createSessionManager({
    clientId: 'c1',
    storage,
    autoRefresh: false,
    raceWindowMs: 10,
    channel: o.channel ?? (() => undefined),
    ...(o.locks ? { locks: o.locks } : {}),
    refresh: async (i) => {
      o.calls.push(`${name}:${i.refreshToken}`);
      return tokenPair({ username: i.username, iatMs: Date.now() });
    },
  });
  for (const e of ['signedIn', 'signedOut', 'sessionExpired'] as const) m.on(e, () => events.push(e));
  tabs.push(m);
  return Object.assign(m, { events });
}

describe('records sealed with a key this tab does not have', () => {
  it("another tab's memory-only key: this tab keeps its session and refreshes with its own refresh token", async () => {
    const calls: string[] = [];
    const channel = channelHub();
    const locks = localLocks(systemClock());
    const b = tab(memoryStorage(), 'B', { calls, channel, locks }); // healthy
    const a = tab(broken, 'A', { calls, channel, locks }); // IndexedDB failed before it loaded the key
    await Promise.all([a.ready, b.ready]);
    await b.setSession(tokenPair({ iatMs: Date.now(), refreshToken: 'rt-b' }));
    await a.setSession(tokenPair({ iatMs: Date.now(), refreshToken: 'rt-a' }));
    // A refreshes twice: its records (sealed with its own key) are newer than B's
    await a.getTokens({ forceRefresh: true });
    await a.getTokens({ forceRefresh: true });
    await sleep(20);
    expect(b.peekTokens()?.refreshToken).toBe('rt-b');
    const t = await b.getTokens({ forceRefresh: true });
    expect(t.refreshToken).toBe('rt-b');
    await sleep(20);
    expect(calls).toEqual(['A:rt-a', 'A:rt-a', 'B:rt-b']);
    expect(b.getState().status).toBe('signedIn');
    expect(a.getState().status).toBe('signedIn');
    expect([...a.events, ...b.events]).not.toContain('sessionExpired');
  });

  it('a tab without a session does not take one it cannot refresh (no sessionExpired anywhere)', async () => {
    const calls: string[] = [];
    const channel = channelHub();
    const b = tab(memoryStorage(), 'B', { calls, channel });
    const a = tab(broken, 'A', { calls, channel });
    await Promise.all([a.ready, b.ready]);
    await a.setSession(tokenPair({ iatMs: Date.now(), refreshToken: 'rt-a' }));
    await sleep(20);
    expect(b.peekTokens()).toBeUndefined();
    await expect(b.getTokens({ forceRefresh: true })).rejects.toMatchObject({ code: 'NotSignedIn' });
    await sleep(20);
    expect(a.getState().status).toBe('signedIn');
    expect([...a.events, ...b.events]).not.toContain('sessionExpired');
    expect(calls).toEqual([]);
  });
});

describe('the at-rest key removed from storage while a tab is open (site data cleared)', () => {
  const KEY = 'cognito-edge:c1:at-rest-key';
  /** The same store without `update` (a custom adapter). */
  const withoutUpdate = (s: AuthStorage): AuthStorage => ({ structuredClone: true, get: s.get, set: s.set, del: s.del });

  for (const kind of ['update', 'no update'] as const) {
    it(`puts the cached key back before sealing, so a reload opens what was sealed (${kind})`, async () => {
      const backing = memoryStorage();
      const storage = kind === 'update' ? backing : withoutUpdate(backing);
      const cipher = createAtRestCipher({ storage, keyName: KEY });
      await cipher.seal({ x: 1 }, 'ctx');
      await backing.del(KEY);
      const sealed = await cipher.seal({ x: 2 }, 'ctx');
      expect(await backing.get(KEY)).toBeDefined();
      expect(await createAtRestCipher({ storage: backing, keyName: KEY }).open(sealed, 'ctx')).toEqual({ x: 2 });
    });
  }

  it('takes the key another tab stored meanwhile instead of its cached one', async () => {
    const backing = memoryStorage();
    const a = createAtRestCipher({ storage: backing, keyName: KEY });
    await a.seal({ x: 1 }, 'ctx');
    await backing.del(KEY);
    const b = createAtRestCipher({ storage: backing, keyName: KEY }); // a tab opened after the clearing
    const fromB = await b.seal({ x: 2 }, 'ctx');
    const fromA = await a.seal({ x: 3 }, 'ctx');
    expect(await a.open(fromB, 'ctx')).toEqual({ x: 2 });
    expect(await b.open(fromA, 'ctx')).toEqual({ x: 3 });
    expect(await createAtRestCipher({ storage: backing, keyName: KEY }).open(fromA, 'ctx')).toEqual({ x: 3 });
  });

  it('through the session: the refresh token and the remembered device survive a reload', async () => {
    const calls: string[] = [];
    const backing = memoryStorage();
    const a = tab(backing, 'A', { calls });
    await a.ready;
    await a.setSession(tokenPair({ iatMs: Date.now(), refreshToken: 'rt' }), { device });
    for (const k of [KEY, 'cognito-edge:c1:user:alice', 'cognito-edge:c1:last-user']) await backing.del(k);
    await a.getTokens({ forceRefresh: true }); // rewrites the record
    a.dispose();
    const store = createSessionStore({ storage: backing, namespace: 'c1', cipher: createAtRestCipher({ storage: backing, keyName: KEY }) });
    expect((await store.read('alice'))?.tokens?.refreshToken).toBe('rt');
    const reloaded = tab(backing, 'B', { calls });
    await reloaded.ready;
    expect(await reloaded.getDevice('alice')).toEqual(device);
    await reloaded.setSession(tokenPair({ iatMs: Date.now(), refreshToken: 'rt2' }));
    expect(await reloaded.getDevice('alice')).toEqual(device);
    expect(calls).toEqual(['A:rt']);
  });
});

describe('opening values that are not ours', () => {
  it('resolves undefined (never throws) for anything but a value sealed by this key under this context', async () => {
    const cipher = createAtRestCipher({ storage: memoryStorage(), keyName: 'k' });
    const sealed = await cipher.seal({ x: 1 }, 'ctx');
    const junk: unknown[] = [undefined, null, 'x', 42, {}, { alg: 'A256GCM', iv: 1, ct: 2 }, { ...sealed, iv: new Uint8Array(12) }, { ...sealed, ct: sealed.ct.slice(1) }];
    for (const j of junk) expect(await cipher.open(j, 'ctx')).toBeUndefined();
    expect(await cipher.open(sealed, 'other')).toBeUndefined();
    expect(await cipher.open(sealed, 'ctx')).toEqual({ x: 1 });
  });
});
