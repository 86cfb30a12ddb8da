/**
 * Load: 100 concurrent clients each doing a full USER_SRP_AUTH sign-in against startEmulator
 * over real HTTP. Bounded counts only (every sign-in succeeds, exactly two requests each, no
 * error logged, tokens belong to the right users); throughput figures live in
 * bench/emulator-load.bench.mjs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePasswordClaim, startSrp } from '../../src/core/srp.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { claims, PASSWORD } from './flows-helpers.js';

const CLIENTS = 100;
let server: RunningEmulator;
let poolId = '';
let clientId = '';

async function call(target: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function srpSignIn(username: string) {
  const start = startSrp();
  const init = await call('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, SRP_A: start.SRP_A },
  });
  if (init.status !== 200) return init;
  const cp = init.json.ChallengeParameters;
  const claim = await computePasswordClaim({ start, userPoolId: poolId, password: PASSWORD, challengeParameters: cp });
  return call('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: clientId,
    ChallengeResponses: { USERNAME: cp.USER_ID_FOR_SRP, ...claim },
  });
}

beforeAll(async () => {
  server = await startEmulator({ port: 0 });
  const emu = server.emulator;
  const pool = await emu.createUserPool({ PoolName: 'load' });
  const client = await emu.createUserPoolClient({ UserPoolId: pool.Id, ClientName: 'load' });
  poolId = pool.Id;
  clientId = client.ClientId;
  for (let i = 0; i < CLIENTS; i++) await emu.createUser({ userPoolId: poolId, username: `user${i}`, password: PASSWORD });
});
afterAll(async () => {
  await server?.close();
});

describe('load', () => {
  it(`${CLIENTS} concurrent SRP sign-ins over HTTP all succeed`, async () => {
    const before = server.emulator.requests.length;
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => srpSignIn(`user${i}`)));
    const failures = results.filter((r) => r.status !== 200 || !r.json.AuthenticationResult?.AccessToken);
    expect(failures).toEqual([]);
    const usernames = results.map((r) => claims(r.json.AuthenticationResult.AccessToken).username);
    expect(usernames).toEqual(Array.from({ length: CLIENTS }, (_, i) => `user${i}`));
    expect(new Set(results.map((r) => claims(r.json.AuthenticationResult.AccessToken).origin_jti)).size).toBe(CLIENTS);
    const log = server.emulator.requests.slice(before);
    expect(log).toHaveLength(2 * CLIENTS);
    expect(log.filter((e) => e.status !== 200)).toEqual([]);
    expect(log.filter((e) => e.target === 'InitiateAuth')).toHaveLength(CLIENTS);
  });
});
