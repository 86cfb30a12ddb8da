/**
 * Token refresh: REFRESH_TOKEN_AUTH (with DEVICE_KEY and SECRET_HASH), or
 * GetTokensFromRefreshToken for app clients that rotate refresh tokens.
 * @module
 */
import { withSecretHash, type FlowContext } from './context.js';
import { tokensFromResult } from './tokens.js';
import type { StoredTokens } from './types.js';

/**
 * Exchanges the refresh token for new tokens. With `rotation`, the response carries a new
 * refresh token, which replaces the old one in the result.
 *
 * @throws CognitoError; `NotAuthorizedException` means the refresh token was refused
 */
export async function refreshTokens(
  ctx: FlowContext,
  current: StoredTokens,
  o: { deviceKey?: string; rotation?: boolean; clientMetadata?: Record<string, string> },
): Promise<StoredTokens> {
  const refreshToken = current.refreshToken;
  if (!refreshToken) throw new TypeError('refreshToken: none stored for this session');
  let out: any;
  if (o.rotation) {
    out = await ctx.send('GetTokensFromRefreshToken', {
      ClientId: ctx.clientId,
      ClientSecret: ctx.clientSecret,
      RefreshToken: refreshToken,
      DeviceKey: o.deviceKey,
      ClientMetadata: o.clientMetadata,
    });
  } else {
    // SECRET_HASH of a refresh is computed over the canonical user name (the `username` claim).
    out = await ctx.send('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: ctx.clientId,
      AuthParameters: withSecretHash(ctx, current.username, { REFRESH_TOKEN: refreshToken, DEVICE_KEY: o.deviceKey }),
      ClientMetadata: o.clientMetadata,
    });
  }
  if (!out?.AuthenticationResult) throw new TypeError('AuthenticationResult: missing from the refresh response');
  return tokensFromResult(out.AuthenticationResult, ctx.now(), refreshToken);
}

/**
 * Signs out on the server: GlobalSignOut (every session of the user) or RevokeToken (this
 * refresh token and the tokens issued from it).
 */
export async function revoke(ctx: FlowContext, tokens: StoredTokens, global: boolean): Promise<void> {
  if (global) {
    await ctx.send('GlobalSignOut', { AccessToken: tokens.accessToken });
  } else if (tokens.refreshToken) {
    await ctx.send('RevokeToken', { Token: tokens.refreshToken, ClientId: ctx.clientId, ClientSecret: ctx.clientSecret });
  }
}
