// The newcomer's first command, as a person would use it: `node demo/serve.mjs` starts the
// emulator and the demo page; real Chromium signs in through the page, refreshes, and signs out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure, never a silent skip.
const d = haveChromium || process.env.CI ? describe : describe.skip;

d('demo page (npm run demo)', () => {
  let child: ChildProcess;
  let browser: Browser;
  let pageUrl = '';

  beforeAll(async () => {
    if (!existsSync('dist/emulator.js')) throw new Error('dist/ is missing: npm test builds it first');
    child = spawn(process.execPath, ['demo/serve.mjs', '--port', '0', '--emulator-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}`)), 30_000);
      const onData = (b: Buffer) => {
        out += b.toString();
        const page = /demo:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        const emu = /emulator:\s+http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (page && emu) {
          pageUrl = page[1]!;
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
  });

  it('signs in with SRP, refreshes, keeps the session across a reload, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pageUrl);
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'signedOut');

    await page.click('#signin-form button[type=submit]');
    await page.waitForFunction(() => /signed in as demo/.test(document.getElementById('status')!.textContent!), null, { timeout: 15_000 });
    const claims = JSON.parse((await page.textContent('#claims'))!);
    expect(claims['cognito:username']).toBe('demo');
    expect(claims.email).toBe('demo@example.com');

    await page.click('#refresh');
    await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => /tokensRefreshed/.test(li.textContent!)));

    // The page's own event log saw each transition (the log lives in the page, so read it before the reload).
    const eventsOf = () => page.$$eval('#log li', (lis) => lis.map((li) => li.textContent!.split(/\s+/).pop()));
    expect(await eventsOf()).toEqual(expect.arrayContaining(['signedIn', 'tokensRefreshed']));

    await page.reload();
    await page.waitForFunction(() => /signed in as demo/.test(document.getElementById('status')!.textContent!));

    await page.click('#signout');
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'signedOut');

    expect(await eventsOf()).toContain('signedOut');
    expect(errors).toEqual([]);
    await context.close();
  });
});
