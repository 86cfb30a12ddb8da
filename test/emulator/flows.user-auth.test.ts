/**
 * USER_AUTH (choice-based sign-in): PREFERRED_CHALLENGE straight to a factor, SELECT_CHALLENGE
 * with AvailableChallenges otherwise, PASSWORD, PASSWORD_SRP, EMAIL_OTP and SMS_OTP, and
 * WEB_AUTHN answered with a clear "not supported".
 */
import { describe, expect, it } from 'vitest';
import { computePasswordClaim, startSrp } from '../../src/core/srp.js';
import { claims, fixture, PASSWORD, rejection } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;

const factorsPool = (factors: string[], o: Parameters<typeof fixture>[0] = {}) =>
  fixture({ ...o, pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } }, ...o.pool } });

const userAuth = (f: F, params: Record<string, string> = {}) =>
  f.sdk.initiateAuth({ AuthFlow: 'USER_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', ...params } });

describe('USER_AUTH', () => {
  it('offers SELECT_CHALLENGE with the factors the pool allows and the user has', async () => {
    const f = await factorsPool(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
    const out = await userAuth(f);
    expect(out.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(out.AvailableChallenges).toEqual(['EMAIL_OTP', 'SMS_OTP', 'PASSWORD_SRP', 'PASSWORD']);
    // Default policy: passwords only.
    const plain = await fixture();
    expect((await userAuth(plain)).AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD']);
  });

  it('PREFERRED_CHALLENGE EMAIL_OTP sends a code and signs in without MFA', async () => {
    const f = await factorsPool(['PASSWORD', 'EMAIL_OTP']);
    await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: {} });
    const out = await userAuth(f, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(out.ChallengeName).toBe('EMAIL_OTP');
    expect(out.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' });
    expect(f.emu.outbox.at(-1)).toMatchObject({ channel: 'EMAIL', purpose: 'SIGN_IN', destination: 'alice@example.com' });
    const wrong = await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'EMAIL_OTP', ClientId: f.clientId, Session: out.Session, ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '999999' } }),
    );
    expect(wrong).toMatchObject({ name: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' });
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'EMAIL_OTP', ClientId: f.clientId, Session: out.Session, ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: f.emu.lastCode({ username: 'alice' })! },
    });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('SELECT_CHALLENGE answered with SMS_OTP', async () => {
    const f = await factorsPool(['PASSWORD', 'SMS_OTP']);
    const select = await userAuth(f);
    const step = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SELECT_CHALLENGE', ClientId: f.clientId, Session: select.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'SMS_OTP' },
    });
    expect(step.ChallengeName).toBe('SMS_OTP');
    expect(f.emu.outbox.at(-1)).toMatchObject({ channel: 'SMS', purpose: 'SIGN_IN' });
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SMS_OTP', ClientId: f.clientId, Session: step.Session, ChallengeResponses: { USERNAME: 'alice', SMS_OTP_CODE: '123456' },
    });
    expect(done.AuthenticationResult).toBeDefined();
  });

  it('PASSWORD with the password in AuthParameters, or as a SELECT_CHALLENGE answer; a wrong one is refused', async () => {
    const f = await fixture();
    expect((await userAuth(f, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).AuthenticationResult).toBeDefined();
    const bad = await rejection(userAuth(f, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'nope' }));
    expect(bad).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const select = await userAuth(f);
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SELECT_CHALLENGE', ClientId: f.clientId, Session: select.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD },
    });
    expect(done.AuthenticationResult).toBeDefined();
  });

  it('PASSWORD_SRP goes through PASSWORD_VERIFIER', async () => {
    const f = await fixture();
    const start = startSrp();
    const out = await userAuth(f, { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: start.SRP_A });
    expect(out.ChallengeName).toBe('PASSWORD_VERIFIER');
    const cp = out.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
    const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password: PASSWORD, challengeParameters: cp });
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'PASSWORD_VERIFIER', ClientId: f.clientId, Session: out.Session, ChallengeResponses: { USERNAME: 'alice', ...claim },
    });
    expect(done.AuthenticationResult).toBeDefined();
  });

  it('falls back to SELECT_CHALLENGE when the preferred factor is not available (no OTP in FORCE_CHANGE_PASSWORD)', async () => {
    const f = await factorsPool(['PASSWORD', 'EMAIL_OTP'], { user: { status: 'FORCE_CHANGE_PASSWORD' } });
    const out = await userAuth(f, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(out.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(out.AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD']);
    const step = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SELECT_CHALLENGE', ClientId: f.clientId, Session: out.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD },
    });
    expect(step.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const refused = await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'SELECT_CHALLENGE', ClientId: f.clientId, Session: (await userAuth(f)).Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'EMAIL_OTP' } }),
    );
    expect(refused.name).toBe('InvalidParameterException');
  });

  it('WEB_AUTHN without a registered passkey is not offered: PREFERRED_CHALLENGE falls back to SELECT_CHALLENGE', async () => {
    const f = await factorsPool(['PASSWORD', 'WEB_AUTHN']);
    const out = await userAuth(f, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    expect(out.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(out.AvailableChallenges).not.toContain('WEB_AUTHN');
  });

  it('needs ALLOW_USER_AUTH on the client', async () => {
    const f = await fixture({ client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } });
    expect(await rejection(userAuth(f))).toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' });
  });

  it('signs in right after ConfirmSignUp with its Session (USER_AUTH), once, and only as that user', async () => {
    const f = await fixture({ pool: { AutoVerifiedAttributes: ['email'] } });
    await f.sdk.signUp({ ClientId: f.clientId, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] });
    const confirmed = await f.sdk.confirmSignUp({ ClientId: f.clientId, Username: 'newcomer', ConfirmationCode: f.emu.lastCode({ username: 'newcomer' })! });
    expect(confirmed.Session).toBeTruthy();
    const signIn = (username: string) =>
      f.sdk.initiateAuth({ AuthFlow: 'USER_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: username }, Session: confirmed.Session });
    expect(await rejection(signIn('alice'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    const out = await signIn('newcomer');
    expect(claims(out.AuthenticationResult!.AccessToken).username).toBe('newcomer');
    expect(await rejection(signIn('newcomer'))).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('PREFERRED_CHALLENGE PASSWORD / PASSWORD_SRP without the input: the PASSWORD / PASSWORD_SRP challenge asks for it', async () => {
    const f = await fixture();
    const pw = await userAuth(f, { PREFERRED_CHALLENGE: 'PASSWORD' });
    expect(pw.ChallengeName).toBe('PASSWORD');
    expect(await rejection(
      f.sdk.respondToAuthChallenge({ ChallengeName: 'PASSWORD', ClientId: f.clientId, Session: pw.Session, ChallengeResponses: { USERNAME: 'alice', PASSWORD: 'nope' } }),
    )).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const pw2 = await userAuth(f, { PREFERRED_CHALLENGE: 'PASSWORD' });
    const done = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'PASSWORD', ClientId: f.clientId, Session: pw2.Session, ChallengeResponses: { USERNAME: 'alice', PASSWORD },
    });
    expect(done.AuthenticationResult).toBeDefined();

    const srp = await userAuth(f, { PREFERRED_CHALLENGE: 'PASSWORD_SRP' });
    expect(srp.ChallengeName).toBe('PASSWORD_SRP');
    const start = startSrp();
    const verifier = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'PASSWORD_SRP', ClientId: f.clientId, Session: srp.Session, ChallengeResponses: { USERNAME: 'alice', SRP_A: start.SRP_A },
    });
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER');
    const cp = verifier.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
    const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password: PASSWORD, challengeParameters: cp });
    const ok = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'PASSWORD_VERIFIER', ClientId: f.clientId, Session: verifier.Session, ChallengeResponses: { USERNAME: 'alice', ...claim },
    });
    expect(ok.AuthenticationResult).toBeDefined();
  });
});

