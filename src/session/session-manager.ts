import { createAtRestCipher } from './at-rest-cipher.js';
import { createAuthEvents, type AuthEventMap, type AuthEventName, type AuthState } from './auth-events.js';
import { backoffDelay } from './backoff.js';
import { effectiveLeeway, isFresh, localExpiry, measureTokenTimes } from './clock-drift.js';
import { systemClock, type Clock } from './clock.js';
import { withMemoryFallback } from './fallback-storage.js';
import { createRefreshCoordinator, type RefreshFunction, type RetryOptions } from './refresh-coordinator.js';
import { SessionError, isSessionError } from './session-errors.js';
import { assertObject, assertString } from '../auth/assert.js';
import { isFiniteNumber, isNonEmptyString, isObject } from './guards.js';
import { createSessionStore, readDevice, type DeviceSecrets, type StoredTokens, type UserSession } from './session-store.js';
import { defaultStorage, type AuthStorage } from './storage.js';
import { broadcastChannelFactory, type TabChannel, type TabChannelFactory } from './tab-channel.js';
import { channelLocks, localLocks, storageLeaseLocks, webLocks, type TabLocks } from './tab-lock.js';
import { readTokenClaims, type TokenClaims } from './token-claims.js';

/** Tokens as `getTokens` returns them. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken?: string;
  /** When the earlier token expires, on the local clock (drift-corrected), ms since the epoch. */
  readonly expiresAt: number;
}

/** Tokens from a sign-in (Cognito's AuthenticationResult, camel-cased). */
export interface NewSessionTokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken?: string;
}

/** Options of {@link createSessionManager}. */
export interface SessionManagerOptions {
  /** The app client id: storage keys, lock names and the tab channel are namespaced by it. */
  clientId: string;
  /** The refresh call (REFRESH_TOKEN_AUTH or GetTokensFromRefreshToken); see {@link RefreshFunction}. */
  refresh: RefreshFunction;
  /** Default: IndexedDB where it exists, memory elsewhere. Always wrapped in a memory fallback. */
  storage?: AuthStorage;
  /** `getTokens` returns tokens valid at least this long (capped at half the token lifetime). Default 3 minutes. */
  leewayMs?: number;
  /** Refresh on a timer before expiry. Default: on in documents (browsers), off in workers and servers. */
  autoRefresh?: boolean;
  /** Encrypt the refresh token and device secrets at rest. Default: on when the storage keeps structured clones and Web Crypto exists. */
  encrypt?: boolean;
  /** Cross-tab channel factory; default BroadcastChannel in documents (browser tabs), none elsewhere. Pass `() => undefined` to stay in one tab. */
  channel?: TabChannelFactory;
  /** Cross-tab locks; default Web Locks, else a storage lease woken by BroadcastChannel (storages with `update`), else a BroadcastChannel claim protocol, else in-process. */
  locks?: TabLocks;
  clock?: Clock;
  /** Uniform [0, 1); default `Math.random` (jitter only, not a secret). */
  random?: () => number;
  /** Default 15 s: after this a waiting tab takes the refresh lock from a hung holder. */
  lockTimeoutMs?: number;
  /** Default 10 s. */
  requestTimeoutMs?: number;
  /** A storage call slower than this counts as failure (blocked IndexedDB). Default 5 s. */
  storageTimeoutMs?: number;
  retry?: RetryOptions;
  /** After a refusal, wait this long for a racing tab's rotated token before ending the session. Default 500 ms. */
  raceWindowMs?: number;
  /** Upper bound of a timer sleep: the wall clock is checked this often, catching sleep and clock jumps. Default 30 s. */
  wakeCheckMs?: number;
  /** Where `visibilitychange` fires; default `globalThis.document`. */
  document?: EventTarget & { visibilityState?: string };
  /** Where `online` fires; default `globalThis` when it is a window. */
  window?: EventTarget;
}

/** The session of one pool client in one tab; see {@link createSessionManager}. */
export interface SessionManager {
  /** Resolves when the stored session has been loaded (state leaves `loading`). Never rejects. */
  readonly ready: Promise<void>;
  getState(): AuthState;
  subscribe(fn: () => void): () => void;
  on<K extends AuthEventName>(name: K, fn: (event: AuthEventMap[K]) => void): () => void;
  /**
   * Tokens valid for at least the leeway, refreshed when due (or when forced) once for all
   * callers and tabs.
   * @throws {SessionError} `NotSignedIn`, `SessionExpired`, or `RefreshFailed` (retryable; the session is kept).
   */
  getTokens(options?: { forceRefresh?: boolean }): Promise<SessionTokens>;
  /** The tokens in memory, without refreshing (e.g. the refresh token for RevokeToken at sign-out). */
  peekTokens(): SessionTokens | undefined;
  /** The signed-in (or last) username. */
  currentUsername(): string | undefined;
  /**
   * Stores a sign-in's tokens, signs the user in (state, `signedIn` here and in other tabs).
   * `username` defaults to the ID token's `cognito:username`. `device` is kept with the user.
   * @throws {TypeError} when the tokens are not JWTs with `iat` and `exp`.
   */
  setSession(tokens: NewSessionTokens, options?: { username?: string; device?: DeviceSecrets }): Promise<void>;
  /** Clears the tokens (keeps the remembered device), emits `signedOut` here and in other tabs. */
  signOut(): Promise<void>;
  /** The remembered device of a user (stored encrypted with the session). */
  getDevice(username: string): Promise<DeviceSecrets | undefined>;
  /** Remembers (or, with `undefined`, forgets) a user's device. */
  setDevice(username: string, device: DeviceSecrets | undefined): Promise<void>;
  /** Stops timers and listeners and closes the tab channel. */
  dispose(): void;
}

type SessionMessage = {
  k: 'session';
  event: 'signedIn' | 'signedOut' | 'tokensRefreshed' | 'sessionExpired';
  username: string;
  gen: number;
  /** The record in its stored (sealed) form, for tabs whose storage read fails. */
  record?: unknown;
};

/** The generation of a stored record; -1 when there is none. */
const genOf = (v: unknown) => (isObject(v) && isFiniteNumber(v.gen) ? v.gen : -1);

function req(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new TypeError(msg);
}

/**
 * The session manager behind `createAuth`: storage (IndexedDB by default, with a memory
 * fallback and at-rest encryption), the auth state and events (also across tabs), clock drift,
 * proactive refresh, and single-flight refresh across calls and tabs.
 *
 * @example
 * const session = createSessionManager({ clientId, refresh: (i) => refreshWithCognito(i) });
 * await session.setSession(authResultTokens);
 * const { accessToken } = await session.getTokens();
 */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  assertObject(options, 'options');
  assertString(options.clientId, 'clientId');
  req(typeof options.refresh === 'function', 'refresh: expected a function');
  const clock = options.clock ?? systemClock();
  const now = () => clock.now();
  const random = options.random ?? Math.random;
  const leewayMs = options.leewayMs ?? 180_000;
  req(Number.isFinite(leewayMs) && leewayMs >= 0, 'leewayMs: expected a number >= 0');
  // Timers take at most 2^31 - 1 ms; past that (or at Infinity) they fire at once, which would
  // turn "never time out" into "time out now" (an immediate lock steal, a refresh that always fails).
  for (const k of ['lockTimeoutMs', 'requestTimeoutMs', 'storageTimeoutMs', 'wakeCheckMs', 'raceWindowMs'] as const) {
    const v = options[k];
    const min = k === 'raceWindowMs' ? 0 : 1;
    req(v === undefined || (typeof v === 'number' && v >= min && v <= 2 ** 31 - 1), `${k}: expected a number of ms from ${min} to 2147483647`);
  }
  const wakeCheckMs = options.wakeCheckMs ?? 30_000;
  const g = globalThis as { document?: EventTarget & { visibilityState?: string }; window?: EventTarget; navigator?: { locks?: LockManager }; crypto?: Crypto };
  const doc = options.document ?? g.document;
  const win = options.window ?? (g.window === (globalThis as unknown) ? g.window : undefined);
  const autoRefresh = options.autoRefresh ?? doc !== undefined;
  const ns = `cognito-edge:${options.clientId}`;

  const events = createAuthEvents({ status: 'loading' });
  let disposed = false;
  // Nothing reaches the listeners after dispose (a response already in hand is still stored).
  const emit: typeof events.emit = (name, event) => disposed || events.emit(name, event);
  let storageFailed = false;
  const storageUnavailable = (error: unknown) => {
    if (storageFailed) return;
    storageFailed = true;
    emit('storageUnavailable', { error });
  };
  const backing = options.storage ?? defaultStorage();
  const storage = withMemoryFallback(backing, {
    onUnavailable: storageUnavailable,
    timeoutMs: options.storageTimeoutMs ?? 5000,
    clock,
  });
  const encrypt = options.encrypt ?? (backing.structuredClone === true && !!g.crypto?.subtle);
  const cipher = encrypt ? createAtRestCipher({ storage, keyName: `${ns}:at-rest-key` }) : undefined;
  const store = createSessionStore({ storage, namespace: options.clientId, ...(cipher ? { cipher } : {}), now });

  let channel: TabChannel | undefined;
  try {
    // Only documents have tabs. On servers (Node and Deno have BroadcastChannel too) instances of
    // one app client may belong to different users and must never hear each other.
    channel = (options.channel ?? (doc ? broadcastChannelFactory : () => undefined))(ns);
  } catch {
    channel = undefined;
  }
  // Web Locks where they exist; else a lease in the shared store (atomic IndexedDB update) woken by
  // BroadcastChannel; else, for a custom storage without `update`, the pure BroadcastChannel claim
  // protocol (weaker under heavy message lag than the lease, but still one refresh across tabs);
  // in-process only where there are no tabs at all.
  const locks: TabLocks =
    options.locks ??
    (g.navigator?.locks
      ? webLocks(g.navigator.locks, clock)
      : channel && backing.update
        ? storageLeaseLocks({ storage: storage as Parameters<typeof storageLeaseLocks>[0]['storage'], channel, clock, random, prefix: `${ns}:lease:` })
        : channel
          ? channelLocks({ channel, clock, random })
          : localLocks(clock));

  let current: UserSession | undefined;
  // A refresh failed without an answer (maybe the service rotated the token and the response was
  // lost): refresh again at the next chance, even if the tokens are still valid, so that a retry
  // with the old refresh token stays inside the service's rotation grace period.
  let owed = false;
  let epoch = 0; // bumped by sign-in/sign-out so a late refresh cannot resurrect an old session

  const fresh = (t: StoredTokens | undefined) => isFresh(t, now(), leewayMs);
  const claimsOf = (s: UserSession): TokenClaims | undefined => readTokenClaims(s.tokens?.idToken);
  const publishState = () => events.setState(current?.tokens ? { status: 'signedIn', user: claimsOf(current) } : { status: 'signedOut' });
  const view = (t: StoredTokens): SessionTokens => ({
    accessToken: t.accessToken,
    idToken: t.idToken,
    ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}),
    expiresAt: localExpiry(t),
  });
  const broadcast = async (event: SessionMessage['event'], s: UserSession) => {
    if (!channel) return;
    const record = await store.toStored(s).catch(() => undefined);
    channel.post({ k: 'session', event, username: s.username, gen: s.gen, record } satisfies SessionMessage);
  };
  /**
   * Writes `s` one generation up, as one atomic read-modify-write (one IndexedDB transaction), so
   * two tabs never store different records under one generation: the write lands above whatever
   * is stored. With `cas` it is refused instead (resolves undefined) when storage already holds
   * that generation or a newer one, i.e. another tab wrote since `s` was read (a sign-out there
   * must not be overwritten by a refresh here). Never throws (a failing cipher counts as unavailable storage).
   */
  const persist = (async (s: UserSession, cas?: boolean): Promise<UserSession | undefined> => {
    let gen = s.gen + 1;
    try {
      const rec = (await store.toStored({ ...s, gen })) as { gen: number };
      await storage.update!(store.keyFor(s.username), (old) => {
        const o = genOf(old);
        if (cas && o >= gen) return (gen = -1), old;
        rec.gen = gen = Math.max(gen, o + 1);
        return rec;
      });
    } catch (error) {
      storageUnavailable(error);
    }
    return gen < 0 ? undefined : { ...s, gen };
  }) as { (s: UserSession): Promise<UserSession>; (s: UserSession, cas: boolean): Promise<UserSession | undefined> };
  const writeLastUser = (username: string | undefined) => store.writeLastUser(username).catch(storageUnavailable);
  /** Forgets the last user only while it names `username` (another may have signed in meanwhile). */
  const clearLastUser = async (username: string) => (await store.readLastUser()) === username && writeLastUser(undefined);
  const readUser = async (username: string): Promise<UserSession | undefined> => {
    const stored = await store.read(username).catch(() => undefined);
    const mem = current?.username === username ? current : undefined;
    // Storage lost or corrupted, or older than memory: the in-memory session survives.
    return stored && (!mem || stored.gen >= mem.gen) ? stored : mem;
  };
  /**
   * Writes `s`'s user signed out, keeping the remembered device as stored now, not as this tab
   * remembers it (another tab may have confirmed or forgotten it meanwhile).
   */
  const writeSignedOut = async (s: UserSession) => {
    const { username, gen, device } = (await readUser(s.username)) ?? s;
    return persist({ username, gen: Math.max(gen, s.gen), ...(device ? { device } : {}) });
  };
  const resetBackoff = () => {
    failures = 0;
    retryAt = 0;
  };

  // Read-modify-writes of the records run one at a time in this tab, so a device change and a
  // refresh landing together cannot overwrite each other.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  // ---- applying sessions written elsewhere (another tab, or storage) ----
  const adopt = (s: UserSession, remote: boolean, expired?: unknown) => {
    if (disposed) return;
    const before = current;
    const sameUser = before?.username === s.username;
    // At an equal generation (written where storage failed) signed-out wins: never resurrect.
    if (sameUser && (s.gen < before.gen || (s.gen === before.gen && (!!s.tokens || !before.tokens)))) return;
    const wasIn = !!before?.tokens;
    const signedIn = !!s.tokens && (!wasIn || !sameUser);
    const signedOut = !s.tokens && wasIn;
    current = s;
    if (signedIn || signedOut) epoch++;
    publishState();
    const { username, tokens } = s;
    if (signedIn) emit('signedIn', { username, user: claimsOf(s), remote });
    else if (tokens && before?.tokens?.accessToken !== tokens.accessToken) {
      owed = false;
      emit('tokensRefreshed', { username, expiresAt: localExpiry(tokens), remote });
    } else if (signedOut) {
      if (expired) emit('sessionExpired', { username, error: expired, remote });
      emit('signedOut', { username, remote });
    }
    arm();
  };
  // What a refresh learns about a user only concerns this tab while that user is still its own.
  const mine = (u: string) => current?.username === u;
  const notSignedIn = () => new SessionError('NotSignedIn', 'No user is signed in');
  const adoptMine = (s: UserSession) => mine(s.username) && adopt(s, true);

  const coordinator = createRefreshCoordinator({
    ...options,
    locks,
    lockName: (username) => `cognito-edge:refresh:${options.clientId}:${username}`,
    clock,
    random,
    leewayMs,
    read: readUser,
    stopped: () => disposed,
    adopt: adoptMine,
    commit: (previous, tokens) =>
      serial(async () => {
        const startEpoch = epoch;
        const { username } = previous;
        for (let i = 0; ; i++) {
          // Signed out (here or in another tab) while the request was out: do not resurrect.
          const latest = await readUser(username);
          if (epoch !== startEpoch || !latest?.tokens) {
            if (latest && !latest.tokens) adoptMine(latest);
            throw notSignedIn();
          }
          // A new sign-in (or another tab's rotation) replaced the refresh token meanwhile: keep that.
          if (latest.gen > previous.gen && latest.tokens.refreshToken !== previous.tokens?.refreshToken) {
            adoptMine(latest);
            return latest;
          }
          // Otherwise write on top of the latest record (a device change may have landed meanwhile),
          // unless another tab wrote since it was read: then look again. (A newer record this tab
          // cannot read would refuse forever: after 3 tries the write goes over it.)
          const next = await persist({ ...latest, gen: Math.max(previous.gen, latest.gen), tokens }, i < 3);
          if (!next) continue;
          // Another user signed in here meanwhile: the (maybe rotated) token is stored, but this
          // tab's state belongs to the new user.
          if (epoch !== startEpoch || !mine(username)) throw notSignedIn();
          current = next;
          owed = false;
          publishState();
          emit('tokensRefreshed', { username, expiresAt: localExpiry(tokens), remote: false });
          await broadcast('tokensRefreshed', next);
          arm();
          return next;
        }
      }),
    expire: (previous, error) =>
      serial(async () => {
        const { username } = previous;
        const next = await writeSignedOut(previous);
        await clearLastUser(username);
        if (mine(username)) adopt(next, false, error);
        await broadcast('sessionExpired', next);
      }),
    onFailure(username, error, attempt, retryInMs) {
      if (retryInMs === undefined) owed = true;
      emit('refreshFailed', { username, error, attempt, retryInMs });
    },
  });

  // ---- proactive refresh ----
  let timer: unknown;
  let failures = 0;
  let retryAt = 0;
  const disarm = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };
  function arm() {
    disarm();
    const t = current?.tokens;
    if (disposed || !autoRefresh || !t) return;
    const at = Math.max(localExpiry(t) - effectiveLeeway(t, leewayMs), retryAt);
    timer = clock.setTimeout(tick, Math.max(0, Math.min(at - now(), wakeCheckMs)));
  }
  function tick() {
    timer = undefined;
    const s = current;
    if (disposed || !s?.tokens) return;
    if ((!owed && fresh(s.tokens)) || now() < retryAt) return arm();
    // Joins a refresh already running (say, one getTokens started), so that its failure too
    // re-arms the timer, with the backoff.
    coordinator.refresh(s, owed).then(
      () => {
        resetBackoff();
        arm();
      },
      (error) => {
        if (isSessionError(error, 'RefreshFailed')) retryAt = now() + backoffDelay(++failures, random, options.retry);
        arm();
      },
    );
  }
  const onWake = () => {
    if (doc && doc.visibilityState !== undefined && doc.visibilityState !== 'visible') return;
    if (timer !== undefined || !coordinator.busy) {
      disarm();
      tick();
    }
  };
  if (autoRefresh) {
    doc?.addEventListener('visibilitychange', onWake);
    win?.addEventListener('online', onWake);
  }

  // ---- other tabs ----
  const unsubscribe = channel?.subscribe((raw) => {
    const m = raw as SessionMessage;
    if (!isObject(m) || m.k !== 'session' || typeof m.username !== 'string') return;
    void (async () => {
      const { username, record } = m;
      let s = await store.fromStored(username, record).catch(() => undefined);
      const stored = await readUser(username);
      if (!s || (stored && stored.gen > s.gen)) s = stored;
      else if (!stored || stored.gen < s.gen) {
        // Storage may not hold this record (its writer's storage failed): write it through, so
        // that a reload or a tab opened later brings back neither a signed-out session nor a
        // rotated-out refresh token. Never over the same generation or a newer one.
        const gen = s.gen;
        let wrote = false;
        await storage.update!(store.keyFor(username), (old) => (genOf(old) < gen ? ((wrote = true), record) : old));
        if (wrote) await (m.event === 'signedIn' ? writeLastUser(username) : s.tokens || clearLastUser(username));
      }
      // A sign-in anywhere is taken over while last-user still names it (when two tabs sign in
      // as different users at once, both end with the one written last), and the user it
      // replaces here is signed out at rest. Anything else only concerns this tab's current user.
      const taken = s;
      if (m.event === 'signedIn' ? s?.tokens : s && mine(username)) {
        // In the queue, behind this tab's own sign-ins: one made meanwhile wins (last-user says).
        await serial(async () => {
          if (m.event === 'signedIn' && (await store.readLastUser()) !== username) return;
          const prev = current;
          if (prev?.tokens && !mine(username)) await writeSignedOut(prev);
          adopt(taken!, true, m.event === 'sessionExpired' ? new SessionError('SessionExpired', 'The session expired in another tab') : undefined);
        });
      }
    })().catch(() => undefined);
  });

  // ---- initial load ----
  const ready = (async () => {
    try {
      const last = await store.readLastUser();
      const s = last ? await store.read(last) : undefined;
      if (current === undefined && s) current = s;
    } catch (error) {
      storageUnavailable(error);
    }
    publishState();
    arm();
  })();

  return {
    ready,
    getState: events.getState,
    subscribe: events.subscribe,
    on: events.on,
    async getTokens(opts = {}) {
      await ready;
      const s = current;
      if (!s?.tokens) throw notSignedIn();
      const force = !!opts.forceRefresh;
      if (!force && !owed && fresh(s.tokens)) return view(s.tokens);
      let next: UserSession;
      try {
        next = await coordinator.refresh(s, force || owed);
      } catch (error) {
        // Only the owed retry failed: the tokens in hand still satisfy the caller.
        const t = current?.tokens;
        if (!force && isSessionError(error, 'RefreshFailed') && mine(s.username) && fresh(t)) return view(t!);
        throw error;
      }
      // Tokens of a user who is no longer this tab's (another signed in meanwhile) are not handed out.
      if (!next.tokens || !mine(next.username)) throw notSignedIn();
      resetBackoff();
      return view(next.tokens);
    },
    peekTokens: () => (current?.tokens ? view(current.tokens) : undefined),
    currentUsername: () => current?.username,
    async setSession(tokens, opts = {}) {
      assertObject(tokens, 'tokens');
      const times = measureTokenTimes(tokens.accessToken, tokens.idToken, now());
      req(times, 'accessToken, idToken: expected JWTs with numeric iat and exp');
      const claims = readTokenClaims(tokens.idToken);
      const username = opts.username ?? (claims?.['cognito:username'] as string | undefined) ?? claims?.sub;
      req(isNonEmptyString(username), 'username: required when the ID token has no cognito:username');
      await ready;
      await serial(async () => {
        epoch++;
        const prev = current;
        // A different user signing in replaces the previous one's tokens (its device stays).
        if (prev?.tokens && prev.username !== username) await writeSignedOut(prev);
        const stored = await readUser(username);
        const device = opts.device ?? stored?.device;
        const next = await persist({
          username,
          gen: Math.max(stored?.gen ?? 0, prev?.username === username ? prev.gen : 0),
          tokens: { accessToken: tokens.accessToken, idToken: tokens.idToken, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}), ...times },
          ...(device ? { device } : {}),
        });
        await writeLastUser(username);
        current = next;
        resetBackoff();
        owed = false;
        publishState();
        emit('signedIn', { username, user: claims, remote: false });
        await broadcast('signedIn', next);
        arm();
      });
    },
    async signOut() {
      await ready;
      await serial(async () => {
        const prev = current;
        epoch++;
        if (!prev) {
          publishState();
          return;
        }
        const { username } = prev;
        const next = await writeSignedOut(prev);
        await clearLastUser(username);
        current = next;
        owed = false;
        disarm();
        publishState();
        if (prev.tokens) emit('signedOut', { username, remote: false });
        await broadcast('signedOut', next);
      });
    },
    async getDevice(username) {
      assertString(username, 'username');
      await ready;
      return (await readUser(username))?.device;
    },
    async setDevice(username, device) {
      assertString(username, 'username');
      req(device === undefined || readDevice(device), 'device: expected non-empty deviceKey, deviceGroupKey and devicePassword');
      await ready;
      await serial(async () => {
        const { device: _old, ...rest } = (await readUser(username)) ?? { username, gen: 0 };
        const next = await persist(device ? { ...rest, device } : rest);
        if (current?.username === username) current = next;
      });
    },
    dispose() {
      disposed = true;
      disarm();
      unsubscribe?.();
      channel?.close();
      doc?.removeEventListener('visibilitychange', onWake);
      win?.removeEventListener('online', onWake);
    },
  };
}
