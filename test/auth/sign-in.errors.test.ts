// Error paths of sign-in against the emulator: each gives a typed CognitoError (or a TypeError
// naming the field, before any request) and leaves what is stored exactly as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { isCognitoError } from '../../src/client/errors.js';
import { CognitoUnsignedClient } from '../../src/client/unsigned-client.js';
import { fixture, TRANSPORTS, type Fixture } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';
const SMS_POOL = { MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } };

describe.each(TRANSPORTS)('sign-in errors over %s', (transport) => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  /** Signs `signedIn` in first, so there is stored state an error must not touch. */
  async function withStoredSession(f: Fixture) {
    await f.emu.createUser({ userPoolId: f.poolId, username: 'keeper', password: PASSWORD });
    const auth = f.auth();
    await auth.signIn({ username: 'keeper', password: PASSWORD });
    return { auth, stored: await f.storage.snapshot() };
  }

  it('a wrong password: NotAuthorizedException, nothing stored changes, the session stays', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'uma', password: PASSWORD });
    const { auth, stored } = await withStoredSession(fx);
    for (const flow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      const err = await auth.signIn({ username: 'uma', password: 'Wrong-Passw0rd!', flow }).catch((e) => e);
      expect(isCognitoError(err, 'NotAuthorizedException')).toBe(true);
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    expect(await fx.storage.snapshot()).toEqual(stored);
    expect(auth.getState().status).toBe('signedIn');
    expect(await auth.getTokens()).toBeTruthy();
  });

  it('a corrupted alias entry in storage is ignored: the sign-in goes on under the typed name', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'cora', password: PASSWORD });
    for (const bad of [42, '', { username: 'x' }]) {
      await fx.storage.set(`cognito-edge:${fx.clientId}:alias:cora`, bad);
      const auth = fx.auth();
      expect(await auth.signIn({ username: 'cora', password: PASSWORD })).toMatchObject({ signedIn: true, username: 'cora' });
      await auth.signOut();
    }
  });

  it('a user who did not confirm sign-up: UserNotConfirmedException', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'vic', password: PASSWORD, status: 'UNCONFIRMED' });
    const { auth, stored } = await withStoredSession(fx);
    await expect(auth.signIn({ username: 'vic', password: PASSWORD })).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
    expect(await fx.storage.snapshot()).toEqual(stored);
  });

  it('a user whose password must be reset: PasswordResetRequiredException', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'walt', password: PASSWORD, attributes: { email: 'walt@example.com', email_verified: 'true' } });
    await fx.emu.call('AdminResetUserPassword', { UserPoolId: fx.poolId, Username: 'walt' });
    const { auth, stored } = await withStoredSession(fx);
    await expect(auth.signIn({ username: 'walt', password: PASSWORD })).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });
    expect(await fx.storage.snapshot()).toEqual(stored);
  });

  it('an expired Session (3 minutes): NotAuthorizedException; a new sign-in works', async () => {
    fx = await fixture({ transport, pool: SMS_POOL });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'xena', password: PASSWORD, attributes: { phone_number: '+15555550100', phone_number_verified: 'true' } });
    const auth = fx.auth();
    const step = await auth.signIn({ username: 'xena', password: PASSWORD });
    if (step.signedIn || step.challenge !== 'SMS_MFA') throw new Error('expected SMS_MFA');
    const stored = await fx.storage.snapshot();
    fx.emu.advanceTime(3 * 60_000 + 1000);
    const err = await step.respond(fx.emu.lastCode({ username: 'xena' })!).catch((e) => e);
    expect(isCognitoError(err, 'NotAuthorizedException')).toBe(true);
    expect(err.message).toMatch(/session/i);
    expect(await fx.storage.snapshot()).toEqual(stored);
    expect(auth.getState().status).toBe('signedOut');
    const again = await auth.signIn({ username: 'xena', password: PASSWORD });
    if (again.signedIn) throw new Error('expected a step');
    expect(await (again as typeof step).respond(fx.emu.lastCode({ username: 'xena' })!)).toMatchObject({ signedIn: true });
  });

  it('a reused Session is refused by the service, and the library never reuses one itself', async () => {
    fx = await fixture({ transport, pool: SMS_POOL });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'yuri', password: PASSWORD, attributes: { phone_number: '+15555550100', phone_number_verified: 'true' } });
    const auth = fx.auth();
    const step = await auth.signIn({ username: 'yuri', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' });
    if (step.signedIn || step.challenge !== 'SMS_MFA') throw new Error('expected SMS_MFA');
    const code = fx.emu.lastCode({ username: 'yuri' })!;
    expect(await step.respond(code)).toMatchObject({ signedIn: true });
    // The library refuses to answer the step again (no request)...
    const n = fx.emu.requests.length;
    await expect(step.respond(code)).rejects.toMatchObject({ name: 'InvalidStepError' });
    expect(fx.emu.requests.length).toBe(n);
    // ...and the service refuses the consumed Session when sent on the wire anyway.
    const session = await lastSession(fx, 'yuri');
    const client = new CognitoUnsignedClient({ userPoolId: fx.poolId, endpoint: 'http://emulator.invalid/', fetch: (u, i) => fx.emu.fetch(u, i), maxAttempts: 1 });
    await expect(
      client.send('RespondToAuthChallenge', { ClientId: fx.clientId, ChallengeName: 'SMS_MFA', Session: session, ChallengeResponses: { USERNAME: 'yuri', SMS_MFA_CODE: code } }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('a wrong MFA code, then the right one on the same step', async () => {
    fx = await fixture({ transport, pool: SMS_POOL });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'zoe', password: PASSWORD, attributes: { phone_number: '+15555550100', phone_number_verified: 'true' } });
    const auth = fx.auth();
    const step = await auth.signIn({ username: 'zoe', password: PASSWORD });
    if (step.signedIn || step.challenge !== 'SMS_MFA') throw new Error('expected SMS_MFA');
    const code = fx.emu.lastCode({ username: 'zoe' })!;
    const err = await step.respond(code === '999999' ? '999998' : '999999').catch((e) => e);
    expect(isCognitoError(err, 'CodeMismatchException')).toBe(true);
    expect(await step.respond(code)).toMatchObject({ signedIn: true });
  });

  it('a sign-in overtaken by a newer one (or a sign-out) stores nothing and says so', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'ada', password: PASSWORD });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'bea', password: PASSWORD });
    const auth = fx.auth();
    const first = auth.signIn({ username: 'ada', password: PASSWORD });
    const second = auth.signIn({ username: 'bea', password: PASSWORD });
    await expect(first).rejects.toMatchObject({ name: 'InvalidStepError', message: expect.stringMatching(/superseded/) });
    expect(await second).toMatchObject({ signedIn: true, username: 'bea' });
    expect(auth.getState().user?.['cognito:username']).toBe('bea');

    const third = auth.signIn({ username: 'ada', password: PASSWORD });
    await auth.signOut();
    await expect(third).rejects.toMatchObject({ name: 'InvalidStepError' });
    expect(auth.getState().status).toBe('signedOut');
  });

  it('bad input names the field and sends nothing', async () => {
    fx = await fixture({ transport });
    const auth = fx.auth();
    const n = fx.emu.requests.length;
    await expect(auth.signIn({ username: '', password: PASSWORD })).rejects.toThrow(/^username: /);
    await expect(auth.signIn({ username: 'a' } as never)).rejects.toThrow(/^password: /);
    await expect(auth.signIn({ username: 'a', password: 'p', flow: 'NOPE' as never })).rejects.toThrow(/^flow: /);
    await expect(auth.signIn({ username: 'a', password: 'p', preferredChallenge: 'EMAIL_OTP' })).rejects.toThrow(/^preferredChallenge: /);
    await expect(auth.signIn({ username: 'a', flow: 'USER_AUTH', preferredChallenge: 'FAX' as never })).rejects.toThrow(/^preferredChallenge: /);
    await expect(auth.signIn({ username: 'a', password: 'p', clientMetadata: { n: 1 } as never })).rejects.toThrow(/^clientMetadata\.n: /);
    await expect(auth.signUp({ username: 'a', password: 'p', attributes: { email: 5 } as never })).rejects.toThrow(/^attributes\.email: /);
    await expect(auth.confirmForgotPassword({ username: 'a', code: '', newPassword: 'x' })).rejects.toThrow(/^code: /);
    expect(() => fx.auth({ userPoolId: 'nope' })).toThrow(/^userPoolId: /);
    expect(() => fx.auth({ clientId: '' })).toThrow(/^clientId: /);
    expect(fx.emu.requests.length).toBe(n);
  });
});

/** The Session the emulator last handed out for a user, read from the wire log of a raw call. */
async function lastSession(fx: Fixture, username: string): Promise<string> {
  // Start a fresh flow with the raw client to get a Session, answer it, then hand the consumed one back.
  const client = new CognitoUnsignedClient({ userPoolId: fx.poolId, endpoint: 'http://emulator.invalid/', fetch: (u, i) => fx.emu.fetch(u, i), maxAttempts: 1 });
  const out = await client.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: fx.clientId, AuthParameters: { USERNAME: username, PASSWORD: 'Corr3ct-Horse!' } });
  await client.send('RespondToAuthChallenge', {
    ClientId: fx.clientId,
    ChallengeName: 'SMS_MFA',
    Session: out.Session,
    ChallengeResponses: { USERNAME: username, SMS_MFA_CODE: fx.emu.lastCode({ username })! },
  });
  return out.Session!;
}
