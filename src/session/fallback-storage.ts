import type { AuthStorage } from './storage.js';
import { systemClock, withTimeout, type Clock } from './clock.js';

/** Options of {@link withMemoryFallback}. */
export interface MemoryFallbackOptions {
  /** Called once, with the first error, when the backing store is given up for memory. */
  onUnavailable?: (error: unknown) => void;
  /** How long one storage call may take before it counts as failed (a blocked IndexedDB never answers). Default 5000 ms. */
  timeoutMs?: number;
  /** Timers; default the global ones. */
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
}

/** A storage that never rejects: see {@link withMemoryFallback}. */
export interface FallbackStorage extends AuthStorage {
  /** True once the backing store failed and everything lives in memory. */
  readonly degraded: boolean;
}

/**
 * Wraps a storage so that it never throws at the app. Every value read or written is mirrored
 * in memory; when the backing store fails (unavailable, blocked, over quota, corrupted, or too
 * slow) the wrapper switches to the mirror for good, calls `onUnavailable` once, and the session
 * carries on in memory.
 */
export function withMemoryFallback(backing: AuthStorage, options: MemoryFallbackOptions = {}): FallbackStorage {
  const mirror = new Map<string, unknown>();
  const timeoutMs = options.timeoutMs ?? 5000;
  const clock = options.clock ?? systemClock();
  let degraded = false;
  const clone = <T>(v: T): T => {
    if (v === undefined) return v;
    try {
      return structuredClone(v);
    } catch {
      return v;
    }
  };

  const fail = (error: unknown) => {
    if (degraded) return;
    degraded = true;
    try {
      options.onUnavailable?.(error);
    } catch {
      // A listener's error must not break storage.
    }
  };

  /** Resolves `{ value }`, or `undefined` after a failure (reported through `fail`). */
  const attempt = <T>(op: () => Promise<T>): Promise<{ value: T } | undefined> =>
    withTimeout(clock, timeoutMs, 'storage', op).then(
      (value) => ({ value }),
      (error) => {
        fail(error);
        return undefined;
      },
    );

  return {
    get degraded() {
      return degraded;
    },
    structuredClone: backing.structuredClone,
    async get<T>(key: string) {
      if (!degraded) {
        const r = await attempt(() => backing.get<T>(key));
        if (r) {
          if (r.value === undefined) mirror.delete(key);
          else mirror.set(key, clone(r.value));
          return r.value;
        }
      }
      return clone(mirror.get(key)) as T | undefined;
    },
    async set(key: string, value: unknown) {
      mirror.set(key, clone(value));
      if (!degraded) await attempt(() => backing.set(key, value));
    },
    async del(key: string) {
      mirror.delete(key);
      if (!degraded) await attempt(() => backing.del(key));
    },
    async update(key: string, updater: (old: unknown) => unknown) {
      if (!degraded) {
        let written: unknown;
        const r = await attempt(async () => {
          if (backing.update) {
            await backing.update(key, (old) => (written = updater(old)));
          } else {
            written = updater(await backing.get(key));
            await backing.set(key, written);
          }
        });
        if (r) {
          mirror.set(key, clone(written));
          return;
        }
      }
      mirror.set(key, clone(updater(clone(mirror.get(key)))));
    },
  };
}
