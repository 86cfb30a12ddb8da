/**
 * `createAuth`: the high-level API. It composes the flows of `auth/` (sign-in step machine,
 * devices, account operations, refresh) with the session modules (versioned store, events and
 * state) around one lean unsigned client. Everything lives in this closure: two instances never
 * share state unless handed the same storage.
 * @module
 */
import { regionFromPoolId } from '../client/transport.js';
import { CognitoUnsignedClient } from '../client/unsigned-client.js';
import { isCognitoError } from '../client/errors.js';
import { srpWarmUp, startSrp, type SrpStart } from '../core/srp.js';
import type { RandomSource } from '../core/random.js';
import { accountOperations, type AccountOperations } from '../auth/account.js';
import { assertObject, assertOptionalString, assertString } from '../auth/assert.js';
import type { AnalyticsMetadata, DeviceVault, FlowContext, UserContextData } from '../auth/context.js';
import { listDevices, type DeviceInfo } from '../auth/devices.js';
import { refreshTokens, revoke } from '../auth/refresh.js';
import { signIn, type SignInHooks } from '../auth/sign-in.js';
import type { SignInInput, SignInResult, Tokens } from '../auth/types.js';
import type { AuthEventMap, AuthEventName, AuthState } from './auth-events.js';
import { SessionError } from './session-errors.js';
import type { DeviceSecrets } from './session-store.js';
import { createSessionManager, type SessionManagerOptions } from './session-manager.js';
import { systemClock, withTimeout } from './clock.js';
import { readTokenClaims } from './token-claims.js';
import { defaultStorage, type AuthStorage } from './storage.js';

/**
 * Options of {@link createAuth}. Besides its own, it takes the session manager's knobs
 * (`leewayMs`, `autoRefresh`, `encrypt`, `locks`, `lockTimeoutMs`, `requestTimeoutMs`, `retry`,
 * `wakeCheckMs`, ...), passed through as they are.
 */
export interface CreateAuthOptions extends Omit<SessionManagerOptions, 'clientId' | 'refresh' | 'random' | 'clock'> {
  /** The user pool id, e.g. `eu-west-1_AbC123` (the region is taken from it). */
  userPoolId: string;
  /** The app client id. */
  clientId: string;
  /**
   * The app client secret. Only for confidential clients on servers and edge workers: a secret
   * shipped to a browser is no secret.
   */
  clientSecret?: string;
  /** Endpoint URL (the emulator, a proxy). Default `https://cognito-idp.{region}.{partition domain}/` (amazonaws.com; amazonaws.com.cn in China, ...), as the AWS SDK resolves it. */
  endpoint?: string;
  /** AWS region; default: from `userPoolId`. */
  region?: string;
  /** Where the session lives. Default: IndexedDB in browsers, memory elsewhere. */
  storage?: AuthStorage;
  /** fetch to use (default: the global fetch at call time). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Clock, ms since the epoch (default Date.now); the session's timers stay real. */
  now?: () => number;
  /** Random source for SRP and device passwords (default crypto.getRandomValues). */
  random?: RandomSource;
  /** The app client rotates refresh tokens: refresh with GetTokensFromRefreshToken. */
  refreshTokenRotation?: boolean;
  /**
   * Share sign-ins, sign-outs and refreshes with other tabs of this origin over BroadcastChannel
   * (the session's default: on in pages). Set false for instances that stand for separate devices.
   */
  crossTab?: boolean;
  /** Name given to new devices (ConfirmDevice DeviceName); default the user agent or `cognito-edge`. */
  deviceName?: string;
  /** Advanced-security data (UserContextData) for a user, sent with the calls that accept it. */
  userContextData?: (username: string) => UserContextData | undefined;
  /** Pinpoint AnalyticsMetadata, sent with the calls that accept it. */
  analyticsMetadata?: AnalyticsMetadata;
  /**
   * Compute the SRP `A` ahead of time, off the sign-in's critical path. Default: on in pages
   * (where a sign-in follows the instance), off in workers and servers (where an instance often
   * only refreshes or verifies, and the CPU would be spent for nothing).
   */
  precomputeSrp?: boolean;
}

/** The object {@link createAuth} returns. */
export interface Auth extends AccountOperations {
  /** Starts a sign-in; resolves `{ signedIn: true }` or the first step to answer. */
  signIn(input: SignInInput): Promise<SignInResult>;
  /** Tokens valid for at least the leeway, refreshed (once for all callers) when due or forced. */
  getTokens(o?: { forceRefresh?: boolean }): Promise<Tokens>;
  /**
   * Signs out: clears the tokens here and in other tabs (keeping the device), then revokes the
   * refresh token (or every session with `global`, refreshing first when the access token has
   * expired), waiting at most `requestTimeoutMs`. A failed or timed-out revocation is thrown, so
   * the app knows; the local session is gone either way.
   */
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
  /** Deletes the user (DeleteUser), then clears the session and the device. */
  deleteUser(): Promise<void>;
  /** Stops the session's timers and listeners and closes its tab channel. */
  dispose(): void;
}

function checkOptions(o: CreateAuthOptions): void {
  assertObject(o, 'createAuth options');
  if (!regionFromPoolId(o.userPoolId)) throw new TypeError('userPoolId: expected a pool id like "eu-west-1_AbC123"');
  assertString(o.clientId, 'clientId');
  assertOptionalString(o.clientSecret, 'clientSecret');
  if (o.endpoint !== undefined && !/^https?:\/\/[^/]/.test(String(o.endpoint))) throw new TypeError('endpoint: expected an http(s) URL');
  for (const k of ['fetch', 'now', 'random', 'userContextData'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function') throw new TypeError(`${k}: expected a function`);
  }
  if (o.storage !== undefined && ['get', 'set', 'del'].some((m) => typeof (o.storage as any)?.[m] !== 'function')) {
    throw new TypeError('storage: expected an object with get, set and del');
  }
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
  const clock = { ...systemClock(), now };
  const client = new CognitoUnsignedClient({
    userPoolId: options.userPoolId,
    region: options.region,
    endpoint: options.endpoint,
    fetch: options.fetch,
    now: options.now,
  });
  // Resolved here (not inside the session manager) so the alias index lives in the same storage.
  const storage = options.storage ?? defaultStorage();
  const aliasKey = (alias: string) => `cognito-edge:${options.clientId}:alias:${alias}`;
  // Aliases (an e-mail signed in with) point at the canonical user name the devices are kept
  // under. The index is only an optimisation (the SRP step finds the device under the canonical
  // name anyway), so a blocked or failing storage gets one second and is then ignored.
  const aliasMap = new Map<string, string>();
  const bounded = <T>(op: () => Promise<T>): Promise<T | undefined> =>
    withTimeout(clock, 1000, 'alias index', op).catch(() => undefined);
  const canonical = async (username: string) => {
    const stored = aliasMap.get(username) ?? (await bounded(() => storage.get<unknown>(aliasKey(username))));
    // A corrupted entry (not a non-empty string) is ignored like a missing one.
    return typeof stored === 'string' && stored ? stored : username;
  };
  const setAlias = async (alias: string, username: string) => {
    if (alias === username) return;
    aliasMap.set(alias, username);
    await bounded(() => storage.set(aliasKey(alias), username));
  };

  const send: FlowContext['send'] = (operation, input, signal) => client.send(operation as never, input as never, { signal });

  const { random, ...knobs } = options;
  const session = createSessionManager({
    ...knobs,
    storage,
    ...(options.crossTab === false ? { channel: () => undefined } : {}),
    clock,
    // Cognito binds a tracked device's refresh token to its key: the refresh must send it, and a
    // forgotten device's refresh token is revoked (NotAuthorizedException, which ends the session;
    // the next sign-in then drops the stale device and carries on as a new one).
    refresh: async (r) => {
      if (r.device?.unconfirmed) await confirmOwedDevice(r.username, r.device, r.signal);
      return refreshTokens(ctx, { ...r, deviceKey: r.device?.deviceKey, rotation: options.refreshTokenRotation });
    },
  });

  /**
   * ConfirmDevice failed at sign-in, and Cognito refuses the session's refreshes until it is
   * done: confirm now, with the access token still held and the verifier kept for this. A
   * transient failure is thrown (the refresh is retried later, the session kept); a refusal
   * (an access token that expired meanwhile, a device already confirmed by an attempt whose
   * answer was lost) will not change on retry, so the refresh goes ahead and decides.
   */
  const confirmOwedDevice = async (username: string, device: DeviceSecrets, signal: AbortSignal) => {
    const { unconfirmed, ...secrets } = device;
    try {
      await send('ConfirmDevice', { AccessToken: session.peekTokens()?.accessToken, DeviceKey: device.deviceKey, DeviceName: ctx.deviceName, DeviceSecretVerifierConfig: unconfirmed }, signal);
    } catch (error) {
      if (!isCognitoError(error) || error.retryable) throw error;
    }
    await session.setDevice(username, secrets);
  };

  const devices: DeviceVault = {
    async get(username) {
      const device = await session.getDevice(await canonical(username));
      // An unconfirmed device has no verifier at the service: it cannot sign in.
      return device?.unconfirmed ? undefined : device;
    },
    async dropUnconfirmed(username) {
      if ((await session.getDevice(username))?.unconfirmed) await session.setDevice(username, undefined);
    },
    async set(username, device, alias) {
      const { remembered: _r, ...secrets } = device;
      await session.setDevice(username, secrets);
      if (alias) await setAlias(alias, username);
    },
    async del(username) {
      await session.setDevice(await canonical(username), undefined);
    },
  };

  // userPoolId, clientId, clientSecret, random, userContextData and analyticsMetadata as given.
  const ctx: FlowContext = {
    ...options,
    send,
    now,
    deviceName: options.deviceName ?? (globalThis.navigator?.userAgent || 'cognito-edge'),
    devices,
  };

  // SRP's A = g^a mod N is the one costly step that does not need the password: compute it ahead,
  // so a sign-in waits only for the network and the work after SRP_B.
  let spare: SrpStart | undefined;
  const ahead = options.precomputeSrp ?? typeof document !== 'undefined';
  const precompute = () => {
    if (ahead && !spare) {
      const tick = () => {
        // The first time, the g = 2 table (~20 ms at once) is built in slices of ~5 ms, so
        // that no long task delays the page's input handling.
        const end = Date.now() + 5;
        while (!srpWarmUp()) if (Date.now() >= end) return void setTimeout(tick, 0);
        spare ??= startSrp(options);
      };
      setTimeout(tick, 0);
    }
  };
  precompute();
  let attempt = 0;

  const hooks: SignInHooks = {
    srp() {
      // The next spare is made after this sign-in settles, never on its critical path.
      const s = spare ?? startSrp(options);
      spare = undefined;
      return s;
    },
    begin: () => ++attempt,
    isCurrent: (id) => id === attempt,
    username: (token) => {
      const c = readTokenClaims(token);
      return String(c?.username ?? c?.['cognito:username'] ?? c?.sub);
    },
    async signedIn(tokens, username, alias) {
      await session.setSession(tokens, { username });
      await setAlias(alias, username);
    },
  };

  const getTokens = (o?: { forceRefresh?: boolean }): Promise<Tokens> => session.getTokens(o);
  /** Sends an operation with the current access token (NotSignedIn when there is none). */
  const signedIn = async (op: string, input: Record<string, unknown> = {}) =>
    send(op, { AccessToken: (await getTokens()).accessToken, ...input });
  /** The signed-in user's device (after a token check, so it throws NotSignedIn when signed out). */
  const currentDevice = async () => {
    await getTokens();
    const username = session.currentUsername()!;
    return { username, device: await session.getDevice(username) };
  };

  return {
    signIn: async (input) => {
      await session.ready;
      try {
        return await signIn(ctx, hooks, input);
      } finally {
        precompute();
      }
    },
    getTokens,
    async signOut(o = {}) {
      await session.ready;
      attempt++; // the steps of an unfinished sign-in become stale
      const tokens = session.peekTokens();
      const username = session.currentUsername();
      const device = tokens && o.global && username ? await session.getDevice(username).catch(() => undefined) : undefined;
      // The local session ends now, here and in other tabs, whatever the network does.
      await session.signOut();
      if (!tokens) return;
      // Then revocation, bounded in time (a stalled network must not hold anything up); a
      // failure is thrown so the app knows.
      await withTimeout(clock, options.requestTimeoutMs ?? 10_000, 'sign-out', async (signal) => {
        let access = tokens.accessToken;
        // GlobalSignOut needs a live access token: after a sleep, refresh once for it (the
        // session is already gone, so directly). Without one, revoke at least this refresh token.
        if (o.global && tokens.refreshToken && tokens.expiresAt - now() < 60_000) {
          try {
            const r = { username: username!, refreshToken: tokens.refreshToken, deviceKey: device?.deviceKey, rotation: options.refreshTokenRotation, signal };
            access = (await refreshTokens(ctx, r)).accessToken;
          } catch (error) {
            await revoke(ctx, tokens, false, signal).catch(() => undefined);
            throw error;
          }
        }
        await revoke(ctx, { ...tokens, accessToken: access }, !!o.global, signal);
      });
    },
    async rememberDevice() {
      const { device } = await currentDevice();
      if (!device) throw new SessionError('NotSignedIn', 'rememberDevice: this session has no device (device tracking is off)');
      await signedIn('UpdateDeviceStatus', { DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' });
    },
    async forgetDevice(deviceKey) {
      assertOptionalString(deviceKey, 'deviceKey');
      const { username, device } = await currentDevice();
      const key = deviceKey ?? device?.deviceKey;
      if (!key) throw new TypeError('deviceKey: none given and this session has no device');
      await signedIn('ForgetDevice', { DeviceKey: key });
      if (key === device?.deviceKey) await session.setDevice(username, undefined);
    },
    listDevices: () => listDevices(signedIn),
    on: (name, fn) => session.on(name, fn),
    getState: () => session.getState(),
    subscribe: (fn) => session.subscribe(fn),
    ...accountOperations(ctx, signedIn, () => session.currentUsername()),
    async deleteUser() {
      const { username } = await currentDevice(); // after the session is loaded
      await signedIn('DeleteUser');
      await session.signOut();
      await session.setDevice(username, undefined);
    },
    dispose: () => session.dispose(),
  };
}
