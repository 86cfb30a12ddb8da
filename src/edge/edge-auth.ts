/**
 * `createEdgeAuth`: a Workers-style refresh-token session. The browser never sees the refresh
 * token: it lives in an HttpOnly, Secure, SameSite, path-scoped cookie, sealed with AES-GCM
 * (key from the app secret via HKDF). The worker exchanges it for fresh access and ID tokens
 * (REFRESH_TOKEN_AUTH with SECRET_HASH and DEVICE_KEY, or GetTokensFromRefreshToken), revokes it
 * on sign-out, and verifies access tokens against the pool's JWKS with a shared cache.
 *
 * Failure policy: only Cognito's definitive refusals of the refresh token or its user clear the
 * cookie: `NotAuthorizedException` about the token or the user (revoked, expired, unknown,
 * disabled), `UserNotFoundException`, `PasswordResetRequiredException`, `UserNotConfirmedException`
 * (the session layer's list). Everything else leaves it alone:
 * - network errors, timeouts, throttling and 5xx (503: try again);
 * - a `NotAuthorizedException` about the app client's secret or SECRET_HASH: that is the worker's
 *   configuration, not the session (500 `ClientSecretMisconfigured`), or every user would be
 *   signed out by one bad deploy;
 * - `RefreshTokenReuseException` (401 with that code): a concurrent refresh may just have set the
 *   cookie holding the new token, and a later `Max-Age=0` would delete it;
 * - any other answer (502), and cookies that cannot be opened (for example after a
 *   misconfigured cookie secret).
 *
 * Sign-out is the exception to the exception: the user must always be able to sign out, so the
 * cookie is cleared whenever RevokeToken is refused for good (for example a client without token
 * revocation), and kept only when trying again can help.
 * @module
 */
import { CognitoUnsignedClient, CognitoError, isCognitoError } from '../client/index.js';
import type { AuthenticationResultType } from '../client/index.js';
import { secretHash } from '../core/secret-hash.js';
import { createJwksCache, type JwksCache } from '../core/jwks.js';
import { cognitoIssuer, verifyCognitoJwt, type CognitoJwtPayload, type VerifyCognitoJwtOptions } from '../core/cognito-jwt.js';
import { JwtError, decodeJwt, isJwtError } from '../core/jwt.js';
import { readCookies, serializeCookie } from './cookie.js';
import { createSealer } from './seal.js';

/** Options of {@link createEdgeAuth}. */
export interface EdgeAuthOptions {
  /** The user pool id, `region_id`. */
  userPoolId: string;
  /** The app client id. */
  clientId: string;
  /** The app client secret, when the client has one (SECRET_HASH, RevokeToken's ClientSecret). */
  clientSecret?: string;
  /**
   * Secret(s) of at least 32 bytes for sealing the cookie. The first seals; all open, so a
   * secret can be rotated by putting the new one first.
   */
  cookieSecret: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** Cookie name (default `__Secure-cognito-edge`, or `cognito-edge` with `secure: false`). */
  cookieName?: string;
  /** Path the cookie is scoped to: where the session endpoints live (default `/auth`). */
  cookiePath?: string;
  /** Cookie domain; unset (the default) makes a host-only cookie. */
  cookieDomain?: string;
  /** SameSite (default `Strict`). */
  sameSite?: 'Strict' | 'Lax';
  /** Secure attribute (default true). Only turn off for plain-http local development. */
  secure?: boolean;
  /** Cookie lifetime in seconds (default 30 days, Cognito's default refresh token validity). */
  maxAgeSeconds?: number;
  /**
   * Which operation refreshes: `InitiateAuth` (REFRESH_TOKEN_AUTH, default) or
   * `GetTokensFromRefreshToken` (needed with refresh token rotation; the new refresh token is
   * sealed into the cookie).
   */
  refreshWith?: 'InitiateAuth' | 'GetTokensFromRefreshToken';
  /**
   * Origins allowed to POST to the endpoints besides the request's own origin (exact
   * `scheme://host[:port]`). Their CORS preflight is answered (204) and every answer to them
   * carries `Access-Control-Allow-Origin: <origin>`, `Access-Control-Allow-Credentials: true` and
   * `Vary: Origin`. With SameSite cookies the browser sends the cookie only from the same site
   * (e.g. `https://admin.example.com` to `https://auth.example.com`), with `credentials: 'include'`.
   */
  allowedOrigins?: readonly string[];
  /** Cognito endpoint (the emulator, a proxy). */
  endpoint?: string;
  /** Injected fetch for Cognito and the JWKS. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** Clock in ms (default Date.now). */
  now?: () => number;
  /** Attempts per Cognito call, including the first (default 2; a worker should answer fast). */
  maxAttempts?: number;
  /** Timeout of one Cognito attempt in ms (default 5000). */
  timeout?: number;
  /** Token issuer override (emulator/custom endpoint); default the pool's Cognito issuer. */
  issuer?: string;
  /** JWKS URI override; default `{issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  /** A JWKS cache to share; default one owned by this instance. */
  jwks?: JwksCache;
  /** Clock skew tolerated when verifying access tokens (default 0). */
  graceSeconds?: number;
  /** Random source for cookie IVs (default crypto.getRandomValues). */
  random?: (length: number) => Uint8Array;
}

/** What the sealed cookie holds. */
export interface EdgeSession {
  /** The refresh token. */
  refreshToken: string;
  /**
   * The Cognito user name, used for SECRET_HASH (required when the app client has a secret).
   * Sessions started by `POST /auth/session` always hold the `username` claim of the access token
   * Cognito returned for the refresh token.
   */
  username?: string;
  /** The remembered device's key, sent as DEVICE_KEY. */
  deviceKey?: string;
}

/** The JSON body the refresh and session endpoints answer with. */
export interface EdgeTokens {
  accessToken: string;
  idToken?: string;
  tokenType: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  /** When the access token expires, ms since the epoch (by the worker's clock). */
  expiresAt: number;
}

interface SealedSession {
  v: 1;
  rt: string;
  u?: string;
  dk?: string;
  /** expiry of the session, ms since the epoch */
  exp: number;
}

/** The edge session helper returned by {@link createEdgeAuth}. */
export interface EdgeAuth {
  /**
   * Routes `POST {cookiePath}/session`, `/refresh` and `/sign-out` to their handlers; returns
   * undefined for any other request so the worker can carry on.
   */
  handle(request: Request): Promise<Response | undefined>;
  /**
   * Starts a cookie session: body `{ refreshToken, username?, deviceKey?, accessToken? }` from a
   * browser that just signed in (`username` and `deviceKey` at most 128 characters). The refresh
   * token is proven by using it once; the response carries fresh tokens and the sealed cookie.
   * `username` or `accessToken` only serve to compute that first call's SECRET_HASH; the cookie
   * keeps the `username` of the access token Cognito returned.
   */
  handleSession(request: Request): Promise<Response>;
  /**
   * Exchanges the cookie's refresh token for fresh access and ID tokens (JSON). Of several
   * cookies of the session name, the first that opens is used.
   */
  handleRefresh(request: Request): Promise<Response>;
  /**
   * Revokes the refresh token (RevokeToken) and clears the cookie: `{ signedOut: true, revoked }`.
   * When Cognito refuses the revocation for good, the cookie is cleared all the same and the body
   * adds `error` and `message`. Kept when trying again can help (503, 502), when the client secret is
   * misconfigured (500 `ClientSecretMisconfigured`), and when cookies of the session name are
   * present but none opens (500 `SessionUnreadable`: the token inside may be live, and only a
   * worker that can open it can revoke it).
   */
  handleSignOut(request: Request): Promise<Response>;
  /**
   * Verifies a Bearer access token (from a request's Authorization header, or given as a string)
   * with this instance's JWKS cache.
   * @throws JwtError (see `verifyCognitoJwt`); `JwtMalformed` when there is no Bearer token
   */
  verifyAccessToken(input: Request | string, overrides?: Partial<VerifyCognitoJwtOptions>): Promise<CognitoJwtPayload>;
  /**
   * Seals a session into a Set-Cookie header value.
   * @throws TypeError naming the field: `refreshToken` missing, or `username` missing when the app
   *   client has a secret; RangeError when the cookie would exceed 4096 bytes
   */
  sessionCookie(session: EdgeSession): Promise<string>;
  /** A Set-Cookie header value that deletes the session cookie. */
  clearCookie(): string;
  /**
   * Opens the session cookie of a request: the first cookie of that name that opens and has not
   * expired; undefined when there is none (absent, tampered, expired or sealed with an unknown secret).
   */
  readSession(request: Request): Promise<EdgeSession | undefined>;
  /**
   * Refreshes a session with Cognito.
   * @returns the tokens and, when Cognito rotated the refresh token, the new session
   * @throws CognitoError from the client (NotAuthorizedException when the refresh token is dead);
   *   TypeError naming `username` when the app client has a secret and the session has no user name
   */
  refresh(session: EdgeSession): Promise<{ tokens: EdgeTokens; session: EdgeSession }>;
}

const DAY = 86_400;
/** Longest `username` / `deviceKey` accepted in a session body (Cognito's user names are at most 128). */
const MAX_FIELD = 128;
/** Refusals that end a session for good (as the session layer's list, less RefreshTokenReuseException). */
const ENDED = ['NotAuthorizedException', 'UserNotFoundException', 'PasswordResetRequiredException', 'UserNotConfirmedException'];

/**
 * What a failed Cognito call means for a session:
 * - `transient`: network, timeout, throttling, 5xx: nothing was decided, try again;
 * - `failed`: no named 4xx answer (a proxy's page, a malformed response): nothing was decided;
 * - `secret`: NotAuthorizedException about the app client's secret or SECRET_HASH (Cognito says
 *   `Unable to verify secret hash for client ...`, `Client ... is configured for secret but secret
 *   was not received` or `... with secret but SECRET_HASH was not received`); token and user
 *   messages never mention a secret;
 * - `reused`: RefreshTokenReuseException;
 * - `ended`: the refresh token or its user is refused for good;
 * - `refused`: any other named 4xx answer.
 */
function verdict(err: CognitoError): 'transient' | 'failed' | 'secret' | 'reused' | 'ended' | 'refused' {
  const status = err.$metadata.httpStatusCode ?? 0;
  if (err.retryable || err.name === 'NetworkError' || err.name === 'TimeoutError') return 'transient';
  if (status < 400 || status > 499 || err.name === 'UnknownError') return 'failed';
  if (err.name === 'NotAuthorizedException' && /secret/i.test(err.message)) return 'secret';
  if (err.name === 'RefreshTokenReuseException') return 'reused';
  return ENDED.includes(err.name) ? 'ended' : 'refused';
}

function json(status: number, body: unknown, headers: Record<string, string> = {}, cookies: string[] = []): Response {
  const h = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  for (const c of cookies) h.append('set-cookie', c);
  return new Response(JSON.stringify(body), { status, headers: h });
}

function errorBody(error: string, message: string, retryable = false) {
  return { error, message, retryable };
}

/**
 * An HTTP response for a failed access-token check: 503 when the keys could not be fetched
 * (try again), 403 for missing groups or scopes, 401 otherwise, with a `WWW-Authenticate` header.
 *
 * @param err - what `verifyAccessToken` threw
 * @throws the error itself when it is not a JwtError (a bug, not an auth failure)
 */
export function accessTokenErrorResponse(err: unknown): Response {
  if (!isJwtError(err)) throw err;
  if (err.retryable) return json(503, errorBody(err.code, 'token keys unavailable, try again', true), { 'retry-after': '1' });
  const insufficient = err.code === 'JwtMissingGroup' || err.code === 'JwtMissingScope';
  return json(insufficient ? 403 : 401, errorBody(err.code, err.message), {
    'www-authenticate': `Bearer error="${insufficient ? 'insufficient_scope' : 'invalid_token'}"`,
  });
}

/**
 * Creates the edge session helper. Nothing is fetched or derived until a handler runs; all state
 * (the JWKS cache, the derived cookie key) lives in the returned object.
 *
 * @param options - pool, client, cookie secret and cookie attributes, endpoint, fetch, clock
 * @throws TypeError naming the bad option
 * @example
 * let edge; // one per isolate: it holds the JWKS cache (a new one per request refetches the keys)
 * export default {
 *   async fetch(request, env) {
 *     edge ??= createEdgeAuth({ userPoolId: env.POOL_ID, clientId: env.CLIENT_ID, cookieSecret: env.COOKIE_SECRET });
 *     const handled = await edge.handle(request); // POST /auth/session, /auth/refresh, /auth/sign-out
 *     if (handled) return handled;
 *     try { const claims = await edge.verifyAccessToken(request); return new Response(`hi ${claims.username}`); }
 *     catch (err) { return accessTokenErrorResponse(err); }
 *   },
 * };
 */
export function createEdgeAuth(options: EdgeAuthOptions): EdgeAuth {
  if (options === null || typeof options !== 'object') throw new TypeError('createEdgeAuth: options must be an object');
  const { userPoolId, clientId, clientSecret } = options;
  if (options.issuer === undefined) cognitoIssuer(userPoolId); // throws naming userPoolId
  else if (typeof userPoolId !== 'string' || userPoolId === '') throw new TypeError('userPoolId: expected a string');
  if (typeof clientId !== 'string' || clientId === '') throw new TypeError('clientId: expected a non-empty string');
  if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret === '')) {
    throw new TypeError('clientSecret: expected a non-empty string when given');
  }
  const secure = options.secure ?? true;
  const cookieName = options.cookieName ?? (secure ? '__Secure-cognito-edge' : 'cognito-edge');
  // Browsers match the prefixes case-insensitively (RFC 6265bis), so `__host-x` is held to the rules too.
  if (!secure && /^__(secure|host)-/i.test(cookieName)) throw new TypeError('cookieName: __Secure-/__Host- cookies need secure: true');
  const cookiePath = (options.cookiePath ?? '/auth').replace(/\/+$/, '') || '/';
  if (/^__host-/i.test(cookieName) && (cookiePath !== '/' || options.cookieDomain !== undefined)) {
    throw new TypeError('cookieName: __Host- cookies need cookiePath "/" and no cookieDomain');
  }
  const sameSite = options.sameSite ?? 'Strict';
  if (sameSite !== 'Strict' && sameSite !== 'Lax') throw new TypeError(`sameSite: expected 'Strict' or 'Lax', got ${JSON.stringify(sameSite)}`);
  const maxAge = options.maxAgeSeconds ?? 30 * DAY;
  if (!Number.isInteger(maxAge) || maxAge <= 0) throw new TypeError('maxAgeSeconds: expected a positive integer');
  const refreshWith = options.refreshWith ?? 'InitiateAuth';
  if (refreshWith !== 'InitiateAuth' && refreshWith !== 'GetTokensFromRefreshToken') {
    throw new TypeError(`refreshWith: expected 'InitiateAuth' or 'GetTokensFromRefreshToken', got ${JSON.stringify(refreshWith)}`);
  }
  const allowedOrigins = options.allowedOrigins ?? [];
  if (!Array.isArray(allowedOrigins) || allowedOrigins.some((o) => typeof o !== 'string')) {
    throw new TypeError('allowedOrigins: expected an array of origin strings');
  }
  const now = options.now ?? Date.now;
  const attrs = { path: cookiePath, domain: options.cookieDomain, httpOnly: true, secure, sameSite } as const;
  serializeCookie(cookieName, 'x', attrs); // validates name, path and domain now, not on first request

  const sealer = createSealer({
    secrets: options.cookieSecret,
    context: `cognito-edge session|${cookieName}|${userPoolId}|${clientId}`,
    ...(options.random ? { random: options.random } : {}),
  });
  const client = new CognitoUnsignedClient({
    // the region comes from the pool id; with an endpoint (emulator, proxy) it is not needed
    ...(cognitoIssuerSafe(userPoolId) ? { userPoolId } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.fetch ? { fetch: options.fetch as (i: string, init: RequestInit) => Promise<Response> } : {}),
    maxAttempts: options.maxAttempts ?? 2,
    timeout: options.timeout ?? 5000,
    now,
  });
  const jwks =
    options.jwks ?? createJwksCache({ ...(options.fetch ? { fetch: options.fetch } : {}), now });
  const verifyBase: VerifyCognitoJwtOptions = {
    userPoolId,
    tokenUse: 'access',
    clientId,
    jwks,
    now,
    ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
    ...(options.jwksUri !== undefined ? { jwksUri: options.jwksUri } : {}),
    ...(options.graceSeconds !== undefined ? { graceSeconds: options.graceSeconds } : {}),
  };

  const clearCookie = () => serializeCookie(cookieName, '', { ...attrs, maxAge: 0 });

  async function sessionCookie(session: EdgeSession): Promise<string> {
    if (!session || typeof session.refreshToken !== 'string' || session.refreshToken === '') {
      throw new TypeError('refreshToken: expected a non-empty string');
    }
    // Without it the session could never refresh (SECRET_HASH), whichever operation refreshes.
    if (clientSecret && (typeof session.username !== 'string' || session.username === '')) {
      throw new TypeError('username: required when the app client has a secret (SECRET_HASH)');
    }
    const sealed: SealedSession = { v: 1, rt: session.refreshToken, exp: now() + maxAge * 1000 };
    if (session.username !== undefined) sealed.u = session.username;
    if (session.deviceKey !== undefined) sealed.dk = session.deviceKey;
    const value = await sealer.seal(sealed);
    const cookie = serializeCookie(cookieName, value, { ...attrs, maxAge });
    // Browsers drop cookies over 4096 bytes silently; fail loudly instead.
    if (cookie.length > 4096) throw new RangeError(`session cookie would be ${cookie.length} bytes; browsers keep at most 4096`);
    return cookie;
  }

  /** The non-empty values of the session cookie name: several can arrive (a longer path, a sibling subdomain). */
  const cookieValues = (request: Request) => readCookies(request.headers.get('cookie'), cookieName).filter(Boolean);

  /** The first value that opens (and, unless `expired` is allowed, has not expired). */
  async function openFirst(values: string[], expired = false): Promise<EdgeSession | undefined> {
    for (const raw of values) {
      const s = await sealer.open<SealedSession>(raw);
      if (!s || s.v !== 1 || typeof s.rt !== 'string' || typeof s.exp !== 'number' || (!expired && s.exp <= now())) continue;
      const session: EdgeSession = { refreshToken: s.rt };
      if (typeof s.u === 'string') session.username = s.u;
      if (typeof s.dk === 'string') session.deviceKey = s.dk;
      return session;
    }
    return undefined;
  }

  const readSession = (request: Request) => openFirst(cookieValues(request));

  function toTokens(r: AuthenticationResultType | undefined, operation: string): EdgeTokens {
    if (!r?.AccessToken) throw new CognitoError('UnknownError', `${operation}: no AuthenticationResult.AccessToken in the response`);
    const expiresIn = r.ExpiresIn ?? 3600;
    const t: EdgeTokens = { accessToken: r.AccessToken, tokenType: r.TokenType ?? 'Bearer', expiresIn, expiresAt: now() + expiresIn * 1000 };
    if (r.IdToken) t.idToken = r.IdToken;
    return t;
  }

  async function refresh(session: EdgeSession): Promise<{ tokens: EdgeTokens; session: EdgeSession }> {
    let result: AuthenticationResultType | undefined;
    if (refreshWith === 'GetTokensFromRefreshToken') {
      const out = await client.send('GetTokensFromRefreshToken', {
        RefreshToken: session.refreshToken,
        ClientId: clientId,
        ...(clientSecret ? { ClientSecret: clientSecret } : {}),
        ...(session.deviceKey ? { DeviceKey: session.deviceKey } : {}),
      });
      result = out.AuthenticationResult;
    } else {
      const params: Record<string, string> = { REFRESH_TOKEN: session.refreshToken };
      if (clientSecret) {
        if (!session.username) throw new TypeError('username: needed for SECRET_HASH when the app client has a secret');
        params.SECRET_HASH = secretHash(session.username, clientId, clientSecret);
      }
      if (session.deviceKey) params.DEVICE_KEY = session.deviceKey;
      const out = await client.send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: params });
      result = out.AuthenticationResult;
    }
    const tokens = toTokens(result, refreshWith);
    const next = result?.RefreshToken ? { ...session, refreshToken: result.RefreshToken } : session;
    return { tokens, session: next };
  }

  // A cross-site POST carries an Origin header (and SameSite keeps the cookie off it anyway);
  // requests without Origin come from non-browser clients, which cannot be CSRF-ed.
  function originAllowed(request: Request): boolean {
    const origin = request.headers.get('origin');
    if (origin === null) return true;
    return origin === new URL(request.url).origin || allowedOrigins.includes(origin);
  }

  /** CORS headers for an origin of `allowedOrigins`; none for any other (not even the request's own). */
  function cors(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    return origin !== null && allowedOrigins.includes(origin)
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
  }

  function guard(request: Request): Response | undefined {
    if (request.method === 'OPTIONS' && cors(request).vary) {
      // The preflight of a credentialed JSON POST from an allowed origin (headers added by withCors).
      return new Response(null, { status: 204, headers: { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' } });
    }
    if (request.method !== 'POST') return json(405, errorBody('MethodNotAllowed', 'use POST'), { allow: 'POST' });
    if (!originAllowed(request)) return json(403, errorBody('ForbiddenOrigin', 'origin not allowed'));
    return undefined;
  }

  const secretError = (extra = '') =>
    json(500, errorBody('ClientSecretMisconfigured', `Cognito refused the app client secret or SECRET_HASH: check the worker's clientSecret${extra}; the session is kept`));

  /** The answer to a failed refresh; `clear` when a dead session's cookie should go. */
  function cognitoFailure(err: unknown, clear: boolean): Response {
    if (!isCognitoError(err)) throw err;
    const v = verdict(err);
    if (v === 'transient') return json(503, errorBody(err.name, 'the identity service is unavailable, try again', true), { 'retry-after': '1' });
    if (v === 'secret') return secretError(clear ? '' : ' and the username or access token sent');
    // Not cleared: a concurrent refresh may just have set the cookie with the new token.
    if (v === 'reused') return json(401, errorBody(err.name, 'the refresh token was replaced by a newer one: retry once, then sign in again'));
    if (v === 'ended') return json(401, errorBody(err.name, clear ? 'session ended, sign in again' : 'refresh token refused'), {}, clear ? [clearCookie()] : []);
    return json(502, errorBody(err.name, 'the identity service refused or failed the request'));
  }

  /** The `username` claim of an access token Cognito just returned; undefined when unreadable (Cognito always sends one). */
  function tokenUsername(accessToken: string): string | undefined {
    try {
      const u = decodeJwt(accessToken).payload.username;
      return typeof u === 'string' && u !== '' ? u : undefined;
    } catch {
      return undefined;
    }
  }

  /** Adds the CORS headers of an allowed origin to every answer of a handler, errors included. */
  const withCors =
    (handler: (r: Request) => Promise<Response>) =>
    async (request: Request): Promise<Response> => {
      const res = await handler(request);
      for (const [k, v] of Object.entries(cors(request))) res.headers.set(k, v);
      return res;
    };

  const handleRefresh = withCors(async (request: Request): Promise<Response> => {
    const bad = guard(request);
    if (bad) return bad;
    const session = await readSession(request);
    if (!session) return json(401, errorBody('NoSession', 'no session cookie'));
    if (clientSecret && refreshWith === 'InitiateAuth' && !session.username) {
      // Sealed by a worker without the secret (or by sessionCookie of an older version): it can never refresh.
      return json(401, errorBody('NoSession', 'the session has no user name, which SECRET_HASH needs: sign in again'), {}, [clearCookie()]);
    }
    let out;
    try {
      out = await refresh(session);
    } catch (err) {
      return cognitoFailure(err, true);
    }
    if (out.session.refreshToken === session.refreshToken) return json(200, out.tokens);
    // Rotated: a session sealed without a user name (by a worker without the secret) gets the token's.
    const username = out.session.username ?? tokenUsername(out.tokens.accessToken);
    return json(200, out.tokens, {}, [await sessionCookie({ ...out.session, ...(username ? { username } : {}) })]);
  });

  const handleSession = withCors(async (request: Request): Promise<Response> => {
    const bad = guard(request);
    if (bad) return bad;
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
    } catch {
      return json(400, errorBody('BadRequest', 'expected a JSON body'));
    }
    if (!body || typeof body !== 'object') return json(400, errorBody('BadRequest', 'expected a JSON object'));
    const { refreshToken, accessToken, deviceKey } = body;
    let { username } = body;
    if (typeof refreshToken !== 'string' || refreshToken === '') return json(400, errorBody('BadRequest', 'refreshToken: expected a non-empty string'));
    for (const [field, value] of [['deviceKey', deviceKey], ['username', username]] as const) {
      // bounded: both go into the cookie, which must stay under 4096 bytes
      if (value !== undefined && (typeof value !== 'string' || value.length > MAX_FIELD)) {
        return json(400, errorBody('BadRequest', `${field}: expected a string of at most ${MAX_FIELD} characters`));
      }
    }
    if (accessToken !== undefined) {
      if (typeof accessToken !== 'string') return json(400, errorBody('BadRequest', 'accessToken: expected a string'));
      try {
        // The access token's username is what SECRET_HASH needs (an alias typed at sign-in is not).
        const claims = await verifyCognitoJwt(accessToken, { ...verifyBase, graceSeconds: Math.max(verifyBase.graceSeconds ?? 0, 300) });
        username = claims.username ?? username;
      } catch (err) {
        return accessTokenErrorResponse(err);
      }
    }
    if (clientSecret && !username) return json(400, errorBody('BadRequest', 'username: required (or an accessToken) when the app client has a secret'));
    const session: EdgeSession = { refreshToken };
    if (typeof username === 'string') session.username = username;
    if (typeof deviceKey === 'string') session.deviceKey = deviceKey;
    let out;
    try {
      out = await refresh(session);
    } catch (err) {
      return cognitoFailure(err, false);
    }
    // The sealed user name is the one of the access token Cognito just returned for this refresh
    // token, never the body's: readSession().username must be the token's user.
    const u = tokenUsername(out.tokens.accessToken);
    const next: EdgeSession = { ...out.session };
    if (u) next.username = u;
    // Unreadable: with a secret, the body's name is the one Cognito just accepted SECRET_HASH for.
    else if (!clientSecret) delete next.username;
    return json(200, out.tokens, {}, [await sessionCookie(next)]);
  });

  const handleSignOut = withCors(async (request: Request): Promise<Response> => {
    const bad = guard(request);
    if (bad) return bad;
    const values = cookieValues(request);
    // An expired sealed session is still revoked: its token may outlive the cookie at Cognito.
    const session = await openFirst(values, true);
    if (!session) {
      if (values.length === 0) return json(200, { signedOut: true, revoked: false }, {}, [clearCookie()]);
      // Neither clear nor claim success: the cookie may hold a live token that only a worker with
      // the right cookieSecret can revoke. The page is signed out either way (refresh: NoSession).
      return json(500, errorBody('SessionUnreadable', 'the session cookie could not be opened (check cookieSecret); it was kept so that its token can still be revoked'));
    }
    try {
      await client.send('RevokeToken', {
        Token: session.refreshToken,
        ClientId: clientId,
        ...(clientSecret ? { ClientSecret: clientSecret } : {}),
      });
    } catch (err) {
      if (!isCognitoError(err)) throw err;
      const v = verdict(err);
      // Keep the cookie when trying again (after a fix, for the secret) can still revoke the token.
      if (v === 'secret') return secretError();
      if (v === 'transient' || v === 'failed') {
        return json(v === 'transient' ? 503 : 502, errorBody(err.name, 'could not revoke the session, try again', v === 'transient'));
      }
      // Refused for good. NotAuthorizedException: already dead, nothing left to revoke. Otherwise
      // (a client without token revocation...) the token stays valid at Cognito, but the user must
      // still be able to sign out: the cookie goes, and the answer says what happened.
      const body = err.name === 'NotAuthorizedException' ? {} : errorBody(err.name, 'signed out here, but Cognito refused to revoke the refresh token');
      return json(200, { signedOut: true, revoked: false, ...body }, {}, [clearCookie()]);
    }
    return json(200, { signedOut: true, revoked: true }, {}, [clearCookie()]);
  });

  async function verifyAccessToken(input: Request | string, overrides: Partial<VerifyCognitoJwtOptions> = {}): Promise<CognitoJwtPayload> {
    let token: string;
    if (typeof input === 'string') token = input;
    else {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(input?.headers?.get('authorization') ?? '');
      if (!m) throw new JwtError('JwtMalformed', 'Authorization: no Bearer token');
      token = m[1]!;
    }
    // An override set to undefined keeps the base value: `{ jwks: undefined }` spread in from an
    // options object would otherwise drop the shared JWKS cache (a fetch per token, no limit).
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    return verifyCognitoJwt(token, { ...verifyBase, ...defined });
  }

  const routes: Record<string, (r: Request) => Promise<Response>> = {
    session: handleSession,
    refresh: handleRefresh,
    'sign-out': handleSignOut,
  };

  return {
    async handle(request: Request): Promise<Response | undefined> {
      const path = new URL(request.url).pathname;
      const base = cookiePath === '/' ? '' : cookiePath;
      if (!path.startsWith(base + '/')) return undefined;
      const name = path.slice(base.length + 1);
      return Object.hasOwn(routes, name) ? routes[name]!(request) : undefined;
    },
    handleSession,
    handleRefresh,
    handleSignOut,
    verifyAccessToken,
    sessionCookie,
    clearCookie,
    readSession,
    refresh,
  };
}

function cognitoIssuerSafe(userPoolId: string): boolean {
  try {
    cognitoIssuer(userPoolId);
    return true;
  } catch {
    return false;
  }
}
