/**
 * The per-request context handed to every operation handler: state, clock, randomness, the
 * outbox, codes, and the lookups and checks most handlers need (pool, client, user, access
 * token, SECRET_HASH, password policy, token minting).
 * @module
 */
import { secretHash as computeSecretHash } from '../core/secret-hash.js';
import { EmulatorError, errors } from './errors.js';
import type {
  ClientRecord,
  EmulatorState,
  OriginRecord,
  PasswordPolicy,
  PoolRecord,
  SessionRecord,
  TimeUnit,
  UserRecord,
} from './state.js';
import { signJwt, verifyJwt, type SigningKeys } from './tokens.js';
import { ALPHABET, randomString, sha256, timingSafeEqual, toBase64, toHex, uuid, type RandomSource } from './util.js';

/** A message the emulator "delivered" (email or SMS), kept in the outbox. */
export interface OutboxMessage {
  userPoolId: string;
  username: string;
  destination: string;
  channel: 'EMAIL' | 'SMS';
  /** SIGN_UP, RESEND_CODE, FORGOT_PASSWORD, ADMIN_CREATE_USER, VERIFY_ATTRIBUTE, MFA, ... */
  purpose: string;
  code?: string;
  message: string;
  /** Email subject, when the pool or the customMessage trigger set one. */
  subject?: string;
  at: number;
}

/** One request in the request log. */
export interface RequestLogEntry {
  target: string;
  status: number;
  errorType?: string;
  at: number;
}

/** In-process stand-ins for Cognito's Lambda triggers. Each receives Cognito's event shape. */
export interface Triggers {
  preSignUp?: (event: any) => any | Promise<any>;
  postConfirmation?: (event: any) => any | Promise<any>;
  preAuthentication?: (event: any) => any | Promise<any>;
  postAuthentication?: (event: any) => any | Promise<any>;
  defineAuthChallenge?: (event: any) => any | Promise<any>;
  createAuthChallenge?: (event: any) => any | Promise<any>;
  verifyAuthChallengeResponse?: (event: any) => any | Promise<any>;
  preTokenGeneration?: (event: any) => any | Promise<any>;
  customMessage?: (event: any) => any | Promise<any>;
  userMigration?: (event: any) => any | Promise<any>;
  [name: string]: ((event: any) => any) | undefined;
}

/** What `requireAccessToken` returns. */
export interface AccessTokenInfo {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  origin: OriginRecord;
  claims: Record<string, unknown>;
}

/** Options for {@link EmulatorContext.mintTokens}. */
export interface MintOptions {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  /** Device the tokens are bound to (adds `device_key` to the access token and binds the refresh token). */
  deviceKey?: string;
  /** Reuse an existing authentication (refresh): keeps `origin_jti` and `auth_time`. */
  origin?: OriginRecord;
  /** Issue a refresh token (default true for a new authentication, false when `origin` is given). */
  refreshToken?: boolean;
  /** Extra/overridden claims (e.g. from a pre-token-generation trigger). */
  accessClaims?: Record<string, unknown>;
  idClaims?: Record<string, unknown>;
}

/** Wire `AuthenticationResultType`. */
export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
}

/** The context every handler receives. */
export interface EmulatorContext {
  /** The whole mutable state. */
  readonly state: EmulatorState;
  readonly region: string;
  /** Operation being served (`InitiateAuth`...), or `direct` for direct helpers. */
  readonly operation: string;
  /** Request headers (empty for direct helper calls). */
  readonly headers: Headers;
  /** Current time in epoch milliseconds (the injectable, advanceable clock). */
  now(): number;
  readonly random: RandomSource;
  /** A 6-digit code, or the fixed code when the emulator was given one. */
  generateCode(): string;
  /** Append to the outbox. */
  deliver(message: Omit<OutboxMessage, 'at'>): void;
  /** Trigger stand-ins of a pool (empty object when none). */
  triggers(poolId: string): Triggers;
  /** The signing keys (generated on first use and stored in the state). */
  keys(): Promise<SigningKeys>;
  /** Issuer URL of a pool's tokens. */
  issuer(poolId: string): string;
  /** @throws ResourceNotFoundException `User pool <id> does not exist.` */
  getPool(poolId: unknown): PoolRecord;
  /** Find a client by id in any pool (or in `poolId`). @throws ResourceNotFoundException `User pool client <id> does not exist.` */
  getClient(clientId: unknown, poolId?: string): { pool: PoolRecord; client: ClientRecord };
  /** Find a user by username, then by sign-in alias / username attribute, then by sub. */
  findUser(pool: PoolRecord, name: unknown): UserRecord | undefined;
  /** As `findUser`. @throws UserNotFoundException `User does not exist.` */
  getUser(pool: PoolRecord, name: unknown): UserRecord;
  /** The key users are stored under in `pool.users`. */
  userKey(pool: PoolRecord, username: string): string;
  /**
   * Verify an access token: signature, `token_use`, expiry, revocation, user and client still
   * there, user enabled.
   * @throws NotAuthorizedException (`Invalid Access Token`, `Access Token has expired`,
   *   `Access Token has been revoked`, `User is disabled.`), UserNotFoundException.
   */
  requireAccessToken(token: unknown): Promise<AccessTokenInfo>;
  /**
   * Check SECRET_HASH for a client with a secret: passes when it matches for any of `usernames`.
   * No-op for clients without a secret.
   * @throws NotAuthorizedException (`Client <id> is configured for secret but secret was not received`,
   *   `Unable to verify secret hash for client <id>`).
   */
  checkSecretHash(client: ClientRecord, secretHash: unknown, ...usernames: string[]): Promise<void>;
  /** @throws NotAuthorizedException `User is disabled.` */
  assertUserEnabled(user: UserRecord): void;
  /** @throws InvalidPasswordException with Cognito's message. */
  assertPasswordPolicy(pool: PoolRecord, password: unknown): void;
  /**
   * Refuse a password among the user's last `PasswordHistorySize` passwords (current included),
   * when the pool sets one.
   * @throws PasswordHistoryPolicyViolationException.
   */
  assertPasswordNotReused(pool: PoolRecord, user: UserRecord, password: string): Promise<void>;
  /** Store a password (salted hash; runs the SRP hook). Does not check the policy. */
  setPassword(pool: PoolRecord, user: UserRecord, password: string, options?: { temporary?: boolean }): Promise<void>;
  /** True when `password` is the user's password (constant time). */
  verifyPassword(user: UserRecord, password: unknown): Promise<boolean>;
  /** Mint access + id (+ refresh) tokens; records the origin and refresh token in the state. */
  mintTokens(options: MintOptions): Promise<AuthenticationResult>;
  /** Create a single-use challenge session valid for the client's AuthSessionValidity (3 minutes by default). */
  createSession(pool: PoolRecord, client: ClientRecord, username: string, data: Record<string, unknown>): SessionRecord;
  /**
   * Take a session for use: must exist for this client, not be used, not be expired.
   * Marks it used. @throws NotAuthorizedException `Invalid session for the user, session is expired.`
   */
  consumeSession(pool: PoolRecord, client: ClientRecord, sessionId: unknown): SessionRecord;
  /** Seconds for a client's token validity. */
  tokenSeconds(client: ClientRecord, which: 'AccessToken' | 'IdToken' | 'RefreshToken'): number;
  /** Attribute list (`[{Name, Value}]`) of a user, `sub` first. */
  attributeList(user: UserRecord): Array<{ Name: string; Value: string }>;
}

/** What the emulator passes to {@link createContext}. */
export interface ContextRuntime {
  state: EmulatorState;
  now: () => number;
  random: RandomSource;
  fixedCode?: string;
  outbox: OutboxMessage[];
  triggers: Map<string, Triggers>;
  keys: () => Promise<SigningKeys>;
  issuer: (poolId: string) => string;
  passwordHooks: Array<(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord, password: string) => void | Promise<void>>;
}

const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Symbols Cognito accepts as "special characters" in passwords. */
const SYMBOLS = new Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ");

/** Cognito's password policy check; returns the InvalidPasswordException message or undefined. */
export function passwordPolicyViolation(policy: PasswordPolicy, password: string): string | undefined {
  const prefix = 'Password did not conform with policy: ';
  if (password.length < policy.MinimumLength) return `${prefix}Password not long enough`;
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return `${prefix}Password must have lowercase characters`;
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return `${prefix}Password must have uppercase characters`;
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return `${prefix}Password must have numeric characters`;
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.has(c)))
    return `${prefix}Password must have symbol characters`;
  return undefined;
}

/** Build the context for one request. */
export function createContext(rt: ContextRuntime, operation: string, headers: Headers): EmulatorContext {
  const ctx: EmulatorContext = {
    state: rt.state,
    region: rt.state.region,
    operation,
    headers,
    now: rt.now,
    random: rt.random,
    generateCode: () => rt.fixedCode ?? randomString(rt.random, 6, ALPHABET.digits),
    deliver: (m) => {
      rt.outbox.push({ ...m, at: rt.now() });
    },
    triggers: (poolId) => rt.triggers.get(poolId) ?? {},
    keys: rt.keys,
    issuer: rt.issuer,

    getPool(poolId) {
      if (typeof poolId !== 'string' || poolId === '') {
        throw errors.invalidParameter(
          "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
        );
      }
      const pool = rt.state.pools[poolId];
      if (!pool) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
      return pool;
    },

    getClient(clientId, poolId) {
      if (typeof clientId !== 'string' || clientId === '') {
        throw errors.invalidParameter(
          "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
        );
      }
      const pools = poolId ? [ctx.getPool(poolId)] : Object.values(rt.state.pools);
      for (const pool of pools) {
        const client = pool.clients[clientId];
        if (client) return { pool, client };
      }
      throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
    },

    userKey: (pool, username) => (pool.caseSensitive ? username : username.toLowerCase()),

    findUser(pool, name) {
      if (typeof name !== 'string' || name === '') return undefined;
      const direct = pool.users[ctx.userKey(pool, name)];
      if (direct) return direct;
      const signInAttrs = [...pool.usernameAttributes, ...pool.aliasAttributes];
      if (signInAttrs.length > 0) {
        const lower = name.toLowerCase();
        for (const user of Object.values(pool.users)) {
          for (const attr of signInAttrs) {
            const value = user.attributes[attr];
            if (value === undefined) continue;
            const matches = attr === 'email' || !pool.caseSensitive ? value.toLowerCase() === lower : value === name;
            if (!matches) continue;
            // Aliases only sign in once verified (preferred_username needs no verification);
            // username attributes always do.
            const isAlias = !pool.usernameAttributes.includes(attr);
            if (isAlias && attr !== 'preferred_username' && user.attributes[`${attr}_verified`] !== 'true') continue;
            return user;
          }
        }
      }
      for (const user of Object.values(pool.users)) if (user.sub === name) return user;
      return undefined;
    },

    getUser(pool, name) {
      if (typeof name !== 'string' || name === '') {
        throw errors.invalidParameter(
          "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null",
        );
      }
      const user = ctx.findUser(pool, name);
      if (!user) throw errors.userNotFound();
      return user;
    },

    async requireAccessToken(token) {
      if (typeof token !== 'string' || token === '') {
        throw errors.invalidParameter(
          "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
        );
      }
      const claims = await verifyJwt(await rt.keys(), token);
      if (!claims || claims.token_use !== 'access') throw errors.invalidAccessToken();
      const iss = typeof claims.iss === 'string' ? claims.iss : '';
      const pool = Object.values(rt.state.pools).find((p) => rt.issuer(p.id) === iss);
      if (!pool) throw errors.invalidAccessToken();
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= rt.now()) throw errors.expiredAccessToken();
      const origin = typeof claims.origin_jti === 'string' ? pool.origins[claims.origin_jti] : undefined;
      if (!origin) throw errors.invalidAccessToken();
      if (origin.revoked) {
        // AdminDisableUser revokes the access tokens; while the user stays disabled the answer
        // is still "User is disabled.", as it was before tokens were revoked on disable.
        const owner = Object.values(pool.users).find((u) => u.sub === origin.sub);
        if (owner) ctx.assertUserEnabled(owner);
        throw errors.revokedAccessToken();
      }
      const client = pool.clients[String(claims.client_id)];
      if (!client || origin.clientId !== client.id) throw errors.invalidAccessToken();
      const user = typeof claims.username === 'string' ? pool.users[ctx.userKey(pool, claims.username)] : undefined;
      if (!user) throw errors.userNotFound();
      if (user.sub !== claims.sub || origin.sub !== user.sub) throw errors.invalidAccessToken();
      ctx.assertUserEnabled(user);
      return { pool, client, user, origin, claims };
    },

    async checkSecretHash(client, secretHash, ...usernames) {
      if (!client.secret) return;
      if (typeof secretHash !== 'string' || secretHash === '') {
        throw errors.notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
      }
      const secrets = [client.secret, ...(client.additionalSecrets ?? []).map((x) => x.value)];
      for (const secret of secrets) {
        for (const username of usernames) {
          if (typeof username !== 'string' || username === '') continue;
          // core's secretHash (sync today; awaited so an async version fits too).
          const expected = await computeSecretHash(username, client.id, secret);
          if (timingSafeEqual(expected, secretHash)) return;
        }
      }
      throw errors.secretHash(client.id);
    },

    assertUserEnabled(user) {
      if (!user.enabled) throw errors.userDisabled();
    },

    assertPasswordPolicy(pool, password) {
      if (typeof password !== 'string' || password === '') {
        throw errors.invalidParameter(
          "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must not be null",
        );
      }
      const violation = passwordPolicyViolation(pool.passwordPolicy, password);
      if (violation) throw errors.invalidPassword(violation);
    },

    async assertPasswordNotReused(pool, user, password) {
      const size = pool.passwordPolicy.PasswordHistorySize ?? 0;
      if (size <= 0 || !user.password) return;
      const recent = [{ salt: user.password.salt, hash: user.password.hash }, ...(user.password.history ?? [])].slice(0, size);
      for (const old of recent) {
        if (timingSafeEqual(toHex(await sha256(old.salt + password)), old.hash)) {
          throw new EmulatorError('PasswordHistoryPolicyViolationException', 'The password has previously been used.');
        }
      }
    },

    async setPassword(pool, user, password, options = {}) {
      const salt = toHex(rt.random(16));
      const hash = toHex(await sha256(salt + password));
      const previous = user.password;
      const history = previous ? [{ salt: previous.salt, hash: previous.hash }, ...(previous.history ?? [])].slice(0, 24) : [];
      user.password = { salt, hash, setAt: rt.now(), temporary: options.temporary === true, ...(history.length ? { history } : {}) };
      user.updatedAt = rt.now();
      for (const hook of rt.passwordHooks) await hook(ctx, pool, user, password);
    },

    async verifyPassword(user, password) {
      if (!user.password || typeof password !== 'string') return false;
      const hash = toHex(await sha256(user.password.salt + password));
      return timingSafeEqual(hash, user.password.hash);
    },

    tokenSeconds(client, which) {
      const value =
        which === 'AccessToken'
          ? client.accessTokenValidity
          : which === 'IdToken'
            ? client.idTokenValidity
            : client.refreshTokenValidity;
      return value * UNIT_SECONDS[client.tokenValidityUnits[which]];
    },

    attributeList(user) {
      return [
        { Name: 'sub', Value: user.sub },
        ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
      ];
    },

    async mintTokens(o) {
      const { pool, client, user } = o;
      const now = rt.now();
      const iat = Math.floor(now / 1000);
      let origin = o.origin;
      if (!origin) {
        origin = {
          jti: uuid(rt.random),
          clientId: client.id,
          username: user.username,
          sub: user.sub,
          authTime: iat,
          revoked: false,
          createdAt: now,
          ...(o.deviceKey ? { deviceKey: o.deviceKey } : {}),
        };
        pool.origins[origin.jti] = origin;
      }
      const deviceKey = o.deviceKey ?? origin.deviceKey;
      const groups = groupsByPrecedence(pool, user);
      const eventId = uuid(rt.random);
      const iss = rt.issuer(pool.id);
      const accessSeconds = ctx.tokenSeconds(client, 'AccessToken');
      const idSeconds = ctx.tokenSeconds(client, 'IdToken');
      const access: Record<string, unknown> = {
        sub: user.sub,
        ...(groups.length ? { 'cognito:groups': groups } : {}),
        iss,
        version: 2,
        client_id: client.id,
        origin_jti: origin.jti,
        event_id: eventId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: origin.authTime,
        exp: iat + accessSeconds,
        iat,
        jti: uuid(rt.random),
        username: user.username,
        ...(deviceKey ? { device_key: deviceKey } : {}),
        ...o.accessClaims,
      };
      const id: Record<string, unknown> = {
        sub: user.sub,
        ...(groups.length ? { 'cognito:groups': groups } : {}),
        ...idTokenAttributes(user, client),
        iss,
        'cognito:username': user.username,
        origin_jti: origin.jti,
        aud: client.id,
        event_id: eventId,
        token_use: 'id',
        auth_time: origin.authTime,
        exp: iat + idSeconds,
        iat,
        jti: uuid(rt.random),
        ...o.idClaims,
      };
      const keys = await rt.keys();
      const result: AuthenticationResult = {
        AccessToken: await signJwt(keys, access),
        IdToken: await signJwt(keys, id),
        ExpiresIn: accessSeconds,
        TokenType: 'Bearer',
      };
      if (o.refreshToken ?? !o.origin) {
        const token = refreshTokenValue(rt.random);
        pool.refreshTokens[token] = {
          token,
          clientId: client.id,
          username: user.username,
          sub: user.sub,
          originJti: origin.jti,
          issuedAt: now,
          expiresAt: now + ctx.tokenSeconds(client, 'RefreshToken') * 1000,
          revoked: false,
          ...(deviceKey ? { deviceKey } : {}),
        };
        result.RefreshToken = token;
      }
      return result;
    },

    createSession(pool, client, username, data) {
      const id = toBase64(rt.random(96)).replace(/=+$/, '');
      const now = rt.now();
      const session: SessionRecord = {
        id,
        clientId: client.id,
        username,
        createdAt: now,
        expiresAt: now + client.authSessionValidity * 60_000,
        used: false,
        data,
      };
      // Drop expired sessions so the state does not grow without bound.
      for (const [key, s] of Object.entries(pool.sessions)) if (s.expiresAt <= now) delete pool.sessions[key];
      pool.sessions[id] = session;
      return session;
    },

    consumeSession(pool, client, sessionId) {
      const session = typeof sessionId === 'string' ? pool.sessions[sessionId] : undefined;
      if (!session || session.used || session.clientId !== client.id || session.expiresAt <= rt.now()) {
        throw errors.notAuthorized('Invalid session for the user, session is expired.');
      }
      session.used = true;
      delete pool.sessions[session.id];
      return session;
    },
  };
  return ctx;
}

/** Group names of a user, ordered by precedence (lowest first, unset last), as Cognito lists them in tokens. */
export function groupsByPrecedence(pool: PoolRecord, user: UserRecord): string[] {
  return user.groups
    .filter((g) => pool.groups[g])
    .sort((a, b) => (pool.groups[a]!.precedence ?? Infinity) - (pool.groups[b]!.precedence ?? Infinity));
}

/** Attributes as the id token carries them: `*_verified` as booleans, no developer-only attributes. */
function idTokenAttributes(user: UserRecord, client: ClientRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name.startsWith('dev:')) continue;
    // A client with ReadAttributes sees only those in its id tokens.
    if (client.readAttributes && !client.readAttributes.includes(name)) continue;
    out[name] = name.endsWith('_verified') ? value === 'true' : value;
  }
  return out;
}

/** An opaque refresh token; Cognito's look like a JWE, ours are a random string of similar length. */
function refreshTokenValue(random: RandomSource): string {
  return `${randomString(random, 32, ALPHABET.alnum)}.${toBase64(random(384)).replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''))}`;
}
