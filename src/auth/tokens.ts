/**
 * Turning an AuthenticationResult into stored tokens, and reading JWT claims without trust
 * (the tokens came straight from Cognito over TLS; verification is the resource server's job).
 * @module
 */
import type { StoredTokens } from './types.js';

/** Cognito's `AuthenticationResultType`, the members we use. */
export interface AuthenticationResult {
  AccessToken?: string;
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  NewDeviceMetadata?: { DeviceKey?: string; DeviceGroupKey?: string };
}

/**
 * The payload of a JWT, decoded but not verified.
 * @throws TypeError when the token is not three base64url parts with a JSON object payload
 */
export function jwtClaims(token: string): Record<string, any> {
  const part = token.split('.')[1];
  if (!part) throw new TypeError('token: not a JWT');
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  if (!payload || typeof payload !== 'object') throw new TypeError('token: payload is not an object');
  return payload;
}

/**
 * Builds the stored token set from an AuthenticationResult. Clock drift is the local clock at
 * receipt minus the earlier `iat` of the two tokens (as the official clients measure it);
 * expiry is the earlier `exp`, on the service's clock.
 *
 * @param result - the AuthenticationResult
 * @param receivedAt - local time at receipt (ms)
 * @param previousRefreshToken - kept when a refresh does not return a new one
 * @throws TypeError when the result lacks tokens or they are not JWTs with `iat` and `exp`
 */
export function tokensFromResult(
  result: AuthenticationResult,
  receivedAt: number,
  previousRefreshToken?: string,
): StoredTokens {
  const { AccessToken: accessToken, IdToken: idToken } = result;
  if (!accessToken || !idToken) throw new TypeError('AuthenticationResult: AccessToken and IdToken expected');
  const a = jwtClaims(accessToken);
  const i = jwtClaims(idToken);
  if (![a.iat, a.exp, i.iat, i.exp].every((n) => typeof n === 'number')) {
    throw new TypeError('AuthenticationResult: tokens without numeric iat/exp');
  }
  return {
    accessToken,
    idToken,
    refreshToken: result.RefreshToken ?? previousRefreshToken,
    clockDrift: receivedAt - Math.min(a.iat, i.iat) * 1000,
    serverIssuedAt: Math.min(a.iat, i.iat) * 1000,
    serverExpiresAt: Math.min(a.exp, i.exp) * 1000,
    username: String(a.username ?? i['cognito:username'] ?? a.sub),
  };
}
