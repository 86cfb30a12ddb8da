/**
 * Token refresh: REFRESH_TOKEN_AUTH (with DEVICE_KEY and SECRET_HASH), or
 * GetTokensFromRefreshToken for app clients that rotate refresh tokens; and server-side
 * sign-out (RevokeToken / GlobalSignOut).
 * @module
 */
import { secretHashFor, type FlowContext } from './context.js';

/** Input of {@link refreshTokens}. */
export interface RefreshRequest {
  /** The canonical user name: SECRET_HASH of a refresh is computed over it. */
  username: string;
  refreshToken: string;
  /** The remembered device's key; Cognito binds refreshes to it. */
  deviceKey?: string;
  /** The app client rotates refresh tokens: use GetTokensFromRefreshToken. */
  rotation?: boolean;
  clientMetadata?: Record<string, string>;
  signal?: AbortSignal;
}

/** New tokens; `refreshToken` only when the client rotated it. */
export interface RefreshedTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
}

/**
 * Exchanges the refresh token for new tokens.
 * @throws CognitoError as the service sends it (`NotAuthorizedException`: the refresh token was refused)
 */
export async function refreshTokens(ctx: FlowContext, r: RefreshRequest): Promise<RefreshedTokens> {
  const out = await ctx.send(
    r.rotation ? 'GetTokensFromRefreshToken' : 'InitiateAuth',
    {
      ClientId: ctx.clientId,
      ClientMetadata: r.clientMetadata,
      ...(r.rotation
        ? { ClientSecret: ctx.clientSecret, RefreshToken: r.refreshToken, DeviceKey: r.deviceKey }
        : {
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: r.refreshToken, DEVICE_KEY: r.deviceKey, SECRET_HASH: await secretHashFor(ctx, r.username) },
          }),
    },
    r.signal,
  );
  const a = out?.AuthenticationResult;
  if (!a?.AccessToken || !a.IdToken) throw new TypeError('AuthenticationResult: missing from the refresh response');
  return { accessToken: a.AccessToken, idToken: a.IdToken, refreshToken: a.RefreshToken };
}

/**
 * Signs out on the server: GlobalSignOut (every session of the user) or RevokeToken (this
 * refresh token and the tokens issued from it).
 */
export async function revoke(
  ctx: FlowContext,
  tokens: { accessToken: string; refreshToken?: string },
  global: boolean,
  signal?: AbortSignal,
): Promise<void> {
  if (global) {
    await ctx.send('GlobalSignOut', { AccessToken: tokens.accessToken }, signal);
  } else if (tokens.refreshToken) {
    await ctx.send('RevokeToken', { Token: tokens.refreshToken, ClientId: ctx.clientId, ClientSecret: ctx.clientSecret }, signal);
  }
}
