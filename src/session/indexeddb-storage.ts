import { createStore, get, set, del, update, type UseStore } from 'idb-keyval';
import { assertString } from '../auth/assert.js';
import type { AuthStorage } from './storage.js';

/** Options of {@link indexedDbStorage}. */
export interface IndexedDbStorageOptions {
  /** Database name; default `'cognito-edge'`. Use another name to keep two apps apart. */
  name?: string;
  /** Object store name inside the database; default `'session'`. */
  storeName?: string;
}

/**
 * Session storage in IndexedDB, on idb-keyval's custom stores. The connection lives in this
 * store's closure and is opened on first use, never at import or at creation. Values are kept by
 * structured clone, so the at-rest encryption key (a non-extractable `CryptoKey`) can live here.
 *
 * Failures (IndexedDB missing, blocked, over quota, corrupted) surface as rejected promises;
 * `createAuth` wraps every storage in a fallback that switches to memory and emits one
 * `storageUnavailable` event instead of throwing at the app.
 *
 * @example
 * const auth = createAuth({ userPoolId, clientId, storage: indexedDbStorage({ name: 'my-app' }) });
 */
export function indexedDbStorage(options: IndexedDbStorageOptions = {}): AuthStorage {
  const name = options.name ?? 'cognito-edge';
  const storeName = options.storeName ?? 'session';
  assertString(name, 'indexedDbStorage: `name`');
  assertString(storeName, 'indexedDbStorage: `storeName`');
  let store: UseStore | undefined;
  // createStore is lazy in idb-keyval 6 too, but we also defer the `indexedDB` global lookup so a
  // missing IndexedDB becomes a rejected promise at first use, not an exception here.
  const use = (): UseStore => {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available in this environment');
    store ??= createStore(name, storeName);
    return store;
  };
  return {
    structuredClone: true,
    async get<T>(key: string) {
      return (await get(key, use())) as T | undefined;
    },
    async set(key: string, value: unknown) {
      await set(key, value, use());
    },
    async del(key: string) {
      await del(key, use());
    },
    async update(key: string, updater: (old: unknown) => unknown) {
      await update(key, updater, use());
    },
  };
}
