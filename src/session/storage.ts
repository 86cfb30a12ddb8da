import { indexedDbStorage } from './indexeddb-storage.js';

/**
 * The storage contract of the session manager: a small async key-value store. Anything that can
 * hold structured-cloneable values (IndexedDB, memory, Workers KV with JSON, a server session)
 * can back a session.
 */
export interface AuthStorage {
  /** Reads a value; resolves `undefined` when the key is absent. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Writes a value. The write is atomic for one key. */
  set(key: string, value: unknown): Promise<void>;
  /** Removes a key; removing an absent key is not an error. */
  del(key: string): Promise<void>;
  /**
   * Optional atomic read-modify-write of one key (one IndexedDB transaction). Used to create the
   * shared at-rest encryption key exactly once when several tabs start together.
   */
  update?(key: string, updater: (old: unknown) => unknown): Promise<void>;
  /**
   * True when the store keeps values by structured clone, so a non-extractable `CryptoKey` can be
   * stored in it (IndexedDB, memory). Stores that serialize to JSON (Workers KV, cookies) leave
   * it unset, and secrets are then stored without at-rest encryption.
   */
  readonly structuredClone?: boolean;
}

/**
 * An in-memory storage for workers, servers and tests. Each call returns an independent store,
 * so two `createAuth` instances never share state unless they are handed the same store.
 *
 * @example
 * const auth = createAuth({ userPoolId, clientId, storage: memoryStorage() });
 */
export function memoryStorage(): AuthStorage {
  const map = new Map<string, unknown>();
  // Values are cloned in and out, as IndexedDB would, so callers cannot mutate what is stored.
  const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
  return {
    structuredClone: true,
    async get<T>(key: string) {
      return clone(map.get(key)) as T | undefined;
    },
    async set(key: string, value: unknown) {
      map.set(key, clone(value));
    },
    async del(key: string) {
      map.delete(key);
    },
    async update(key: string, updater: (old: unknown) => unknown) {
      map.set(key, clone(updater(clone(map.get(key)))));
    },
  };
}

/**
 * The storage `createAuth` uses when none is given: IndexedDB where it exists (browsers),
 * memory elsewhere (workers, servers, tests).
 */
export function defaultStorage(): AuthStorage {
  return typeof indexedDB !== 'undefined' ? indexedDbStorage() : memoryStorage();
}

export { indexedDbStorage };
export type { IndexedDbStorageOptions } from './indexeddb-storage.js';
