/**
 * Amplify JS v6 (aws-amplify/auth), the other reference client, against the emulator over
 * HTTP (userPoolEndpoint): SRP sign-in and a wrong password, TOTP MFA, choice-based EMAIL_OTP
 * sign-in, a forced refresh and a global sign-out.
 */
import { Amplify } from 'aws-amplify';
import {
  autoSignIn,
  confirmSignIn,
  confirmSignUp,
  signUp,
  fetchAuthSession,
  fetchDevices,
  forgetDevice,
  rememberDevice,
  fetchMFAPreference,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { totp } from '../../src/core/totp.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PASSWORD } from './flows-helpers.js';

let server: RunningEmulator;

beforeAll(async () => {
  server = await startEmulator({ port: 0, fixedCode: '123456' });
});
afterEach(async () => {
  await signOut().catch(() => undefined);
});
afterAll(async () => {
  await server?.close();
});

async function configure(pool: Record<string, unknown> = {}, mfa?: Record<string, unknown>) {
  const emu = server.emulator;
  const p = await emu.createUserPool({ PoolName: `amplify-${Math.random().toString(36).slice(2)}`, ...pool });
  if (mfa) await emu.call('SetUserPoolMfaConfig', { UserPoolId: p.Id, ...mfa });
  const c = await emu.createUserPoolClient({
    UserPoolId: p.Id,
    ClientName: 'amplify',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
  });
  await emu.createUser({ userPoolId: p.Id, username: 'amy', password: PASSWORD, attributes: { email: 'amy@example.com', email_verified: 'true' } });
  Amplify.configure({ Auth: { Cognito: { userPoolId: p.Id, userPoolClientId: c.ClientId, userPoolEndpoint: server.url } } });
  return { poolId: p.Id, clientId: c.ClientId };
}

describe('Amplify v6 against the emulator', () => {
  it('signs in with SRP; a wrong password is NotAuthorizedException', async () => {
    await configure();
    await expect(signIn({ username: 'amy', password: 'Wrong-passw0rd' })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const r = await signIn({ username: 'amy', password: PASSWORD });
    expect(r).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await fetchAuthSession();
    expect(session.tokens?.accessToken.payload.username).toBe('amy');
  });

  it('refreshes on forceRefresh and signs out globally (the old refresh token is then refused)', async () => {
    const { clientId } = await configure();
    await signIn({ username: 'amy', password: PASSWORD });
    const before = await fetchAuthSession();
    const count = () =>
      server.emulator.requests.filter((r) => (r.target === 'InitiateAuth' || r.target === 'GetTokensFromRefreshToken') && r.status === 200).length;
    const n = count();
    const after = await fetchAuthSession({ forceRefresh: true });
    expect(count()).toBe(n + 1);
    expect(after.tokens?.accessToken.payload.jti).not.toBe(before.tokens?.accessToken.payload.jti);
    expect(after.tokens?.accessToken.payload.origin_jti).toBe(before.tokens?.accessToken.payload.origin_jti);
    // The refresh token Amplify holds is revoked by a global sign-out.
    const refreshToken = Object.values(server.emulator.state.pools)
      .flatMap((p) => Object.values(p.refreshTokens))
      .find((t) => t.clientId === clientId)!.token;
    await signOut({ global: true });
    const res = await server.emulator.fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    });
    expect(await res.json()).toMatchObject({ __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it('sets up TOTP, then signs in with the code (CONFIRM_SIGN_IN_WITH_TOTP_CODE)', async () => {
    await configure({}, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    await signIn({ username: 'amy', password: PASSWORD });
    const setup = await setUpTOTP();
    await verifyTOTPSetup({ code: totp(setup.sharedSecret, { time: server.emulator.now() }) });
    await updateMFAPreference({ totp: 'PREFERRED' });
    expect(await fetchMFAPreference()).toMatchObject({ preferred: 'TOTP' });
    await signOut();
    server.emulator.advanceTime(30_000); // the verifying code is spent
    const step = await signIn({ username: 'amy', password: PASSWORD });
    expect(step.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const done = await confirmSignIn({ challengeResponse: totp(setup.sharedSecret, { time: server.emulator.now() }) });
    expect(done.isSignedIn).toBe(true);
  });

  it('signs in without a password with USER_AUTH and an emailed code', async () => {
    await configure({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
    const step = await signIn({ username: 'amy', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    expect(step.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const done = await confirmSignIn({ challengeResponse: server.emulator.lastCode({ username: 'amy', purpose: 'SIGN_IN' })! });
    expect(done.isSignedIn).toBe(true);
  });

  it('confirms and remembers the device, then signs in with DEVICE_SRP_AUTH instead of MFA', async () => {
    // Amplify names the device from `navigator`, which Node 20 lacks (it then skips ConfirmDevice silently).
    vi.stubGlobal('navigator', { userAgent: 'vitest' });
    try {
      await configure(
        { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } },
        { MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Code {####}' } },
      );
      const first = await signIn({ username: 'amy', password: PASSWORD });
      expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
      expect((await confirmSignIn({ challengeResponse: '123456' })).isSignedIn).toBe(true);
      await rememberDevice();
      const devices = await fetchDevices();
      expect(devices).toHaveLength(1);
      await signOut();
      const before = server.emulator.requests.length;
      const again = await signIn({ username: 'amy', password: PASSWORD });
      expect(again.isSignedIn).toBe(true);
      const session = await fetchAuthSession();
      expect(session.tokens?.accessToken.payload.device_key).toBe(devices[0]!.id);
      // PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER: no MFA code this time.
      expect(server.emulator.requests.slice(before).filter((r) => r.target === 'RespondToAuthChallenge')).toHaveLength(3);
      await forgetDevice();
      expect(await fetchDevices()).toHaveLength(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('signs up, confirms, and signs in automatically with the ConfirmSignUp Session (autoSignIn, USER_AUTH)', async () => {
    await configure({ AutoVerifiedAttributes: ['email'] });
    const up = await signUp({
      username: 'sunny',
      password: PASSWORD,
      options: { userAttributes: { email: 'sunny@example.com' }, autoSignIn: { authFlowType: 'USER_AUTH' } },
    });
    expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const before = server.emulator.requests.length;
    const confirmed = await confirmSignUp({ username: 'sunny', confirmationCode: server.emulator.lastCode({ username: 'sunny' })! });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    const r = await autoSignIn();
    expect(r.isSignedIn).toBe(true);
    expect((await fetchAuthSession()).tokens?.accessToken.payload.username).toBe('sunny');
    // No password was sent again: ConfirmSignUp, then one USER_AUTH InitiateAuth.
    expect(server.emulator.requests.slice(before).map((x) => x.target)).toEqual(['ConfirmSignUp', 'InitiateAuth']);
  });
});

