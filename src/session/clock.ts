/**
 * Time as the session manager sees it: wall clock and timers, injectable so tests can run on
 * fake time and so two sessions never share timer state.
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Schedules `fn` after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer made by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/** The real clock: `Date.now()` and the global timers (looked up at call time, so fake timers work). */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

/** Resolves after `ms` on the given clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}

/**
 * Settles as `fn(signal)` does, or rejects after `ms` with a `TimeoutError` ("`what` did not
 * answer within `ms` ms") and aborts `signal` with it. A synchronous throw counts as a rejection.
 */
export function withTimeout<T>(clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>, ms: number, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      const err = new Error(`${what} did not answer within ${ms} ms`);
      err.name = 'TimeoutError';
      ac.abort(err);
      reject(err);
    }, ms);
    const settle =
      <V>(f: (v: V) => void) =>
      (v: V) => {
        clock.clearTimeout(timer);
        f(v);
      };
    let p: Promise<T>;
    try {
      p = fn(ac.signal);
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(settle(resolve), settle(reject));
  });
}
