import type { Clock } from './clock.js';
import { sleep } from './clock.js';
import type { TabChannel } from './tab-channel.js';
import type { AuthStorage } from './storage.js';

/** Options of one lock request. */
export interface TabLockRequest {
  /** How long to wait for the holder before taking the lock from it (a dead or hung tab). */
  timeoutMs: number;
}

/** An exclusive lock shared by the tabs of one origin. */
export interface TabLocks {
  /** Runs `fn` while holding the lock `name`; waits for it, or steals it after `timeoutMs`. */
  request<T>(name: string, fn: () => Promise<T>, options: TabLockRequest): Promise<T>;
}

/**
 * In-process locks: one queue per name, inside this closure. Correct single flight within one
 * JavaScript realm (a worker, a server, tests); no cross-tab effect.
 */
export function localLocks(clock: Clock): TabLocks {
  const tails = new Map<string, Promise<void>>();
  return {
    async request(name, fn, { timeoutMs }) {
      const prev = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const tail = prev.then(() => mine);
      tails.set(name, tail);
      // Wait for the previous holder, but never longer than the timeout.
      if (timeoutMs >= 2 ** 31 - 1) {
        await prev;
      } else {
        let timer: unknown;
        await Promise.race([prev, new Promise<void>((r) => (timer = clock.setTimeout(r, timeoutMs)))]);
        clock.clearTimeout(timer);
      }
      try {
        return await fn();
      } finally {
        release();
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}

/**
 * Cross-tab locks on the Web Locks API (`navigator.locks`). A request waits up to `timeoutMs`;
 * then one waiter (chosen by a second, try-only lock `<name>:steal`) steals the lock with
 * `steal: true`, the others keep waiting. A tab that is closed or crashes releases its locks by
 * itself; the steal path covers a tab that hangs while holding one.
 */
export function webLocks(manager: LockManager, clock: Clock): TabLocks {
  const NOT_STOLEN = Symbol();
  return {
    async request(name, fn, { timeoutMs }) {
      for (;;) {
        const ac = new AbortController();
        let granted = false;
        const timer = clock.setTimeout(() => {
          if (!granted) ac.abort();
        }, timeoutMs);
        try {
          return (await manager.request(name, { signal: ac.signal }, () => {
            granted = true;
            clock.clearTimeout(timer);
            return fn();
          })) as Awaited<ReturnType<typeof fn>>;
        } catch (e) {
          if (granted || !ac.signal.aborted) throw e;
        } finally {
          clock.clearTimeout(timer);
        }
        const r = await manager.request(`${name}:steal`, { ifAvailable: true }, async (lock) => {
          if (!lock) return NOT_STOLEN;
          return { value: await manager.request(name, { steal: true }, () => fn()) };
        });
        if (r !== NOT_STOLEN) return (r as { value: Awaited<ReturnType<typeof fn>> }).value;
      }
    },
  };
}

type LockMessage =
  | { k: 'lock'; op: 'claim'; name: string; id: string; t: number }
  | { k: 'lock'; op: 'held'; name: string; id: string }
  | { k: 'lock'; op: 'release'; name: string; id: string };

/** Options of {@link channelLocks}. */
export interface ChannelLocksOptions {
  channel: TabChannel;
  clock: Clock;
  random: () => number;
  /** How long a claim waits for competing claims before it counts as won; default 50 ms. */
  settleMs?: number;
}

/**
 * Cross-tab locks for runtimes with BroadcastChannel but no Web Locks. A tab claims the lock by
 * broadcasting `(time, id)`, waits `settleMs` for competing claims, and the lowest claim wins;
 * a holder answers later claims with `held`, and broadcasts `release` when done. Waiters give up
 * on a silent holder after `timeoutMs` and take the lock. Within the tab, requests queue.
 */
export function channelLocks(options: ChannelLocksOptions): TabLocks {
  const { channel, clock, random } = options;
  const settleMs = options.settleMs ?? 50;
  const local = localLocks(clock);
  const mine = new Map<string, string>(); // name -> my id while I hold it
  const claims = new Map<string, Array<{ id: string; t: number }>>(); // name -> claims seen while I claim
  const others = new Map<string, number>(); // name -> until when another tab holds it (as far as we know)
  const wake = new Set<() => void>();

  channel.subscribe((raw) => {
    const m = raw as LockMessage;
    if (typeof m !== 'object' || m === null || m.k !== 'lock') return;
    if (m.op === 'claim') {
      const held = mine.get(m.name);
      if (held) channel.post({ k: 'lock', op: 'held', name: m.name, id: held } satisfies LockMessage);
      claims.get(m.name)?.push({ id: m.id, t: m.t });
    } else if (m.op === 'held') {
      others.set(m.name, Number.POSITIVE_INFINITY);
    } else if (m.op === 'release') {
      others.delete(m.name);
      for (const w of [...wake]) w();
    }
  });

  const waitForRelease = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        wake.delete(done);
        clock.clearTimeout(timer);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      wake.add(done);
    });

  const acquire = async (name: string, timeoutMs: number): Promise<string> => {
    const deadline = clock.now() + timeoutMs;
    for (;;) {
      const left = deadline - clock.now();
      if (left <= 0) break; // a silent holder: take the lock
      if (others.has(name)) {
        await waitForRelease(left);
        continue;
      }
      const id = `${clock.now().toString(36)}-${Math.floor(random() * 2 ** 52).toString(36)}`;
      const t = clock.now();
      const seen = [{ id, t }];
      claims.set(name, seen);
      channel.post({ k: 'lock', op: 'claim', name, id, t } satisfies LockMessage);
      others.delete(name);
      await sleep(clock, settleMs);
      claims.delete(name);
      if (others.has(name)) continue;
      const winner = seen.reduce((a, b) => (b.t < a.t || (b.t === a.t && b.id < a.id) ? b : a));
      if (winner.id === id) return id;
      // Someone else won: wait for its release (it will answer claims with `held` meanwhile).
      others.set(name, Number.POSITIVE_INFINITY);
      await waitForRelease(Math.max(0, deadline - clock.now()));
    }
    others.delete(name);
    return `${clock.now().toString(36)}-steal-${Math.floor(random() * 2 ** 52).toString(36)}`;
  };

  return {
    request(name, fn, { timeoutMs }) {
      return local.request(
        name,
        async () => {
          const id = await acquire(name, timeoutMs);
          mine.set(name, id);
          channel.post({ k: 'lock', op: 'held', name, id } satisfies LockMessage);
          try {
            return await fn();
          } finally {
            mine.delete(name);
            channel.post({ k: 'lock', op: 'release', name, id } satisfies LockMessage);
          }
        },
        { timeoutMs: Infinity },
      );
    },
  };
}

/** The shape of a lease record in storage. */
interface Lease {
  owner: string;
  until: number;
}

/** Options of {@link storageLeaseLocks}. */
export interface StorageLeaseLocksOptions {
  /** A storage shared by the tabs with an atomic `update` (IndexedDB: one readwrite transaction). */
  storage: Required<Pick<AuthStorage, 'update'>> & AuthStorage;
  /** Wakes waiters when a holder releases; without it they poll. */
  channel?: TabChannel;
  clock: Clock;
  random: () => number;
  /** Poll interval while waiting, ms; default 100. */
  pollMs?: number;
  /** Key prefix of the lease records. */
  prefix?: string;
}

/**
 * Cross-tab locks for browsers without Web Locks: a lease record taken and released with
 * IndexedDB's atomic read-modify-write (transactions on one store are serialized across tabs),
 * and BroadcastChannel to wake the waiters at release. A lease lasts `timeoutMs`, so a tab that
 * dies holding it is overtaken when it runs out. Within the tab, requests queue.
 */
export function storageLeaseLocks(options: StorageLeaseLocksOptions): TabLocks {
  const { storage, channel, clock, random } = options;
  const pollMs = options.pollMs ?? 100;
  const prefix = options.prefix ?? 'cognito-edge:lease:';
  const local = localLocks(clock);
  const wake = new Set<() => void>();
  channel?.subscribe((raw) => {
    const m = raw as { k?: unknown; op?: unknown };
    if (typeof m === 'object' && m !== null && m.k === 'lease' && m.op === 'release') for (const w of [...wake]) w();
  });
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        wake.delete(done);
        clock.clearTimeout(timer);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      wake.add(done);
    });
  const isLease = (v: unknown): v is Lease =>
    typeof v === 'object' && v !== null && typeof (v as Lease).owner === 'string' && typeof (v as Lease).until === 'number';

  const tryTake = async (key: string, me: string, timeoutMs: number, force: boolean): Promise<boolean> => {
    let won = false;
    const now = clock.now();
    await storage.update(key, (old) => {
      won = force || !isLease(old) || old.until <= now || old.owner === me;
      return won ? ({ owner: me, until: now + timeoutMs } satisfies Lease) : old;
    });
    return won;
  };

  return {
    request(name, fn, { timeoutMs }) {
      return local.request(
        name,
        async () => {
          const key = prefix + name;
          const me = `${clock.now().toString(36)}-${Math.floor(random() * 2 ** 52).toString(36)}`;
          const deadline = clock.now() + timeoutMs;
          // Wait for the lease; past the deadline, take it regardless (its holder stopped answering).
          while (!(await tryTake(key, me, timeoutMs, clock.now() >= deadline))) {
            await nap(Math.max(1, Math.min(pollMs, deadline - clock.now())));
          }
          try {
            return await fn();
          } finally {
            try {
              await storage.update(key, (old) => (isLease(old) && old.owner === me ? undefined : old));
            } finally {
              channel?.post({ k: 'lease', op: 'release', name });
            }
          }
        },
        { timeoutMs: Infinity },
      );
    },
  };
}
