/**
 * AdminDisableUser "deactivates a user and revokes all access tokens for the user" (API
 * reference): the access tokens stay revoked after AdminEnableUser. The docs name access tokens
 * only, so refresh tokens are refused while the user is disabled and work again once enabled,
 * and the access tokens they mint then are accepted.
 */
import { describe, expect, it } from 'vitest';
import { claims, fixture, rejection, srpSignIn } from './flows-helpers.js';

describe('AdminDisableUser and tokens', () => {
  it('revokes access tokens for good; refresh tokens work again after AdminEnableUser', async () => {
    const f = await fixture();
    const first = (await srpSignIn(f)).out.AuthenticationResult!;
    const second = (await srpSignIn(f)).out.AuthenticationResult!;
    await f.sdk.adminDisableUser({ UserPoolId: f.poolId, Username: 'alice' });
    expect(await rejection(f.sdk.getUser({ AccessToken: first.AccessToken! }))).toMatchObject({ message: 'User is disabled.' });
    const refresh = () =>
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } });
    expect(await rejection(refresh())).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });

    await f.sdk.adminEnableUser({ UserPoolId: f.poolId, Username: 'alice' });
    for (const old of [first.AccessToken!, second.AccessToken!]) {
      expect(await rejection(f.sdk.getUser({ AccessToken: old }))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
    }
    const renewed = (await refresh()).AuthenticationResult!;
    expect(claims(renewed.AccessToken).auth_time).toBe(claims(first.AccessToken).auth_time);
    expect((await f.sdk.getUser({ AccessToken: renewed.AccessToken! })).Username).toBe('alice');
    // Revoking the refresh token still takes its new access tokens with it.
    await f.sdk.revokeToken({ ClientId: f.clientId, Token: first.RefreshToken! });
    expect(await rejection(f.sdk.getUser({ AccessToken: renewed.AccessToken! }))).toMatchObject({ message: 'Access Token has been revoked' });
  });
});
