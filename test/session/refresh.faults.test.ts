/**
 * Fault injection: ≥ 1,000 randomized runs of refresh through createAuth against the emulator,
 * with faults injected into the network (a wrapper around the emulator's fetch): requests dropped
 * before the service, responses lost after it (non-rotating clients), delays past the timeout,
 * 5xx (JSON and HTML), throttling, garbage 200 bodies, and jumps of the local clock. Some runs
 * also get a definitive refusal (token revoked, global sign-out, user disabled).
 *
 * Expected: 0 sessions lost, 0 unhandled rejections, sessionExpired exactly for the runs with a
 * definitive refusal, and every token getTokens hands out is valid for the leeway.
 *
 * Rotation and lost responses: when the service rotated a refresh token but the response never
 * arrived, the old token works again only within RetryGracePeriodSeconds (as with Cognito), and
 * no client can do better. So in rotating runs a lost response is followed by a network that
 * recovers within the grace period (no faults until a refresh answer arrives, and time moves at
 * most 20 s between calls meanwhile); the session must then retry in time (it owes a refresh
 * after an unanswered one, even while its tokens are still valid). "Lost" includes answers the
 * service gave but the client dropped (its timeout fired while it was reading them).
 *
 * Replay: every run is seeded (seed = FAULT_SEED + run, default base 0x5e550000); FAULT_RUNS,
 * FAULT_FROM and FAULT_DEBUG=1 narrow and trace a failing run.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuth, type Auth } from '../../src/session/create-auth.js';
import { isSessionError } from '../../src/session/session-errors.js';
import { memoryStorage } from '../../src/session/storage.js';
import { emulatorFixture } from './emulator-fixture.js';

const RUNS = Number(process.env.FAULT_RUNS ?? 1000);
const MIN = 60_000;
const LEEWAY = 60_000;

/** mulberry32: a small seeded PRNG so every run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const json = (status: number, body: unknown, type?: string) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) },
  });

const GARBAGE = [
  'not json at all',
  '',
  '{}',
  '{"AuthenticationResult":',
  '{"AuthenticationResult":{"AccessToken":"x","IdToken":"y","ExpiresIn":3600}}',
  '{"AuthenticationResult":{"AccessToken":"a.b.c","IdToken":"a.b.c"}}',
  '[1,2,3]',
  'null',
];

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
/** Requests the emulator is working on (real async work: RS256 signing); fake time waits for them. */
let busy = 0;
async function serve(fetch: (u: string, i: RequestInit) => Promise<Response>, url: string, init: RequestInit): Promise<Response> {
  busy++;
  try {
    return await fetch(url, init);
  } finally {
    busy--;
  }
}
/**
 * Runs fake time until `p` settles. Time stands still while the emulator works (as if the service
 * answered instantly), so only the injected faults decide what times out.
 */
async function drive<T>(p: Promise<T>, stepMs = 250): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; !done && i < 100_000; ) {
    await new Promise((r) => setImmediate(r));
    if (!done && busy === 0) {
      await advance(stepMs);
      i++;
    }
  }
  if (!done) throw new Error('drive: the promise never settled');
  return p;
}

describe('refresh under injected faults', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
    vi.useFakeTimers({ now: Date.UTC(2026, 5, 1), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterAll(() => {
    vi.useRealTimers();
    process.off('unhandledRejection', onUnhandled);
  });

  it(`${RUNS} randomized runs: no session lost, sessionExpired only for definitive refusals`, { timeout: 600_000 }, async () => {
    const fx = await emulatorFixture({ now: () => Date.now(), users: 1, grace: 60 });
    const username = fx.usernames[0]!;
    const totals = { runs: 0, faults: 0, refusals: 0, expired: 0, lost: 0, refreshFailed: 0, getTokensOk: 0, getTokensFailed: 0, badTokens: 0 };
    const problems: string[] = [];

    for (let run = Number(process.env.FAULT_FROM ?? 0); run < RUNS; run++) {
      const seed = Number(process.env.FAULT_SEED ?? 0x5e55_0000) + run;
      const rnd = prng(seed);
      const rotation = rnd() < 0.5;
      const clientId = rotation ? fx.rotatingClientId : fx.plainClientId;
      let faultsOn = false;
      let skew = 0; // the local clock's error
      let pendingLoss = false; // a rotated token's response was lost and no refresh has succeeded since
      let unconfirmed = false; // the service rotated the token; the session has not taken the answer yet

      /** To the emulator; a rotating refresh answered after the client gave up is a lost response. */
      const forward = async (url: string, init: RequestInit) => {
        const res = await serve(fx.emu.fetch, url, init);
        if (rotation && res.status === 200 && /GetTokensFromRefreshToken/.test(String(new Headers(init.headers).get('x-amz-target')))) {
          if (init.signal?.aborted) pendingLoss = true;
          else unconfirmed = true;
        }
        return res;
      };
      const debug = process.env.FAULT_DEBUG ? (...a: unknown[]) => console.log(`[${seed}] ${Date.now() % 10_000_000}`, ...a) : () => {};
      const fetch = async (url: string, init: RequestInit): Promise<Response> => {
        const target = String(new Headers(init.headers).get('x-amz-target') ?? '');
        if (process.env.FAULT_DEBUG) {
          const id = Math.random().toString(36).slice(2, 6);
          debug(id, 'start', target.split('.')[1], 'rt', JSON.parse(String(init.body)).RefreshToken?.slice(0, 8), 'pending', pendingLoss);
          const res = await fetchInner(url, init, target).then((r) => r, (e: unknown) => { debug(id, 'threw', String(e)); throw e; });
          debug(id, 'status', res.status, faultsOn, 'aborted', init.signal?.aborted, fx.emu.requests.at(-1)?.errorType);
          return res;
        }
        return fetchInner(url, init, target);
      };
      const fetchInner = async (url: string, init: RequestInit, target: string): Promise<Response> => {
        if (!faultsOn || !/GetTokensFromRefreshToken|InitiateAuth/.test(target)) return forward(url, init);
        if (pendingLoss) {
          // rotating client after a lost response: the network recovers within the grace period
          const res = await forward(url, init);
          if (res.status === 200) pendingLoss = false;
          return res;
        }
        const r = rnd();
        totals.faults++;
        if (r < 0.12) throw new TypeError('Failed to fetch');
        if (r < 0.2) {
          // the service handles it, the response is lost
          await forward(url, init);
          if (rotation) pendingLoss = true;
          throw new TypeError('network connection lost');
        }
        if (r < 0.3) {
          // a delay, sometimes past the request timeout (the client aborts through the signal)
          const ms = Math.floor(rnd() * 15_000);
          await new Promise<void>((resolve, reject) => {
            const t = setTimeout(resolve, ms);
            init.signal?.addEventListener('abort', () => {
              clearTimeout(t);
              reject(init.signal!.reason ?? new DOMException('aborted', 'AbortError'));
            });
          });
          return forward(url, init);
        }
        if (r < 0.38) return json(500, { __type: 'InternalErrorException', message: 'Internal error' }, 'InternalErrorException');
        if (r < 0.42) return new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
        if (r < 0.47) return json(503, { __type: 'ServiceUnavailable', message: 'try later' });
        if (r < 0.55) {
          const type = rnd() < 0.5 ? 'TooManyRequestsException' : 'ThrottlingException';
          return json(400, { __type: `com.amazonaws.cognito#${type}`, message: 'Rate exceeded' }, type);
        }
        if (r < 0.65) return json(200, GARBAGE[Math.floor(rnd() * GARBAGE.length)]!);
        return forward(url, init);
      };

      // memory without at-rest encryption: every storage step is a microtask, so fake time stays exact
      const storage = { ...memoryStorage(), structuredClone: false };
      const auth: Auth = createAuth({
        userPoolId: fx.userPoolId,
        clientId,
        endpoint: 'http://emulator.test',
        fetch,
        storage,
        now: () => Date.now() + skew,
        refreshTokenRotation: rotation,
        leewayMs: LEEWAY,
        autoRefresh: rnd() < 0.5,
        crossTab: false,
        precomputeSrp: false,
      });
      const seen = { expired: 0, failed: 0, expiredErrors: [] as unknown[] };
      auth.on('sessionExpired', (e) => {
        seen.expired++;
        seen.expiredErrors.push(e.error);
      });
      auth.on('refreshFailed', (e) => {
        // an answer the service gave was dropped on our side (e.g. the client timed out while reading it)
        if (unconfirmed) pendingLoss = true;
        unconfirmed = false;
        seen.failed++;
        debug('refreshFailed', e.attempt, String(e.error));
      });
      auth.on('tokensRefreshed', () => {
        unconfirmed = false;
        debug('tokensRefreshed');
      });

      const step = await drive(auth.signIn({ username, password: fx.password, flow: 'USER_PASSWORD_AUTH' }));
      expect(step.signedIn).toBe(true);

      faultsOn = true;
      const ops = 2 + Math.floor(rnd() * 5);
      const refuseAt = rnd() < 0.1 ? Math.floor(rnd() * ops) : -1;
      let refusal: 'revoke' | 'global' | 'disable' | undefined;
      for (let op = 0; op < ops; op++) {
        if (op === refuseAt) {
          const kind = (['revoke', 'global', 'disable'] as const)[Math.floor(rnd() * 3)]!;
          refusal = kind;
          totals.refusals++;
          const rt = (await drive(auth.getTokens().catch(() => undefined)))?.refreshToken;
          if (kind === 'revoke') {
            // revoke whatever refresh token the session holds now (peek via storage-independent path)
            const current = rt ?? undefined;
            if (current) await fx.emu.call('RevokeToken', { ClientId: clientId, Token: current });
            else await fx.emu.call('AdminUserGlobalSignOut', { UserPoolId: fx.userPoolId, Username: username });
          } else if (kind === 'global') {
            await fx.emu.call('AdminUserGlobalSignOut', { UserPoolId: fx.userPoolId, Username: username });
          } else {
            await fx.emu.call('AdminDisableUser', { UserPoolId: fx.userPoolId, Username: username });
          }
        }
        const r = rnd();
        if (r < 0.25) skew += Math.floor((rnd() - 0.5) * 4 * 3_600_000); // the local clock jumps ±2 h
        // time passes (tokens live 5 minutes): sometimes little, sometimes past expiry
        // requests still at the service finish first, so a response lost meanwhile is known
        while (busy > 0) await new Promise((r) => setImmediate(r));
        const pass = Math.floor(rnd() * 8 * MIN);
        await drive(new Promise((r) => setTimeout(r, pendingLoss ? Math.min(pass, 20_000) : pass)));
        const force = rnd() < 0.3;
        const callers = 1 + Math.floor(rnd() * 3);
        const results = await drive(
          Promise.allSettled(Array.from({ length: callers }, () => auth.getTokens(force ? { forceRefresh: true } : undefined))),
        );
        for (const res of results) {
          if (res.status === 'fulfilled') {
            totals.getTokensOk++;
            // valid for the leeway on the clock the session measured drift with
            if (res.value.expiresAt - (Date.now() + skew) < Math.min(LEEWAY, 2.5 * MIN) - 1) totals.badTokens++;
          } else {
            totals.getTokensFailed++;
            const e = res.reason;
            const ok = isSessionError(e, 'RefreshFailed') || (refusal && (isSessionError(e, 'SessionExpired') || isSessionError(e, 'NotSignedIn')));
            if (!ok) problems.push(`seed ${seed}: getTokens rejected with ${String(e)} (refusal ${refusal})`);
          }
        }
      }

      // faults off: the session must be alive (or, after a refusal, expired exactly once)
      faultsOn = false;
      await drive(new Promise((r) => setTimeout(r, 2 * MIN)));
      const final = await drive(auth.getTokens({ forceRefresh: true }).then((t) => ({ t }), (e: unknown) => ({ e })));
      if (refusal) {
        if (!('e' in final) || seen.expired !== 1 || auth.getState().status !== 'signedOut') {
          problems.push(`seed ${seed}: refusal ${refusal} did not end the session once (expired ${seen.expired}, ${JSON.stringify(final).slice(0, 80)})`);
        }
        for (const err of seen.expiredErrors) {
          const name = (err as { name?: string }).name;
          if (!['NotAuthorizedException', 'RefreshTokenReuseException', 'UserNotFoundException'].includes(String(name))) {
            problems.push(`seed ${seed}: sessionExpired for ${name}`);
          }
        }
        totals.expired += seen.expired;
        if (refusal === 'disable') await fx.emu.call('AdminEnableUser', { UserPoolId: fx.userPoolId, Username: username });
      } else {
        if (!('t' in final) || seen.expired !== 0 || auth.getState().status !== 'signedIn') {
          totals.lost++;
          problems.push(
            `seed ${seed}: session lost (expired ${seen.expired} by ${seen.expiredErrors.map((e) => `${(e as Error).name}: ${(e as Error).message}`).join(', ')}; ${'e' in final ? String(final.e) : 'ok'})`,
          );
        } else {
          // the tokens are real: the service accepts the access token
          const me = (await fx.emu.call('GetUser', { AccessToken: final.t.accessToken }).catch((e: unknown) => ({ Username: String(e) }))) as { Username: string };
          if (me.Username !== username) problems.push(`seed ${seed}: GetUser answered ${me.Username}`);
        }
      }
      totals.refreshFailed += seen.failed;
      totals.runs++;
      auth.dispose();
      await drive(new Promise((r) => setTimeout(r, 0)));
    }

    console.log('fault injection totals', totals, 'unhandled', unhandled.length);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(totals.runs).toBe(RUNS - Number(process.env.FAULT_FROM ?? 0));
    expect(totals.lost).toBe(0);
    expect(totals.badTokens).toBe(0);
    expect(totals.expired).toBe(totals.refusals);
    expect(unhandled).toEqual([]);
    // the faults really happened and really bit
    expect(totals.faults).toBeGreaterThan(RUNS);
    expect(totals.refreshFailed).toBeGreaterThan(100);
  });
});
