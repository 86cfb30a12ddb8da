/**
 * Real Chromium (Debian's /usr/bin/chromium via playwright-core): IndexedDB, BroadcastChannel and
 * Web Locks as they ship. One origin on 127.0.0.1 serves the page, the esbuild bundle of the
 * public entry, and the emulator's wire protocol; every count is read from emu.requests.
 * When CI=true and Chromium is missing, these tests fail (launch throws) instead of skipping.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bundleLibrary, initAuth, launch, openTab, runChromium, serveApp } from './chromium-harness.js';
import { emulatorFixture } from './emulator-fixture.js';

const K = 5;
const MIN = 60_000;

describe.runIf(runChromium)('session across tabs in Chromium', () => {
  let browser: Browser;
  let bundle: string;
  let fx: Awaited<ReturnType<typeof emulatorFixture>>;
  let app: Awaited<ReturnType<typeof serveApp>>;
  let context: BrowserContext;

  beforeAll(async () => {
    bundle = await bundleLibrary();
    fx = await emulatorFixture({ users: 1, grace: 0 });
    app = await serveApp(fx.emu, bundle);
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  const refreshes = (since: number) =>
    fx.emu.requests.slice(since).filter((r) => r.target === 'GetTokensFromRefreshToken' || r.target === 'InitiateAuth');

  async function signedInTabs(o: { rotation: boolean; noWebLocks?: boolean; k?: number; extra?: Record<string, unknown> }): Promise<Page[]> {
    context = await browser.newContext();
    const config = {
      userPoolId: fx.userPoolId,
      clientId: o.rotation ? fx.rotatingClientId : fx.plainClientId,
      refreshTokenRotation: o.rotation,
      leewayMs: MIN,
      noWebLocks: !!o.noWebLocks,
      ...o.extra,
    };
    const first = await openTab(context, app.url, config);
    const step = await first.evaluate(
      ([u, p]) => (window as any).auth.signIn({ username: u, password: p, flow: 'USER_PASSWORD_AUTH' }).then((s: any) => s.signedIn),
      [fx.usernames[0], fx.password] as const,
    );
    expect(step).toBe(true);
    const tabs = [first];
    for (let i = 1; i < (o.k ?? K); i++) tabs.push(await openTab(context, app.url, config));
    for (const t of tabs) expect(await t.evaluate(() => (window as any).auth.getState().status)).toBe('signedIn');
    return tabs;
  }

  /** Moves every tab's clock to 30 s before the tokens expire: all due at once (leeway 1 min). */
  async function makeDue(tabs: Page[]) {
    const expiresAt = await tabs[0]!.evaluate(() => (window as any).auth.getTokens().then((t: any) => t.expiresAt));
    await Promise.all(tabs.map((t) => t.evaluate((at) => ((window as any).skew = at - 30_000 - Date.now()), expiresAt)));
  }

  const tokensIn = (tabs: Page[]) =>
    Promise.all(tabs.map((t) => t.evaluate(() => (window as any).auth.getTokens().then((x: any) => x))));

  for (const rotation of [false, true]) {
    it(`K=${K} tabs due at once refresh with exactly 1 request, all get the new tokens (rotation ${rotation ? 'on' : 'off'})`, async () => {
      const tabs = await signedInTabs({ rotation });
      const before = await tabs[0]!.evaluate(() => (window as any).auth.getTokens().then((x: any) => x));
      for (let round = 0; round < 3; round++) {
        await makeDue(tabs);
        const since = fx.emu.requests.length;
        const got = await tokensIn(tabs);
        const log = refreshes(since);
        expect(log.map((r) => r.status)).toEqual([200]);
        expect(log.filter((r) => r.errorType === 'RefreshTokenReuseException')).toEqual([]);
        expect(new Set(got.map((t) => t.accessToken)).size).toBe(1);
        expect(got[0].accessToken).not.toBe(before.accessToken);
        if (rotation) expect(new Set(got.map((t) => t.refreshToken)).size).toBe(1);
        before.accessToken = got[0].accessToken;
      }
      // the other tabs heard of it (BroadcastChannel) as tokensRefreshed from a remote tab
      const remote = await Promise.all(tabs.map((t) => t.evaluate(() => (window as any).events.filter((e: any) => e.name === 'tokensRefreshed' && e.remote).length)));
      expect(remote.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(K - 1);
    }, 120_000);
  }

  it('without Web Locks, the fallback (IndexedDB lease + BroadcastChannel) keeps the single flight (rotation on)', async () => {
    const tabs = await signedInTabs({ rotation: true, noWebLocks: true });
    expect(await tabs[1]!.evaluate(() => 'locks' in navigator && (navigator as any).locks)).toBeFalsy();
    for (let round = 0; round < 5; round++) {
      await makeDue(tabs);
      const since = fx.emu.requests.length;
      const got = await tokensIn(tabs);
      const log = refreshes(since);
      expect(log.map((r) => r.status)).toEqual([200]);
      expect(new Set(got.map((t) => t.refreshToken)).size).toBe(1);
    }
  }, 120_000);

  it('a sign-out in one tab signs out all, a sign-in in one signs in all', async () => {
    const tabs = await signedInTabs({ rotation: false });
    const since = fx.emu.requests.length;
    await tabs[2]!.evaluate(() => (window as any).auth.signOut());
    expect(fx.emu.requests.slice(since).map((r) => r.target)).toEqual(['RevokeToken']);
    for (const t of tabs) {
      await t.waitForFunction(() => (window as any).auth.getState().status === 'signedOut', undefined, { timeout: 5000 });
    }
    const remote = await Promise.all(tabs.map((t) => t.evaluate(() => (window as any).events.some((e: any) => e.name === 'signedOut' && e.remote))));
    expect(remote.filter(Boolean)).toHaveLength(K - 1);
    const errors = await Promise.all(tabs.map((t) => t.evaluate(() => (window as any).auth.getTokens().then(() => 'tokens', (e: any) => e.code))));
    expect(errors).toEqual(Array(K).fill('NotSignedIn'));
    // and a sign-in in another tab is seen by all
    await tabs[4]!.evaluate(
      ([u, p]) => (window as any).auth.signIn({ username: u, password: p, flow: 'USER_PASSWORD_AUTH' }),
      [fx.usernames[0], fx.password] as const,
    );
    for (const t of tabs) {
      await t.waitForFunction(() => (window as any).auth.getState().status === 'signedIn', undefined, { timeout: 5000 });
    }
    const users = await Promise.all(tabs.map((t) => t.evaluate(() => (window as any).auth.getState().user['cognito:username'])));
    expect(users).toEqual(Array(K).fill(fx.usernames[0]));
    const tokens = await tokensIn(tabs);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
  }, 120_000);

  it('a reload keeps the session from IndexedDB, with the refresh token encrypted at rest', async () => {
    const [tab] = await signedInTabs({ rotation: true, k: 1 });
    const page = tab!;
    const before = await page.evaluate(() => (window as any).auth.getTokens());
    await page.reload();
    const since = fx.emu.requests.length;
    await initAuth(page, { userPoolId: fx.userPoolId, clientId: fx.rotatingClientId, refreshTokenRotation: true, leewayMs: MIN });
    expect(await page.evaluate(() => (window as any).auth.getState().status)).toBe('signedIn');
    const after = await page.evaluate(() => (window as any).auth.getTokens());
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(fx.emu.requests.length).toBe(since); // no sign-in, no refresh: it came from IndexedDB
    // what a copy of the database shows: access/id tokens, but not the refresh token
    const dump = await page.evaluate(async () => {
      const db: IDBDatabase = await new Promise((res, rej) => {
        const r = indexedDB.open('cognito-edge');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const store = db.transaction(db.objectStoreNames[0]!, 'readonly').objectStore(db.objectStoreNames[0]!);
      const values: unknown[] = await new Promise((res) => {
        const r = store.getAll();
        r.onsuccess = () => res(r.result);
      });
      const text = (v: unknown): string =>
        v instanceof Uint8Array ? new TextDecoder().decode(v) : typeof v === 'object' && v ? Object.values(v).map(text).join('|') : String(v);
      const key = values.find((v) => v instanceof CryptoKey) as CryptoKey | undefined;
      return { text: values.map(text).join('\n'), keyExtractable: key?.extractable, keyAlg: key?.algorithm.name };
    });
    expect(dump.text).toContain(before.accessToken);
    expect(dump.text).not.toContain(before.refreshToken);
    expect(dump.keyAlg).toBe('AES-GCM');
    expect(dump.keyExtractable).toBe(false);
    // and the restored session still refreshes
    await page.evaluate(() => (window as any).auth.getTokens({ forceRefresh: true }));
    expect(refreshes(since).map((r) => r.status)).toEqual([200]);
  }, 120_000);

  it('proactive refresh: 5 tabs whose timers wake at once (clock jump) refresh with 1 request', async () => {
    const tabs = await signedInTabs({ rotation: true, extra: { autoRefresh: true, wakeCheckMs: 250 } });
    const before = await tabs[0]!.evaluate(() => (window as any).auth.getTokens().then((t: any) => t.accessToken));
    const since = fx.emu.requests.length;
    await makeDue(tabs); // like waking from sleep: every tab's wall clock jumps past the refresh point
    for (const t of tabs) {
      await t.waitForFunction(() => (window as any).events.some((e: any) => e.name === 'tokensRefreshed'), undefined, { timeout: 10_000 });
    }
    await new Promise((r) => setTimeout(r, 1000)); // let any straggler fire
    expect(refreshes(since).map((r) => r.status)).toEqual([200]);
    const got = await tokensIn(tabs); // fresh now: no further request
    expect(new Set(got.map((t) => t.accessToken)).size).toBe(1);
    expect(got[0].accessToken).not.toBe(before);
    expect(refreshes(since)).toHaveLength(1);
  }, 120_000);

  it('a tab hung while holding the refresh lock stalls the others no longer than the lock timeout', async () => {
    const tabs = await signedInTabs({ rotation: true, extra: { lockTimeoutMs: 4000 } });
    const [hung, ...others] = tabs;
    const lockName = `cognito-edge:refresh:${fx.rotatingClientId}:${fx.usernames[0]}`;
    // the hung tab holds the lock and never lets go (a frozen tab mid-refresh)
    await hung!.evaluate((name) => {
      (window as any).held = new Promise<void>((granted) => {
        navigator.locks
          .request(name, () => {
            granted();
            return new Promise(() => {});
          })
          .catch(() => {}); // stolen: expected
      });
      return (window as any).held;
    }, lockName);
    await makeDue(others);
    const since = fx.emu.requests.length;
    const t0 = Date.now();
    const got = await tokensIn(others);
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(3900); // they did wait for the holder...
    expect(waited).toBeLessThan(4000 + 6000); // ...but not beyond the 4 s lock timeout (plus slack for slow CI)
    expect(refreshes(since).map((r) => r.status)).toEqual([200]);
    expect(new Set(got.map((t) => t.refreshToken)).size).toBe(1);
  }, 120_000);

  it('a tab killed while holding the lock does not stall the others', async () => {
    const tabs = await signedInTabs({ rotation: true });
    const [victim, ...others] = tabs;
    const lockName = `cognito-edge:refresh:${fx.rotatingClientId}:${fx.usernames[0]}`;
    await victim!.evaluate(
      (name) =>
        new Promise<void>((granted) => {
          navigator.locks
            .request(name, () => {
              granted();
              return new Promise(() => {});
            })
            .catch(() => {}); // stolen: expected
        }),
      lockName,
    );
    await makeDue(others);
    const since = fx.emu.requests.length;
    const t0 = Date.now();
    const pending = tokensIn(others);
    await new Promise((r) => setTimeout(r, 1000));
    await victim!.close({ runBeforeUnload: false }); // the browser releases a closed tab's locks
    const got = await pending;
    const waited = Date.now() - t0;
    expect(waited).toBeLessThan(10_000);
    expect(refreshes(since).map((r) => r.status)).toEqual([200]);
    expect(new Set(got.map((t) => t.accessToken)).size).toBe(1);
  }, 120_000);
});
