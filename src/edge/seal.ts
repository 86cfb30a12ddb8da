/**
 * Sealed values for cookies: AES-256-GCM with a key derived from an application secret by HKDF
 * (RFC 5869, SHA-256), all on Web Crypto. The output is base64url(version ‖ iv ‖ ciphertext+tag),
 * bound to a context string (cookie name and client id) as additional authenticated data, so a
 * value sealed for one cookie or app does not open for another.
 * @module
 */

/** Options of {@link createSealer}. */
export interface SealerOptions {
  /**
   * The secret(s), at least 32 bytes each. The first seals; all are tried to open, so a secret
   * can be rotated without signing everyone out.
   */
  secrets: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** A context bound into the key derivation and the AAD (e.g. cookie name + client id). */
  context: string;
  /** Random source for IVs (default crypto.getRandomValues). */
  random?: (length: number) => Uint8Array;
}

/** Seals and opens JSON values. */
export interface Sealer {
  /** Encrypts and authenticates a JSON-able value; returns base64url text. */
  seal(value: unknown): Promise<string>;
  /** Opens a sealed value; resolves undefined when it is malformed, tampered or sealed with another secret/context. */
  open<T = unknown>(sealed: string): Promise<T | undefined>;
}

const VERSION = 1;
const enc = new TextEncoder();

function b64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Creates a sealer. Keys are derived once (lazily) and kept in the returned object.
 *
 * @param options - secrets, context, random
 * @throws TypeError naming the field when a secret is shorter than 32 bytes or the context is empty
 */
export function createSealer(options: SealerOptions): Sealer {
  const list = (Array.isArray(options.secrets) ? options.secrets : [options.secrets]) as ReadonlyArray<string | Uint8Array>;
  if (list.length === 0) throw new TypeError('cookieSecret: at least one secret is required');
  const secretBytes = list.map((s, i) => {
    const b = typeof s === 'string' ? enc.encode(s) : s;
    if (!(b instanceof Uint8Array) || b.length < 32) {
      throw new TypeError(`cookieSecret${list.length > 1 ? `[${i}]` : ''}: expected at least 32 bytes of secret`);
    }
    return b;
  });
  if (typeof options.context !== 'string' || options.context === '') throw new TypeError('context: expected a non-empty string');
  const aad = enc.encode(options.context);
  const random = options.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  let keys: Promise<CryptoKey[]> | undefined;

  const deriveKeys = (): Promise<CryptoKey[]> =>
    (keys ??= Promise.all(
      secretBytes.map(async (secret) => {
        const ikm = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey']);
        return crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('cognito-edge/seal/v1'), info: aad },
          ikm,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        );
      }),
    ));

  return {
    async seal(value: unknown): Promise<string> {
      const [key] = await deriveKeys();
      const iv = random(12);
      if (!(iv instanceof Uint8Array) || iv.length !== 12) throw new TypeError('random: expected 12 random bytes');
      const plain = enc.encode(JSON.stringify(value));
      const ct = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad }, key!, plain),
      );
      const out = new Uint8Array(1 + iv.length + ct.length);
      out[0] = VERSION;
      out.set(iv, 1);
      out.set(ct, 13);
      return b64url(out);
    },
    async open<T>(sealed: string): Promise<T | undefined> {
      if (typeof sealed !== 'string') return undefined;
      const bytes = unb64url(sealed);
      if (!bytes || bytes.length < 1 + 12 + 16 || bytes[0] !== VERSION) return undefined;
      const iv = bytes.subarray(1, 13);
      const ct = bytes.subarray(13);
      for (const key of await deriveKeys()) {
        try {
          const plain = await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad },
            key,
            ct as Uint8Array<ArrayBuffer>,
          );
          return JSON.parse(new TextDecoder().decode(plain)) as T;
        } catch {
          // wrong key (rotated secret) or tampered: try the next secret
        }
      }
      return undefined;
    },
  };
}
