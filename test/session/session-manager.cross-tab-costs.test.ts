// Two follow-ups of the session review's fixes, with real timers and tabs sharing one storage:
// - a sign-in taken over from another tab waits behind this tab's own sign-in and yields to it
//   when last-user names this tab's user (both tabs end on the user written last);
// - the usual cross-tab message (storage already holds the record) costs the receiving tabs
//   reads only, and sealing reuses the stored at-rest key without a read-write transaction.
import { afterEach, describe, expect, it } from 'vitest';
import { createSessionManager, type SessionManager } from '../../src/session/session-manager.js';
import { systemClock } from '../../src/session/clock.js';
import { memoryStorage, type AuthStorage } from '../../src/session/storage.js';
import { localLocks } from '../../src/session/tab-lock.js';
import { channelHub, tokenPair } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const managers: SessionManager[] = [];
afterEach(() => managers.splice(0).forEach((m) => m.dispose()));

/** One backing store shared by the tabs, each tab counting its own operations by kind. */
function world() {
  const backing = memoryStorage();
  const channel = channelHub();
  const locks = localLocks(systemClock());
  const tab = (o: { lastUserDelayMs?: number; counts?: Record<string, number> } = {}) => {
    const count = (op: string) => o.counts && (o.counts[op] = (o.counts[op] ?? 0) + 1);
    const storage: AuthStorage = {
      structuredClone: true,
      get: (k) => (count('get'), backing.get(k)),
      del: (k) => backing.del(k),
      update: (k, u) => (count('update'), backing.update!(k, u)),
      async set(k, v) {
        count('set');
        if (k.endsWith(':last-user') && o.lastUserDelayMs) await sleep(o.lastUserDelayMs);
        return backing.set(k, v);
      },
    };
    const m = createSessionManager({
      clientId: 'c',
      autoRefresh: false,
      channel,
      locks,
      storage,
      refresh: async (i) => ({ ...tokenPair({ username: i.username, iatMs: Date.now() }), refreshToken: 'rt2' }),
    });
    managers.push(m);
    return m;
  };
  return { backing, tab };
}

describe('cross-tab sign-ins and the cost of a message', () => {
  it("a remote sign-in yields to this tab's own newer one: both tabs end on the user written last", async () => {
    const w = world();
    const A = w.tab();
    const B = w.tab({ lastUserDelayMs: 30 });
    await Promise.all([A.ready, B.ready]);
    await A.setSession(tokenPair({ username: 'carol', iatMs: Date.now(), refreshToken: 'rc' }));
    await sleep(60);
    await Promise.all([
      B.setSession(tokenPair({ username: 'bob', iatMs: Date.now(), refreshToken: 'rb' })),
      sleep(5).then(() => A.setSession(tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'ra' }))),
    ]);
    await sleep(150);
    const last = (await w.backing.get<{ username: string }>('cognito-edge:c:last-user'))?.username;
    expect(A.currentUsername()).toBe(last);
    expect(B.currentUsername()).toBe(last);
    expect(B.getState().status).toBe('signedIn');
    await expect(B.getTokens({ forceRefresh: true })).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('a refresh costs the other tabs reads only, and the writer one read-write transaction', async () => {
    const w = world();
    const counts = Array.from({ length: 4 }, () => ({}) as Record<string, number>);
    const tabs = counts.map((c) => w.tab({ counts: c }));
    await Promise.all(tabs.map((t) => t.ready));
    await tabs[0]!.setSession(tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'rt1' }));
    await sleep(50);
    for (const c of counts) for (const k of Object.keys(c)) delete c[k];
    await tabs[0]!.getTokens({ forceRefresh: true });
    await sleep(50);
    expect(counts[0]!.update).toBe(1);
    expect(counts[0]!.set ?? 0).toBe(0);
    for (const c of counts.slice(1)) {
      expect(c.update ?? 0).toBe(0);
      expect(c.set ?? 0).toBe(0);
      expect(c.get).toBeGreaterThan(0);
    }
    expect(tabs.every((t) => t.getState().status === 'signedIn')).toBe(true);
  });
});
