/**
 * Challenge answers name the user by the actual username, never an alias or the sub, and their
 * SECRET_HASH is computed over that username: "the USERNAME attribute can't be an alias"
 * (RespondToAuthChallenge). The challenge hands the username out (USERNAME / USER_ID_FOR_SRP),
 * which is what amazon-cognito-identity-js and our own client answer with. InitiateAuth still
 * takes an alias, with SECRET_HASH over the name as sent.
 */
import { describe, expect, it } from 'vitest';
import { secretHash } from '../../src/core/secret-hash.js';
import { computePasswordClaim, startSrp } from '../../src/core/srp.js';
import { fixture, PASSWORD, rejection } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;
const ALIAS = 'alice@example.com';

async function subOf(f: F): Promise<string> {
  const user = await f.sdk.adminGetUser({ UserPoolId: f.poolId, Username: 'alice' });
  return user.UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
}

/** InitiateAuth (USER_SRP_AUTH) with an alias, then PASSWORD_VERIFIER answered as `as`, hashed over `hashOver`. */
async function srpVia(f: F, o: { as: string; hashOver: string }) {
  const sh = (name: string) => secretHash(name, f.clientId, f.clientSecret!);
  const start = startSrp();
  const init = await f.sdk.initiateAuth({
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: f.clientId,
    AuthParameters: { USERNAME: ALIAS, SRP_A: start.SRP_A, SECRET_HASH: sh(ALIAS) },
  });
  const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
  expect(cp.USER_ID_FOR_SRP).toBe('alice');
  const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password: PASSWORD, challengeParameters: cp });
  return f.sdk.respondToAuthChallenge({
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: f.clientId,
    ChallengeResponses: { USERNAME: o.as, SECRET_HASH: sh(o.hashOver), ...claim },
  });
}

describe('USERNAME and SECRET_HASH in challenge answers', () => {
  it('PASSWORD_VERIFIER: only the actual username, with SECRET_HASH over it', async () => {
    const f = await fixture({ pool: { AliasAttributes: ['email'] }, client: { GenerateSecret: true } });
    const sub = await subOf(f);
    expect(await rejection(srpVia(f, { as: ALIAS, hashOver: ALIAS }))).toMatchObject({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${f.clientId}`,
    });
    expect(await rejection(srpVia(f, { as: ALIAS, hashOver: 'alice' }))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(await rejection(srpVia(f, { as: sub, hashOver: sub }))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await rejection(srpVia(f, { as: 'alice', hashOver: ALIAS }))).toMatchObject({
      message: `Unable to verify secret hash for client ${f.clientId}`,
    });
    const ok = await srpVia(f, { as: 'alice', hashOver: 'alice' });
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('SMS_MFA after a sign-in by alias: the answer must name the actual username', async () => {
    const f = await fixture({
      pool: { AliasAttributes: ['email'], MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } },
    });
    const start = () =>
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: ALIAS, PASSWORD } });
    const answer = (session: string | undefined, USERNAME: string) =>
      f.sdk.respondToAuthChallenge({ ChallengeName: 'SMS_MFA', ClientId: f.clientId, Session: session, ChallengeResponses: { USERNAME, SMS_MFA_CODE: '123456' } });
    const first = await start();
    expect(first.ChallengeName).toBe('SMS_MFA');
    expect(await rejection(answer(first.Session, ALIAS))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const second = await start();
    expect((await answer(second.Session, 'alice')).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('a case-insensitive pool takes the username in another case; a case-sensitive one does not', async () => {
    for (const [CaseSensitive, accepted] of [[false, true], [true, false]] as const) {
      const f = await fixture({ pool: { UsernameConfiguration: { CaseSensitive } } });
      const start = startSrp();
      const init = await f.sdk.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: start.SRP_A } });
      const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
      const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password: PASSWORD, challengeParameters: cp });
      const out = f.sdk.respondToAuthChallenge({ ChallengeName: 'PASSWORD_VERIFIER', ClientId: f.clientId, ChallengeResponses: { USERNAME: 'ALICE', ...claim } });
      if (accepted) expect((await out).AuthenticationResult?.AccessToken).toBeTruthy();
      else expect(await rejection(out)).toMatchObject({ message: 'Incorrect username or password.' });
    }
  });
});
