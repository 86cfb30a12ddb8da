/**
 * Refresh and revocation: REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken with and without
 * rotation (grace period, then RefreshTokenReuseException), RevokeToken (refresh token and the
 * access tokens issued with it), GlobalSignOut and AdminUserGlobalSignOut, expiry.
 */
import { describe, expect, it } from 'vitest';
import { claims, fixture, rejection, srpSignIn } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;

async function signIn(f: F) {
  return (await srpSignIn(f)).out.AuthenticationResult!;
}

const rotatingClient = (grace: number) => ({
  client: {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
    RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: grace },
  },
});

describe('refresh', () => {
  it('REFRESH_TOKEN_AUTH and REFRESH_TOKEN issue new access and id tokens of the same authentication', async () => {
    const f = await fixture();
    const first = await signIn(f);
    for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN'] as const) {
      const out = await f.sdk.initiateAuth({ AuthFlow: flow, ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } });
      const r = out.AuthenticationResult!;
      expect(r.RefreshToken).toBeUndefined();
      expect(claims(r.AccessToken).origin_jti).toBe(claims(first.AccessToken).origin_jti);
      expect(claims(r.AccessToken).auth_time).toBe(claims(first.AccessToken).auth_time);
      expect((await f.sdk.getUser({ AccessToken: r.AccessToken! })).Username).toBe('alice');
    }
    // Admin variant.
    const admin = await f.sdk.adminInitiateAuth({
      AuthFlow: 'REFRESH_TOKEN_AUTH', UserPoolId: f.poolId, ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
    });
    expect(admin.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: 'made.up' } }),
    )).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  });

  it('refuses a refresh token of another app client and an expired one', async () => {
    const f = await fixture({ client: { RefreshTokenValidity: 120, TokenValidityUnits: { RefreshToken: 'minutes' } } });
    const other = await f.emu.createUserPoolClient({ UserPoolId: f.poolId, ClientName: 'other', ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] });
    const first = await signIn(f);
    expect(await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: other.ClientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }),
    )).toMatchObject({ message: 'Invalid Refresh Token' });
    f.emu.advanceTime(121 * 60 * 1000);
    expect(await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }),
    )).toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });

  it('GetTokensFromRefreshToken without rotation returns no new refresh token', async () => {
    const f = await fixture();
    const first = await signIn(f);
    const out = await f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken! });
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(out.AuthenticationResult?.RefreshToken).toBeUndefined();
  });

  it('rotates refresh tokens: the old one works within the grace period, then RefreshTokenReuseException', async () => {
    const f = await fixture(rotatingClient(10));
    const first = await signIn(f);
    const rotated = await f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken! });
    const second = rotated.AuthenticationResult!.RefreshToken!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first.RefreshToken);
    // A retry with the old token inside the grace period succeeds.
    f.emu.advanceTime(5_000);
    const retry = await f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken! });
    expect(retry.AuthenticationResult?.AccessToken).toBeTruthy();
    f.emu.advanceTime(6_000);
    expect(await rejection(f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken! }))).toMatchObject({
      name: 'RefreshTokenReuseException',
    });
    // The new token keeps working and rotates in turn.
    const third = await f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: second });
    expect(third.AuthenticationResult?.RefreshToken).toBeTruthy();
    // REFRESH_TOKEN_AUTH is not available with rotation.
    expect((await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: second } }),
    )).name).toBe('InvalidParameterException');
  });

  it('with a zero grace period the old token is refused at once', async () => {
    const f = await fixture(rotatingClient(0));
    const first = await signIn(f);
    await f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken! });
    expect((await rejection(f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken! }))).name).toBe(
      'RefreshTokenReuseException',
    );
  });

  it('needs ClientSecret for a client with a secret', async () => {
    const f = await fixture({ client: { GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } });
    const { secretHash } = await import('../../src/core/secret-hash.js');
    const first = (await f.sdk.initiateAuth({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!', SECRET_HASH: secretHash('alice', f.clientId, f.clientSecret!) },
    })).AuthenticationResult!;
    expect((await rejection(f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken! }))).name).toBe('NotAuthorizedException');
    expect((await rejection(f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken!, ClientSecret: 'wrong' }))).name).toBe('NotAuthorizedException');
    const ok = await f.sdk.getTokensFromRefreshToken({ ClientId: f.clientId, RefreshToken: first.RefreshToken!, ClientSecret: f.clientSecret! });
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('revocation', () => {
  it('RevokeToken revokes the refresh token and the access tokens issued with it, not other sign-ins', async () => {
    const f = await fixture();
    const a = await signIn(f);
    const b = await signIn(f);
    const refreshed = (await f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: a.RefreshToken! } })).AuthenticationResult!;
    await f.sdk.revokeToken({ ClientId: f.clientId, Token: a.RefreshToken! });
    for (const token of [a.AccessToken!, refreshed.AccessToken!]) {
      expect(await rejection(f.sdk.getUser({ AccessToken: token }))).toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    }
    expect(await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: a.RefreshToken! } }),
    )).toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    // The other sign-in is untouched.
    expect((await f.sdk.getUser({ AccessToken: b.AccessToken! })).Username).toBe('alice');
    // An access token is not a revocable token.
    expect((await rejection(f.sdk.revokeToken({ ClientId: f.clientId, Token: b.AccessToken! }))).name).toBe('UnsupportedTokenTypeException');
  });

  it('RevokeToken is refused when the client has token revocation off', async () => {
    const f = await fixture({ client: { EnableTokenRevocation: false } });
    const a = await signIn(f);
    expect((await rejection(f.sdk.revokeToken({ ClientId: f.clientId, Token: a.RefreshToken! }))).name).toBe('UnsupportedOperationException');
  });

  it('GlobalSignOut and AdminUserGlobalSignOut revoke every token of the user issued so far', async () => {
    const f = await fixture();
    await f.emu.createUser({ userPoolId: f.poolId, username: 'bob', password: 'Passw0rd!' });
    const a = await signIn(f);
    const b = await signIn(f);
    const bob = (await srpSignIn(f, { username: 'bob' })).out.AuthenticationResult!;
    await f.sdk.globalSignOut({ AccessToken: a.AccessToken! });
    for (const t of [a, b]) {
      expect((await rejection(f.sdk.getUser({ AccessToken: t.AccessToken! }))).message).toBe('Access Token has been revoked');
      expect((await rejection(
        f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: t.RefreshToken! } }),
      )).message).toBe('Refresh Token has been revoked');
    }
    expect((await f.sdk.getUser({ AccessToken: bob.AccessToken! })).Username).toBe('bob');
    // A new sign-in works again.
    const c = await signIn(f);
    expect((await f.sdk.getUser({ AccessToken: c.AccessToken! })).Username).toBe('alice');
    await f.sdk.adminUserGlobalSignOut({ UserPoolId: f.poolId, Username: 'alice' });
    expect((await rejection(f.sdk.getUser({ AccessToken: c.AccessToken! }))).message).toBe('Access Token has been revoked');
  });
});
