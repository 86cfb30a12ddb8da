import { isFiniteNumber } from './guards.js';
import { readTokenClaims } from './token-claims.js';

/** Times of a token pair, on the service's clock and corrected to ours. */
export interface TokenTimes {
  /** Local clock minus the service's clock, in ms, measured when the tokens arrived. */
  readonly clockDrift: number;
  /** When the earlier of the two tokens expires, on the service's clock (ms since the epoch). */
  readonly serverExpiresAt: number;
  /** When the tokens were issued (the earlier `iat`), on the service's clock. */
  readonly serverIssuedAt: number;
}

/**
 * Measures clock drift as the official clients do: the local clock at receipt minus the tokens'
 * `iat` (the earlier of the two). Expiry is the earlier `exp`. Returns `undefined` when a token
 * is not a JWT with numeric `iat` and `exp` (a malformed response).
 */
export function measureTokenTimes(accessToken: string, idToken: string, receivedAt: number): TokenTimes | undefined {
  const a = readTokenClaims(accessToken);
  const i = readTokenClaims(idToken);
  if (!a || !i) return undefined;
  if (![a.iat, a.exp, i.iat, i.exp].every(isFiniteNumber)) return undefined;
  const iat = Math.min(a.iat as number, i.iat as number) * 1000;
  const exp = Math.min(a.exp as number, i.exp as number) * 1000;
  if (exp <= iat) return undefined;
  return { clockDrift: receivedAt - iat, serverExpiresAt: exp, serverIssuedAt: iat };
}

/** When the tokens expire on the local clock. */
export function localExpiry(times: TokenTimes): number {
  return times.serverExpiresAt + times.clockDrift;
}

/**
 * True when the tokens stay valid for at least `leewayMs` at local time `now`, judged on
 * corrected time (now minus drift, against the service's `exp`).
 */
export function isValidFor(times: TokenTimes, now: number, leewayMs: number): boolean {
  return now - times.clockDrift + leewayMs < times.serverExpiresAt;
}

/**
 * The leeway actually applied to a token pair: the configured one, but never more than half the
 * tokens' lifetime, so short-lived tokens (minutes) can still satisfy it after a refresh.
 */
export function effectiveLeeway(times: TokenTimes, leewayMs: number): number {
  return Math.max(0, Math.min(leewayMs, (times.serverExpiresAt - times.serverIssuedAt) / 2));
}

/** True when there are tokens and they stay valid at local time `now` for the leeway {@link effectiveLeeway} allows. */
export function isFresh(times: TokenTimes | undefined, now: number, leewayMs: number): boolean {
  return !!times && isValidFor(times, now, effectiveLeeway(times, leewayMs));
}
