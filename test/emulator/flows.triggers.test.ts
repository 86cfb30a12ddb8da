/**
 * Sign-in triggers around the flows: pre authentication refusing a sign-in, post
 * authentication seeing it, pre token generation changing claims (V1 and V2 shapes) at sign-in
 * and on refresh; plus GetUserAuthFactors.
 */
import { describe, expect, it } from 'vitest';
import { claims, fixture, PASSWORD, rejection, srpSignIn } from './flows-helpers.js';

describe('sign-in triggers', () => {
  it('pre authentication can refuse a sign-in (UserLambdaValidationException) before the password is checked', async () => {
    const f = await fixture();
    const seen: any[] = [];
    f.emu.setTriggers(f.poolId, {
      preAuthentication: (event: any) => {
        seen.push(event);
        if (event.request.validationData.blocked === 'yes') throw new Error('blocked by policy');
        return event;
      },
    });
    const err = await rejection(
      f.sdk.initiateAuth({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD }, ClientMetadata: { blocked: 'yes' },
      }),
    );
    expect(err).toMatchObject({ name: 'UserLambdaValidationException', message: 'PreAuthentication failed with error blocked by policy.' });
    expect(seen[0]).toMatchObject({ triggerSource: 'PreAuthentication_Authentication', userName: 'alice', callerContext: { clientId: f.clientId } });
    expect((await srpSignIn(f)).out.AuthenticationResult).toBeDefined();
    expect(seen).toHaveLength(2);
  });

  it('post authentication runs once per successful sign-in', async () => {
    const f = await fixture();
    const seen: any[] = [];
    f.emu.setTriggers(f.poolId, { postAuthentication: (e: any) => void seen.push(e) });
    await rejection(srpSignIn(f, { password: 'wrong' }));
    expect(seen).toHaveLength(0);
    await srpSignIn(f);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ triggerSource: 'PostAuthentication_Authentication', request: { newDeviceUsed: false } });
  });

  it('pre token generation adds, overrides and suppresses claims, at sign-in and on refresh', async () => {
    const f = await fixture();
    const sources: string[] = [];
    f.emu.setTriggers(f.poolId, {
      preTokenGeneration: (event: any) => {
        sources.push(event.triggerSource);
        event.response = {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, claimsToSuppress: ['email'] },
            accessTokenGeneration: { claimsToAddOrOverride: { plan: 'gold' } },
            groupOverrideDetails: { groupsToOverride: ['beta'] },
          },
        };
        return event;
      },
    });
    const r = (await srpSignIn(f)).out.AuthenticationResult!;
    expect(claims(r.IdToken)).toMatchObject({ tenant: 'acme', 'cognito:groups': ['beta'] });
    expect(claims(r.IdToken).email).toBeUndefined();
    expect(claims(r.AccessToken)).toMatchObject({ plan: 'gold', 'cognito:groups': ['beta'] });
    const refreshed = await f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: r.RefreshToken! } });
    expect(claims(refreshed.AuthenticationResult!.IdToken).tenant).toBe('acme');
    expect(sources).toEqual(['TokenGeneration_Authentication', 'TokenGeneration_RefreshTokens']);
    // The token still verifies (the emulator signed the edited claims itself).
    expect((await f.sdk.getUser({ AccessToken: refreshed.AuthenticationResult!.AccessToken! })).Username).toBe('alice');
  });

  it('GetUserAuthFactors and AdminGetUserAuthFactors list the configured factors', async () => {
    const f = await fixture();
    const token = (await srpSignIn(f)).out.AuthenticationResult!.AccessToken!;
    const mine = await f.sdk.getUserAuthFactors({ AccessToken: token });
    expect(mine).toMatchObject({ Username: 'alice', ConfiguredUserAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] });
    const admin = await f.sdk.adminGetUserAuthFactors({ UserPoolId: f.poolId, Username: 'alice' });
    expect(admin.ConfiguredUserAuthFactors).toEqual(mine.ConfiguredUserAuthFactors);
  });

  it('user migration: an unknown user is created from the trigger\'s answer on a password sign-in', async () => {
    const f = await fixture();
    const legacy: Record<string, string> = { 'old@example.com': 'Legacy-passw0rd!' };
    const seen: any[] = [];
    f.emu.setTriggers(f.poolId, {
      userMigration: (event: any) => {
        seen.push(event);
        if (legacy[event.userName] !== event.request.password) throw new Error('Bad password');
        event.response.userAttributes = { email: event.userName, email_verified: 'true' };
        event.response.finalUserStatus = 'CONFIRMED';
        return event;
      },
    });
    const wrong = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'old@example.com', PASSWORD: 'nope' } }),
    );
    expect(wrong.name).toBe('UserNotFoundException');
    const ok = await f.sdk.initiateAuth({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'old@example.com', PASSWORD: 'Legacy-passw0rd!' },
    });
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(seen[1]).toMatchObject({ triggerSource: 'UserMigration_Authentication', userName: 'old@example.com' });
    // Migrated with the password: SRP works from now on, without the trigger.
    f.emu.setTriggers(f.poolId, { userMigration: undefined });
    expect((await srpSignIn(f, { username: 'old@example.com', password: 'Legacy-passw0rd!' })).out.AuthenticationResult).toBeDefined();
  });

  it('custom message: CustomMessage_Authentication words the MFA code', async () => {
    const f = await fixture();
    await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: {} });
    const sources: string[] = [];
    f.emu.setTriggers(f.poolId, {
      customMessage: (event: any) => {
        sources.push(event.triggerSource);
        event.response.smsMessage = `Acme code: ${event.request.codeParameter}`;
        return event;
      },
    });
    const step = await f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });
    expect(step.ChallengeName).toBe('SMS_MFA');
    expect(sources).toEqual(['CustomMessage_Authentication']);
    expect(f.emu.outbox.at(-1)).toMatchObject({ channel: 'SMS', message: 'Acme code: 123456', code: '123456' });
  });
});
