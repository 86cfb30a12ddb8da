// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionManager, type SessionManagerOptions } from '../../src/session/session-manager.js';
import { memoryStorage } from '../../src/session/storage.js';
import { backoffDelay } from '../../src/session/backoff.js';
import { tokenPair } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;

let disposers: Array<() => void> = [];
beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
  vi.useRealTimers();
});

async function signedIn(o: Partial<SessionManagerOptions> = {}) {
  const calls: number[] = [];
  const m = createSessionManager({
    clientId: 'c1',
    storage: memoryStorage(),
    encrypt: false,
    channel: () => undefined,
    leewayMs: 5 * MIN,
    refresh: async (i) => {
      calls.push(Date.now());
      return tokenPair({ username: i.username, iatMs: Date.now() });
    },
    ...o,
  });
  disposers.push(() => m.dispose());
  await m.setSession({ ...tokenPair({ iatMs: Date.now() }), refreshToken: 'rt' });
  return { m, calls };
}

describe('proactive refresh', () => {
  it('is on by default in a document and fires at expiry minus the leeway, then re-arms', async () => {
    const { calls } = await signedIn();
    await vi.advanceTimersByTimeAsync(55 * MIN - 1000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([T0 + 55 * MIN]);
    await vi.advanceTimersByTimeAsync(55 * MIN);
    expect(calls).toEqual([T0 + 55 * MIN, T0 + 110 * MIN]);
  });

  it('is off when asked (workers/servers default), and stops on dispose', async () => {
    const { calls } = await signedIn({ autoRefresh: false });
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(calls).toEqual([]);
    const { m, calls: c2 } = await signedIn();
    m.dispose();
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(c2).toEqual([]);
  });

  it('notices a wall-clock jump (sleep) within the wake-check interval', async () => {
    const { calls } = await signedIn({ wakeCheckMs: 30_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    // the machine sleeps for two hours: timers do not run, the wall clock moves
    vi.setSystemTime(Date.now() + 2 * HOUR);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toHaveLength(1);
  });

  it('checks at once on visibilitychange (visible) and online', async () => {
    const { calls } = await signedIn({ wakeCheckMs: 10 * MIN });
    vi.setSystemTime(Date.now() + 2 * HOUR);
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2 * HOUR);
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
  });

  it('does not check on visibilitychange while hidden', async () => {
    const { calls } = await signedIn({ wakeCheckMs: 10 * MIN });
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    const { calls: c2 } = await signedIn({ wakeCheckMs: 10 * MIN, document: doc });
    vi.setSystemTime(Date.now() + 2 * HOUR);
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(c2).toEqual([]);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(c2).toHaveLength(1);
    expect(calls).toEqual([]); // the other session had no reason to wake
  });

  it('retries transient background failures with growing, jittered delays and keeps the session', async () => {
    let failures = 4;
    const attempts: number[] = [];
    const { m } = await signedIn({
      retry: { attempts: 2, baseMs: 1000, maxMs: 60_000 },
      random: () => 0.5,
      refresh: async (i) => {
        attempts.push(Date.now());
        if (failures-- > 0) throw Object.assign(new Error('Service Unavailable'), { name: 'InternalErrorException', $metadata: { httpStatusCode: 503 } });
        return tokenPair({ username: i.username, iatMs: Date.now() });
      },
    });
    const failed = vi.fn();
    const expired = vi.fn();
    const refreshed = vi.fn();
    m.on('refreshFailed', failed);
    m.on('sessionExpired', expired);
    m.on('tokensRefreshed', refreshed);
    await vi.advanceTimersByTimeAsync(55 * MIN + 5 * MIN);
    expect(refreshed).toHaveBeenCalledTimes(1);
    expect(failed).toHaveBeenCalledTimes(4);
    expect(expired).not.toHaveBeenCalled();
    expect(m.getState().status).toBe('signedIn');
    // two attempts per round (retry.attempts), rounds spaced by backoff
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps[0]).toBe(backoffDelay(0, () => 0.5, { baseMs: 1000 }));
    expect(gaps[1]).toBe(backoffDelay(1, () => 0.5, { baseMs: 1000 }));
    expect(gaps[2]).toBe(backoffDelay(0, () => 0.5, { baseMs: 1000 }));
  });

  it('keeps going after a getTokens-started refresh fails while the timer is due', async () => {
    // The timer fires (every wakeCheckMs) while getTokens' refresh is out; that refresh fails.
    let fail = true;
    const { m, calls } = await signedIn({
      wakeCheckMs: 20,
      leewayMs: 1000,
      retry: { attempts: 1, baseMs: 50, maxMs: 100 },
      refresh: async (i) => {
        calls.push(Date.now());
        if (fail) {
          fail = false;
          await new Promise((r) => setTimeout(r, 100));
          throw new TypeError('Failed to fetch');
        }
        return tokenPair({ username: i.username, iatMs: Date.now(), ttlMs: 3000 });
      },
    });
    await m.setSession({ ...tokenPair({ iatMs: Date.now(), ttlMs: 3000 }), refreshToken: 'rt' });
    const start = Date.now();
    const got = m.getTokens({ forceRefresh: true }).catch((e: { code: string }) => e.code);
    await vi.advanceTimersByTimeAsync(200);
    expect(await got).toBe('RefreshFailed');
    await vi.advanceTimersByTimeAsync(3300);
    // the timer refreshed again before expiry (at expiry - leeway, or sooner: a refresh was owed)
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[1]! - start).toBeLessThanOrEqual(2000);
    expect(m.peekTokens()!.expiresAt).toBeGreaterThan(Date.now());
    expect(m.getState().status).toBe('signedIn');
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, is capped, and jitters within [base/2, cap]', () => {
    const lo = () => 0;
    const hi = () => 0.999999;
    expect(backoffDelay(0, lo, { baseMs: 1000 })).toBe(500);
    expect(backoffDelay(0, hi, { baseMs: 1000 })).toBe(1000);
    expect(backoffDelay(3, hi, { baseMs: 1000 })).toBe(8000);
    expect(backoffDelay(30, hi, { baseMs: 1000, maxMs: 60_000 })).toBe(60_000);
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(4, Math.random, { baseMs: 100 })));
    expect(seen.size).toBeGreaterThan(10);
    for (const d of seen) expect(d >= 50 && d <= 1600).toBe(true);
  });
});
