import { isObject } from './guards.js';
import type { AuthStorage } from './storage.js';

/** A value sealed with AES-GCM: 12-byte IV and ciphertext (with its 16-byte tag). */
export interface SealedValue {
  readonly alg: 'A256GCM';
  readonly iv: Uint8Array;
  readonly ct: Uint8Array;
}

/** Seals and opens small JSON values; see {@link createAtRestCipher}. */
export interface AtRestCipher {
  /** Encrypts `value` (JSON-serializable), bound to `context` (the record's key) as additional data. */
  seal(value: unknown, context: string): Promise<SealedValue>;
  /** Decrypts; resolves `undefined` when the value is not sealed by this key or was tampered with. */
  open(sealed: unknown, context: string): Promise<unknown>;
}

/** Options of {@link createAtRestCipher}. */
export interface AtRestCipherOptions {
  /** Where the key lives: the same store as the session (it must keep values by structured clone). */
  storage: AuthStorage;
  /** The key's storage key. */
  keyName: string;
  /** Web Crypto; default `globalThis.crypto`. */
  crypto?: Crypto;
}

const AES_GCM = 'AES-GCM';

const isAesKey = (k: unknown): k is CryptoKey =>
  isObject(k) && k.type === 'secret' && (k as unknown as CryptoKey).algorithm?.name === AES_GCM;

/**
 * Encryption at rest for the refresh token and device secrets. The AES-GCM key is generated with
 * `extractable: false` and stored as a `CryptoKey` object in the same IndexedDB (a `CryptoKey` is
 * structured-cloneable), so script running in the origin can ask the browser to decrypt but can
 * never read the key bytes; a copy of the database alone is useless.
 *
 * The key is created once per origin and store, atomically (`storage.update`), so tabs starting
 * together agree on one key. It is fetched lazily and cached in this closure; each seal checks
 * that it is still the stored key (and stores it again if it was removed).
 */
export function createAtRestCipher(options: AtRestCipherOptions): AtRestCipher {
  const { storage, keyName } = options;
  const c = options.crypto ?? globalThis.crypto;
  let keyPromise: Promise<CryptoKey> | undefined;
  const enc = new TextEncoder();
  const dec = new TextDecoder();

  /**
   * The stored key, storing `k` when there is none (atomically where `update` exists): the winner
   * of a creation race, or, when the key left storage while this tab was open (site data cleared),
   * this tab's key put back, so that what it seals still opens after a reload.
   */
  const stored = async (k: CryptoKey): Promise<CryptoKey> => {
    // The usual case, the key is there: a read, not a read-write transaction per seal.
    const found = await storage.get(keyName);
    if (isAesKey(found)) return found;
    const keep = (old: unknown) => (k = isAesKey(old) ? old : k);
    if (storage.update) await storage.update(keyName, keep);
    else {
      const old = await storage.get(keyName);
      if (keep(old) !== old) await storage.set(keyName, k);
    }
    return k;
  };
  const loadKey = async (): Promise<CryptoKey> => {
    const existing = await storage.get(keyName);
    return isAesKey(existing) ? existing : stored(await c.subtle.generateKey({ name: AES_GCM, length: 256 }, false, ['encrypt', 'decrypt']));
  };
  const key = (): Promise<CryptoKey> => {
    keyPromise ??= loadKey().catch((e) => {
      keyPromise = undefined;
      throw e;
    });
    return keyPromise;
  };

  /** AES-GCM parameters with the record's key as additional data: a sealed value only opens under its own record. */
  const gcm = (iv: Uint8Array, context: string): AesGcmParams => ({ name: AES_GCM, iv: iv as Uint8Array<ArrayBuffer>, additionalData: enc.encode(context) });

  return {
    async seal(value, context) {
      // Not only the cached key: it may have left storage since (see `stored`).
      const k = await stored(await key());
      keyPromise = Promise.resolve(k);
      const iv = c.getRandomValues(new Uint8Array(12));
      const ct = new Uint8Array(await c.subtle.encrypt(gcm(iv, context), k, enc.encode(JSON.stringify(value))));
      return { alg: 'A256GCM', iv, ct };
    },
    async open(sealed, context) {
      // Anything that is not our sealed value (null, wrong fields, another key, tampered) makes
      // Web Crypto (or the destructuring) throw: the value does not open.
      try {
        const { iv, ct } = sealed as SealedValue;
        return JSON.parse(dec.decode(await c.subtle.decrypt(gcm(iv, context), await key(), ct as Uint8Array<ArrayBuffer>)));
      } catch {
        return undefined;
      }
    },
  };
}
