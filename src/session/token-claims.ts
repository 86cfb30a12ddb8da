import { base64Decode } from '../core/bytes.js';
import { isObject } from './guards.js';

/** Claims of a Cognito ID or access token, as far as the session manager needs them. */
export interface TokenClaims {
  readonly sub?: string;
  readonly iat?: number;
  readonly exp?: number;
  readonly 'cognito:username'?: string;
  readonly username?: string;
  readonly token_use?: string;
  readonly [claim: string]: unknown;
}

/**
 * Reads a JWT's payload without verifying it: the tokens come straight from Cognito over TLS and
 * are only used here for their times and for the app's display of the user; APIs that accept
 * them verify them. Returns `undefined` for anything that is not a JWT with a JSON object payload.
 */
export function readTokenClaims(token: unknown): TokenClaims | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(new TextDecoder().decode(base64Decode(parts[1])));
    return isObject(payload) && !Array.isArray(payload) ? (payload as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
