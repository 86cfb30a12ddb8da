import type { TokenClaims } from './token-claims.js';

/** The auth state snapshot: the same object until something changes (useSyncExternalStore). */
export interface AuthState {
  readonly status: 'loading' | 'signedOut' | 'signedIn';
  /** The signed-in user's ID-token claims. */
  readonly user?: TokenClaims;
}

/** Payloads of the auth events. `remote` is true when the event happened in another tab. */
export interface AuthEventMap {
  signedIn: { username: string; user: TokenClaims | undefined; remote: boolean };
  signedOut: { username: string | undefined; remote: boolean };
  tokensRefreshed: { username: string; expiresAt: number; remote: boolean };
  /** A refresh failed for a transient reason; the session is kept and the refresh is retried. */
  refreshFailed: { username: string; error: unknown; attempt: number; retryInMs: number | undefined };
  /** The service refused the refresh token: the session is over. */
  sessionExpired: { username: string; error: unknown; remote: boolean };
  /** Persistent storage failed; the session carries on in memory for this tab. */
  storageUnavailable: { error: unknown };
}

/** Name of an auth event. */
export type AuthEventName = keyof AuthEventMap;

/** Events plus the state snapshot; see {@link createAuthEvents}. */
export interface AuthEvents {
  on<K extends AuthEventName>(name: K, fn: (event: AuthEventMap[K]) => void): () => void;
  emit<K extends AuthEventName>(name: K, event: AuthEventMap[K]): void;
  getState(): AuthState;
  setState(next: AuthState): void;
  subscribe(fn: () => void): () => void;
}

const EVENT_NAMES: readonly AuthEventName[] = [
  'signedIn',
  'signedOut',
  'tokensRefreshed',
  'refreshFailed',
  'sessionExpired',
  'storageUnavailable',
];

/** The listener key of the state subscribers (not an event name, so `on` cannot reach it). */
const STATE = Symbol();

/**
 * An event hub and state store in one closure. Listener errors are reported asynchronously
 * (`reportError` or a rethrow on a microtask) so a broken listener cannot stop the others.
 * `setState` keeps the old snapshot when status and user are unchanged.
 */
export function createAuthEvents(initial: AuthState = { status: 'loading' }): AuthEvents {
  // Event listeners by name, and the state subscribers under their own key: one implementation.
  const listeners = new Map<AuthEventName | typeof STATE, Set<(e: never) => void>>();
  let state: AuthState = Object.freeze({ ...initial });

  const report = (err: unknown) => {
    const g = globalThis as { reportError?: (e: unknown) => void };
    if (typeof g.reportError === 'function') g.reportError(err);
    else queueMicrotask(() => {
      throw err;
    });
  };
  const add = (key: AuthEventName | typeof STATE, fn: unknown, caller: string) => {
    if (typeof fn !== 'function') throw new TypeError(`${caller}: \`fn\` must be a function`);
    let set = listeners.get(key);
    if (!set) listeners.set(key, (set = new Set()));
    const f = fn as (e: never) => void;
    set.add(f);
    return () => {
      set.delete(f);
    };
  };
  const call = (key: AuthEventName | typeof STATE, event?: unknown) => {
    for (const fn of [...(listeners.get(key) ?? [])]) {
      try {
        (fn as (e: unknown) => void)(event);
      } catch (err) {
        report(err);
      }
    }
  };

  return {
    on(name, fn) {
      if (!EVENT_NAMES.includes(name)) throw new TypeError(`on: unknown event name ${JSON.stringify(name)}`);
      return add(name, fn, 'on');
    },
    emit: call,
    getState: () => state,
    setState(next) {
      const sameUser = next.user === state.user || (next.user?.sub !== undefined && next.user.sub === state.user?.sub && next.user.iat === state.user?.iat);
      if (next.status === state.status && sameUser) return;
      state = Object.freeze({ ...next });
      call(STATE);
    },
    subscribe: (fn) => add(STATE, fn, 'subscribe'),
  };
}
