import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Emulator } from '../../src/emulator/index.js';

export const CHROMIUM = '/usr/bin/chromium';
/** In CI a missing browser is a failure, never a skip. */
export const runChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

/** The library's public entry bundled for the browser (IIFE exposing `cognitoEdge`). */
export async function bundleLibrary(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./browser-entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/**
 * One origin on 127.0.0.1 serving a test page, the bundle, and the emulator's wire protocol
 * (POST /), so the pages and Cognito share an origin and every request lands in emu.requests.
 * `hold` can stall refresh requests (to keep a tab inside its refresh).
 */
export async function serveApp(emu: Emulator, bundle: string) {
  const holds: Array<() => boolean> = [];
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><meta charset="utf-8"><title>cognito-edge session test</title><script src="/bundle.js"></script>');
        return;
      }
      if (req.method === 'GET' && url.pathname === '/bundle.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(bundle);
        return;
      }
      if (req.method === 'GET' && url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      while (holds.some((h) => h())) await new Promise((r) => setTimeout(r, 20));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const r = await emu.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }) }));
      const out: Record<string, string> = {};
      r.headers.forEach((v, k) => (out[k] = v));
      res.writeHead(r.status, out);
      res.end(Buffer.from(await r.arrayBuffer()));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    /** While `until()` is true, wire requests wait. */
    hold(until: () => boolean) {
      holds.push(until);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Chromium with a fresh profile (a new context is a fresh, in-memory user-data dir). */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Opens a tab on the app and creates `auth` in it (window.auth), with a controllable clock offset (window.skew). */
export async function openTab(context: BrowserContext, url: string, config: Record<string, unknown>): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[pageerror]', e));
  await page.goto(url);
  await initAuth(page, config);
  return page;
}

/** Creates window.auth in a loaded page and waits until it has read its stored session. */
export async function initAuth(page: Page, config: Record<string, unknown>): Promise<void> {
  await page.evaluate((cfg) => {
    const w = window as unknown as Record<string, any>;
    w.skew = 0;
    w.events = [];
    const { noWebLocks, ...options } = cfg as { noWebLocks?: boolean };
    if (noWebLocks) Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    w.auth = w.cognitoEdge.createAuth({ ...options, endpoint: location.origin, now: () => Date.now() + w.skew });
    for (const name of ['signedIn', 'signedOut', 'tokensRefreshed', 'refreshFailed', 'sessionExpired', 'storageUnavailable']) {
      w.auth.on(name, (e: { remote?: boolean }) => w.events.push({ name, remote: e.remote }));
    }
  }, config);
  await page.waitForFunction(() => (window as any).auth.getState().status !== 'loading');
}
