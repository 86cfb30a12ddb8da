/**
 * `createEdgeAuth`: a Workers-style refresh-token session. The browser never sees the refresh
 * token: it lives in an HttpOnly, Secure, SameSite, path-scoped cookie, sealed with AES-GCM
 * (key from the app secret via HKDF). The worker exchanges it for fresh access and ID tokens
 * (REFRESH_TOKEN_AUTH with SECRET_HASH and DEVICE_KEY, or GetTokensFromRefreshToken), revokes it
 * on sign-out, and verifies access tokens against the pool's JWKS with a shared cache.
 *
 * Failure policy: only Cognito's definitive `NotAuthorizedException` (the refresh token is
 * revoked, expired or unknown) clears the cookie. Network errors, timeouts, throttling, 5xx,
 * other exceptions and cookies that cannot be opened (for example after a misconfigured
 * secret) leave it alone.
 * @module
 */
import { CognitoUnsignedClient, CognitoError, isCognitoError } from '../client/index.js';
import type { AuthenticationResultType } from '../client/index.js';
import { secretHash } from '../core/secret-hash.js';
import { createJwksCache, type JwksCache } from '../core/jwks.js';
import { cognitoIssuer, verifyCognitoJwt, type CognitoJwtPayload, type VerifyCognitoJwtOptions } from '../core/cognito-jwt.js';
import { JwtError, decodeJwt, isJwtError } from '../core/jwt.js';
import { readCookie, serializeCookie } from './cookie.js';
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
  /** Origins allowed to POST to the endpoints besides the request's own origin. */
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
  /** The Cognito user name (the access token's `username`), used for SECRET_HASH. */
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
   * browser that just signed in. The refresh token is proven by using it once; the response
   * carries fresh tokens and the sealed cookie.
   */
  handleSession(request: Request): Promise<Response>;
  /** Exchanges the cookie's refresh token for fresh access and ID tokens (JSON). */
  handleRefresh(request: Request): Promise<Response>;
  /** Revokes the refresh token (RevokeToken) and clears the cookie. */
  handleSignOut(request: Request): Promise<Response>;
  /**
   * Verifies a Bearer access token (from a request's Authorization header, or given as a string)
   * with this instance's JWKS cache.
   * @throws JwtError (see `verifyCognitoJwt`); `JwtMalformed` when there is no Bearer token
   */
  verifyAccessToken(input: Request | string, overrides?: Partial<VerifyCognitoJwtOptions>): Promise<CognitoJwtPayload>;
  /** Seals a session into a Set-Cookie header value. */
  sessionCookie(session: EdgeSession): Promise<string>;
  /** A Set-Cookie header value that deletes the session cookie. */
  clearCookie(): string;
  /** Opens the session cookie of a request; undefined when absent, tampered, expired or sealed with an unknown secret. */
  readSession(request: Request): Promise<EdgeSession | undefined>;
  /**
   * Refreshes a session with Cognito.
   * @returns the tokens and, when Cognito rotated the refresh token, the new session
   * @throws CognitoError from the client (NotAuthorizedException when the refresh token is dead)
   */
  refresh(session: EdgeSession): Promise<{ tokens: EdgeTokens; session: EdgeSession }>;
}

const DAY = 86_400;

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
 * const edge = createEdgeAuth({ userPoolId, clientId, cookieSecret: env.COOKIE_SECRET });
 * export default {
 *   async fetch(request) {
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
  if (!secure && /^__(Secure|Host)-/.test(cookieName)) throw new TypeError('cookieName: __Secure-/__Host- cookies need secure: true');
  const cookiePath = (options.cookiePath ?? '/auth').replace(/\/+$/, '') || '/';
  if (cookieName.startsWith('__Host-') && (cookiePath !== '/' || options.cookieDomain !== undefined)) {
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
    const sealed: SealedSession = { v: 1, rt: session.refreshToken, exp: now() + maxAge * 1000 };
    if (session.username !== undefined) sealed.u = session.username;
    if (session.deviceKey !== undefined) sealed.dk = session.deviceKey;
    const value = await sealer.seal(sealed);
    const cookie = serializeCookie(cookieName, value, { ...attrs, maxAge });
    // Browsers drop cookies over 4096 bytes silently; fail loudly instead.
    if (cookie.length > 4096) throw new RangeError(`session cookie would be ${cookie.length} bytes; browsers keep at most 4096`);
    return cookie;
  }

  async function readSession(request: Request): Promise<EdgeSession | undefined> {
    const raw = readCookie(request.headers.get('cookie'), cookieName);
    if (!raw) return undefined;
    const s = await sealer.open<SealedSession>(raw);
    if (!s || s.v !== 1 || typeof s.rt !== 'string' || typeof s.exp !== 'number' || s.exp <= now()) return undefined;
    const session: EdgeSession = { refreshToken: s.rt };
    if (typeof s.u === 'string') session.username = s.u;
    if (typeof s.dk === 'string') session.deviceKey = s.dk;
    return session;
  }

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

  function guard(request: Request): Response | undefined {
    if (request.method !== 'POST') return json(405, errorBody('MethodNotAllowed', 'use POST'), { allow: 'POST' });
    if (!originAllowed(request)) return json(403, errorBody('ForbiddenOrigin', 'origin not allowed'));
    return undefined;
  }

  function cognitoFailure(err: unknown): Response {
    if (isCognitoError(err, 'NotAuthorizedException')) {
      // The one definitive answer: the refresh token is revoked, expired or unknown.
      return json(401, errorBody('NotAuthorizedException', 'session expired, sign in again'), {}, [clearCookie()]);
    }
    if (isCognitoError(err)) {
      const retryable = err.retryable || ['NetworkError', 'TimeoutError'].includes(err.name);
      return json(retryable ? 503 : 502, errorBody(err.name, 'could not reach the identity service', retryable), retryable ? { 'retry-after': '1' } : {});
    }
    throw err;
  }

  async function handleRefresh(request: Request): Promise<Response> {
    const bad = guard(request);
    if (bad) return bad;
    const session = await readSession(request);
    if (!session) return json(401, errorBody('NoSession', 'no session cookie'));
    let out;
    try {
      out = await refresh(session);
    } catch (err) {
      return cognitoFailure(err);
    }
    const cookies = out.session.refreshToken !== session.refreshToken ? [await sessionCookie(out.session)] : [];
    return json(200, out.tokens, {}, cookies);
  }

  async function handleSession(request: Request): Promise<Response> {
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
    if (deviceKey !== undefined && typeof deviceKey !== 'string') return json(400, errorBody('BadRequest', 'deviceKey: expected a string'));
    if (username !== undefined && typeof username !== 'string') return json(400, errorBody('BadRequest', 'username: expected a string'));
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
      if (isCognitoError(err, 'NotAuthorizedException')) {
        return json(401, errorBody('NotAuthorizedException', 'refresh token refused'));
      }
      return cognitoFailure(err);
    }
    // Remember the user name for SECRET_HASH later; the token came straight from Cognito.
    if (out.session.username === undefined) {
      try {
        const u = decodeJwt(out.tokens.accessToken).payload.username;
        if (typeof u === 'string') out.session = { ...out.session, username: u };
      } catch {
        // not a JWT we can read: keep the session without a user name
      }
    }
    return json(200, out.tokens, {}, [await sessionCookie(out.session)]);
  }

  async function handleSignOut(request: Request): Promise<Response> {
    const bad = guard(request);
    if (bad) return bad;
    const session = await readSession(request);
    if (!session) return json(200, { signedOut: true, revoked: false }, {}, [clearCookie()]);
    try {
      await client.send('RevokeToken', {
        Token: session.refreshToken,
        ClientId: clientId,
        ...(clientSecret ? { ClientSecret: clientSecret } : {}),
      });
    } catch (err) {
      // Already dead at Cognito: nothing left to revoke, the sign-out is complete.
      if (isCognitoError(err, 'NotAuthorizedException')) return json(200, { signedOut: true, revoked: false }, {}, [clearCookie()]);
      // Otherwise keep the cookie so the client can retry and the token really gets revoked.
      if (isCognitoError(err)) {
        const retryable = err.retryable || ['NetworkError', 'TimeoutError'].includes(err.name);
        return json(retryable ? 503 : 502, errorBody(err.name, 'could not revoke the session, try again', retryable));
      }
      throw err;
    }
    return json(200, { signedOut: true, revoked: true }, {}, [clearCookie()]);
  }

  async function verifyAccessToken(input: Request | string, overrides: Partial<VerifyCognitoJwtOptions> = {}): Promise<CognitoJwtPayload> {
    let token: string;
    if (typeof input === 'string') token = input;
    else {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(input?.headers?.get('authorization') ?? '');
      if (!m) throw new JwtError('JwtMalformed', 'Authorization: no Bearer token');
      token = m[1]!;
    }
    return verifyCognitoJwt(token, { ...verifyBase, ...overrides });
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
