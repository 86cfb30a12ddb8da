/**
 * One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238), as used by Cognito's software-token
 * MFA (AssociateSoftwareToken / VerifySoftwareToken / SOFTWARE_TOKEN_MFA).
 *
 * Hashing is synchronous with @noble/hashes: for 8-byte messages it beats a Web Crypto
 * importKey + sign round trip (see bench/totp-hmac.bench.mjs), and it keeps `totp` usable
 * where a promise is awkward (render functions, tests).
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { base32Decode } from './base32.js';

/** Hash algorithms RFC 6238 allows. Cognito itself uses SHA-1. */
export type TotpAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-512';

/** Code parameters shared by {@link hotp}, {@link totp} and {@link verifyTotp}. */
export interface OtpOptions {
  /** Number of digits, 1 to 10 (default 6). */
  digits?: number;
  /** HMAC hash (default `'SHA-1'`). */
  algorithm?: TotpAlgorithm;
}

/** Options of {@link totp}. */
export interface TotpOptions extends OtpOptions {
  /** The time in milliseconds since the epoch (default `Date.now()`). */
  time?: number;
  /** Time step in seconds, an integer from 1 to 31 536 000 (a year; default 30). */
  period?: number;
  /** Unix time in seconds where counting starts (RFC 6238 `T0`, default 0). */
  epoch?: number;
}

/** Options of {@link verifyTotp}. */
export interface VerifyTotpOptions extends TotpOptions {
  /** Steps accepted on each side of the current one, for clock skew (default 1). */
  window?: number;
}

const HASHES = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-512': sha512 } as const;

function hashFor(algorithm: unknown) {
  const name = (algorithm ?? 'SHA-1') as TotpAlgorithm;
  if (typeof name !== 'string' || !Object.hasOwn(HASHES, name)) {
    throw new TypeError(`algorithm: expected 'SHA-1', 'SHA-256' or 'SHA-512', got ${String(algorithm)}`);
  }
  return HASHES[name];
}

function checkInt(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new TypeError(`${name}: expected an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  const key = typeof secret === 'string' ? base32Decode(secret, 'secret') : secret;
  if (!(key instanceof Uint8Array)) throw new TypeError('secret: expected a base32 string or a Uint8Array');
  if (key.length === 0) throw new TypeError('secret: must not be empty');
  return key;
}

function hotpBytes(key: Uint8Array, counter: number, digits: number, algorithm: unknown): string {
  const msg = new Uint8Array(8);
  const view = new DataView(msg.buffer);
  // 8-byte big-endian counter (RFC 4226 §5.1); split because JS bit ops are 32-bit.
  view.setUint32(0, Math.floor(counter / 0x1_0000_0000));
  view.setUint32(4, counter >>> 0);
  const mac = hmac(hashFor(algorithm), key, msg);
  // Dynamic truncation (RFC 4226 §5.3).
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/**
 * Computes an HOTP code (RFC 4226).
 *
 * @param secret - the shared secret, as bytes or base32 text
 * @param counter - the moving factor, a non-negative safe integer
 * @param options - digits and algorithm
 * @returns the code, zero-padded to `digits`
 * @throws TypeError naming the bad field
 */
export function hotp(secret: Uint8Array | string, counter: number, options: OtpOptions = {}): string {
  const key = secretBytes(secret);
  checkInt('counter', counter, 0, Number.MAX_SAFE_INTEGER);
  const digits = checkInt('digits', options.digits ?? 6, 1, 10);
  return hotpBytes(key, counter, digits, options.algorithm);
}

function timeStep(options: TotpOptions): { counter: number; period: number } {
  const time = options.time ?? Date.now();
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
    throw new TypeError(`time: expected milliseconds since the epoch, got ${String(time)}`);
  }
  const period = checkInt('period', options.period ?? 30, 1, 86_400 * 365);
  const epoch = checkInt('epoch', options.epoch ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const counter = Math.floor((Math.floor(time / 1000) - epoch) / period);
  if (counter < 0) throw new TypeError('time: before the TOTP epoch');
  // Past 2^53 steps neighbouring counters round to the same double (1e300 and Number.MAX_VALUE
  // would give one code): refuse, as hotp() refuses such a counter.
  if (counter > Number.MAX_SAFE_INTEGER) throw new TypeError(`time: too far in the future (${time} ms)`);
  return { counter, period };
}

/**
 * Computes a TOTP code (RFC 6238): SHA-1, 30-second steps and 6 digits unless told otherwise.
 *
 * @param secret - the shared secret, as bytes or base32 text (Cognito's `SecretCode`)
 * @param options - time (ms), period (s), digits, algorithm, epoch
 * @returns the code, zero-padded to `digits`
 * @throws TypeError naming the bad field (for example `secret: invalid base32 character "1"`)
 * @example
 * const code = totp(SecretCode); // answer for VerifySoftwareToken / SOFTWARE_TOKEN_MFA
 */
export function totp(secret: Uint8Array | string, options: TotpOptions = {}): string {
  const key = secretBytes(secret);
  const digits = checkInt('digits', options.digits ?? 6, 1, 10);
  const { counter } = timeStep(options);
  return hotpBytes(key, counter, digits, options.algorithm);
}

/**
 * Checks a TOTP code, accepting `window` steps on each side of the current one.
 * The comparison does not stop at the first differing digit.
 *
 * @param secret - the shared secret, as bytes or base32 text
 * @param code - the code the user typed (surrounding spaces are ignored)
 * @param options - as {@link totp}, plus `window` (default 1)
 * @returns true when the code matches some step in the window
 * @throws TypeError naming the bad field; a wrong or malformed code only returns false
 */
export function verifyTotp(secret: Uint8Array | string, code: string, options: VerifyTotpOptions = {}): boolean {
  const key = secretBytes(secret);
  const digits = checkInt('digits', options.digits ?? 6, 1, 10);
  const window = checkInt('window', options.window ?? 1, 0, 100);
  if (typeof code !== 'string') throw new TypeError(`code: expected a string, got ${typeof code}`);
  const typed = code.trim();
  if (typed.length !== digits || !/^[0-9]+$/.test(typed)) return false;
  const { counter } = timeStep(options);
  let ok = false;
  for (let d = -window; d <= window; d++) {
    const c = counter + d;
    if (c < 0 || c > Number.MAX_SAFE_INTEGER) continue;
    const expected = hotpBytes(key, c, digits, options.algorithm);
    let diff = 0;
    for (let i = 0; i < digits; i++) diff |= expected.charCodeAt(i) ^ typed.charCodeAt(i);
    ok = ok || diff === 0;
  }
  return ok;
}
