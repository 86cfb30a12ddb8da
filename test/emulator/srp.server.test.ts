/**
 * The emulator's server side of SRP: a proof made with the real password is accepted, any
 * other is refused, and the server refuses the degenerate client values SRP-6a forbids.
 */
import { describe, expect, it } from 'vitest';
import { computeVerifier, srpGroup, startSrp, computePasswordClaim, poolNameFromId } from '../../src/core/srp.js';
import { parseSrpA, parseSrpTimestamp, startSrpServer, verifySrpClaim } from '../../src/emulator/srp-server.js';
import { webRandom } from '../../src/emulator/util.js';
import { fixture, rejection, srpSignIn } from './flows-helpers.js';

const POOL = 'us-east-1_TestPool1';

function serverSide(password: string) {
  const salt = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const v = computeVerifier(salt, poolNameFromId(POOL), 'alice', password);
  const server = startSrpServer({ verifier: v, random: webRandom });
  return { salt, v, server };
}

describe('srp-server', () => {
  it('accepts the claim of a client that knows the password and refuses a wrong one', async () => {
    const { salt, v, server } = serverSide('correct horse');
    const secretBlock = btoa('opaque-secret-block-value');
    for (const [password, expected] of [
      ['correct horse', true],
      ['correct horsf', false],
    ] as const) {
      const start = startSrp();
      const claim = await computePasswordClaim({
        start,
        userPoolId: POOL,
        password,
        challengeParameters: { USER_ID_FOR_SRP: 'alice', SRP_B: server.SRP_B, SALT: salt, SECRET_BLOCK: secretBlock },
      });
      const ok = await verifySrpClaim({
        A: start.A,
        server,
        verifier: v,
        prefix: poolNameFromId(POOL),
        userId: 'alice',
        secretBlock,
        timestamp: claim.TIMESTAMP,
        signature: claim.PASSWORD_CLAIM_SIGNATURE,
      });
      expect(ok).toBe(expected);
    }
  });

  it('refuses the proof when the user id, secret block or timestamp differ from what was signed', async () => {
    const { salt, v, server } = serverSide('pw');
    const secretBlock = btoa('block-1');
    const start = startSrp();
    const claim = await computePasswordClaim({
      start,
      userPoolId: POOL,
      password: 'pw',
      challengeParameters: { USER_ID_FOR_SRP: 'alice', SRP_B: server.SRP_B, SALT: salt, SECRET_BLOCK: secretBlock },
    });
    const base = {
      A: start.A,
      server,
      verifier: v,
      prefix: poolNameFromId(POOL),
      userId: 'alice',
      secretBlock,
      timestamp: claim.TIMESTAMP,
      signature: claim.PASSWORD_CLAIM_SIGNATURE,
    };
    expect(await verifySrpClaim(base)).toBe(true);
    expect(await verifySrpClaim({ ...base, userId: 'bob' })).toBe(false);
    expect(await verifySrpClaim({ ...base, secretBlock: btoa('block-2') })).toBe(false);
    const otherSecond = base.timestamp.replace(/\d\d UTC/, (m) => (m === '59 UTC' ? '58 UTC' : '59 UTC'));
    expect(otherSecond).not.toBe(base.timestamp);
    expect(await verifySrpClaim({ ...base, timestamp: otherSecond })).toBe(false);
  });

  it('refuses A ≡ 0 (mod N), which would make the key independent of the password', async () => {
    const { N } = srpGroup();
    expect(parseSrpA('0')).toBeUndefined();
    expect(parseSrpA(N.toString(16))).toBeUndefined();
    expect(parseSrpA((2n * N).toString(16))).toBeUndefined();
    expect(parseSrpA('zz')).toBeUndefined();
    expect(parseSrpA('02')).toBe(2n);
    // Even if a caller skipped parseSrpA, the verifier refuses A = N.
    const { v, server } = serverSide('pw');
    expect(
      await verifySrpClaim({ A: N, server, verifier: v, prefix: 'p', userId: 'u', secretBlock: 'AAAA', timestamp: 't', signature: 'AAAA' }),
    ).toBe(false);
  });

  it('parses the TIMESTAMP format (day not zero-padded) and rejects malformed ones', () => {
    expect(parseSrpTimestamp('Tue Sep 5 07:04:11 UTC 2023')).toBe(Date.UTC(2023, 8, 5, 7, 4, 11));
    expect(parseSrpTimestamp('Tue Sep 05 07:04:11 UTC 2023')).toBeUndefined();
    expect(parseSrpTimestamp('Wed Sep 5 07:04:11 UTC 2023')).toBeUndefined();
    expect(parseSrpTimestamp('Tue Sep 5 25:04:11 UTC 2023')).toBeUndefined();
  });
});

describe('USER_SRP_AUTH over the wire', () => {
  it('signs in with the right password and refuses a wrong one with Cognito\'s message', async () => {
    const f = await fixture();
    const { init, out } = await srpSignIn(f);
    expect(init.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(init.ChallengeParameters?.USER_ID_FOR_SRP).toBe('alice');
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(out.AuthenticationResult?.RefreshToken).toBeTruthy();
    const err = await rejection(srpSignIn(f, { password: 'Wrong-passw0rd!' }));
    expect(err.name).toBe('NotAuthorizedException');
    expect(err.message).toBe('Incorrect username or password.');
  });

  it('refuses a replayed proof: the secret block is a single-use session', async () => {
    const f = await fixture();
    const { request, out } = await srpSignIn(f);
    expect(out.AuthenticationResult).toBeDefined();
    const err = await rejection(f.sdk.respondToAuthChallenge(request));
    expect(err.name).toBe('NotAuthorizedException');
    expect(err.message).toBe('Invalid session for the user, session can only be used once.');
  });

  it('refuses a client SRP_A of 0 mod N at InitiateAuth', async () => {
    const f = await fixture();
    const { N } = srpGroup();
    const err = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: N.toString(16) } }),
    );
    expect(err.name).toBe('NotAuthorizedException');
  });

  it('gives an unknown user a challenge no proof can answer when PreventUserExistenceErrors is on, and UserNotFound when LEGACY (the default)', async () => {
    const f = await fixture({ client: { PreventUserExistenceErrors: 'ENABLED' } });
    const err = await rejection(srpSignIn(f, { username: 'nobody' }));
    expect(err.message).toBe('Incorrect username or password.');
    const legacy = await fixture();
    const err2 = await rejection(srpSignIn(legacy, { username: 'nobody' }));
    expect(err2.name).toBe('UserNotFoundException');
  });
});

describe('PASSWORD_VERIFIER input checks', () => {
  // Cognito answers a malformed TIMESTAMP like a wrong proof (measured on a real pool, ministack
  // PR #1758), so a client with the zero-padding bug sees the same error offline as on AWS.
  it('answers a malformed TIMESTAMP (zero-padded day, ISO date) with "Incorrect username or password." and counts it', async () => {
    const f = await fixture();
    const answer = async (timestamp: (t: string) => string) => {
      const start = startSrp();
      const init = await f.sdk.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: start.SRP_A } });
      const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
      const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password: 'Passw0rd!', challengeParameters: cp, now: new Date(Date.UTC(2023, 8, 5, 7, 4, 11)) });
      expect(claim.TIMESTAMP).toBe('Tue Sep 5 07:04:11 UTC 2023');
      return rejection(
        f.sdk.respondToAuthChallenge({
          ChallengeName: 'PASSWORD_VERIFIER',
          ClientId: f.clientId,
          ChallengeResponses: { USERNAME: 'alice', ...claim, TIMESTAMP: timestamp(claim.TIMESTAMP) },
        }),
      );
    };
    const padded = (t: string) => t.replace(' 5 ', ' 05 ');
    const iso = () => new Date().toISOString();
    for (const malformed of [padded, iso, padded, iso, padded]) {
      expect(await answer(malformed)).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    }
    expect(await answer(padded)).toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });
});
