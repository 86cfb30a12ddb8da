/**
 * `otpauth://totp/...` URIs (the Key URI Format authenticator apps read from QR codes) for the
 * `SecretCode` returned by AssociateSoftwareToken.
 * @module
 */
import { base32Decode } from './base32.js';
import type { TotpAlgorithm } from './totp.js';

/** Input of {@link otpauthUri}. */
export interface OtpauthUriOptions {
  /** The base32 secret (Cognito's `SecretCode`); spaces, lower case and padding are tolerated. */
  secret: string;
  /** The account shown in the app, usually the username or e-mail address. */
  accountName: string;
  /** The service name shown in the app; goes into the label prefix and the `issuer` parameter. */
  issuer?: string;
  /** Hash algorithm; written only when given (apps default to SHA-1, as Cognito uses). */
  algorithm?: TotpAlgorithm;
  /** Number of digits; written only when given (default 6). */
  digits?: number;
  /** Period in seconds; written only when given (default 30). */
  period?: number;
}

/**
 * Percent-encodes per RFC 3986 (unreserved characters stay; everything else, including
 * `:`, space, `!'()*`, is escaped), so a colon inside the issuer or account cannot be mistaken
 * for the label separator and a space never becomes `+`.
 */
function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * Builds an `otpauth://totp/` URI. The label is `issuer:accountName` (or just the account),
 * each part percent-encoded on its own, and the issuer is repeated as a parameter as the Key URI
 * Format recommends.
 *
 * @param options - secret, accountName, issuer, algorithm, digits, period
 * @returns the URI, ready for a QR code
 * @throws TypeError naming the bad field (`secret` that is not base32, empty `accountName`, ...)
 * @example
 * const { SecretCode } = await client.associateSoftwareToken({ AccessToken });
 * otpauthUri({ secret: SecretCode!, accountName: 'alice@example.com', issuer: 'My App' });
 * // 'otpauth://totp/My%20App:alice%40example.com?secret=...&issuer=My%20App'
 */
export function otpauthUri(options: OtpauthUriOptions): string {
  if (options === null || typeof options !== 'object') throw new TypeError('otpauthUri: options must be an object');
  const { secret, accountName, issuer, algorithm, digits, period } = options;
  if (typeof secret !== 'string' || secret.trim() === '') throw new TypeError('secret: expected a non-empty base32 string');
  base32Decode(secret, 'secret'); // validates, throws naming the field
  const normalized = secret.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  if (typeof accountName !== 'string' || accountName === '') {
    throw new TypeError('accountName: expected a non-empty string');
  }
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer === '')) {
    throw new TypeError('issuer: expected a non-empty string when given');
  }
  if (algorithm !== undefined && !['SHA-1', 'SHA-256', 'SHA-512'].includes(algorithm)) {
    throw new TypeError(`algorithm: expected 'SHA-1', 'SHA-256' or 'SHA-512', got ${String(algorithm)}`);
  }
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 1 || digits > 10)) {
    throw new TypeError(`digits: expected an integer from 1 to 10, got ${String(digits)}`);
  }
  if (period !== undefined && (!Number.isInteger(period) || period < 1)) {
    throw new TypeError(`period: expected a positive integer, got ${String(period)}`);
  }
  const label = issuer === undefined ? strictEncode(accountName) : `${strictEncode(issuer)}:${strictEncode(accountName)}`;
  let query = `secret=${normalized}`;
  if (issuer !== undefined) query += `&issuer=${strictEncode(issuer)}`;
  if (algorithm !== undefined) query += `&algorithm=${algorithm.replace('-', '')}`;
  if (digits !== undefined) query += `&digits=${digits}`;
  if (period !== undefined) query += `&period=${period}`;
  return `otpauth://totp/${label}?${query}`;
}
