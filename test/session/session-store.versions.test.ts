// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAtRestCipher } from '../../src/session/at-rest-cipher.js';
import { createSessionStore, type UserSession } from '../../src/session/session-store.js';
import { indexedDbStorage, memoryStorage, type AuthStorage } from '../../src/session/storage.js';
import { measureTokenTimes } from '../../src/session/clock-drift.js';
import { tokenPair } from './helpers.js';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const device = { deviceKey: 'eu-west-1_dev1', deviceGroupKey: '-grp', devicePassword: 'device-password-secret' };

function session(username = 'alice'): UserSession {
  const t = tokenPair({ username, iatMs: 1_700_000_000_000, refreshToken: 'refresh-token-secret' });
  return {
    username,
    gen: 0,
    tokens: { ...t, refreshToken: 'refresh-token-secret', ...measureTokenTimes(t.accessToken, t.idToken, 1_700_000_002_000)! },
    device,
  };
}

function setup(storage: AuthStorage = indexedDbStorage(), encrypted = true) {
  const cipher = encrypted ? createAtRestCipher({ storage, keyName: 'cognito-edge:c1:at-rest-key' }) : undefined;
  return { storage, store: createSessionStore({ storage, namespace: 'c1', ...(cipher ? { cipher } : {}) }) };
}

/** Every string reachable in a stored value (what a copy of the database would show). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v instanceof Uint8Array) out.push(new TextDecoder().decode(v));
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

describe('session store', () => {
  it('round-trips one record per user with gen + 1, and the last user', async () => {
    const { store } = setup();
    const written = await store.write(session());
    expect(written.gen).toBe(1);
    expect(await store.read('alice')).toEqual(written);
    expect(await store.read('bob')).toBeUndefined();
    await store.writeLastUser('alice');
    expect(await store.readLastUser()).toBe('alice');
    await store.writeLastUser(undefined);
    expect(await store.readLastUser()).toBeUndefined();
  });

  it('survives a "reload": a new store over the same database reads the session back', async () => {
    const { store } = setup();
    const written = await store.write(session());
    const { store: reloaded } = setup(indexedDbStorage());
    expect(await reloaded.read('alice')).toEqual(written);
  });

  it('namespaces keys by pool client and user', async () => {
    const { store, storage } = setup();
    await store.write(session('alice'));
    await store.write(session('bob'));
    expect(store.keyFor('alice')).toBe('cognito-edge:c1:user:alice');
    const other = createSessionStore({ storage, namespace: 'c2' });
    expect(await other.read('alice')).toBeUndefined();
    expect((await store.read('bob'))?.username).toBe('bob');
  });

  it('encrypts the refresh token and device secrets at rest, not the short-lived tokens', async () => {
    const { store, storage } = setup();
    await store.write(session());
    const raw = await storage.get<Record<string, unknown>>(store.keyFor('alice'));
    const all = strings(raw).join('\n');
    expect(all).not.toContain('refresh-token-secret');
    expect(all).not.toContain('device-password-secret');
    expect(all).not.toContain('eu-west-1_dev1');
    expect(all).toContain((await store.read('alice'))!.tokens!.accessToken);
    expect((raw!.secrets as { alg: string }).alg).toBe('A256GCM');
  });

  it('stores secrets as they are when no cipher is used (JSON stores)', async () => {
    const { store, storage } = setup(memoryStorage(), false);
    await store.write(session());
    expect(strings(await storage.get(store.keyFor('alice')))).toContain('refresh-token-secret');
    expect((await store.read('alice'))?.tokens?.refreshToken).toBe('refresh-token-secret');
  });

  it('binds sealed secrets to their record: copied under another user they do not open', async () => {
    const { store, storage } = setup();
    await store.write(session('alice'));
    const raw = (await storage.get<Record<string, unknown>>(store.keyFor('alice')))!;
    await storage.set(store.keyFor('mallory'), { ...raw, username: 'mallory' });
    expect(await store.read('mallory')).toBeUndefined();
    expect((await store.read('alice'))?.tokens?.refreshToken).toBe('refresh-token-secret');
  });

  it('reads a record with tampered secrets as absent instead of throwing', async () => {
    const { store, storage } = setup();
    await store.write(session());
    const raw = (await storage.get<{ secrets: { ct: Uint8Array } }>(store.keyFor('alice')))!;
    raw.secrets.ct[0] ^= 1;
    await storage.set(store.keyFor('alice'), raw);
    expect(await store.read('alice')).toBeUndefined();
  });

  it('reads a record sealed with another key (lost, or another tab\'s) as absent, not as tokens without a refresh token', async () => {
    const a = setup(memoryStorage());
    const b = setup(memoryStorage()); // another key
    const written = await a.store.write(session());
    const sealed = await a.storage.get(a.store.keyFor('alice'));
    expect(await b.store.fromStored('alice', sealed)).toBeUndefined();
    await b.storage.set(b.store.keyFor('alice'), sealed);
    expect(await b.store.read('alice')).toBeUndefined();
    // a store without a cipher cannot open it either
    expect(await setup(a.storage, false).store.read('alice')).toBeUndefined();
    expect(await a.store.fromStored('alice', sealed)).toEqual(written);
    // a record without secrets (signed out, no device) still reads
    const bare = await a.store.toStored({ username: 'alice', gen: 4 });
    expect(await b.store.fromStored('alice', bare)).toEqual({ username: 'alice', gen: 4 });
  });

  it('reads corrupted records and unknown versions as absent', async () => {
    const { store, storage } = setup();
    const key = store.keyFor('alice');
    const good = await store.write(session());
    const raw = (await storage.get<Record<string, unknown>>(key))!;
    const bad: unknown[] = [
      'garbage',
      42,
      null,
      [],
      { ...raw, v: 2 },
      { ...raw, v: undefined },
      { ...raw, username: 'bob' },
      { ...raw, gen: 'x' },
    ];
    for (const b of bad) {
      await storage.set(key, b);
      expect(await store.read('alice')).toBeUndefined();
    }
    // broken token fields: the record reads, without tokens
    await storage.set(key, { ...raw, tokens: { accessToken: 1 } });
    expect((await store.read('alice'))?.tokens).toBeUndefined();
    await storage.set(key, { ...raw, secrets: 'nonsense' });
    expect((await store.read('alice'))?.device).toBeUndefined();
    await storage.set(key, raw);
    expect(await store.read('alice')).toEqual(good);
    for (const b of ['x', { v: 2, username: 'alice' }, { v: 1 }, null]) {
      await storage.set('cognito-edge:c1:last-user', b);
      expect(await store.readLastUser()).toBeUndefined();
    }
  });

  it('agrees on one encryption key when several tabs start together', async () => {
    const tabs = Array.from({ length: 5 }, () => setup(indexedDbStorage()));
    const sealed = await Promise.all(tabs.map((t, i) => t.store.write(session(`user${i}`))));
    for (const t of tabs) {
      for (let i = 0; i < 5; i++) expect((await t.store.read(`user${i}`))?.tokens?.refreshToken).toBe('refresh-token-secret');
    }
    expect(sealed).toHaveLength(5);
  });
});
