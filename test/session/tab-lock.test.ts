import { describe, expect, it } from 'vitest';
import { channelLocks, localLocks, storageLeaseLocks } from '../../src/session/tab-lock.js';
import { memoryStorage } from '../../src/session/storage.js';
import { systemClock } from '../../src/session/clock.js';
import { channelHub } from './helpers.js';

const clock = systemClock();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `n` tasks under one lock name and reports the most that ever ran at once. */
async function maxConcurrency(request: Array<(fn: () => Promise<void>) => Promise<void>>, holdMs = 15) {
  let running = 0;
  let max = 0;
  const order: number[] = [];
  await Promise.all(
    request.map((req, i) =>
      req(async () => {
        running++;
        max = Math.max(max, running);
        order.push(i);
        await sleep(holdMs);
        running--;
      }),
    ),
  );
  return { max, order };
}

describe('localLocks', () => {
  it('runs one holder at a time, in order', async () => {
    const locks = localLocks(clock);
    const r = await maxConcurrency(Array.from({ length: 5 }, () => (fn) => locks.request('n', fn, { timeoutMs: 10_000 })));
    expect(r.max).toBe(1);
    expect(r.order).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives up on a holder that never finishes after the timeout', async () => {
    const locks = localLocks(clock);
    void locks.request('n', () => new Promise(() => {}), { timeoutMs: 50 });
    const t0 = Date.now();
    expect(await locks.request('n', async () => 'mine', { timeoutMs: 80 })).toBe('mine');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
  });

  it('keeps names apart', async () => {
    const locks = localLocks(clock);
    const r = await maxConcurrency([(fn) => locks.request('a', fn, { timeoutMs: 1000 }), (fn) => locks.request('b', fn, { timeoutMs: 1000 })], 30);
    expect(r.max).toBe(2);
  });
});

describe('channelLocks (BroadcastChannel fallback)', () => {
  it('tabs claiming together run one at a time', async () => {
    const hub = channelHub();
    const tabs = Array.from({ length: 5 }, () => channelLocks({ channel: hub('locks')!, clock, random: Math.random, settleMs: 20 }));
    const r = await maxConcurrency(tabs.map((t) => (fn) => t.request('n', fn, { timeoutMs: 5000 })));
    expect(r.max).toBe(1);
    expect(r.order).toHaveLength(5);
  });

  it('a tab that dies holding the lock (no release) is overtaken after the timeout', async () => {
    const hub = channelHub();
    const dead = channelLocks({ channel: hub('locks')!, clock, random: Math.random, settleMs: 10 });
    const alive = channelLocks({ channel: hub('locks')!, clock, random: Math.random, settleMs: 10 });
    let holding = false;
    void dead.request('n', () => {
      holding = true;
      return new Promise(() => {}); // never releases
    }, { timeoutMs: 5000 });
    while (!holding) await sleep(2);
    const t0 = Date.now();
    expect(await alive.request('n', async () => 'took it', { timeoutMs: 200 })).toBe('took it');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('a waiting tab proceeds as soon as the holder releases', async () => {
    const hub = channelHub();
    const a = channelLocks({ channel: hub('locks')!, clock, random: Math.random, settleMs: 10 });
    const b = channelLocks({ channel: hub('locks')!, clock, random: Math.random, settleMs: 10 });
    const events: string[] = [];
    const pa = a.request('n', async () => {
      events.push('a+');
      await sleep(100);
      events.push('a-');
    }, { timeoutMs: 5000 });
    await sleep(30);
    const t0 = Date.now();
    await b.request('n', async () => {
      events.push('b');
    }, { timeoutMs: 5000 });
    await pa;
    expect(events).toEqual(['a+', 'a-', 'b']);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('a claim that wins, runs and releases while the other tab still settles does not leave that tab waiting for the deadline', async () => {
    // Both claim in the same tick and see each other's claim; a's is earlier (b's clock runs 5 ms
    // ahead), so a wins, and a's short settle lets it hold, run and release while b still
    // settles. b must then take the lock, not wait for a release it has already seen (the
    // deadline is 60 s: a b that waits for it fails this test by its own timeout).
    const hub = channelHub();
    const ahead = { ...clock, now: () => clock.now() + 5 };
    const a = channelLocks({ channel: hub('locks')!, clock, random: Math.random, settleMs: 5 });
    const b = channelLocks({ channel: hub('locks')!, clock: ahead, random: Math.random, settleMs: 150 });
    const events: string[] = [];
    await Promise.all([
      a.request('n', async () => void events.push('a'), { timeoutMs: 60_000 }),
      b.request('n', async () => void events.push('b'), { timeoutMs: 60_000 }),
    ]);
    expect(events).toEqual(['a', 'b']);
  }, 10_000);
});

describe('storageLeaseLocks (no Web Locks: atomic storage lease + BroadcastChannel wake-up)', () => {
  const make = (storage = memoryStorage(), hub = channelHub(), pollMs = 100) => () =>
    storageLeaseLocks({ storage: storage as never, channel: hub('locks')!, clock, random: Math.random, pollMs });

  it('tabs run one at a time, and a release wakes the next at once (not at the next poll)', async () => {
    const tab = make(memoryStorage(), channelHub(), 10_000);
    const tabs = Array.from({ length: 5 }, tab);
    const t0 = Date.now();
    const r = await maxConcurrency(tabs.map((t) => (fn) => t.request('n', fn, { timeoutMs: 60_000 })));
    expect(r.max).toBe(1);
    expect(r.order).toHaveLength(5);
    expect(Date.now() - t0).toBeLessThan(2000); // polling every 10 s would take 40 s
  });

  it('a tab that dies holding the lease is overtaken when the lease runs out', async () => {
    const tab = make(memoryStorage(), channelHub(), 20);
    const dead = tab();
    const alive = tab();
    let holding = false;
    void dead.request('n', () => {
      holding = true;
      return new Promise(() => {});
    }, { timeoutMs: 150 });
    while (!holding) await sleep(2);
    const t0 = Date.now();
    expect(await alive.request('n', async () => 'took it', { timeoutMs: 150 })).toBe('took it');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it('clears its lease on release, also when fn throws', async () => {
    const storage = memoryStorage();
    const locks = make(storage)();
    await expect(locks.request('n', async () => Promise.reject(new Error('boom')), { timeoutMs: 1000 })).rejects.toThrow('boom');
    expect(await storage.get('cognito-edge:lease:n')).toBeUndefined();
    expect(await locks.request('n', async () => 1, { timeoutMs: 1000 })).toBe(1);
  });
});
