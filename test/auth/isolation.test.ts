// @vitest-environment happy-dom
// "Two apps (or two pools) in one page never share state" and "importing does nothing" (DESIGN.md):
// two createAuth instances for two pools share one page, one IndexedDB and one BroadcastChannel
// implementation, against the emulator.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';

async function pool(emu: ReturnType<typeof createEmulator>, name: string, username: string) {
  const { Id: userPoolId } = await emu.createUserPool({ PoolName: name });
  const { ClientId: clientId } = await emu.createUserPoolClient({
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await emu.createUser({ userPoolId, username, password: 'Passw0rd!x' });
  return { userPoolId: userPoolId as string, clientId: clientId as string };
}

describe('isolation', () => {
  it('importing the entry opens no database, channel or connection and arms no timer', async () => {
    vi.resetModules();
    const open = vi.spyOn(indexedDB, 'open');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const Channel = globalThis.BroadcastChannel;
    let channels = 0;
    globalThis.BroadcastChannel = class extends Channel {
      constructor(name: string) {
        super(name);
        channels++;
      }
    };
    try {
      const mod = await import('../../src/index.js');
      expect(typeof mod.createAuth).toBe('function');
      expect(open).not.toHaveBeenCalled();
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(timers).not.toHaveBeenCalled();
      expect(channels).toBe(0);
    } finally {
      globalThis.BroadcastChannel = Channel;
      vi.restoreAllMocks();
    }
  });

  it('two pools in one page: separate sessions, events and sign-outs', async () => {
    const { createAuth } = await import('../../src/index.js');
    const emu = createEmulator();
    const p1 = await pool(emu, 'one', 'alice');
    const p2 = await pool(emu, 'two', 'bob');
    const common = { endpoint: 'http://emulator.test', fetch: emu.fetch } as const;
    const a1 = createAuth({ ...p1, ...common });
    const a2 = createAuth({ ...p2, ...common });
    const seen1: string[] = [];
    const seen2: string[] = [];
    for (const n of ['signedIn', 'signedOut'] as const) {
      a1.on(n, () => seen1.push(n));
      a2.on(n, () => seen2.push(n));
    }

    expect((await a1.signIn({ username: 'alice', password: 'Passw0rd!x' })).signedIn).toBe(true);
    await new Promise((r) => setTimeout(r, 50)); // let any stray cross-instance message arrive
    expect(a1.getState().status).toBe('signedIn');
    expect(a2.getState().status).toBe('signedOut');
    expect(seen2).toEqual([]);

    expect((await a2.signIn({ username: 'bob', password: 'Passw0rd!x' })).signedIn).toBe(true);
    expect(a1.getState().user?.['cognito:username']).toBe('alice');
    expect(a2.getState().user?.['cognito:username']).toBe('bob');
    const [t1, t2] = await Promise.all([a1.getTokens(), a2.getTokens()]);
    expect(t1.accessToken).not.toBe(t2.accessToken);

    await a1.signOut();
    await new Promise((r) => setTimeout(r, 50));
    expect(a1.getState().status).toBe('signedOut');
    expect(a2.getState().status).toBe('signedIn');
    expect((await a2.getTokens()).accessToken).toBe(t2.accessToken);
    expect(seen1).toEqual(['signedIn', 'signedOut']);
    expect(seen2).toEqual(['signedIn']);
  });
});
