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
  iat: number;
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
  /** Clock in milliseconds (default `Date.now`). */
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

/**
 * Verifies a Cognito access or ID token and returns its claims. The signature is checked first,
 * so claim errors are only ever reported for authentic tokens.
 *
 * @param token - the compact JWT
 * @param options - pool, expected token use and client, grace, groups, scope, clock, keys
 * @returns the verified claims
 * @throws TypeError naming a bad option (before any fetch); JwtError with code `JwtMalformed`,
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
  const clientIds = list('clientId', options.clientId);
  if (!clientIds) throw new TypeError('clientId: required (a string or an array of strings)');
  const groups = list('groups', options.groups);
  const scopes = list('scope', options.scope);
  const grace = options.graceSeconds ?? 0;
  if (typeof grace !== 'number' || !(grace >= 0) || !Number.isFinite(grace)) {
    throw new TypeError('graceSeconds: expected a number >= 0');
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('now: expected a function returning milliseconds');
  const jwksUri = options.jwksUri ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;

  const decoded = decodeJwt(token);
  const { header, payload } = decoded;
  if (header.alg !== 'RS256') {
    throw new JwtError('JwtUnsupportedAlgorithm', `JWT alg ${JSON.stringify(header.alg)} is not RS256`);
  }
  if (typeof header.kid !== 'string' || header.kid === '') throw new JwtError('JwtMalformed', 'JWT header has no kid');

  let cache: JwksCache;
  if (options.jwks === undefined) {
    cache = createJwksCache(options.fetch ? { fetch: options.fetch, now } : { now });
  } else if (isJwksCache(options.jwks)) {
    cache = options.jwks;
  } else {
    cache = createJwksCache({ now, fetch: () => Promise.reject(new Error('no JWKS URI fetch: keys were given')) });
    cache.preload(options.jwks, jwksUri);
  }
  let key;
  try {
    key = await cache.getKey(header.kid, jwksUri);
  } catch (err) {
    // A JWKS document given inline cannot be refetched: an unknown kid is just unknown.
    if (options.jwks !== undefined && !isJwksCache(options.jwks)) {
      throw new JwtError('JwtUnknownKid', `kid ${JSON.stringify(header.kid)} is not in the given JWKS`);
    }
    throw err;
  }
  await verifyJwtSignature(decoded, key.cryptoKey);

  if (payload.iss !== issuer) {
    throw new JwtError('JwtWrongIssuer', `JWT iss ${JSON.stringify(payload.iss)} is not ${JSON.stringify(issuer)}`);
  }
  if (payload.token_use !== options.tokenUse) {
    throw new JwtError(
      'JwtWrongTokenUse',
      `JWT token_use is ${JSON.stringify(payload.token_use)}, expected ${JSON.stringify(options.tokenUse)}`,
    );
  }
  if (options.tokenUse === 'access') {
    if (typeof payload.client_id !== 'string' || !clientIds.includes(payload.client_id)) {
      throw new JwtError('JwtWrongClient', `JWT client_id ${JSON.stringify(payload.client_id)} is not allowed`);
    }
  } else {
    const aud = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
    if (!aud.some((a) => typeof a === 'string' && clientIds.includes(a))) {
      throw new JwtError('JwtWrongClient', `JWT aud ${JSON.stringify(payload.aud)} is not allowed`);
    }
  }
  const nowSec = now() / 1000;
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
    throw new JwtError('JwtInvalidClaim', 'JWT exp is missing or not a number');
  }
  if (nowSec >= payload.exp + grace) throw new JwtError('JwtExpired', 'JWT has expired');
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== 'number' || !Number.isFinite(payload.nbf)) {
      throw new JwtError('JwtInvalidClaim', 'JWT nbf is not a number');
    }
    if (nowSec + grace < payload.nbf) throw new JwtError('JwtNotYetValid', 'JWT is not valid yet (nbf)');
  }
  if (typeof payload.sub !== 'string') throw new JwtError('JwtInvalidClaim', 'JWT sub is missing');
  if (groups) {
    const have = payload['cognito:groups'];
    const arr = Array.isArray(have) ? have.filter((g): g is string => typeof g === 'string') : [];
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
 * @returns `verify(token, overrides?)`
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
  return { verify: (token, overrides) => verifyCognitoJwt(token, { ...bound, ...overrides }) };
}
