/**
 * What the emulator must refuse, each with Cognito's exception: a made-up Session, a reused
 * Session, an expired Session, a disabled user (sign-in and refresh), a wrong SECRET_HASH, a
 * replayed SRP proof, an access token with a broken signature, and a token edited to carry
 * another user's sub.
 */
import { describe, expect, it } from 'vitest';
import { secretHash } from '../../src/core/secret-hash.js';
import { totp } from '../../src/core/totp.js';
import { claims, fixture, PASSWORD, rejection, srpSignIn } from './flows-helpers.js';

/** A pool that asks for an SMS code, so sign-ins stop at a Session. */
async function mfaFixture(o: Parameters<typeof fixture>[0] = {}) {
  const f = await fixture(o);
  await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: {} });
  return f;
}

async function startMfa(f: Awaited<ReturnType<typeof fixture>>) {
  const out = await f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });
  expect(out.ChallengeName).toBe('SMS_MFA');
  return out.Session!;
}

function b64url(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

describe('refused by the emulator', () => {
  it('a made-up Session', async () => {
    const f = await mfaFixture();
    await startMfa(f);
    const err = await rejection(
      f.sdk.respondToAuthChallenge({
        ChallengeName: 'SMS_MFA',
        ClientId: f.clientId,
        Session: Buffer.from('made-up session that the server never issued').toString('base64'),
        ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' },
      }),
    );
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });

  it('a reused Session', async () => {
    const f = await mfaFixture();
    const session = await startMfa(f);
    const answer = { ChallengeName: 'SMS_MFA' as const, ClientId: f.clientId, Session: session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } };
    expect((await f.sdk.respondToAuthChallenge(answer)).AuthenticationResult).toBeDefined();
    const err = await rejection(f.sdk.respondToAuthChallenge(answer));
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session can only be used once.' });
  });

  it('a Session older than three minutes', async () => {
    const f = await mfaFixture();
    const session = await startMfa(f);
    f.emu.advanceTime(3 * 60 * 1000 + 1);
    const err = await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'SMS_MFA', ClientId: f.clientId, Session: session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } }),
    );
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it('a Session issued to another app client', async () => {
    const f = await mfaFixture();
    const other = await f.emu.createUserPoolClient({ UserPoolId: f.poolId, ClientName: 'other' });
    const session = await startMfa(f);
    const err = await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'SMS_MFA', ClientId: other.ClientId, Session: session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } }),
    );
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });

  it('a disabled user: sign-in, challenge answers and refresh', async () => {
    const f = await mfaFixture();
    const signed = await f.sdk.adminInitiateAuth({
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', UserPoolId: f.poolId, ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD },
    });
    const done = await f.sdk.respondToAuthChallenge({ ChallengeName: 'SMS_MFA', ClientId: f.clientId, Session: signed.Session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } });
    const refresh = done.AuthenticationResult!.RefreshToken!;
    const pending = await startMfa(f);
    await f.sdk.adminDisableUser({ UserPoolId: f.poolId, Username: 'alice' });
    const answer = await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'SMS_MFA', ClientId: f.clientId, Session: pending, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } }),
    );
    expect(answer).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    const again = await rejection(srpSignIn(f));
    expect(again).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    const r = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: refresh } }),
    );
    expect(r).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    const token = await rejection(f.sdk.getUser({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    expect(token).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
  });

  it('a wrong SECRET_HASH, on InitiateAuth, on a challenge answer and on refresh', async () => {
    const f = await mfaFixture({ client: { GenerateSecret: true } });
    const hash = (u: string) => secretHash(u, f.clientId, f.clientSecret!);
    const wrong = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: hash('mallory') } }),
    );
    expect(wrong).toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${f.clientId}` });
    const start = await f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: hash('alice') } });
    const answer = { ChallengeName: 'SMS_MFA' as const, ClientId: f.clientId, Session: start.Session };
    const bad = await rejection(f.sdk.respondToAuthChallenge({ ...answer, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456', SECRET_HASH: hash('x') } }));
    expect(bad.name).toBe('NotAuthorizedException');
    const done = await f.sdk.respondToAuthChallenge({ ...answer, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456', SECRET_HASH: hash('alice') } });
    const refresh = done.AuthenticationResult!.RefreshToken!;
    const r = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: refresh, SECRET_HASH: hash('bob') } }),
    );
    expect(r.name).toBe('NotAuthorizedException');
    const ok = await f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: refresh, SECRET_HASH: hash('alice') } });
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('a replayed SRP proof, and a proof moved to another secret block', async () => {
    const f = await fixture();
    const { request, out } = await srpSignIn(f);
    expect(out.AuthenticationResult).toBeDefined();
    expect(await rejection(f.sdk.respondToAuthChallenge(request))).toMatchObject({ name: 'NotAuthorizedException' });
    // A fresh challenge: the old signature over the old block does not verify against the new block.
    const fresh = await f.sdk.initiateAuth({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: f.clientId,
      AuthParameters: { USERNAME: 'alice', SRP_A: 'ab'.repeat(64) },
    });
    const moved = await rejection(
      f.sdk.respondToAuthChallenge({
        ...request,
        ChallengeResponses: { ...request.ChallengeResponses, PASSWORD_CLAIM_SECRET_BLOCK: fresh.ChallengeParameters!.SECRET_BLOCK! },
      }),
    );
    expect(moved).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('an access token with a broken signature, and one edited to carry another user\'s sub', async () => {
    const f = await fixture();
    await f.emu.createUser({ userPoolId: f.poolId, username: 'bob', password: PASSWORD });
    const { out } = await srpSignIn(f);
    const token = out.AuthenticationResult!.AccessToken!;
    expect((await f.sdk.getUser({ AccessToken: token })).Username).toBe('alice');
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await rejection(f.sdk.getUser({ AccessToken: flipped }))).toMatchObject({ name: 'NotAuthorizedException' });
    const bobSub = (await f.sdk.adminGetUser({ UserPoolId: f.poolId, Username: 'bob' })).UserAttributes!.find((a) => a.Name === 'sub')!.Value;
    const edited = `${h}.${b64url({ ...claims(token), sub: bobSub, username: 'bob' })}.${s}`;
    expect(await rejection(f.sdk.getUser({ AccessToken: edited }))).toMatchObject({ name: 'NotAuthorizedException' });
    // Nor may it change anything for bob.
    expect(await rejection(f.sdk.setUserMFAPreference({ AccessToken: edited, SMSMfaSettings: { Enabled: false } }))).toMatchObject({
      name: 'NotAuthorizedException',
    });
    // An unsigned (alg none) token is refused too.
    const none = `${b64url({ alg: 'none', kid: JSON.parse(Buffer.from(h, 'base64url').toString()).kid })}.${p}.`;
    expect(await rejection(f.sdk.getUser({ AccessToken: none }))).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('a TOTP code from another secret and a code outside the time window', async () => {
    const f = await fixture();
    await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const token = (await srpSignIn(f)).out.AuthenticationResult!.AccessToken!;
    const { SecretCode } = await f.sdk.associateSoftwareToken({ AccessToken: token });
    const other = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const err = await rejection(f.sdk.verifySoftwareToken({ AccessToken: token, UserCode: totp(other, { time: f.emu.now() }) }));
    expect(err).toMatchObject({ name: 'EnableSoftwareTokenMFAException', message: 'Code mismatch and fail enable Software Token MFA' });
    const stale = totp(SecretCode!, { time: f.emu.now() - 5 * 60_000 });
    const err2 = await rejection(f.sdk.verifySoftwareToken({ AccessToken: token, UserCode: stale }));
    expect(err2.name).toBe('EnableSoftwareTokenMFAException');
    expect((await f.sdk.verifySoftwareToken({ AccessToken: token, UserCode: totp(SecretCode!, { time: f.emu.now() }) })).Status).toBe('SUCCESS');
  });

  it('the same answer sent twice at once: exactly one succeeds (sessions are claimed before anything is awaited)', async () => {
    const f = await mfaFixture();
    const session = await startMfa(f);
    const answer = { ChallengeName: 'SMS_MFA' as const, ClientId: f.clientId, Session: session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } };
    const results = await Promise.allSettled([f.sdk.respondToAuthChallenge(answer), f.sdk.respondToAuthChallenge(answer), f.sdk.respondToAuthChallenge(answer)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as Error).name).toBe('NotAuthorizedException');

    const plain = await fixture();
    const start = await (async () => {
      const { startSrp, computePasswordClaim } = await import('../../src/core/srp.js');
      const a = startSrp();
      const init = await plain.sdk.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: plain.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: a.SRP_A } });
      const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
      return { ChallengeName: 'PASSWORD_VERIFIER' as const, ClientId: plain.clientId, ChallengeResponses: { USERNAME: 'alice', ...(await computePasswordClaim({ start: a, userPoolId: plain.poolId, password: PASSWORD, challengeParameters: cp })) } };
    })();
    const proofs = await Promise.allSettled([plain.sdk.respondToAuthChallenge(start), plain.sdk.respondToAuthChallenge(start)]);
    expect(proofs.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('a wrong code does not burn the session: the right code then signs in', async () => {
    const f = await mfaFixture();
    const session = await startMfa(f);
    const base = { ChallengeName: 'SMS_MFA' as const, ClientId: f.clientId, Session: session };
    expect((await rejection(f.sdk.respondToAuthChallenge({ ...base, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '000000' } }))).name).toBe('CodeMismatchException');
    expect((await f.sdk.respondToAuthChallenge({ ...base, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } })).AuthenticationResult).toBeDefined();
  });

  it('wrong MFA codes are limited per Session: after five, the Session is gone', async () => {
    const f = await mfaFixture();
    const session = await startMfa(f);
    const base = { ChallengeName: 'SMS_MFA' as const, ClientId: f.clientId, Session: session };
    for (let i = 0; i < 5; i++) {
      const err = await rejection(f.sdk.respondToAuthChallenge({ ...base, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: `00000${i}` } }));
      expect(err).toMatchObject({ name: 'CodeMismatchException', message: 'Invalid code received for user' });
    }
    // Even the right code no longer helps: a brute force gets five guesses per password proof.
    const err = await rejection(f.sdk.respondToAuthChallenge({ ...base, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } }));
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });
});
