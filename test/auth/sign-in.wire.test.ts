// What createAuth puts on the wire, read from the requests the emulator receives: SECRET_HASH on
// every call of a client with a secret, and UserContextData, ClientMetadata and AnalyticsMetadata
// passed through where Cognito accepts them. The emulator still answers every call.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { secretHash } from '../../src/core/secret-hash.js';
import { startSrp } from '../../src/core/srp.js';
import { fixture, type Fixture } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';

describe('the wire', () => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  function recorder(f: Fixture) {
    const calls: Array<{ op: string; body: any }> = [];
    const fetch = async (url: string, init: RequestInit) => {
      const target = (init.headers as Record<string, string>)['x-amz-target']!;
      calls.push({ op: target.split('.').pop()!, body: JSON.parse(String(init.body)) });
      return f.emu.fetch(url, init);
    };
    return { calls, fetch };
  }

  it('SECRET_HASH, UserContextData, ClientMetadata and AnalyticsMetadata on sign-in, refresh and sign-up', async () => {
    fx = await fixture({ transport: 'fetch', client: { GenerateSecret: true }, pool: { AutoVerifiedAttributes: ['email'] } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'wes', password: PASSWORD });
    const { calls, fetch } = recorder(fx);
    const auth = fx.auth({
      fetch,
      userContextData: (u) => ({ EncodedData: `ucd-for-${u}` }),
      analyticsMetadata: { AnalyticsEndpointId: 'endpoint-1' },
    });
    expect(await auth.signIn({ username: 'wes', password: PASSWORD, clientMetadata: { origin: 'wire-test' } })).toMatchObject({ signedIn: true });
    const hash = secretHash('wes', fx.clientId, fx.clientSecret!);
    const [init, verifier] = calls;
    expect(init).toMatchObject({
      op: 'InitiateAuth',
      body: {
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: 'wes', SECRET_HASH: hash, SRP_A: expect.stringMatching(/^[0-9a-f]+$/) },
        ClientMetadata: { origin: 'wire-test' },
        UserContextData: { EncodedData: 'ucd-for-wes' },
        AnalyticsMetadata: { AnalyticsEndpointId: 'endpoint-1' },
      },
    });
    expect(verifier).toMatchObject({
      op: 'RespondToAuthChallenge',
      body: {
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: { USERNAME: 'wes', SECRET_HASH: hash, TIMESTAMP: expect.stringMatching(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/) },
        ClientMetadata: { origin: 'wire-test' },
        UserContextData: { EncodedData: 'ucd-for-wes' },
      },
    });
    // Nothing secret leaks into the wire beyond what the protocol needs.
    expect(JSON.stringify(calls)).not.toContain(PASSWORD);
    expect(JSON.stringify(calls)).not.toContain(fx.clientSecret!);

    fx.emu.advanceTime(1000);
    await auth.getTokens({ forceRefresh: true });
    expect(calls.at(-1)).toMatchObject({ op: 'InitiateAuth', body: { AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { SECRET_HASH: hash } } });

    await auth.signUp({ username: 'wren', password: PASSWORD, attributes: { email: 'wren@example.com' }, clientMetadata: { k: 'v' } });
    expect(calls.at(-1)).toMatchObject({
      op: 'SignUp',
      body: {
        SecretHash: secretHash('wren', fx.clientId, fx.clientSecret!),
        UserAttributes: [{ Name: 'email', Value: 'wren@example.com' }],
        ClientMetadata: { k: 'v' },
        UserContextData: { EncodedData: 'ucd-for-wren' },
        AnalyticsMetadata: { AnalyticsEndpointId: 'endpoint-1' },
      },
    });
  });

  it('USER_PASSWORD_AUTH sends the password only in InitiateAuth, once', async () => {
    fx = await fixture({ transport: 'fetch' });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'xavi', password: PASSWORD });
    const { calls, fetch } = recorder(fx);
    await fx.auth({ fetch }).signIn({ username: 'xavi', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' });
    expect(calls.map((c) => c.op)).toEqual(['InitiateAuth']);
    expect(calls[0]!.body.AuthParameters).toEqual({ USERNAME: 'xavi', PASSWORD });
  });

  it('precomputeSrp builds the one-off g = 2 table in slices over several timer ticks, not in one long task', async () => {
    vi.resetModules(); // a fresh core: no table built yet
    const { createAuth: freshCreateAuth } = await import('../../src/session/create-auth.js');
    const { memoryStorage } = await import('../../src/session/storage.js');
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 1)); // every reading: 1 ms later
    const realSetTimeout = globalThis.setTimeout;
    let zeroDelay = 0;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      if (!ms) zeroDelay++;
      return realSetTimeout(fn, ms);
    }) as typeof setTimeout);
    let drawn!: () => void;
    const spareMade = new Promise<void>((r) => (drawn = r));
    const auth = freshCreateAuth({
      userPoolId: 'eu-west-1_Slices1',
      clientId: 'slices',
      storage: memoryStorage(),
      precomputeSrp: true,
      fetch: () => Promise.reject(new Error('no network in this test')),
      random: (n) => {
        drawn();
        return new Uint8Array(n).fill(7);
      },
    });
    await spareMade;
    vi.restoreAllMocks();
    // 64 table rows in slices of ~5 ms of (fake) clock: many ticks, where one long task used to be.
    expect(zeroDelay).toBeGreaterThanOrEqual(8);
    auth.dispose();
  });

  it('precomputeSrp: the SRP start made before signIn (from the injected random) is the one sent', async () => {
    fx = await fixture({ transport: 'fetch' });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'yan', password: PASSWORD });
    const seeded = (counter: { draws: number }) => {
      let n = 0;
      return (length: number) => {
        counter.draws++;
        return Uint8Array.from({ length }, () => (n++ * 131 + 7) & 255);
      };
    };
    const idle = () => new Promise((r) => setTimeout(r, 20));

    const ahead = { draws: 0 };
    const { calls, fetch } = recorder(fx);
    const auth = fx.auth({ fetch, random: seeded(ahead), precomputeSrp: true });
    await idle();
    expect(ahead.draws).toBeGreaterThan(0); // A was made while the page sat idle
    const drawn = ahead.draws;
    await auth.signIn({ username: 'yan', password: PASSWORD });
    expect(ahead.draws).toBe(drawn); // nothing new was drawn on the sign-in's path
    expect(calls[0]!.body.AuthParameters.SRP_A).toBe(startSrp({ random: seeded({ draws: 0 }) }).SRP_A);

    const inline = { draws: 0 };
    const lazy = fx.auth({ random: seeded(inline), precomputeSrp: false });
    await idle();
    expect(inline.draws).toBe(0);
    await lazy.signIn({ username: 'yan', password: PASSWORD });
    expect(inline.draws).toBeGreaterThan(0);
  });
});
