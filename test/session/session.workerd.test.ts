/**
 * createAuth in workerd (miniflare): no document, no IndexedDB, no Web Locks. Inside one worker,
 * the emulator (its fetch handler) plays Cognito; the session uses memory storage by default,
 * never arms timers, never opens a BroadcastChannel, and concurrent getTokens calls in the isolate
 * share one refresh (counted in the emulator's request log).
 */
import { describe, expect, it } from 'vitest';
import { useWorkerd } from '../helpers/workerd.js';

const WORKER_ENTRY = `
import { createAuth } from './src/index.ts';
import { createEmulator } from './src/emulator/emulator.ts';

async function scenario(rotation) {
  const emu = createEmulator();
  const pool = await emu.createUserPool({ PoolName: 'w' });
  const client = await emu.createUserPoolClient({
    UserPoolId: pool.Id, ClientName: 'c',
    ExplicitAuthFlows: rotation ? ['ALLOW_USER_PASSWORD_AUTH'] : ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...(rotation ? { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } } : {}),
  });
  await emu.createUser({ userPoolId: pool.Id, username: 'alice', password: 'Passw0rd!' });
  const auth = createAuth({ userPoolId: pool.Id, clientId: client.ClientId, endpoint: 'http://emulator.test',
    fetch: (u, i) => emu.fetch(u, i), refreshTokenRotation: rotation });
  const states = [auth.getState().status];
  const step = await auth.signIn({ username: 'alice', password: 'Passw0rd!', flow: 'USER_PASSWORD_AUTH' });
  states.push(auth.getState().status);
  const since = emu.requests.length;
  const all = await Promise.all(Array.from({ length: 5 }, () => auth.getTokens({ forceRefresh: true })));
  const refreshes = emu.requests.slice(since).map((r) => r.errorType ?? r.status);
  const distinct = new Set(all.map((t) => t.accessToken)).size;
  await auth.signOut();
  states.push(auth.getState().status);
  auth.dispose();
  return { signedIn: step.signedIn, states, refreshes, distinct, rotated: !!all[0].refreshToken, hasIdb: typeof indexedDB };
}

export default {
  async fetch(request) {
    const { rotation } = await request.json();
    try { return Response.json({ result: await scenario(rotation) }); }
    catch (e) { return Response.json({ error: String(e && e.stack || e) }, { status: 500 }); }
  },
};
`;

const worker = useWorkerd({ entry: WORKER_ENTRY, sourcefile: 'session-worker.js' });

const run = (rotation: boolean): Promise<any> => worker.call({ rotation });

describe('createAuth in workerd', () => {
  for (const rotation of [false, true]) {
    it(`signs in, shares one refresh among 5 concurrent callers, signs out (rotation ${rotation ? 'on' : 'off'})`, async () => {
      const r = await run(rotation);
      expect(r.hasIdb).toBe('undefined');
      expect(r.signedIn).toBe(true);
      expect(r.states).toEqual(['loading', 'signedIn', 'signedOut']);
      expect(r.refreshes).toEqual([200]);
      expect(r.distinct).toBe(1);
      expect(r.rotated).toBe(true);
    }, 60_000);
  }
});
