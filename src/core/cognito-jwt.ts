/**
 * Verification of Cognito user pool tokens: RS256 signature against the pool's JWKS, then
 * Cognito's claim rules (iss, token_use, client_id / aud, exp, nbf, groups, scope).
 * @module
 */
import { JwtError, decodeJwt, verifyJwtSignature, type JwtPayload } from './jwt.js';
import { createJwksCache, type JwksCache, type JwksDocument } from './jwks.js';

/** Claims Cognito puts in access and ID tokens (plus anything else). */
export interface CognitoJwtPayload extends JwtPayload {
  sub: string;
  iss: string;
  exp: number;
  /** Issued at (seconds). Cognito always sets it; when present it is checked to be a finite number. */
  iat?: number;
  token_use: 'access' | 'id';
  /** Access tokens: the app client id. */
  client_id?: string;
  /** ID tokens: the app client id. */
  aud?: string;
  /** Access tokens: space-separated OAuth scopes. */
  scope?: string;
  username?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
  auth_time?: number;
  origin_jti?: string;
  event_id?: string;
  device_key?: string;
}

/** Options of {@link verifyCognitoJwt}. */
export interface VerifyCognitoJwtOptions {
  /** The user pool id, `region_id`, e.g. `eu-west-1_AbCdEf123`. */
  userPoolId: string;
  /** Which kind of token is expected; an ID token is refused where an access token is expected. */
  tokenUse: 'access' | 'id';
  /** The app client id(s) allowed (`client_id` of access tokens, `aud` of ID tokens). */
  clientId: string | readonly string[];
  /** Seconds of clock skew tolerated on `exp` and `nbf` (default 0). */
  graceSeconds?: number;
  /** The token must carry at least one of these `cognito:groups` (all of them with `groupsMatch: 'all'`). */
  groups?: string | readonly string[];
  /** How `groups` is matched (default `'any'`). */
  groupsMatch?: 'any' | 'all';
  /** The access token's `scope` must contain at least one of these (all with `scopeMatch: 'all'`). */
  scope?: string | readonly string[];
  /** How `scope` is matched (default `'any'`). */
  scopeMatch?: 'any' | 'all';
  /** Clock in milliseconds (default `Date.now`), read once per call; it must return a finite number. */
  now?: () => number;
  /**
   * Keys: a cache from `createJwksCache` (keep one per isolate/app), or a JWKS document.
   * Without it a fresh cache is made for this call, which fetches the JWKS every time.
   */
  jwks?: JwksCache | JwksDocument;
  /**
   * The expected issuer; defaults to `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`.
   * Set it for the emulator or a custom endpoint.
   */
  issuer?: string;
  /** Where the keys are; defaults to `{issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  /** Fetch used when no `jwks` cache is given. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /**
   * Longest token accepted, in characters (default 32 768), checked before anything is parsed.
   * Cognito's tokens are 1-3 KB; users in many groups, or claims added by a pre token generation
   * trigger, make them longer, hence the wide margin. `Infinity` turns the check off.
   */
  maxTokenLength?: number;
}

const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[A-Za-z0-9]+$/;

/**
 * The issuer Cognito writes into tokens of a pool.
 *
 * @param userPoolId - `region_id`
 * @throws TypeError when the pool id is malformed
 */
export function cognitoIssuer(userPoolId: string): string {
  const m = typeof userPoolId === 'string' ? POOL_ID.exec(userPoolId) : null;
  if (!m) throw new TypeError(`userPoolId: expected "region_id" like "eu-west-1_AbC123", got ${JSON.stringify(userPoolId)}`);
  return `https://cognito-idp.${m[1]}.amazonaws.com/${userPoolId}`;
}

function list(name: string, v: string | readonly string[] | undefined): readonly string[] | undefined {
  if (v === undefined) return undefined;
  const arr = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(arr) || arr.length === 0 || arr.some((x) => typeof x !== 'string' || x === '')) {
    throw new TypeError(`${name}: expected a non-empty string or a non-empty array of strings`);
  }
  return arr;
}

function matches(have: readonly string[], want: readonly string[], mode: 'any' | 'all' | undefined): boolean {
  return mode === 'all' ? want.every((w) => have.includes(w)) : want.some((w) => have.includes(w));
}

function isJwksCache(j: JwksCache | JwksDocument): j is JwksCache {
  return typeof (j as JwksCache).getKey === 'function';
}

/** A value from the token, quoted and cut to 40 characters for error messages (bounded log lines). */
const quote = (v: unknown): string => String(JSON.stringify(v)).slice(0, 40);

/**
 * Verifies a Cognito access or ID token and returns its claims. The signature is checked first,
 * so claim errors are only ever reported for authentic tokens.
 *
 * @param token - the compact JWT
 * @param options - pool, expected token use and client, grace, groups, scope, clock, keys
 * @returns the verified claims
 * @throws TypeError naming a bad option, or a clock returning anything but a finite number
 *   (before any fetch); JwtError with code `JwtMalformed` (also for a `crit` header or a token
 *   longer than `maxTokenLength`),
 *   `JwtUnsupportedAlgorithm`, `JwtUnknownKid`, `JwksFetchFailed` (retryable), `JwtInvalidSignature`,
 *   `JwtWrongIssuer`, `JwtWrongTokenUse`, `JwtWrongClient`, `JwtExpired`, `JwtNotYetValid`,
 *   `JwtInvalidClaim`, `JwtMissingGroup` or `JwtMissingScope`
 * @example
 * const jwks = createJwksCache(); // once per isolate
 * const claims = await verifyCognitoJwt(accessToken, {
 *   userPoolId: 'eu-west-1_AbC123', tokenUse: 'access', clientId: '1example23456789', jwks,
 * });
 */
export async function verifyCognitoJwt(token: string, options: VerifyCognitoJwtOptions): Promise<CognitoJwtPayload> {
  if (options === null || typeof options !== 'object') throw new TypeError('verifyCognitoJwt: options must be an object');
  if (options.issuer !== undefined) {
    if (typeof options.issuer !== 'string' || options.issuer === '') throw new TypeError('issuer: expected a URL string');
    if (typeof options.userPoolId !== 'string' || options.userPoolId === '') throw new TypeError('userPoolId: expected a string');
  }
  const issuer = options.issuer ?? cognitoIssuer(options.userPoolId);
  if (options.tokenUse !== 'access' && options.tokenUse !== 'id') {
    throw new TypeError(`tokenUse: expected 'access' or 'id', got ${JSON.stringify(options.tokenUse)}`);
  }
  const clientIds = list('clientId', options.clientId ?? [])!; // required: [] is refused naming it
  const groups = list('groups', options.groups);
  const scopes = list('scope', options.scope);
  const grace = options.graceSeconds ?? 0;
  if (!(Number.isFinite(grace) && grace >= 0)) throw new TypeError('graceSeconds: expected a number >= 0');
  const maxLength = options.maxTokenLength ?? 32_768;
  if (!(maxLength > 0)) throw new TypeError('maxTokenLength: expected a number > 0');
  const jwksUri = options.jwksUri ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
  // Read once: a clock returning NaN, undefined or a string made every expiry check false.
  const now = options.now ?? Date.now;
  const nowMs = typeof now === 'function' ? now() : NaN;
  if (!Number.isFinite(nowMs)) throw new TypeError('now: expected a function returning finite milliseconds');
  const clock = () => nowMs;

  // Bounded before JSON.parse sees any of it (the signature is checked only later).
  if ((token as string)?.length > maxLength) {
    throw new JwtError('JwtMalformed', `token: longer than maxTokenLength (${maxLength} characters)`);
  }
  const decoded = decodeJwt(token);
  const { header, payload } = decoded;
  if (header.alg !== 'RS256') {
    throw new JwtError('JwtUnsupportedAlgorithm', `JWT alg ${quote(header.alg)} is not RS256`);
  }

  const { jwks } = options;
  const cache =
    jwks === undefined
      ? createJwksCache({ fetch: options.fetch, now: clock }) // an undefined fetch means the global one
      : isJwksCache(jwks)
        ? jwks
        : // A JWKS document given inline is the "endpoint" of a cache made for this call: an unknown
          // kid is unknown, an unusable key (too weak, not importable) is JwksInvalid.
          createJwksCache({ now: clock, fetch: async () => ({ ok: true, json: () => jwks }) as unknown as Response });
  // getKey refuses a missing, empty or non-string kid (JwtMalformed) before anything else.
  const key = await cache.getKey(header.kid!, jwksUri);
  await verifyJwtSignature(decoded, key.cryptoKey);

  if (payload.iss !== issuer) {
    throw new JwtError('JwtWrongIssuer', `JWT iss ${quote(payload.iss)} is not ${JSON.stringify(issuer)}`);
  }
  if (payload.token_use !== options.tokenUse) {
    throw new JwtError('JwtWrongTokenUse', `JWT token_use is ${quote(payload.token_use)}, expected ${JSON.stringify(options.tokenUse)}`);
  }
  if (options.tokenUse === 'access') {
    if (typeof payload.client_id !== 'string' || !clientIds.includes(payload.client_id)) {
      throw new JwtError('JwtWrongClient', `JWT client_id ${quote(payload.client_id)} is not allowed`);
    }
  } else {
    const aud = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
    if (!aud.some((a) => typeof a === 'string' && clientIds.includes(a))) {
      throw new JwtError('JwtWrongClient', `JWT aud ${quote(payload.aud)} is not allowed`);
    }
  }
  // Numeric dates (RFC 7519 §2): exp required; nbf and iat optional, but numbers when present.
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    if (payload[name] !== undefined && !Number.isFinite(payload[name])) throw new JwtError('JwtInvalidClaim', `JWT ${name} is not a number`);
  }
  const nowSec = nowMs / 1000;
  if (payload.exp === undefined) throw new JwtError('JwtInvalidClaim', 'JWT exp is missing');
  if (nowSec >= payload.exp + grace) throw new JwtError('JwtExpired', 'JWT has expired');
  // nbf is a finite number or undefined here; a comparison with undefined is false.
  if (nowSec + grace < payload.nbf!) throw new JwtError('JwtNotYetValid', 'JWT is not valid yet (nbf)');
  if (typeof payload.sub !== 'string') throw new JwtError('JwtInvalidClaim', 'JWT sub is missing');
  if (groups) {
    const have = payload['cognito:groups'];
    // Entries that are not strings never equal a wanted (string) group, so need no filtering.
    const arr: readonly string[] = Array.isArray(have) ? have : [];
    if (!matches(arr, groups, options.groupsMatch)) {
      throw new JwtError('JwtMissingGroup', `JWT lacks the required group(s) ${JSON.stringify(groups)}`);
    }
  }
  if (scopes) {
    const arr = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    if (!matches(arr, scopes, options.scopeMatch)) {
      throw new JwtError('JwtMissingScope', `JWT lacks the required scope(s) ${JSON.stringify(scopes)}`);
    }
  }
  return payload as CognitoJwtPayload;
}

/**
 * Binds the options of {@link verifyCognitoJwt} and a private JWKS cache once, for a worker or
 * an app that verifies many tokens of one pool.
 *
 * @param options - as {@link verifyCognitoJwt}; `jwks` defaults to a new cache owned by the verifier
 * @returns `verify(token, overrides?)`; an override set to `undefined` keeps the bound value
 *   (so `{ jwks: undefined }` spread in from an options object cannot drop the shared cache)
 * @throws TypeError naming a bad option
 */
export function createCognitoJwtVerifier(
  options: VerifyCognitoJwtOptions,
): { verify(token: string, overrides?: Partial<VerifyCognitoJwtOptions>): Promise<CognitoJwtPayload> } {
  if (options === null || typeof options !== 'object') throw new TypeError('createCognitoJwtVerifier: options must be an object');
  if (options.issuer === undefined) cognitoIssuer(options.userPoolId); // fail fast on a bad pool id
  const jwks =
    options.jwks ?? createJwksCache({ ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.now ? { now: options.now } : {}) });
  const bound = { ...options, jwks };
  return {
    verify: (token, overrides) =>
      verifyCognitoJwt(token, { ...bound, ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)) }),
  };
}
