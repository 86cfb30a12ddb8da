/**
 * JSON Web Tokens: decoding without trust, and RS256 signature checks with Web Crypto
 * (RFC 7519, RFC 7515, RFC 7518 §3.3). Cognito signs access and ID tokens with RS256.
 * @module
 */

/** What went wrong, as a stable string; also the error's `name`. */
export type JwtErrorCode =
  | 'JwtMalformed'
  | 'JwtUnsupportedAlgorithm'
  | 'JwtInvalidSignature'
  | 'JwtUnknownKid'
  | 'JwksFetchFailed'
  | 'JwksInvalid'
  | 'JwtInvalidClaim'
  | 'JwtExpired'
  | 'JwtNotYetValid'
  | 'JwtWrongIssuer'
  | 'JwtWrongTokenUse'
  | 'JwtWrongClient'
  | 'JwtMissingGroup'
  | 'JwtMissingScope';

const BRAND = /* @__PURE__ */ Symbol.for('cognito-edge.JwtError');

/**
 * The one error type of the JWT helpers. `name` is the {@link JwtErrorCode}; `retryable` is
 * true only when the token could not be judged (the JWKS could not be fetched), so callers can
 * answer 503 instead of 401 and never sign anyone out over a network failure.
 */
export class JwtError extends Error {
  /** The error code (same as `name`). */
  readonly code: JwtErrorCode;
  /** True when trying again later may succeed (JWKS fetch failures). */
  readonly retryable: boolean;
  override name: JwtErrorCode;

  /**
   * @param code - the error code
   * @param message - a human-readable message; never contains the token
   * @param options - `cause` of the failure
   */
  constructor(code: JwtErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.code = code;
    this.retryable = code === 'JwksFetchFailed';
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Tells whether `err` is a {@link JwtError} (optionally with the given code). Works across
 * duplicate copies of this library in one bundle.
 *
 * @param err - anything caught
 * @param code - optional code to match
 */
export function isJwtError(err: unknown, code?: JwtErrorCode): err is JwtError {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as Record<symbol, unknown>)[BRAND] === true &&
    (code === undefined || (err as JwtError).code === code)
  );
}

/** Registered and Cognito-specific claims; anything else is allowed too. */
export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/** The JOSE header; Cognito sets `kid` and `alg: 'RS256'`. */
export interface JwtHeader {
  alg?: string;
  kid?: string;
  typ?: string;
  [member: string]: unknown;
}

/** A decoded, not yet trusted, token. */
export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  /** The ASCII bytes of `header.payload`, what the signature covers. */
  signingInput: Uint8Array;
  /** The raw signature bytes. */
  signature: Uint8Array;
}

function b64urlToBytes(part: string, what: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) {
    throw new JwtError('JwtMalformed', `JWT ${what} is not base64url`);
  }
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function jsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b64urlToBytes(part, what)));
  } catch (cause) {
    if (cause instanceof JwtError) throw cause;
    throw new JwtError('JwtMalformed', `JWT ${what} is not valid JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtError('JwtMalformed', `JWT ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Decodes a compact JWS without checking anything but its shape. Never use the result for
 * access decisions; use {@link verifyJwtSignature} or `verifyCognitoJwt`.
 *
 * @param token - the compact token `header.payload.signature`
 * @returns header, payload, the signing input and the signature bytes
 * @throws JwtError `JwtMalformed` naming the part that is wrong
 */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string') throw new JwtError('JwtMalformed', `token: expected a string, got ${typeof token}`);
  if (token === '') throw new JwtError('JwtMalformed', 'token: empty string');
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new JwtError('JwtMalformed', `token: expected 3 dot-separated parts, got ${parts.length}`);
  }
  const [h, p, s] = parts as [string, string, string];
  const header = jsonObject(h, 'header') as JwtHeader;
  const payload = jsonObject(p, 'payload') as JwtPayload;
  const signature = b64urlToBytes(s, 'signature');
  return { header, payload, signingInput: new TextEncoder().encode(`${h}.${p}`), signature };
}

/** An RSA public key in JWK form, as found in a Cognito JWKS. */
export interface RsaPublicJwk {
  kty: 'RSA';
  kid?: string;
  alg?: string;
  use?: string;
  n: string;
  e: string;
  [member: string]: unknown;
}

const RS_HASH: Record<string, string> = { RS256: 'SHA-256', RS384: 'SHA-384', RS512: 'SHA-512' };

/**
 * Imports an RSA public JWK for RS256 verification with Web Crypto. Weak keys are refused: a
 * modulus under 2048 bits (RFC 7518 §3.3) or an exponent that is even or below 3 (with e = 1
 * a "signature" is the padded message itself, so anyone could forge one).
 *
 * @param jwk - the public key
 * @param alg - the JWS algorithm (default RS256; RS384 and RS512 also accepted)
 * @throws JwtError `JwksInvalid` when the key is not a usable RSA public key or is too weak
 */
export async function importRsaJwk(jwk: RsaPublicJwk, alg = 'RS256'): Promise<CryptoKey> {
  const hash = RS_HASH[alg];
  if (!hash || !Object.hasOwn(RS_HASH, alg)) throw new JwtError('JwtUnsupportedAlgorithm', `alg ${alg} is not supported`);
  if (!jwk || jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new JwtError('JwksInvalid', 'JWK is not an RSA public key');
  }
  if (jwk.alg !== undefined && jwk.alg !== alg) {
    throw new JwtError('JwtUnsupportedAlgorithm', `JWK is for ${String(jwk.alg)}, token uses ${alg}`);
  }
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', n: jwk.n, e: jwk.e, alg, ext: true },
      { name: 'RSASSA-PKCS1-v1_5', hash },
      false,
      ['verify'],
    );
  } catch (cause) {
    throw new JwtError('JwksInvalid', 'JWK could not be imported as an RSA public key', { cause });
  }
  const a = key.algorithm as RsaHashedKeyAlgorithm;
  const pe = a.publicExponent;
  // e odd and above 1, so at least 3
  if (!(a.modulusLength >= 2048 && pe.at(-1)! & 1 && pe.reduce((e, b) => e * 256 + b, 0) > 1)) {
    throw new JwtError('JwksInvalid', 'JWK n, e: weak RSA key (need 2048 bits, odd e >= 3)');
  }
  return key;
}

/**
 * Checks a decoded token's RS256 signature with a public key.
 *
 * @param decoded - the result of {@link decodeJwt}
 * @param key - a CryptoKey from {@link importRsaJwk}: an RSASSA-PKCS1-v1_5 public key for `verify`
 * @throws JwtError `JwtUnsupportedAlgorithm` when the header's alg is not RS256/384/512 (never
 *   `none` or HMAC) or the key is not an RSASSA-PKCS1-v1_5 public verification key with that
 *   alg's hash, `JwtMalformed` when the header has `crit`, `JwtInvalidSignature` when the
 *   signature does not verify
 */
export async function verifyJwtSignature(decoded: DecodedJwt, key: CryptoKey): Promise<void> {
  const alg = decoded.header.alg;
  if (typeof alg !== 'string' || !Object.hasOwn(RS_HASH, alg)) {
    throw new JwtError('JwtUnsupportedAlgorithm', 'JWT alg is not RS256, RS384 or RS512');
  }
  // RFC 7515 §4.1.11: a recipient must reject critical extensions it does not understand, and
  // we understand none (Cognito never sets crit).
  if (Object.hasOwn(decoded.header, 'crit')) throw new JwtError('JwtMalformed', 'JWT header crit is not supported');
  // Web Crypto would throw a bare InvalidAccessError for an RSA-PSS, HMAC or private key.
  const ka = key?.algorithm as RsaHashedKeyAlgorithm | undefined;
  if (ka?.name !== 'RSASSA-PKCS1-v1_5' || key.type !== 'public' || !key.usages.includes('verify') || ka.hash?.name !== RS_HASH[alg]) {
    throw new JwtError('JwtUnsupportedAlgorithm', `JWT alg ${alg} does not match the key`);
  }
  const ok = await crypto.subtle.verify(
    'RSASSA-PKCS1-v1_5',
    key,
    decoded.signature as Uint8Array<ArrayBuffer>,
    decoded.signingInput as Uint8Array<ArrayBuffer>,
  );
  if (!ok) throw new JwtError('JwtInvalidSignature', 'JWT signature does not verify');
}
