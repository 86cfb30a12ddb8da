/**
 * `createAuth`: the high-level API. It composes the flows of `auth/` (sign-in step machine,
 * devices, account operations, refresh) with the session modules (versioned store, events and
 * state) around one lean unsigned client. Everything lives in this closure: two instances never
 * share state unless handed the same storage.
 * @module
 */
import { CognitoUnsignedClient } from '../client/unsigned-client.js';
import { startSrp, type SrpStart } from '../core/srp.js';
import type { RandomSource } from '../core/random.js';
import * as account from '../auth/account.js';
import { assertOptionalString, assertString } from '../auth/assert.js';
import type { AnalyticsMetadata, DeviceVault, FlowContext, UserContextData } from '../auth/context.js';
import { forgetDevice, listDevices, rememberDevice, type DeviceInfo } from '../auth/devices.js';
import { refreshTokens, revoke } from '../auth/refresh.js';
import { signIn, type SignInHooks } from '../auth/sign-in.js';
import { jwtClaims } from '../auth/tokens.js';
import type { DeviceSecrets, SignInInput, SignInResult, StoredTokens, Tokens } from '../auth/types.js';
import { createAuthEvents, type AuthEventMap, type AuthEventName, type AuthState } from './auth-events.js';
import { isDefinitiveRefusal, SessionError } from './session-errors.js';
import { createSessionStore, type UserSession } from './session-store.js';
import { defaultStorage, type AuthStorage } from './storage.js';

/** Options of {@link createAuth}. */
export interface CreateAuthOptions {
  /** The user pool id, e.g. `eu-west-1_AbC123` (the region is taken from it). */
  userPoolId: string;
  /** The app client id. */
  clientId: string;
  /**
   * The app client secret. Only for confidential clients on servers and edge workers: a secret
   * shipped to a browser is no secret.
   */
  clientSecret?: string;
  /** Endpoint URL (the emulator, a proxy). Default `https://cognito-idp.{region}.amazonaws.com/`. */
  endpoint?: string;
  /** AWS region; default: from `userPoolId`. */
  region?: string;
  /** Where the session lives. Default: IndexedDB in browsers, memory elsewhere. */
  storage?: AuthStorage;
  /** fetch to use (default: the global fetch at call time). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Clock, ms since the epoch (default Date.now). */
  now?: () => number;
  /** Random source for SRP and device passwords (default crypto.getRandomValues). */
  random?: RandomSource;
  /** The app client rotates refresh tokens: refresh with GetTokensFromRefreshToken. */
  refreshTokenRotation?: boolean;
  /** getTokens refreshes when the tokens expire within this many ms (default 120 000). */
  leewayMs?: number;
  /** Name given to new devices (ConfirmDevice DeviceName); default the user agent or `cognito-edge`. */
  deviceName?: string;
  /** Advanced-security data (UserContextData) for a user, sent with the calls that accept it. */
  userContextData?: (username: string) => UserContextData | undefined;
  /** Pinpoint AnalyticsMetadata, sent with the calls that accept it. */
  analyticsMetadata?: AnalyticsMetadata;
  /** Compute the SRP `A` ahead of time, off the sign-in's critical path (default true). */
  precomputeSrp?: boolean;
}

/** The object {@link createAuth} returns. */
export interface Auth {
  /** Starts a sign-in; resolves `{ signedIn: true }` or the first step to answer. */
  signIn(input: SignInInput): Promise<SignInResult>;
  /** Tokens valid for at least the leeway, refreshed (once for all callers) when due or forced. */
  getTokens(o?: { forceRefresh?: boolean }): Promise<Tokens>;
  /** Signs out: revokes the refresh token (or every session with `global`), clears the tokens, keeps the device. */
  signOut(o?: { global?: boolean }): Promise<void>;
  /** Remembers this device (opt-in pools; UpdateDeviceStatus). */
  rememberDevice(): Promise<void>;
  /** Forgets a device (default: this one, whose secrets are then dropped). */
  forgetDevice(deviceKey?: string): Promise<void>;
  /** The user's remembered devices. */
  listDevices(): Promise<DeviceInfo[]>;
  /** Subscribes to an auth event; returns the unsubscribe function. */
  on<K extends AuthEventName>(name: K, fn: (event: AuthEventMap[K]) => void): () => void;
  /** The state snapshot (stable until it changes). */
  getState(): AuthState;
  /** useSyncExternalStore-style subscription to state changes. */
  subscribe(fn: () => void): () => void;
  signUp(input: account.SignUpInput): Promise<account.SignUpResult>;
  confirmSignUp(input: { username: string; code: string; forceAliasCreation?: boolean; clientMetadata?: Record<string, string> }): Promise<void>;
  resendSignUpCode(input: { username: string; clientMetadata?: Record<string, string> }): Promise<account.CodeDeliveryDetails | undefined>;
  forgotPassword(input: { username: string; clientMetadata?: Record<string, string> }): Promise<account.CodeDeliveryDetails | undefined>;
  confirmForgotPassword(input: { username: string; code: string; newPassword: string; clientMetadata?: Record<string, string> }): Promise<void>;
  changePassword(input: { oldPassword: string; newPassword: string }): Promise<void>;
  getUser(): Promise<account.UserInfo>;
  /** Updates attributes; resolves where verification codes for changed attributes went. */
  updateUserAttributes(attributes: Record<string, string>): Promise<account.CodeDeliveryDetails[]>;
  verifyAttribute(attribute: string, code: string): Promise<void>;
  sendAttributeVerificationCode(attribute: string): Promise<account.CodeDeliveryDetails | undefined>;
  /** Deletes the user, then clears the session and the device. */
  deleteUser(): Promise<void>;
  setUpTotp(o?: { issuer?: string; accountName?: string }): Promise<{ secret: string; uri: string }>;
  verifyTotp(code: string, o?: { friendlyName?: string }): Promise<void>;
  setMfaPreference(input: account.MfaPreferenceInput): Promise<void>;
}

const POOL_ID = /^[a-z]{2}(?:-[a-z]+)+-\d+_[0-9A-Za-z]+$/;

function checkOptions(o: CreateAuthOptions): void {
  if (typeof o !== 'object' || o === null) throw new TypeError('createAuth: options must be an object');
  if (typeof o.userPoolId !== 'string' || !POOL_ID.test(o.userPoolId)) {
    throw new TypeError('userPoolId: expected a pool id like "eu-west-1_AbC123"');
  }
  assertString(o.clientId, 'clientId');
  assertOptionalString(o.clientSecret, 'clientSecret');
  if (o.endpoint !== undefined && !/^https?:\/\/[^/]/.test(String(o.endpoint))) throw new TypeError('endpoint: expected an http(s) URL');
  const s = o.storage;
  if (s !== undefined && (typeof s?.get !== 'function' || typeof s.set !== 'function' || typeof s.del !== 'function')) {
    throw new TypeError('storage: expected an object with get, set and del');
  }
  for (const k of ['fetch', 'now', 'random', 'userContextData'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function') throw new TypeError(`${k}: expected a function`);
  }
  if (o.leewayMs !== undefined && !(o.leewayMs >= 0)) throw new TypeError('leewayMs: expected a number >= 0');
}

/**
 * Creates the high-level API for one user pool app client. Nothing is sent until a method is
 * called; the stored session is read once, in the background, as the instance is made.
 *
 * @throws TypeError naming a bad option
 * @example
 * const auth = createAuth({ userPoolId: 'eu-west-1_AbC123', clientId: '1example23456789' });
 * let step = await auth.signIn({ username: 'alice', password });
 * while (!step.signedIn) step = await step.respond(await ask(step));
 * const { accessToken } = await auth.getTokens();
 */
export function createAuth(options: CreateAuthOptions): Auth {
  checkOptions(options);
  const now = options.now ?? (() => Date.now());
  const leeway = options.leewayMs ?? 120_000;
  const client = new CognitoUnsignedClient({
    userPoolId: options.userPoolId,
    region: options.region,
    endpoint: options.endpoint,
    fetch: options.fetch,
    now,
  });
  const storage = options.storage ?? defaultStorage();
  const store = createSessionStore({ storage, namespace: `${options.userPoolId}:${options.clientId}`, now });
  const aliasKey = (alias: string) => `cognito-edge:${options.userPoolId}:${options.clientId}:alias:${alias}`;
  const events = createAuthEvents();

  // One in-tab queue for read-modify-write of user records, so a device write and a token write
  // of the same sign-in cannot overwrite each other.
  let queue: Promise<unknown> = Promise.resolve();
  const update = (username: string, fn: (s: UserSession) => UserSession): Promise<UserSession> => {
    const run = queue.then(async () => {
      const old = (await store.read(username)) ?? { username, gen: 0 };
      const written = await store.write(fn(old));
      if (current?.username === username) current = written;
      return written;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const canonical = async (username: string) => (await storage.get<string>(aliasKey(username))) ?? username;
  const devices: DeviceVault = {
    async get(username) {
      return (await store.read(await canonical(username)))?.device;
    },
    async set(username, device, alias) {
      const { remembered: _r, ...secrets } = device;
      await update(username, (s) => ({ ...s, device: secrets }));
      if (alias && alias !== username) await storage.set(aliasKey(alias), username);
    },
    async del(username, alias) {
      await update(await canonical(username), (s) => ({ ...s, device: undefined }));
      if (alias) await storage.del(aliasKey(alias));
    },
  };

  const ctx: FlowContext = {
    send: (operation, input) => client.send(operation as never, input as never),
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    now,
    random: options.random,
    userContextData: options.userContextData,
    analyticsMetadata: options.analyticsMetadata,
    deviceName: options.deviceName ?? (globalThis.navigator?.userAgent || 'cognito-edge'),
    devices,
  };

  // SRP's A = g^a mod N is the one costly step that does not need the password: compute it ahead,
  // so a sign-in waits only for the network and the work after SRP_B.
  let spare: SrpStart | undefined;
  const precompute = () => {
    if (options.precomputeSrp !== false && !spare) {
      setTimeout(() => {
        spare ??= startSrp({ random: options.random });
      }, 0);
    }
  };
  let attempt = 0;
  let current: UserSession | undefined;

  const claimsOf = (token: string) => {
    try {
      return jwtClaims(token);
    } catch {
      return undefined;
    }
  };
  const setSignedIn = (s: UserSession) => events.setState({ status: 'signedIn', user: claimsOf(s.tokens!.idToken) });

  const ready = (async () => {
    try {
      const user = await store.readLastUser();
      const s = user ? await store.read(user) : undefined;
      if (s?.tokens) {
        current = s;
        setSignedIn(s);
        return;
      }
    } catch (error) {
      events.emit('storageUnavailable', { error });
    }
    events.setState({ status: 'signedOut' });
  })();
  precompute();

  const hooks: SignInHooks = {
    srp() {
      const s = spare ?? startSrp({ random: options.random });
      spare = undefined;
      precompute();
      return s;
    },
    begin: () => ++attempt,
    isCurrent: (id) => id === attempt,
    async signedIn(t: StoredTokens, alias) {
      const { username, ...tokens } = t;
      const previous = current;
      if (previous && previous.username !== username) {
        await update(previous.username, (s) => ({ ...s, tokens: undefined }));
      }
      current = await update(username, (s) => ({ ...s, tokens }));
      await store.writeLastUser(username);
      if (alias !== username) await storage.set(aliasKey(alias), username);
      setSignedIn(current);
      events.emit('signedIn', { username, user: claimsOf(tokens.idToken), remote: false });
    },
  };

  const requireSession = async (): Promise<UserSession & { tokens: NonNullable<UserSession['tokens']> }> => {
    await ready;
    if (!current?.tokens) throw new SessionError('NotSignedIn', 'No user is signed in');
    return current as never;
  };

  const publicTokens = (t: NonNullable<UserSession['tokens']>): Tokens => ({
    accessToken: t.accessToken,
    idToken: t.idToken,
    refreshToken: t.refreshToken,
    expiresAt: t.serverExpiresAt + t.clockDrift,
  });

  let inflight: Promise<Tokens> | undefined;
  const refresh = async (): Promise<Tokens> => {
    const s = await requireSession();
    const username = s.username;
    const stored: StoredTokens = { ...s.tokens, username };
    const run = (deviceKey?: string) =>
      refreshTokens(ctx, stored, { deviceKey, rotation: options.refreshTokenRotation });
    let fresh: StoredTokens;
    try {
      try {
        fresh = await run(s.device?.deviceKey);
      } catch (err) {
        // A device forgotten elsewhere must not end the session: drop it and refresh without it.
        const e = err as { name?: string; message?: string };
        if (!s.device || e?.name !== 'ResourceNotFoundException' || !/device/i.test(String(e.message))) throw err;
        await update(username, (x) => ({ ...x, device: undefined }));
        fresh = await run();
      }
    } catch (error) {
      if (isDefinitiveRefusal(error)) {
        await update(username, (x) => ({ ...x, tokens: undefined }));
        current = undefined;
        events.setState({ status: 'signedOut' });
        events.emit('sessionExpired', { username, error, remote: false });
        throw new SessionError('SessionExpired', 'The refresh token was refused; sign in again', { cause: error });
      }
      events.emit('refreshFailed', { username, error, attempt: 1, retryInMs: undefined });
      throw new SessionError('RefreshFailed', 'Refreshing the tokens failed; the session is kept', { cause: error });
    }
    const { username: _u, ...tokens } = fresh;
    const written = await update(username, (x) => ({ ...x, tokens }));
    current = written;
    setSignedIn(written);
    const out = publicTokens(written.tokens!);
    events.emit('tokensRefreshed', { username, expiresAt: out.expiresAt, remote: false });
    return out;
  };

  const getTokens = async (o: { forceRefresh?: boolean } = {}): Promise<Tokens> => {
    const s = await requireSession();
    const t = s.tokens;
    if (!o.forceRefresh && now() - t.clockDrift + leeway < t.serverExpiresAt) return publicTokens(t);
    // Single flight: concurrent callers share one refresh.
    inflight ??= refresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  const accessToken = async () => (await getTokens()).accessToken;

  const clearSession = async (dropDevice: boolean) => {
    const s = current;
    current = undefined;
    if (s) await update(s.username, (x) => ({ ...x, tokens: undefined, ...(dropDevice ? { device: undefined } : {}) }));
    await store.writeLastUser(undefined);
    events.setState({ status: 'signedOut' });
    events.emit('signedOut', { username: s?.username, remote: false });
  };

  return {
    signIn: async (input) => {
      await ready;
      return signIn(ctx, hooks, input);
    },
    getTokens,
    async signOut(o = {}) {
      await ready;
      const s = current;
      if (!s?.tokens) return;
      attempt++; // steps of an unfinished sign-in become stale
      let failure: unknown;
      try {
        await revoke(ctx, { ...s.tokens, username: s.username }, !!o.global);
      } catch (err) {
        failure = err;
      }
      await clearSession(false);
      // The local session is gone either way; the app still learns that revocation failed.
      if (failure) throw failure;
    },
    async rememberDevice() {
      const s = await requireSession();
      if (!s.device) throw new SessionError('NotSignedIn', 'rememberDevice: this sign-in has no device (device tracking is off)');
      await rememberDevice(ctx, await accessToken(), s.device.deviceKey);
    },
    async forgetDevice(deviceKey) {
      assertOptionalString(deviceKey, 'deviceKey');
      const s = await requireSession();
      const key = deviceKey ?? s.device?.deviceKey;
      if (!key) throw new TypeError('deviceKey: none given and this sign-in has no device');
      await forgetDevice(ctx, await accessToken(), key);
      if (key === s.device?.deviceKey) await update(s.username, (x) => ({ ...x, device: undefined }));
    },
    listDevices: async () => listDevices(ctx, await accessToken()),
    on: (name, fn) => events.on(name, fn),
    getState: () => events.getState(),
    subscribe: (fn) => events.subscribe(fn),
    signUp: (input) => account.signUp(ctx, input),
    confirmSignUp: (input) => account.confirmSignUp(ctx, input),
    resendSignUpCode: (input) => account.resendSignUpCode(ctx, input),
    forgotPassword: (input) => account.forgotPassword(ctx, input),
    confirmForgotPassword: (input) => account.confirmForgotPassword(ctx, input),
    async changePassword(input) {
      account.checkChangePassword(input);
      await account.changePassword(ctx, await accessToken(), input);
    },
    getUser: async () => account.getUser(ctx, await accessToken()),
    async updateUserAttributes(attributes) {
      account.checkAttributes(attributes);
      return account.updateUserAttributes(ctx, await accessToken(), attributes);
    },
    async verifyAttribute(attribute, code) {
      assertString(attribute, 'attribute');
      assertString(code, 'code');
      await account.verifyAttribute(ctx, await accessToken(), attribute, code);
    },
    async sendAttributeVerificationCode(attribute) {
      assertString(attribute, 'attribute');
      return account.sendAttributeVerificationCode(ctx, await accessToken(), attribute);
    },
    async deleteUser() {
      await account.deleteUser(ctx, await accessToken());
      await clearSession(true);
    },
    async setUpTotp(o = {}) {
      assertOptionalString(o.issuer, 'issuer');
      assertOptionalString(o.accountName, 'accountName');
      const s = await requireSession();
      return account.setUpTotp(ctx, await accessToken(), { accountName: o.accountName ?? s.username, issuer: o.issuer });
    },
    async verifyTotp(code, o = {}) {
      assertString(code, 'code');
      assertOptionalString(o.friendlyName, 'friendlyName');
      await account.verifyTotp(ctx, await accessToken(), code, o.friendlyName);
    },
    async setMfaPreference(input) {
      account.checkMfaPreference(input);
      await account.setMfaPreference(ctx, await accessToken(), input);
    },
  };
}

export type { DeviceSecrets };
