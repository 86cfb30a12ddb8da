// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultStorage, indexedDbStorage, memoryStorage } from '../../src/session/storage.js';
import { createAtRestCipher } from '../../src/session/at-rest-cipher.js';

beforeEach(() => {
  // a fresh, empty IndexedDB for every test
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => vi.restoreAllMocks());

describe('indexedDbStorage', () => {
  it('does not open the database until the first call', async () => {
    const open = vi.spyOn(globalThis.indexedDB, 'open');
    const s = indexedDbStorage({ name: 'lazy' });
    expect(open).not.toHaveBeenCalled();
    await s.get('x');
    expect(open).toHaveBeenCalledTimes(1);
    await s.set('x', 1);
    await s.get('x');
    expect(open).toHaveBeenCalledTimes(1); // the connection is kept in the closure
  });

  it('round-trips structured values, deletes, and keeps two names apart', async () => {
    const a = indexedDbStorage({ name: 'app-a' });
    const b = indexedDbStorage({ name: 'app-b' });
    const value = { n: 1, bytes: new Uint8Array([1, 2, 3]), nested: { s: 'x' } };
    await a.set('k', value);
    expect(await a.get('k')).toEqual(value);
    expect((await a.get<typeof value>('k'))!.bytes).toBeInstanceOf(Uint8Array);
    expect(await b.get('k')).toBeUndefined();
    // a second store object on the same database sees the same data (another tab)
    expect(await indexedDbStorage({ name: 'app-a' }).get('k')).toEqual(value);
    await a.del('k');
    expect(await a.get('k')).toBeUndefined();
    await a.del('never-there');
  });

  it('update is a read-modify-write in one transaction', async () => {
    const s = indexedDbStorage({ name: 'upd' });
    await Promise.all(Array.from({ length: 20 }, () => s.update!('n', (old) => ((old as number | undefined) ?? 0) + 1)));
    expect(await s.get('n')).toBe(20);
  });

  it('stores a non-extractable CryptoKey by structured clone', async () => {
    const s = indexedDbStorage({ name: 'keys' });
    const cipher = createAtRestCipher({ storage: s, keyName: 'k' });
    const sealed = await cipher.seal({ refreshToken: 'rt-secret' }, 'ctx');
    const key = await s.get<CryptoKey>('k');
    expect(key?.extractable).toBe(false);
    expect(key?.algorithm.name).toBe('AES-GCM');
    await expect(crypto.subtle.exportKey('raw', key!)).rejects.toThrow();
    // a fresh cipher (another tab, or after a reload) finds the same key and opens the value
    const again = createAtRestCipher({ storage: indexedDbStorage({ name: 'keys' }), keyName: 'k' });
    expect(await again.open(sealed, 'ctx')).toEqual({ refreshToken: 'rt-secret' });
  });

  it('rejects (does not throw synchronously) where IndexedDB is missing', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error simulate a runtime without IndexedDB
    delete globalThis.indexedDB;
    try {
      const s = indexedDbStorage();
      await expect(s.get('x')).rejects.toThrow(/IndexedDB is not available/);
      expect(defaultStorage().structuredClone).toBe(true);
      await defaultStorage().set('x', 1); // memory
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('checks its options', () => {
    expect(() => indexedDbStorage({ name: '' })).toThrow(/`name`/);
    expect(() => indexedDbStorage({ storeName: '' })).toThrow(/`storeName`/);
  });
});

describe('memoryStorage', () => {
  it('clones in and out and keeps instances apart', async () => {
    const a = memoryStorage();
    const v = { x: [1] };
    await a.set('k', v);
    v.x.push(2);
    const got = await a.get<typeof v>('k');
    expect(got).toEqual({ x: [1] });
    got!.x.push(3);
    expect(await a.get('k')).toEqual({ x: [1] });
    expect(await memoryStorage().get('k')).toBeUndefined();
  });
});
