/**
 * MFA steps of a sign-in: SMS_MFA and EMAIL_OTP codes from the outbox (fixedCode honoured),
 * SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP through the Session with AssociateSoftwareToken
 * and VerifySoftwareToken, and the preference operations (user and admin, legacy settings).
 */
import { describe, expect, it } from 'vitest';
import { totp } from '../../src/core/totp.js';
import { fixture, PASSWORD, rejection, srpSignIn } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;

const passwordSignIn = (f: F) =>
  f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });

async function withMfa(config: Record<string, unknown>, o: Parameters<typeof fixture>[0] = {}): Promise<F> {
  const f = await fixture(o);
  await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, ...config });
  return f;
}

async function enrolTotp(f: F): Promise<string> {
  const token = (await srpSignIn(f)).out.AuthenticationResult!.AccessToken!;
  const { SecretCode } = await f.sdk.associateSoftwareToken({ AccessToken: token });
  await f.sdk.verifySoftwareToken({ AccessToken: token, UserCode: totp(SecretCode!, { time: f.emu.now() }) });
  return SecretCode!;
}

describe('MFA challenges', () => {
  it('SMS_MFA: the code goes to the outbox; a wrong code can be retried on the same Session', async () => {
    const f = await withMfa({ MfaConfiguration: 'ON', SmsMfaConfiguration: {} }, { emulator: { fixedCode: undefined } });
    const start = await passwordSignIn(f);
    expect(start.ChallengeName).toBe('SMS_MFA');
    expect(start.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0100' });
    const sent = f.emu.outbox.at(-1)!;
    expect(sent).toMatchObject({ channel: 'SMS', destination: '+15555550100', purpose: 'MFA', username: 'alice' });
    expect(sent.code).toMatch(/^\d{6}$/);
    expect(f.emu.lastCode({ username: 'alice', purpose: 'MFA' })).toBe(sent.code);
    const answer = { ChallengeName: 'SMS_MFA' as const, ClientId: f.clientId, Session: start.Session };
    const wrongCode = sent.code === '000000' ? '000001' : '000000';
    const err = await rejection(f.sdk.respondToAuthChallenge({ ...answer, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: wrongCode } }));
    expect(err).toMatchObject({ name: 'CodeMismatchException', message: 'Invalid code received for user' });
    const ok = await f.sdk.respondToAuthChallenge({ ...answer, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: sent.code! } });
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('EMAIL_OTP as MFA with the fixed code', async () => {
    const f = await withMfa({ MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'Code {####}' } });
    await f.sdk.adminSetUserMFAPreference({ UserPoolId: f.poolId, Username: 'alice', EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    const start = await passwordSignIn(f);
    expect(start.ChallengeName).toBe('EMAIL_OTP');
    expect(start.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' });
    expect(f.emu.lastCode({ username: 'alice' })).toBe('123456');
    expect(f.emu.outbox.at(-1)?.message).toBe('Code 123456');
    const wrong = await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'EMAIL_OTP', ClientId: f.clientId, Session: start.Session, ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '654321' } }),
    );
    expect(wrong).toMatchObject({ name: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' });
    const ok = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'EMAIL_OTP', ClientId: f.clientId, Session: start.Session, ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '123456' },
    });
    expect(ok.AuthenticationResult).toBeDefined();
  });

  it('OPTIONAL MFA with nothing enabled signs in directly; SetUserMFAPreference turns TOTP on', async () => {
    const f = await withMfa({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    expect((await passwordSignIn(f)).AuthenticationResult).toBeDefined();
    const secret = await enrolTotp(f);
    // Verified but not enabled yet: still no MFA.
    expect((await passwordSignIn(f)).AuthenticationResult).toBeDefined();
    const token = (await passwordSignIn(f)).AuthenticationResult!.AccessToken!;
    await f.sdk.setUserMFAPreference({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    const user = await f.sdk.getUser({ AccessToken: token });
    expect(user.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
    f.emu.advanceTime(30_000); // the verifying code is spent
    const step = await passwordSignIn(f);
    expect(step.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const ok = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: f.clientId,
      Session: step.Session,
      ChallengeResponses: { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: totp(secret, { time: f.emu.now() }) },
    });
    expect(ok.AuthenticationResult).toBeDefined();
  });

  it('refuses to enable TOTP before it is verified', async () => {
    const f = await withMfa({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const err = await rejection(
      f.sdk.adminSetUserMFAPreference({ UserPoolId: f.poolId, Username: 'alice', SoftwareTokenMfaSettings: { Enabled: true } }),
    );
    expect(err.name).toBe('InvalidParameterException');
  });

  it('SELECT_MFA_TYPE when several methods are enabled and none is preferred', async () => {
    const f = await withMfa({ MfaConfiguration: 'ON', SmsMfaConfiguration: {}, SoftwareTokenMfaConfiguration: { Enabled: true } });
    // While MFA is ON and nothing is enabled, the user with a phone number gets SMS.
    expect((await passwordSignIn(f)).ChallengeName).toBe('SMS_MFA');
    const secret = await (async () => {
      const start = await passwordSignIn(f);
      const done = await f.sdk.respondToAuthChallenge({ ChallengeName: 'SMS_MFA', ClientId: f.clientId, Session: start.Session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } });
      const token = done.AuthenticationResult!.AccessToken!;
      const { SecretCode } = await f.sdk.associateSoftwareToken({ AccessToken: token });
      await f.sdk.verifySoftwareToken({ AccessToken: token, UserCode: totp(SecretCode!, { time: f.emu.now() }) });
      return SecretCode!;
    })();
    await f.sdk.adminSetUserMFAPreference({
      UserPoolId: f.poolId,
      Username: 'alice',
      SMSMfaSettings: { Enabled: true },
      SoftwareTokenMfaSettings: { Enabled: true },
    });
    f.emu.advanceTime(30_000); // the verifying code is spent
    const step = await passwordSignIn(f);
    expect(step.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(step.ChallengeParameters!.MFAS_CAN_CHOOSE!)).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const chosen = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SELECT_MFA_TYPE', ClientId: f.clientId, Session: step.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'SOFTWARE_TOKEN_MFA' },
    });
    expect(chosen.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const ok = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SOFTWARE_TOKEN_MFA', ClientId: f.clientId, Session: chosen.Session,
      ChallengeResponses: { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: totp(secret, { time: f.emu.now() }) },
    });
    expect(ok.AuthenticationResult).toBeDefined();
  });

  it('MFA_SETUP through the Session: associate, verify, then answer MFA_SETUP', async () => {
    const f = await withMfa({ MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const step = await passwordSignIn(f);
    expect(step.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(step.ChallengeParameters!.MFAS_CAN_SETUP!)).toContain('SOFTWARE_TOKEN_MFA');
    // Answering MFA_SETUP before verifying is refused.
    const early = await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'MFA_SETUP', ClientId: f.clientId, Session: step.Session, ChallengeResponses: { USERNAME: 'alice' } }),
    );
    expect(early.name).toBe('InvalidParameterException');
    const again = await passwordSignIn(f);
    const assoc = await f.sdk.associateSoftwareToken({ Session: again.Session });
    expect(assoc.SecretCode).toMatch(/^[A-Z2-7]{32}$/);
    expect(assoc.Session).not.toBe(again.Session);
    const bad = await rejection(f.sdk.verifySoftwareToken({ Session: assoc.Session, UserCode: '000000' === totp(assoc.SecretCode!, { time: f.emu.now() }) ? '111111' : '000000' }));
    expect(bad.name).toBe('EnableSoftwareTokenMFAException');
    const verified = await f.sdk.verifySoftwareToken({ Session: assoc.Session, UserCode: totp(assoc.SecretCode!, { time: f.emu.now() }), FriendlyDeviceName: 'phone' });
    expect(verified.Status).toBe('SUCCESS');
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'MFA_SETUP', ClientId: f.clientId, Session: verified.Session, ChallengeResponses: { USERNAME: 'alice' },
    });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    const user = await f.sdk.getUser({ AccessToken: done.AuthenticationResult!.AccessToken! });
    expect(user.UserMFASettingList).toContain('SOFTWARE_TOKEN_MFA');
    expect((await passwordSignIn(f)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('SetUserSettings / AdminSetUserSettings turn SMS MFA on and off (legacy)', async () => {
    const f = await withMfa({ MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: {} });
    const token = (await passwordSignIn(f)).AuthenticationResult!.AccessToken!;
    await f.sdk.setUserSettings({ AccessToken: token, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] });
    expect((await passwordSignIn(f)).ChallengeName).toBe('SMS_MFA');
    await f.sdk.adminSetUserSettings({ UserPoolId: f.poolId, Username: 'alice', MFAOptions: [] });
    expect((await passwordSignIn(f)).AuthenticationResult).toBeDefined();
  });

  it('MFA_SETUP with EMAIL: the address is stored, a code is mailed to it, and the right code signs in with email MFA on', async () => {
    const f = await withMfa({ MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Code {####}' } }, { user: { username: 'ulla' } });
    await f.emu.createUser({ userPoolId: f.poolId, username: 'nomail', password: PASSWORD });
    const step = await f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'nomail', PASSWORD } });
    expect(step.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(step.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(['EMAIL_OTP']);
    const otp = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'MFA_SETUP', ClientId: f.clientId, Session: step.Session, ChallengeResponses: { USERNAME: 'nomail', EMAIL: 'nomail@example.com' },
    });
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    expect(f.emu.outbox.at(-1)).toMatchObject({ destination: 'nomail@example.com', channel: 'EMAIL', purpose: 'MFA' });
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'EMAIL_OTP', ClientId: f.clientId, Session: otp.Session, ChallengeResponses: { USERNAME: 'nomail', EMAIL_OTP_CODE: '123456' },
    });
    const token = done.AuthenticationResult!.AccessToken!;
    const user = await f.sdk.getUser({ AccessToken: token });
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect(user.UserMFASettingList).toContain('EMAIL_OTP');
    // Next sign-in: straight to an EMAIL_OTP code.
    const next = await f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'nomail', PASSWORD } });
    expect(next.ChallengeName).toBe('EMAIL_OTP');
  });

  it('AdminInitiateAuth → SMS_MFA → AdminRespondToAuthChallenge, bound to the pool', async () => {
    const f = await withMfa({ MfaConfiguration: 'ON', SmsMfaConfiguration: {} });
    const other = await f.emu.createUserPool({ PoolName: 'other' });
    const start = await f.sdk.adminInitiateAuth({
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', UserPoolId: f.poolId, ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD },
    });
    expect(start.ChallengeName).toBe('SMS_MFA');
    const answer = { ChallengeName: 'SMS_MFA' as const, ClientId: f.clientId, Session: start.Session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' } };
    // The client does not belong to another pool.
    expect(await rejection(f.sdk.adminRespondToAuthChallenge({ ...answer, UserPoolId: other.Id }))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await rejection(f.sdk.adminRespondToAuthChallenge({ ...answer, UserPoolId: 'us-east-1_Nope0000' }))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const done = await f.sdk.adminRespondToAuthChallenge({ ...answer, UserPoolId: f.poolId });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await f.sdk.getUser({ AccessToken: done.AuthenticationResult!.AccessToken! })).Username).toBe('alice');
  });
});
