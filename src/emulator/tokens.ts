/**
 * RS256 JSON Web Tokens for the emulator, with Web Crypto: key generation, signing, verification
 * and the JWKS document. Claims follow what Cognito puts in access and id tokens.
 * @module
 */
import type { SigningKeyRecord } from './state.js';
import { fromBase64, fromUtf8, toBase64Url, utf8 } from './util.js';

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** Generate a 2048-bit RS256 signing key, exported as JWKs for the persisted state. */
export async function generateSigningKey(kid: string): Promise<SigningKeyRecord> {
  const pair = (await crypto.subtle.generateKey(
    { ...ALG, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return {
    kid,
    privateJwk,
    publicJwk: { kty: publicJwk.kty, n: publicJwk.n, e: publicJwk.e },
  };
}

/** Imported CryptoKeys for a {@link SigningKeyRecord}. */
export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JsonWebKey;
}

/** Import a stored key record for signing and verifying. */
export async function importSigningKey(record: SigningKeyRecord): Promise<SigningKeys> {
  const privateKey = await crypto.subtle.importKey('jwk', record.privateJwk, ALG, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('jwk', { ...record.publicJwk, alg: 'RS256', ext: true }, ALG, false, [
    'verify',
  ]);
  return { kid: record.kid, privateKey, publicKey, publicJwk: record.publicJwk };
}

/** Sign `payload` as a compact RS256 JWT with `kid` in the header. */
export async function signJwt(keys: SigningKeys, payload: Record<string, unknown>): Promise<string> {
  const header = toBase64Url(utf8(JSON.stringify({ kid: keys.kid, alg: 'RS256' })));
  const body = toBase64Url(utf8(JSON.stringify(payload)));
  const input = `${header}.${body}`;
  const sig = new Uint8Array(await crypto.subtle.sign(ALG, keys.privateKey, utf8(input) as BufferSource));
  return `${input}.${toBase64Url(sig)}`;
}

/**
 * Verify an RS256 JWT's signature and return its payload, or `undefined` when the token is
 * malformed, uses another algorithm or key, or its signature does not verify. Expiry is the
 * caller's business (Cognito reports it with its own message).
 */
export async function verifyJwt(keys: SigningKeys, token: string): Promise<Record<string, unknown> | undefined> {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(fromUtf8(fromBase64(h))) as { alg?: unknown; kid?: unknown };
    if (header.alg !== 'RS256' || header.kid !== keys.kid) return undefined;
    const ok = await crypto.subtle.verify(ALG, keys.publicKey, fromBase64(s) as BufferSource, utf8(`${h}.${p}`) as BufferSource);
    if (!ok) return undefined;
    const payload = JSON.parse(fromUtf8(fromBase64(p))) as unknown;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The JWKS document served at `/{poolId}/.well-known/jwks.json`. */
export function jwksDocument(keys: SigningKeys): { keys: Array<Record<string, unknown>> } {
  return { keys: [{ alg: 'RS256', e: keys.publicJwk.e, kid: keys.kid, kty: 'RSA', n: keys.publicJwk.n, use: 'sig' }] };
}
