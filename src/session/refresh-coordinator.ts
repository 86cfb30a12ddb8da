import type { Clock } from './clock.js';
import { sleep, withTimeout } from './clock.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { isFresh, measureTokenTimes } from './clock-drift.js';
import { isNonEmptyString } from './guards.js';
import { SessionError, isDefinitiveRefusal, isSessionError } from './session-errors.js';
import type { DeviceSecrets, StoredTokens, UserSession } from './session-store.js';
import type { TabLocks } from './tab-lock.js';

/** What the refresh call gets: the current refresh token, the user and the remembered device. */
export interface RefreshInput {
  readonly username: string;
  readonly refreshToken: string;
  /** The remembered device, whose key REFRESH_TOKEN_AUTH must send. */
  readonly device?: DeviceSecrets;
  /** Aborted when the request takes longer than the coordinator's request timeout. */
  readonly signal: AbortSignal;
}

/** What the refresh call returns: Cognito's AuthenticationResult, camel-cased. */
export interface RefreshOutput {
  readonly accessToken: string;
  readonly idToken: string;
  /** Present when the app client rotates refresh tokens (GetTokensFromRefreshToken). */
  readonly refreshToken?: string;
}

/**
 * The network call that refreshes: `createAuth` passes REFRESH_TOKEN_AUTH or
 * GetTokensFromRefreshToken (with DEVICE_KEY and SECRET_HASH). It should throw Cognito's errors
 * by name (a `CognitoError`); anything else counts as transient.
 */
export type RefreshFunction = (input: RefreshInput) => Promise<RefreshOutput>;

/** Retry policy of one refresh. */
export interface RetryOptions extends BackoffOptions {
  /** Attempts per refresh before `getTokens` gives up with `RefreshFailed`; default 3. */
  attempts?: number;
}

/** Options of {@link createRefreshCoordinator}. */
export interface RefreshCoordinatorOptions {
  refresh: RefreshFunction;
  locks: TabLocks;
  /** Lock name for a user: one per pool client and user. */
  lockName(username: string): string;
  clock: Clock;
  /** Uniform [0, 1), for jitter. */
  random: () => number;
  leewayMs: number;
  /** Wait for another tab's refresh at most this long, then steal the lock. Default 15 s. */
  lockTimeoutMs?: number;
  /** Abort one refresh request after this long (transient failure). Default 10 s. */
  requestTimeoutMs?: number;
  retry?: RetryOptions;
  /**
   * After a definitive refusal, how long to wait for another tab that may be storing a rotated
   * token before ending the session (only matters when tabs raced without a lock). Default 500 ms.
   */
  raceWindowMs?: number;
  /** The freshest known session of `username`: storage, or memory when storage has nothing newer. */
  read(username: string): Promise<UserSession | undefined>;
  /** Store new tokens (before the lock is released, so nobody reuses the old refresh token) and publish them. */
  commit(previous: UserSession, tokens: StoredTokens): Promise<UserSession>;
  /** Take over a session another tab wrote (fresher tokens, or a sign-out). */
  adopt(session: UserSession): void;
  /** End the session after a definitive refusal. */
  expire(previous: UserSession, error: unknown): Promise<void>;
  /** True once the owner is disposed: no further attempts. */
  stopped?(): boolean;
  /** A transient failure; `retryInMs` is undefined after the last attempt. */
  onFailure(username: string, error: unknown, attempt: number, retryInMs: number | undefined): void;
}

/** Single-flight refresh within a tab and across tabs; see {@link createRefreshCoordinator}. */
export interface RefreshCoordinator {
  /**
   * Refreshes the session of `known.username`, unless valid tokens other than `known`'s are
   * stored already. `force` refreshes even tokens still valid for the leeway; a forced refresh
   * accepts any tokens other than `known`'s (by access token; by generation without tokens).
   */
  refresh(known: UserSession, force?: boolean): Promise<UserSession>;
  /** True while a refresh (of any user) runs in this tab. */
  readonly busy: boolean;
}

/** A refresh response without usable tokens: transient (the service or a proxy misbehaved). */
class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/**
 * Refreshes tokens exactly once for all callers and tabs:
 * - in this tab, concurrent calls share one promise;
 * - across tabs, the lock (Web Locks, or the BroadcastChannel fallback) admits one refresher; each
 *   tab re-reads storage after acquiring it and uses tokens another tab already stored;
 * - the new tokens (and a rotated refresh token) are stored before the lock is released;
 * - a definitive refusal ends the session only if storage still holds the refused refresh token
 *   (otherwise another tab won a rotation race and its tokens are used);
 * - transient failures are retried with backoff and jitter, then reported as `RefreshFailed`,
 *   and the session is kept.
 */
export function createRefreshCoordinator(o: RefreshCoordinatorOptions): RefreshCoordinator {
  const { clock, read, adopt, expire, onFailure, leewayMs, retry } = o;
  const attempts = Math.max(1, retry?.attempts ?? 3);
  const raceWindowMs = o.raceWindowMs ?? 500;
  // One flight per user: a refresh of a user who signed out meanwhile must never answer another's.
  const inflight = new Map<string, [Promise<UserSession>, boolean]>();

  /** Tokens other than the ones the caller saw (a device change alone does not count). */
  const newer = (s: UserSession, known: UserSession) =>
    known.tokens ? !!s.tokens && s.tokens.accessToken !== known.tokens.accessToken : s.gen > known.gen;

  const once = async (known: UserSession, force: boolean): Promise<UserSession> => {
    const cur = await read(known.username);
    if (!cur?.tokens) {
      if (cur) adopt(cur);
      throw new SessionError('NotSignedIn', 'No user is signed in');
    }
    // Another tab (or an earlier flight) may already have refreshed while we waited for the lock.
    if ((!force || newer(cur, known)) && isFresh(cur.tokens, clock.now(), leewayMs)) {
      adopt(cur);
      return cur;
    }
    const refreshToken = cur.tokens.refreshToken;
    if (!refreshToken) {
      const err = new SessionError('SessionExpired', 'The session has no refresh token');
      await expire(cur, err);
      throw err;
    }
    let out: RefreshOutput;
    try {
      out = await withTimeout(clock, o.requestTimeoutMs ?? 10_000, 'refresh', (signal) =>
        o.refresh({ username: cur.username, refreshToken, ...(cur.device ? { device: cur.device } : {}), signal }),
      );
    } catch (error) {
      if (!isDefinitiveRefusal(error)) throw error;
      // Lost a race? If storage holds another refresh token, another tab rotated it: use its tokens.
      // The winner may still be storing them, so look twice, `raceWindowMs` apart.
      let again = await read(known.username);
      if (again?.tokens && again.tokens.refreshToken === refreshToken && raceWindowMs > 0) {
        await sleep(clock, raceWindowMs);
        again = await read(known.username);
      }
      if (again?.tokens && again.tokens.refreshToken !== refreshToken) {
        adopt(again);
        if (isFresh(again.tokens, clock.now(), leewayMs)) return again;
        throw error; // not fresh yet: retry with the winner's refresh token
      }
      if (again && !again.tokens) {
        adopt(again);
        throw new SessionError('NotSignedIn', 'The user signed out', { cause: error });
      }
      await expire(cur, error);
      throw new SessionError('SessionExpired', 'The refresh token was refused; sign in again', { cause: error });
    }
    const { accessToken, idToken } = out ?? {};
    const times = typeof accessToken === 'string' && typeof idToken === 'string' ? measureTokenTimes(accessToken, idToken, clock.now()) : undefined;
    if (!times) throw new MalformedResponseError('The refresh response carried no usable tokens');
    return o.commit(cur, { accessToken, idToken, refreshToken: isNonEmptyString(out.refreshToken) ? out.refreshToken : refreshToken, ...times });
  };

  const run = async (known: UserSession, force: boolean): Promise<UserSession> => {
    const { username } = known;
    for (let attempt = 1; ; attempt++) {
      try {
        return await o.locks.request(o.lockName(username), () => once(known, force), { timeoutMs: o.lockTimeoutMs ?? 15_000 });
      } catch (error) {
        if (isSessionError(error)) throw error;
        const delay = attempt < attempts ? backoffDelay(attempt - 1, o.random, retry) : undefined;
        onFailure(username, error, attempt, delay);
        if (delay !== undefined) await sleep(clock, delay);
        // After the last attempt, or once the owner is disposed: give up, keeping the session.
        if (delay === undefined || o.stopped?.()) {
          throw new SessionError('RefreshFailed', 'Refreshing the session failed; it is kept and retried later', { cause: error });
        }
      }
    }
  };

  const refresh = (known: UserSession, force = false): Promise<UserSession> => {
    const { username } = known;
    const f = inflight.get(username);
    if (f) {
      if (!force || f[1]) return f[0];
      // A forced refresh joining a flight that may only re-validate: accept its result only if
      // it brought tokens newer than the caller had, otherwise refresh again.
      return f[0].then(
        (s) => (newer(s, known) ? s : refresh(known, force)),
        () => refresh(known, force),
      );
    }
    const p = run(known, force).finally(() => {
      if (inflight.get(username)?.[0] === p) inflight.delete(username);
    });
    inflight.set(username, [p, force]);
    return p;
  };

  return {
    refresh,
    get busy() {
      return inflight.size > 0;
    },
  };
}
