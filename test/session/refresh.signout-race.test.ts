// @vitest-environment happy-dom
/**
 * A sign-out in one tab racing a refresh commit in another ends signed out in every tab, with no
 * refresh token left at rest, whichever of the two writes lands first and however late the tabs
 * hear of each other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSessionManager, type SessionManager } from '../../src/session/session-manager.js';
import { memoryStorage, type AuthStorage } from '../../src/session/storage.js';
import { localLocks } from '../../src/session/tab-lock.js';
import { systemClock } from '../../src/session/clock.js';
import type { TabChannelFactory } from '../../src/session/tab-channel.js';
import { channelHub, flush, tokenPair } from './helpers.js';

const gate = () => {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

/** A channel hub whose messages can be held back (a slow BroadcastChannel). */
function laggyHub() {
  const inner = channelHub();
  let held: Array<() => void> | undefined;
  const hub = ((name: string) => {
    const ch = inner(name)!;
    return { ...ch, post: (m: unknown) => (held ? held.push(() => ch.post(m)) : ch.post(m)) };
  }) as TabChannelFactory;
  return {
    hub,
    hold: () => (held = []),
    release() {
      const h = held ?? [];
      held = undefined;
      for (const f of h) f();
    },
  };
}

/** One tab's view of the shared store; its writes of user records wait while `blocked` is set. */
function tabView(backing: AuthStorage) {
  const v = { blocked: undefined as Promise<void> | undefined, writing: gate() };
  const wait = async (k: string) => {
    if (k.includes(':user:') && v.blocked) {
      v.writing.open();
      await v.blocked;
    }
  };
  const storage: AuthStorage = {
    structuredClone: true,
    get: (k) => backing.get(k),
    del: (k) => backing.del(k),
    set: async (k, x) => (await wait(k), backing.set(k, x)),
    update: async (k, u) => (await wait(k), backing.update!(k, u)),
  };
  return Object.assign(v, { storage });
}

let tabs: SessionManager[] = [];
afterEach(() => {
  for (const t of tabs) t.dispose();
  tabs = [];
});

async function setup() {
  const backing = memoryStorage();
  const { hub, hold, release } = laggyHub();
  const locks = localLocks(systemClock()); // one lock service for both tabs, as Web Locks would be
  const answer = gate();
  const views = [tabView(backing), tabView(backing)];
  const [A, B] = views.map((v, i) =>
    createSessionManager({
      clientId: 'c1',
      autoRefresh: false,
      encrypt: false,
      channel: hub,
      locks,
      storage: v.storage,
      refresh: async () => {
        if (i === 0) throw new Error('tab A does not refresh');
        await answer.p;
        return tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'rt2' });
      },
    }),
  ) as [SessionManager, SessionManager];
  tabs.push(A, B);
  await Promise.all([A.ready, B.ready]);
  await A.setSession(tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'rt1' }));
  await flush();
  expect(B.getState().status).toBe('signedIn');
  const record = async () => (await backing.get<{ gen: number; tokens?: unknown; secrets?: { plain?: { refreshToken?: string } } }>('cognito-edge:c1:user:alice'))!;
  return { A, B, views, answer, hold, release, backing, record };
}

describe('sign-out in one tab racing a refresh commit in another', () => {
  for (const first of ['sign-out', 'refresh'] as const) {
    it(`${first} written first, messages late: signed out everywhere, no refresh token at rest`, async () => {
      const { A, B, views, answer, hold, release, backing, record } = await setup();
      const b = B.getTokens({ forceRefresh: true }).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
      await flush();
      hold(); // neither tab hears the other until both have written
      // Both tabs read generation N before either writes N + 1.
      const late = views[first === 'sign-out' ? 1 : 0]!;
      const release1 = gate();
      late.blocked = release1.p;
      if (first === 'sign-out') {
        answer.open(); // B's commit reads, then waits to write
        await late.writing.p;
        await A.signOut();
      } else {
        const out = A.signOut(); // A reads, then waits to write
        await late.writing.p;
        answer.open();
        await b; // B's commit lands
        release1.open();
        await out;
      }
      release1.open();
      const got = await b;
      release();
      for (let i = 0; i < 5; i++) await flush();
      expect([A.getState().status, B.getState().status]).toEqual(['signedOut', 'signedOut']);
      const r = await record();
      expect(r.tokens).toBeUndefined();
      expect(r.secrets?.plain?.refreshToken).toBeUndefined();
      expect(await backing.get('cognito-edge:c1:last-user')).toBeUndefined();
      if (first === 'sign-out') expect(got).toBe('NotSignedIn');
      await expect(B.getTokens()).rejects.toMatchObject({ code: 'NotSignedIn' });
      await expect(A.getTokens()).rejects.toMatchObject({ code: 'NotSignedIn' });
    });
  }

  it('at an equal generation a tab prefers the signed-out record', async () => {
    // Tabs that cannot share storage (each fell back to memory) can still meet two records of one
    // generation: here B's refresh and A's sign-out both write generation 2 and cross in flight.
    const { hub, hold, release } = laggyHub();
    const [A, B] = [0, 1].map(() =>
      createSessionManager({
        clientId: 'c1',
        autoRefresh: false,
        encrypt: false,
        channel: hub,
        storage: memoryStorage(),
        refresh: async () => tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'rt2' }),
      }),
    ) as [SessionManager, SessionManager];
    tabs.push(A, B);
    await Promise.all([A.ready, B.ready]);
    await A.setSession(tokenPair({ username: 'alice', iatMs: Date.now(), refreshToken: 'rt1' }));
    for (let i = 0; i < 5; i++) await flush();
    expect(B.getState().status).toBe('signedIn');
    hold();
    await B.getTokens({ forceRefresh: true });
    await A.signOut();
    release();
    for (let i = 0; i < 5; i++) await flush();
    expect([A.getState().status, B.getState().status]).toEqual(['signedOut', 'signedOut']);
  });
});
