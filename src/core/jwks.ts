/**
 * A JWKS cache: keys are fetched once, kept, and refetched only when a token names an unknown
 * `kid` (key rotation) — at most once per `minRefetchIntervalMs` (sooner only after failures,
 * with a backoff), with never more than one fetch in flight per JWKS URI. State lives in the
 * returned object, never in the module.
 * @module
 */
import { JwtError, importRsaJwk, type RsaPublicJwk } from './jwt.js';

/** A JSON Web Key Set document. */
export interface JwksDocument {
  /**
   * The keys (JWK objects). Non-RSA keys, keys without a kid, keys whose `use` is not `sig` and
   * keys whose `key_ops` lacks `verify` are ignored. When two keys share a kid the first one is
   * kept, as aws-jwt-verify does.
   */
  keys: ReadonlyArray<object>;
}

/** Options of {@link createJwksCache}. */
export interface JwksCacheOptions {
  /** Injected fetch (default: the global fetch, looked up at call time). */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Injected clock in milliseconds (default `Date.now`), read once per `getKey` call. */
  now?: () => number;
  /** The JWKS URI used when `getKey` is called without one. */
  jwksUri?: string;
  /**
   * Minimum time between two fetches of the same URI caused by unknown kids (default 60 000 ms).
   * A failed fetch (network, HTTP status, not a JWKS) counts too: the next fetch may start at
   * once (one dropped connection should not cost a second of errors), but after two failures
   * in a row callers wait 1 s, then 3 s, 7 s, 15 s... up to this interval, and meanwhile get the
   * last failure again. A token with a made-up kid therefore cannot make the worker hammer the JWKS
   * endpoint, whether it answers or fails. A clock that steps backwards does not block fetches.
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
   * Resolves the key with this kid, fetching or refetching the JWKS when needed. The kid is
   * taken from the token as is: verifyCognitoJwt relies on this method refusing a missing, empty
   * or non-string one (`JwtMalformed`) before anything else.
   * @throws JwtError `JwtUnknownKid` (also while refetches are rate-limited), `JwksFetchFailed`
   *   (retryable: network or HTTP error; also during the backoff after failures), `JwksInvalid`;
   *   TypeError when the injected clock returns anything but a finite number (before any fetch)
   */
  getKey(kid: string, jwksUri?: string): Promise<JwksKey>;
  /** Puts a known JWKS into the cache (for tests, or keys bundled with a worker). */
  preload(jwks: JwksDocument, jwksUri?: string): void;
  /** How many JWKS fetches were started, per URI (for diagnostics). */
  fetchCount(jwksUri?: string): number;
}

interface UriState {
  keys: Map<string, { jwk: RsaPublicJwk; cryptoKey?: Promise<CryptoKey> }>;
  /** When the last fetch started, successful or not (before the first: undefined, and
   *  `t - undefined` is NaN, which no comparison below lets through). */
  lastFetchAt?: number;
  /** How long after lastFetchAt no new fetch starts: the interval, or the failure backoff. */
  wait?: number;
  /** Failed fetches in a row, and the last failure (thrown again during the backoff). */
  failures: number;
  error?: unknown;
  inflight?: Promise<void> | undefined;
  fetches: number;
}

function parseJwks(doc: unknown): Map<string, { jwk: RsaPublicJwk }> {
  if (!Array.isArray((doc as JwksDocument | undefined)?.keys)) {
    throw new JwtError('JwksInvalid', 'JWKS: expected an object with a "keys" array');
  }
  const map = new Map<string, { jwk: RsaPublicJwk }>();
  for (const k of (doc as JwksDocument).keys as ReadonlyArray<Record<string, unknown> | null>) {
    // Only RSA signing keys with a kid are usable; others (enc keys, EC keys) are skipped.
    if (!k || k.kty !== 'RSA' || typeof k.kid !== 'string' || typeof k.n !== 'string' || typeof k.e !== 'string') continue;
    if (k.use !== undefined && k.use !== 'sig') continue;
    if (k.key_ops !== undefined && !(Array.isArray(k.key_ops) && k.key_ops.includes('verify'))) continue;
    // A duplicated kid is ambiguous: keep the first key, as aws-jwt-verify does.
    if (!map.has(k.kid)) map.set(k.kid, { jwk: k as RsaPublicJwk });
  }
  return map;
}

/**
 * Creates a JWKS cache. Share one per worker isolate or per app; two caches share nothing.
 *
 * @param options - fetch, clock, default URI, refetch interval, timeout
 * @returns the cache
 * @throws TypeError naming the bad option (the clock's result is checked at each `getKey`)
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
  if (typeof now !== 'function') throw new TypeError('now: expected a function returning finite milliseconds');
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
    if (!s) states.set(uri, (s = { keys: new Map(), failures: 0, fetches: 0 }));
    return s;
  };

  async function load(uri: string, s: UriState, t: number): Promise<void> {
    s.fetches++;
    s.lastFetchAt = t;
    const controller = timeoutMs > 0 ? new AbortController() : undefined;
    const timer = controller && setTimeout(() => controller.abort(), timeoutMs);
    let parsed: ReturnType<typeof parseJwks>;
    try {
      let doc: unknown;
      try {
        const res = await fetchFn(uri, { headers: { accept: 'application/json' }, signal: controller?.signal });
        if (!res.ok) {
          // Release the connection: runtimes (workerd) warn about bodies left unread.
          res.body?.cancel().catch(() => {});
          throw new Error(`HTTP ${res.status}`);
        }
        doc = await res.json();
      } catch (cause) {
        throw new JwtError('JwksFetchFailed', `JWKS fetch from ${uri} failed`, { cause });
      } finally {
        clearTimeout(timer);
      }
      parsed = parseJwks(doc);
    } catch (err) {
      // A failure counts against the refetch limit too, with a backoff that starts after the
      // second failure in a row: 0, then 1 s, 3 s, 7 s, 15 s... (2^(n-1) - 1 s), up to the interval.
      s.wait = Math.min(minInterval, 500 * 2 ** ++s.failures - 1000);
      s.error = err;
      throw err;
    }
    s.failures = 0;
    s.wait = minInterval;
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
      entry.cryptoKey = importRsaJwk(entry.jwk, entry.jwk.alg ?? 'RS256'); // a non-string alg is refused there
      entry.cryptoKey.catch(() => {
        if (s.keys.get(kid) === entry) entry.cryptoKey = undefined;
      });
    }
    return { kid, jwk: entry.jwk, cryptoKey: await entry.cryptoKey };
  }

  // The kid comes from the token: quoted and cut to 40 characters, so a 1 MB kid stays out of logs.
  const unknown = (kid: string, why = '') => new JwtError('JwtUnknownKid', `kid ${JSON.stringify(kid).slice(0, 40)} is not in the JWKS${why}`);

  return {
    async getKey(kid: string, jwksUri?: string): Promise<JwksKey> {
      if (typeof kid !== 'string' || kid === '') throw new JwtError('JwtMalformed', 'JWT header has no kid');
      const uri = uriOf(jwksUri);
      // Read once per call; NaN would switch the refetch limit off.
      const t = now();
      if (!Number.isFinite(t)) throw new TypeError('now: expected a function returning finite milliseconds');
      const s = stateOf(uri);
      if (s.keys.has(kid)) return resolve(kid, s);
      // A fetch started before we asked is as fresh as anything we could start now: share it,
      // and do not follow it with a second one.
      if (!s.inflight) {
        // Only 0 <= elapsed: after the clock steps backwards, a fetch is allowed (and restarts
        // the interval) rather than blocked until the clock catches up.
        const elapsed = t - s.lastFetchAt!;
        if (elapsed >= 0 && elapsed < s.wait!) {
          if (s.failures) throw s.error;
          throw unknown(kid, ' (refetch rate-limited)');
        }
        s.inflight = load(uri, s, t).finally(() => {
          s.inflight = undefined;
        });
      }
      await s.inflight;
      if (s.keys.has(kid)) return resolve(kid, s);
      throw unknown(kid);
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
