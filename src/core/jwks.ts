/**
 * A JWKS cache: keys are fetched once, kept, and refetched only when a token names an unknown
 * `kid` (key rotation) — at most once per `minRefetchIntervalMs`, with never more than one fetch
 * in flight per JWKS URI. State lives in the returned object, never in the module.
 * @module
 */
import { JwtError, importRsaJwk, type RsaPublicJwk } from './jwt.js';

/** A JSON Web Key Set document. */
export interface JwksDocument {
  /** The keys (JWK objects); non-RSA and non-signing keys are ignored. */
  keys: ReadonlyArray<object>;
}

/** Options of {@link createJwksCache}. */
export interface JwksCacheOptions {
  /** Injected fetch (default: the global fetch, looked up at call time). */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Injected clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /** The JWKS URI used when `getKey` is called without one. */
  jwksUri?: string;
  /**
   * Minimum time between two fetches of the same URI caused by unknown kids (default 60 000 ms).
   * A token with a made-up kid therefore cannot make the worker hammer the JWKS endpoint.
   */
  minRefetchIntervalMs?: number;
  /** Abort a JWKS fetch after this long (default 10 000 ms; 0 disables). */
  timeoutMs?: number;
}

/** A verification key resolved from a JWKS. */
export interface JwksKey {
  kid: string;
  jwk: RsaPublicJwk;
  /** The imported Web Crypto key (imported once, then reused). */
  cryptoKey: CryptoKey;
}

/** What {@link createJwksCache} returns. */
export interface JwksCache {
  /**
   * Resolves the key with this kid, fetching or refetching the JWKS when needed.
   * @throws JwtError `JwtUnknownKid` (also while refetches are rate-limited), `JwksFetchFailed`
   *   (retryable: network or HTTP error), `JwksInvalid`
   */
  getKey(kid: string, jwksUri?: string): Promise<JwksKey>;
  /** Puts a known JWKS into the cache (for tests, or keys bundled with a worker). */
  preload(jwks: JwksDocument, jwksUri?: string): void;
  /** How many JWKS fetches were started, per URI (for diagnostics). */
  fetchCount(jwksUri?: string): number;
}

interface UriState {
  keys: Map<string, { jwk: RsaPublicJwk; cryptoKey?: Promise<CryptoKey> }>;
  lastFetchAt: number | undefined;
  inflight: Promise<void> | undefined;
  fetches: number;
}

function parseJwks(doc: unknown): Map<string, { jwk: RsaPublicJwk }> {
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as JwksDocument).keys)) {
    throw new JwtError('JwksInvalid', 'JWKS: expected an object with a "keys" array');
  }
  const map = new Map<string, { jwk: RsaPublicJwk }>();
  for (const k of (doc as JwksDocument).keys as ReadonlyArray<Record<string, unknown> | null>) {
    // Only RSA signing keys with a kid are usable; others (enc keys, EC keys) are skipped.
    if (!k || k.kty !== 'RSA' || typeof k.kid !== 'string' || typeof k.n !== 'string' || typeof k.e !== 'string') continue;
    if (k.use !== undefined && k.use !== 'sig') continue;
    map.set(k.kid, { jwk: k as RsaPublicJwk });
  }
  return map;
}

/**
 * Creates a JWKS cache. Share one per worker isolate or per app; two caches share nothing.
 *
 * @param options - fetch, clock, default URI, refetch interval, timeout
 * @returns the cache
 * @throws TypeError naming the bad option
 * @example
 * const jwks = createJwksCache();
 * await verifyCognitoJwt(token, { userPoolId, tokenUse: 'access', clientId, jwks });
 */
export function createJwksCache(options: JwksCacheOptions = {}): JwksCache {
  const fetchFn = options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const minInterval = options.minRefetchIntervalMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (typeof fetchFn !== 'function') throw new TypeError('fetch: expected a function');
  if (typeof now !== 'function') throw new TypeError('now: expected a function returning milliseconds');
  if (!(typeof minInterval === 'number' && minInterval >= 0)) throw new TypeError('minRefetchIntervalMs: expected a number >= 0');
  if (!(typeof timeoutMs === 'number' && timeoutMs >= 0)) throw new TypeError('timeoutMs: expected a number >= 0');
  const states = new Map<string, UriState>();

  const uriOf = (jwksUri: string | undefined): string => {
    const uri = jwksUri ?? options.jwksUri;
    if (typeof uri !== 'string' || uri === '') throw new TypeError('jwksUri: expected a URL string');
    return uri;
  };
  const stateOf = (uri: string): UriState => {
    let s = states.get(uri);
    if (!s) states.set(uri, (s = { keys: new Map(), lastFetchAt: undefined, inflight: undefined, fetches: 0 }));
    return s;
  };

  async function load(uri: string, s: UriState): Promise<void> {
    s.fetches++;
    const controller = timeoutMs > 0 && typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    let doc: unknown;
    try {
      const res = await fetchFn(uri, { headers: { accept: 'application/json' }, signal: controller?.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      doc = await res.json();
    } catch (cause) {
      throw new JwtError('JwksFetchFailed', `JWKS fetch from ${uri} failed`, { cause });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    const parsed = parseJwks(doc);
    // Only a successful fetch starts the refetch interval: a failing endpoint is retried by the
    // next caller (still one fetch at a time), so an outage does not lock keys out for a minute.
    s.lastFetchAt = now();
    // Keys that left the JWKS are dropped (rotated out); imported keys that stayed are kept.
    const next = new Map<string, { jwk: RsaPublicJwk; cryptoKey?: Promise<CryptoKey> }>();
    for (const [kid, entry] of parsed) {
      const old = s.keys.get(kid);
      next.set(kid, old && old.jwk.n === entry.jwk.n && old.jwk.e === entry.jwk.e ? old : entry);
    }
    s.keys = next;
  }

  async function resolve(kid: string, s: UriState): Promise<JwksKey> {
    const entry = s.keys.get(kid)!;
    if (!entry.cryptoKey) {
      entry.cryptoKey = importRsaJwk(entry.jwk, typeof entry.jwk.alg === 'string' ? entry.jwk.alg : 'RS256');
      entry.cryptoKey.catch(() => {
        if (s.keys.get(kid) === entry) entry.cryptoKey = undefined;
      });
    }
    return { kid, jwk: entry.jwk, cryptoKey: await entry.cryptoKey };
  }

  return {
    async getKey(kid: string, jwksUri?: string): Promise<JwksKey> {
      if (typeof kid !== 'string' || kid === '') throw new JwtError('JwtMalformed', 'JWT header has no kid');
      const uri = uriOf(jwksUri);
      const s = stateOf(uri);
      if (s.keys.has(kid)) return resolve(kid, s);
      if (s.inflight) {
        // A fetch started before we asked is as fresh as anything we could start now: share it,
        // and do not follow it with a second one.
        await s.inflight;
        if (s.keys.has(kid)) return resolve(kid, s);
        throw new JwtError('JwtUnknownKid', `kid ${JSON.stringify(kid)} is not in the JWKS`);
      }
      if (s.lastFetchAt !== undefined && now() - s.lastFetchAt < minInterval) {
        throw new JwtError('JwtUnknownKid', `kid ${JSON.stringify(kid)} is not in the JWKS (refetch rate-limited)`);
      }
      if (!s.inflight) {
        s.inflight = load(uri, s).finally(() => {
          s.inflight = undefined;
        });
      }
      await s.inflight;
      if (s.keys.has(kid)) return resolve(kid, s);
      throw new JwtError('JwtUnknownKid', `kid ${JSON.stringify(kid)} is not in the JWKS`);
    },
    preload(jwks: JwksDocument, jwksUri?: string): void {
      const s = stateOf(uriOf(jwksUri));
      for (const [kid, entry] of parseJwks(jwks)) s.keys.set(kid, entry);
    },
    fetchCount(jwksUri?: string): number {
      return states.get(uriOf(jwksUri))?.fetches ?? 0;
    },
  };
}
