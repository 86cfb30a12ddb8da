// A confidential app client (GenerateSecret) through every kind of call createAuth makes, against
// the emulator (which checks SECRET_HASH / ClientSecret on each): device SRP, MFA answers,
// CUSTOM_AUTH, USER_AUTH, password reset, refresh with rotation, and revocation.
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoUnsignedClient } from '../../src/client/unsigned-client.js';
import { fixture, type Fixture } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';
const SECRET = { GenerateSecret: true };

describe('a client with a secret', () => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  it('device SRP and an SMS MFA answer carry SECRET_HASH', async () => {
    fx = await fixture({
      transport: 'fetch',
      client: SECRET,
      pool: {
        MfaConfiguration: 'ON',
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' },
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      },
    });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'sia', password: PASSWORD, attributes: { phone_number: '+15555550100', phone_number_verified: 'true' } });
    const step = await fx.auth().signIn({ username: 'sia', password: PASSWORD });
    if (step.signedIn || step.challenge !== 'SMS_MFA') throw new Error('expected SMS_MFA');
    const first = await step.respond(fx.emu.lastCode({ username: 'sia' })!);
    expect(first).toMatchObject({ signedIn: true, device: { remembered: true } });
    await fx.auth().signOut();
    const before = fx.count('RespondToAuthChallenge');
    expect(await fx.auth().signIn({ username: 'sia', password: PASSWORD })).toMatchObject({ signedIn: true, device: { key: (first as any).device.key } });
    // PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER: all accepted with the secret hash.
    expect(fx.count('RespondToAuthChallenge') - before).toBe(3);
  });

  it('CUSTOM_AUTH and USER_AUTH (EMAIL_OTP, SELECT_CHALLENGE with PASSWORD_SRP)', async () => {
    fx = await fixture({
      transport: 'fetch',
      client: SECRET,
      pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } }, UserPoolTier: 'ESSENTIALS' },
    });
    fx.emu.setTriggers(fx.poolId, {
      defineAuthChallenge: (e: any) => {
        const last = e.request.session.at(-1);
        Object.assign(e.response, last?.challengeResult ? { issueTokens: true, failAuthentication: false } : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false });
        return e;
      },
      createAuthChallenge: (e: any) => Object.assign(e, { response: { publicChallengeParameters: { q: '1+1' }, privateChallengeParameters: { a: '2' } } }),
      verifyAuthChallengeResponse: (e: any) => ((e.response.answerCorrect = e.request.challengeAnswer === '2'), e),
    });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'tom', password: PASSWORD, attributes: { email: 'tom@example.com', email_verified: 'true' } });
    const auth = fx.auth();
    const custom = await auth.signIn({ username: 'tom', flow: 'CUSTOM_AUTH' });
    if (custom.signedIn || custom.challenge !== 'CUSTOM_CHALLENGE') throw new Error('expected CUSTOM_CHALLENGE');
    expect(await custom.respond('2')).toMatchObject({ signedIn: true });

    const otp = await auth.signIn({ username: 'tom', flow: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' });
    if (otp.signedIn || otp.challenge !== 'EMAIL_OTP') throw new Error('expected EMAIL_OTP');
    expect(await otp.respond(fx.emu.lastCode({ username: 'tom' })!)).toMatchObject({ signedIn: true });

    const select = await auth.signIn({ username: 'tom', flow: 'USER_AUTH' });
    if (select.signedIn || select.challenge !== 'SELECT_CHALLENGE') throw new Error('expected SELECT_CHALLENGE');
    expect(await select.select('PASSWORD_SRP', PASSWORD)).toMatchObject({ signedIn: true });
  });

  it('forgotPassword / confirmForgotPassword, rotation (ClientSecret on GetTokensFromRefreshToken) and RevokeToken', async () => {
    fx = await fixture({
      transport: 'fetch',
      client: { ...SECRET, RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 }, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] },
    });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'uri', password: PASSWORD, attributes: { email: 'uri@example.com', email_verified: 'true' } });
    const auth = fx.auth({ refreshTokenRotation: true });
    await auth.forgotPassword({ username: 'uri' });
    await auth.confirmForgotPassword({ username: 'uri', code: fx.emu.lastCode({ username: 'uri' })!, newPassword: 'N3w-Horse-Battery!' });
    await auth.signIn({ username: 'uri', password: 'N3w-Horse-Battery!' });
    fx.emu.advanceTime(1000);
    const t = await auth.getTokens({ forceRefresh: true });
    expect(fx.count('GetTokensFromRefreshToken')).toBe(1);
    await auth.signOut();
    expect(fx.emu.requests.filter((r) => /RevokeToken/.test(r.target)).map((r) => r.status)).toEqual([200]);
    const raw = new CognitoUnsignedClient({ userPoolId: fx.poolId, endpoint: fx.endpoint, fetch: (u, i) => fx.emu.fetch(u, i), maxAttempts: 1 });
    await expect(raw.send('GetTokensFromRefreshToken', { ClientId: fx.clientId, ClientSecret: fx.clientSecret, RefreshToken: t.refreshToken! })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});
