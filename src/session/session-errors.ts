import { isObject } from './guards.js';

/** Why a session call failed. */
export type SessionErrorCode =
  /** No user is signed in (or the session ended in another tab). */
  | 'NotSignedIn'
  /** The service refused the refresh token; the user must sign in again. */
  | 'SessionExpired'
  /** Refreshing failed for a transient reason (network, 5xx, throttling...); the session is kept. */
  | 'RefreshFailed';

const BRAND = Symbol.for('cognito-edge.SessionError');

/**
 * The error `getTokens` throws when it cannot return tokens valid for the leeway. `retryable` is
 * true for `RefreshFailed` (the session is kept and refreshed again later); `cause` carries the
 * underlying error (a `CognitoError`, a network `TypeError`, ...).
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly code: SessionErrorCode;
  readonly retryable: boolean;
  constructor(code: SessionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = code === 'RefreshFailed';
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Type guard for {@link SessionError} that works across duplicate bundles; optionally checks the code. */
export function isSessionError(err: unknown, code?: SessionErrorCode): err is SessionError {
  return isObject(err) && err[BRAND] === true && (code === undefined || err.code === code);
}

/** Cognito exceptions that refuse a refresh token for good. */
const DEFINITIVE = new Set([
  'NotAuthorizedException', // refresh token revoked/expired/invalid, user disabled, client gone
  'RefreshTokenReuseException', // a rotated-out token used after the grace period
  'UserNotFoundException', // user deleted
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
]);

/**
 * True when a refresh error means the session is over: one of Cognito's definitive refusals
 * (NotAuthorizedException, RefreshTokenReuseException, a deleted or disabled user). Everything
 * else (network errors, timeouts, 5xx, throttling, malformed responses, anything unknown) is
 * transient: the session is kept and the refresh retried. Works on anything with a `name`, so
 * a `CognitoError` from any bundle is recognized.
 */
export function isDefinitiveRefusal(err: unknown): boolean {
  if (!isObject(err) || !DEFINITIVE.has(err.name as string)) return false;
  // A 5xx that happens to carry one of these names (a broken proxy) is not a refusal.
  const status = (err as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status !== 'number' || (status >= 400 && status < 500);
}
