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
  /** The account shown in the app, usually the username or e-mail address; no `:`. */
  accountName: string;
  /** The service name shown in the app; goes into the label prefix and the `issuer` parameter; no `:`. */
  issuer?: string;
  /** Hash algorithm; written only when given (apps default to SHA-1, as Cognito uses). */
  algorithm?: TotpAlgorithm;
  /** Number of digits; written only when given (default 6). */
  digits?: number;
  /** Period in seconds, 1 to 31 536 000; written only when given (default 30). */
  period?: number;
}

/**
 * Checks a label part and percent-encodes it per RFC 3986 (unreserved characters stay;
 * everything else, including space and `!'()*`, is escaped), so a space never becomes `+`.
 * A colon is refused: the Key URI Format forbids it in the issuer and the account name, since
 * apps that decode the label before splitting it at the separator would read extra parts.
 */
function labelPart(field: string, s: unknown): string {
  if (typeof s !== 'string' || s === '') throw new TypeError(`${field}: expected a non-empty string`);
  if (s.includes(':')) throw new TypeError(`${field}: must not contain ':' (the label separator of otpauth URIs)`);
  let out: string;
  try {
    out = encodeURIComponent(s);
  } catch {
    throw new TypeError(`${field}: not well-formed Unicode (a lone surrogate)`);
  }
  return out.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * Builds an `otpauth://totp/` URI. The label is `issuer:accountName` (or just the account),
 * each part percent-encoded on its own, and the issuer is repeated as a parameter as the Key URI
 * Format recommends.
 *
 * @param options - secret, accountName, issuer, algorithm, digits, period
 * @returns the URI, ready for a QR code
 * @throws TypeError naming the bad field (`secret` that is not base32 or decodes to nothing,
 *   empty `accountName`, a `:` or a lone surrogate in `issuer` or `accountName`, ...)
 * @example
 * const { SecretCode } = await client.associateSoftwareToken({ AccessToken });
 * otpauthUri({ secret: SecretCode!, accountName: 'alice@example.com', issuer: 'My App' });
 * // 'otpauth://totp/My%20App:alice%40example.com?secret=...&issuer=My%20App'
 */
export function otpauthUri(options: OtpauthUriOptions): string {
  if (options === null || typeof options !== 'object') throw new TypeError('otpauthUri: options must be an object');
  const { secret, accountName, issuer, algorithm, digits, period } = options;
  if (typeof secret !== 'string') throw new TypeError('secret: expected a non-empty base32 string');
  // Validates naming the field; '====' or ' - ' pass the alphabet but hold no key at all.
  if (base32Decode(secret, 'secret').length === 0) throw new TypeError('secret: must not be empty');
  // base32Decode accepted it, so what is left after dropping separators is ASCII: toUpperCase is safe.
  const normalized = secret.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  const account = labelPart('accountName', accountName);
  const iss = issuer === undefined ? undefined : labelPart('issuer', issuer);
  if (algorithm !== undefined && !['SHA-1', 'SHA-256', 'SHA-512'].includes(algorithm)) {
    throw new TypeError(`algorithm: expected 'SHA-1', 'SHA-256' or 'SHA-512', got ${String(algorithm)}`);
  }
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 1 || digits > 10)) {
    throw new TypeError(`digits: expected an integer from 1 to 10, got ${String(digits)}`);
  }
  // The bounds totp() accepts: a period written as 1e+300 would be read by no app.
  if (period !== undefined && (!Number.isInteger(period) || period < 1 || period > 31_536_000)) {
    throw new TypeError(`period: expected an integer from 1 to 31536000 seconds, got ${String(period)}`);
  }
  const label = iss === undefined ? account : `${iss}:${account}`;
  let query = `secret=${normalized}`;
  if (iss !== undefined) query += `&issuer=${iss}`;
  if (algorithm !== undefined) query += `&algorithm=${algorithm.replace('-', '')}`;
  if (digits !== undefined) query += `&digits=${digits}`;
  if (period !== undefined) query += `&period=${period}`;
  return `otpauth://totp/${label}?${query}`;
}
