import type { Clock } from './clock.js';
import { sleep } from './clock.js';
import { isObject } from './guards.js';
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
      // Wait for the previous holder, but never longer than the timeout (none past the timer range).
      if (timeoutMs < 2 ** 31 - 1) {
        let timer: unknown;
        await Promise.race([prev, new Promise<void>((r) => (timer = clock.setTimeout(r, timeoutMs)))]);
        clock.clearTimeout(timer);
      } else await prev;
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
        const r = await manager.request(`${name}:steal`, { ifAvailable: true }, async (lock) =>
          lock ? { value: await manager.request(name, { steal: true }, () => fn()) } : NOT_STOLEN,
        );
        if (r !== NOT_STOLEN) return (r as { value: Awaited<ReturnType<typeof fn>> }).value;
      }
    },
  };
}

/** A holder or claim id: the time and 52 random bits. */
const newId = (clock: Clock, random: () => number) => `${clock.now().toString(36)}-${Math.floor(random() * 2 ** 52).toString(36)}`;

/**
 * The skeleton both fallbacks without Web Locks share: requests queue inside the tab; the one
 * at the head acquires the cross-tab lock (`acquire` resolves with the holder id once it won, or
 * once the deadline passed and it took the lock), runs `fn`, and releases. `nap` sleeps until
 * another tab broadcasts `{ k: kind, op: 'release' }`, or for `ms`, whichever comes first.
 */
function crossTabLocks(
  clock: Clock,
  channel: TabChannel | undefined,
  kind: 'lock' | 'lease',
  acquire: (name: string, deadline: number, timeoutMs: number, nap: (ms: number) => Promise<void>) => Promise<string>,
  release: (name: string, id: string) => Promise<void>,
): TabLocks {
  const local = localLocks(clock);
  const waiters = new Set<() => void>();
  channel?.subscribe((m) => {
    if (isObject(m) && m.k === kind && m.op === 'release') for (const w of [...waiters]) w();
  });
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        waiters.delete(done);
        clock.clearTimeout(timer);
        resolve();
      };
      const timer = clock.setTimeout(done, ms);
      waiters.add(done);
    });
  return {
    request: (name, fn, { timeoutMs }) =>
      local.request(
        name,
        async () => {
          const id = await acquire(name, clock.now() + timeoutMs, timeoutMs, nap);
          try {
            return await fn();
          } finally {
            await release(name, id);
          }
        },
        { timeoutMs: Infinity },
      ),
  };
}

type LockMessage = { k: 'lock'; op: 'claim' | 'held' | 'release'; name: string; id: string; t?: number };

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
  const mine = new Map<string, string>(); // name -> my id while I hold it
  const claims = new Map<string, Array<{ id: string; t: number }>>(); // name -> claims seen while I claim
  const others = new Set<string>(); // names another tab holds (as far as we know)
  const post = (op: LockMessage['op'], name: string, id: string, t?: number) =>
    channel.post({ k: 'lock', op, name, id, ...(t === undefined ? {} : { t }) } satisfies LockMessage);

  const hold = (name: string, id: string) => {
    mine.set(name, id);
    post('held', name, id);
    return id;
  };

  channel.subscribe((raw) => {
    const m = raw as LockMessage;
    if (!isObject(m) || m.k !== 'lock') return;
    if (m.op === 'claim') {
      const held = mine.get(m.name);
      if (held) post('held', m.name, held);
      claims.get(m.name)?.push({ id: m.id, t: m.t! });
    } else if (m.op === 'held') others.add(m.name);
    else if (m.op === 'release') {
      others.delete(m.name);
      // A claim that already ran and released while we settle must not win against us: we would
      // then wait for a release that has come and gone, until the deadline.
      const seen = claims.get(m.name);
      const i = seen?.findIndex((c) => c.id === m.id) ?? -1;
      if (i > 0) seen!.splice(i, 1); // index 0 is our own claim
    }
  });

  return crossTabLocks(
    clock,
    channel,
    'lock',
    async (name, deadline, _timeoutMs, nap) => {
      let left: number;
      while ((left = deadline - clock.now()) > 0) {
        if (others.has(name)) {
          await nap(left);
          continue;
        }
        const id = newId(clock, random);
        const t = clock.now();
        const seen = [{ id, t }];
        claims.set(name, seen);
        post('claim', name, id, t);
        others.delete(name);
        await sleep(clock, settleMs);
        claims.delete(name);
        if (others.has(name)) continue;
        const winner = seen.reduce((a, b) => (b.t < a.t || (b.t === a.t && b.id < a.id) ? b : a));
        if (winner.id === id) return hold(name, id);
        // Someone else won: wait for its release (it will answer claims with `held` meanwhile).
        others.add(name);
        await nap(Math.max(0, deadline - clock.now()));
      }
      others.delete(name); // a silent holder: take the lock
      return hold(name, newId(clock, random));
    },
    async (name, id) => {
      mine.delete(name);
      post('release', name, id);
    },
  );
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
  const { storage, channel, clock } = options;
  const pollMs = options.pollMs ?? 100;
  const key = (name: string) => (options.prefix ?? 'cognito-edge:lease:') + name;
  const isLease = (v: unknown): v is Lease => isObject(v) && typeof v.owner === 'string' && typeof v.until === 'number';

  return crossTabLocks(
    clock,
    channel,
    'lease',
    async (name, deadline, timeoutMs, nap) => {
      const me = newId(clock, options.random);
      // Wait for the lease; past the deadline, take it regardless (its holder stopped answering).
      for (;;) {
        const now = clock.now();
        const force = now >= deadline;
        let won = false;
        await storage.update(key(name), (old) => {
          won = force || !isLease(old) || old.until <= now || old.owner === me;
          return won ? ({ owner: me, until: now + timeoutMs } satisfies Lease) : old;
        });
        if (won) return me;
        await nap(Math.max(1, Math.min(pollMs, deadline - clock.now())));
      }
    },
    async (name, me) => {
      try {
        await storage.update(key(name), (old) => (isLease(old) && old.owner === me ? undefined : old));
      } finally {
        channel?.post({ k: 'lease', op: 'release', name });
      }
    },
  );
}
