/**
 * Cognito's Secure Remote Password protocol (SRP-6a, RFC 5054 style) for users (USER_SRP_AUTH /
 * PASSWORD_VERIFIER) and remembered devices (DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER).
 *
 * Protocol facts (checked byte for byte against amazon-cognito-identity-js transcripts in
 * test/core/srp.vectors.test.ts):
 * - group: the 3072-bit MODP prime of RFC 3526 §4 with g = 2; hash SHA-256; numbers are hashed
 *   as the bytes of {@link padHex};
 * - k = H(N | g), u = H(A | B), x = H(salt | H(prefix + userId + ':' + password)) where prefix is
 *   the pool name (users) or the device group key (devices);
 * - S = (B − k·g^x)^(a + u·x) mod N; the key is HKDF-SHA256(salt = u, ikm = S,
 *   info = 'Caldera Derived Key'), 16 bytes;
 * - the claim is HMAC-SHA256(key, prefix | userId | secret block | timestamp), base64.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64Decode, base64Encode, bytesToHex, hexToBigint, hexToBytes, padHex, utf8Encode } from './bytes.js';
import { fail, text } from './fields.js';
import { fixedBasePow, modPow, type FixedBasePow } from './modexp.js';
import { drawRandom, randomBytes, type RandomSource } from './random.js';


const hexField = (v: unknown, field: string, max: number): bigint =>
  typeof v === 'string' && v.length <= max ? hexToBigint(v, field) : fail(field, `expected hex, ${max} digits at most`);

/** The SRP group: RFC 3526's 3072-bit prime N, generator g = 2, and SRP-6a's k = H(N | g). */
export interface SrpGroup {
  readonly N: bigint;
  readonly g: bigint;
  readonly k: bigint;
}

interface Group extends SrpGroup {
  /** Lazily built comb table for g = 2 (see {@link fixedBasePow}). */
  gPow?: FixedBasePow;
}

/** arctan(1/x) in fixed point (`one` = 1), by its Taylor series: 1/x − 1/3x³ + 1/5x⁵ − … */
const atanInv = (x: bigint, one: bigint): bigint => {
  let t = one / x;
  let s = t;
  for (let k = 3n; t; k += 2n) {
    t /= x * x;
    s += (k & 2n ? -t : t) / k;
  }
  return s;
};

/**
 * RFC 3526 §4's 3072-bit MODP prime, built from its definition
 * 2^3072 − 2^3008 − 1 + 2^64·(⌊2^2942·π⌋ + 1690314), with π from Machin's formula
 * (16·atan(1/5) − 4·atan(1/239)) carried to 64 guard bits. Three lines instead of 768 hex
 * digits in every bundle; a test pins the result to the RFC's hex.
 */
function rfc3526Prime(): bigint {
  const one = 1n << 3006n;
  const pi = 16n * atanInv(5n, one) - 4n * atanInv(239n, one);
  return (1n << 3072n) - (1n << 3008n) - 1n + (((pi >> 64n) + 1690314n) << 64n);
}

/**
 * Size of the private value `a` in bytes (512 bits).
 *
 * The 3072-bit group gives about 128-bit security (NIST SP 800-57 Part 1 Rev. 5, Table 2:
 * FFC L = 3072 ⇔ 128 bits), and a short exponent must be at least twice the target strength
 * (NIST SP 800-56A Rev. 3 §5.6.1.1.4 for the safe-prime groups: 2s = 256 bits); RFC 3526 §8
 * (this very group, 15) estimates 130 or 210 bits of strength and exponents of 260 or 420 bits,
 * and RFC 7919 §5.2 / appendix A.2 asks at least 275 bits for its own 3072-bit group. 512 bits
 * clears every one of these, with margin. It costs nothing in S, whose exponent a + u·x is
 * already ~512 bits, and little in A thanks to the g = 2 comb (71 multiplies, against 39
 * for 256 bits). amazon-cognito-identity-js uses 1024 bits; Cognito accepts any size.
 */
const A_BYTES = 64;

let cached: Group | undefined;

/**
 * The SRP group, built on first use and shared (it is a constant: nothing user-specific is
 * kept).
 */
export function srpGroup(): SrpGroup {
  if (!cached) {
    const N = rfc3526Prime();
    cached = { N, g: 2n, k: hashHexToBigint(padHex(N), padHex(2n)) };
  }
  return cached;
}

/**
 * g^e mod N through the lazily built comb table: 8 columns, eight 8-row tables for exponents up
 * to 512 bits (2048 entries, ~800 KB, ~2500 multiplies once, ~20 ms). x (256 bits) then costs
 * 39 multiplies and a (512 bits) 71, against ~300 and ~600 for square-and-multiply. The width
 * is chosen for the step after SRP_B arrives, where g^x is the only part that a table can
 * speed up: 16 columns (half the table) cost x 48 multiplies, ~60 µs more; 4 columns (twice
 * the table) save only ~20 µs more. Larger exponents fall back to {@link modPow}. Servers (the
 * emulator's B = k·v + g^b) can use it too.
 *
 * @throws RangeError for a negative exponent
 */
export const srpGeneratorPow = (e: bigint): bigint => table().pow(e);

const table = (G = srpGroup() as Group): FixedBasePow => (G.gPow ??= fixedBasePow(G.g, G.N, A_BYTES * 8, 8));

/**
 * Builds one slice of the shared g = 2 table (one row: at most 128 multiplies, about 1 ms on a
 * laptop) and returns `true` once it is complete. The table is a one-off ~20 ms job that
 * {@link startSrp} otherwise does at once; pages can call this from idle callbacks or
 * `setTimeout` until it returns `true`, so that no long task blocks input (createAuth does).
 */
export const srpWarmUp = (): boolean => table().step();

function hashHexToBigint(...hex: string[]): bigint {
  return BigInt('0x' + bytesToHex(sha256(hexToBytes(hex.join('')))));
}

/**
 * The pool name used in SRP: the part of the user pool id after `_`.
 *
 * @throws TypeError naming `userPoolId` when it is not like `eu-west-1_AbC123`
 * @example poolNameFromId('eu-west-1_AbC'); // 'AbC'
 */
export function poolNameFromId(userPoolId: string): string {
  const m = typeof userPoolId === 'string' ? /^[\w-]+_([0-9a-zA-Z]+)$/.exec(userPoolId) : null;
  return m ? m[1]! : fail('userPoolId', 'expected <region>_<id>');
}

/** u = H(padHex(A) | padHex(B)), the scrambling parameter. */
export function computeU(A: bigint, B: bigint): bigint {
  return hashHexToBigint(padHex(A), padHex(B));
}

/**
 * x = H(padHex(salt) | H(prefix + username + ':' + password)), the private key derived from the
 * password.
 *
 * @param saltHex - the salt as hex (SALT of the challenge, or the device salt)
 * @param prefix - the pool name (users) or the device group key (devices)
 * @param username - USER_ID_FOR_SRP (users) or the device key (devices)
 * @param password - the password (users) or the device password (devices)
 */
export function computeX(saltHex: string, prefix: string, username: string, password: string): bigint {
  const inner = bytesToHex(sha256(utf8Encode(`${prefix}${username}:${password}`)));
  return hashHexToBigint(padHex(hexToBigint(saltHex, 'SALT')), inner);
}

/** The verifier v = g^x mod N that the server keeps (and that ConfirmDevice uploads). */
export function computeVerifier(saltHex: string, prefix: string, username: string, password: string): bigint {
  return srpGeneratorPow(computeX(saltHex, prefix, username, password));
}

/**
 * HKDF-SHA256 (RFC 5869) for L = 32, one output block: PRK = HMAC(salt, ikm), then
 * T(1) = HMAC(PRK, info | 0x01). A shorter key is a prefix of it (OKM's first L bytes); longer
 * ones are not served. An empty salt acts as RFC 5869's default (32 zero bytes: HMAC pads a
 * short key with zeros). RFC 5869 Appendix A pins it in test/core/hkdf.rfc5869.test.ts.
 *
 * @returns 32 bytes
 */
export function hkdfSha256OneBlock(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array): Uint8Array {
  return hmac(sha256, hmac(sha256, salt, ikm), new Uint8Array([...info, 1]));
}

/** HKDF-SHA256 (RFC 5869) of one block: salt = padHex(u), ikm = padHex(S), info 'Caldera Derived Key'. */
export function deriveSessionKey(S: bigint, u: bigint): Uint8Array {
  return hkdfSha256OneBlock(hexToBytes(padHex(u)), hexToBytes(padHex(S)), utf8Encode('Caldera Derived Key')).slice(0, 16);
}

/**
 * The claim signature: base64 HMAC-SHA256(key, prefix | userId | secret block | timestamp).
 *
 * @throws TypeError naming `SECRET_BLOCK` when it is not base64 (standard or URL-safe alphabet)
 */
export function claimSignature(key: Uint8Array, prefix: string, userId: string, secretBlockB64: string, timestamp: string): string {
  return sign(key, prefix, userId, base64Decode(secretBlockB64, 'SECRET_BLOCK'), timestamp);
}

const sign = (key: Uint8Array, prefix: string, userId: string, block: Uint8Array, timestamp: string): string =>
  base64Encode(hmac.create(sha256, key).update(utf8Encode(prefix + userId)).update(block).update(utf8Encode(timestamp)).digest());

/**
 * Cognito's TIMESTAMP: `Tue Sep 5 07:04:11 UTC 2023` (UTC, English names, day not zero-padded).
 * Built from `toUTCString()`, whose format ECMA-262 fixes (`Tue, 05 Sep 2023 07:04:11 GMT`,
 * English whatever the locale), for years 1000 to 9999.
 *
 * @throws RangeError naming `now` for an invalid date or a year outside 1000–9999
 */
export function formatSrpTimestamp(date: Date): string {
  const [day, d, month, year, time] = (date instanceof Date ? date.toUTCString() : '').split(' ');
  return /^\d{4}$/.test(year!) ? `${day!.slice(0, 3)} ${month} ${+d!} ${time} UTC ${year}` : fail('now', 'expected a valid Date', RangeError);
}

/** The client's ephemeral values: the private `a` and the public A = g^a mod N. */
export interface SrpStart {
  /** The private value. Secret: never log or store it. */
  a: bigint;
  /** The public value A = g^a mod N. */
  A: bigint;
  /** A as hex, as sent in the SRP_A auth parameter. */
  SRP_A: string;
}

/**
 * Builds {@link SrpStart} from a given private value. For vectors and servers' tests;
 * sign-ins use {@link startSrp}, which draws `a` at random.
 *
 * @throws RangeError when `a` is not in [1, N − 1)
 */
export function srpStartFromPrivateValue(a: bigint): SrpStart {
  const { N } = srpGroup();
  if (typeof a !== 'bigint' || a < 1n || a >= N - 1n) fail('a', 'expected 1 <= a < N - 1', RangeError);
  const A = srpGeneratorPow(a);
  return { a, A, SRP_A: A.toString(16) };
}

/**
 * Starts an SRP exchange: draws the private value (512 bits, see `A_BYTES` in the source for
 * why) and computes A. It does not need the password, so call it ahead of time (for example
 * while the user types) and keep the result for one sign-in; the first call also builds the
 * g = 2 table.
 *
 * @param options - `random`: the random source (default: crypto.getRandomValues)
 * @throws TypeError when the random source misbehaves
 */
export function startSrp(options: { random?: RandomSource } = {}): SrpStart {
  const a = BigInt('0x' + bytesToHex(drawRandom(options.random ?? randomBytes, A_BYTES)));
  // a = 0 (all-zero bytes) would give A = 1 and an S the server can predict.
  if (!a) fail('random', 'returned only zeros');
  return srpStartFromPrivateValue(a);
}

/** Challenge parameters of PASSWORD_VERIFIER (and, without USER_ID_FOR_SRP, of DEVICE_PASSWORD_VERIFIER). */
export interface SrpChallengeParameters {
  SRP_B: string;
  SALT: string;
  SECRET_BLOCK: string;
}

/** What PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER responses carry from the SRP math. */
export interface SrpClaim {
  PASSWORD_CLAIM_SIGNATURE: string;
  PASSWORD_CLAIM_SECRET_BLOCK: string;
  TIMESTAMP: string;
}

/**
 * The client's side of the key agreement: S = (B − k·g^x)^(a + u·x) mod N, then
 * {@link deriveSessionKey}. Refuses B ≡ 0 (mod N) and u = 0 (RFC 5054 §2.5.4 and §2.6: either
 * lets an attacker fix S) before anything secret is used.
 *
 * @throws RangeError naming `SRP_B` or `u`
 */
export function computeClientKey(start: SrpStart, B: bigint, u: bigint, x: bigint): Uint8Array {
  const { N, k } = srpGroup();
  if (B % N === 0n) fail('SRP_B', 'B mod N = 0, refused', RangeError);
  if (u % N === 0n) fail('u', 'H(A | B) = 0, refused', RangeError);
  let base = (B - k * srpGeneratorPow(x)) % N;
  if (base < 0n) base += N;
  return deriveSessionKey(modPow(base, start.a + u * x, N), u);
}

function claim(
  start: SrpStart,
  prefix: string,
  userId: string,
  password: string,
  params: SrpChallengeParameters,
  now: Date | undefined,
): SrpClaim {
  if (typeof start?.a !== 'bigint' || typeof start.A !== 'bigint') fail('start', 'expected startSrp() output');
  if (typeof password !== 'string') fail('password', 'expected a string');
  const { SRP_B, SALT, SECRET_BLOCK } = params ?? {};
  // Every check comes before any secret is used (RFC 5054 §2.6: abort if B % N = 0 or u = 0).
  const B = hexField(SRP_B, 'SRP_B', 770);
  if (B >= srpGroup().N) fail('SRP_B', 'expected B < N', RangeError);
  hexField(SALT, 'SALT', 1024);
  if (SECRET_BLOCK?.length > 65536) fail('SECRET_BLOCK', 'expected base64');
  const block = base64Decode(SECRET_BLOCK, 'SECRET_BLOCK');
  const timestamp = formatSrpTimestamp(now ?? new Date());
  const key = computeClientKey(start, B, computeU(start.A, B), computeX(SALT, prefix, userId, password));
  return {
    PASSWORD_CLAIM_SIGNATURE: sign(key, prefix, userId, block, timestamp),
    PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
    TIMESTAMP: timestamp,
  };
}

/**
 * Answers PASSWORD_VERIFIER: the user's password claim. The claim is made for USER_ID_FOR_SRP
 * (Cognito's internal user name), not for the alias the user typed; send it as USERNAME too.
 *
 * @param o - `start` from {@link startSrp}; `userPoolId` (the pool name is taken from it);
 *   `password`; the challenge's `challengeParameters`; `now` (default: the current time)
 * @throws TypeError / RangeError naming the field (`SRP_B`, `SALT`, `SECRET_BLOCK`,
 *   `USER_ID_FOR_SRP`, `userPoolId`, ...) before any proof is computed
 */
export function computePasswordClaim(o: {
  start: SrpStart;
  userPoolId: string;
  password: string;
  challengeParameters: SrpChallengeParameters & { USER_ID_FOR_SRP: string };
  now?: Date;
}): SrpClaim {
  const poolName = poolNameFromId(o.userPoolId);
  return claim(o.start, poolName, text(o.challengeParameters?.USER_ID_FOR_SRP, 'USER_ID_FOR_SRP'), o.password, o.challengeParameters, o.now);
}

/**
 * Answers DEVICE_PASSWORD_VERIFIER: the device's claim, keyed by the device group key and the
 * device key, with the device password from {@link createDeviceVerifier}.
 *
 * @throws TypeError / RangeError naming the field before any proof is computed
 */
export function computeDeviceClaim(o: {
  start: SrpStart;
  deviceGroupKey: string;
  deviceKey: string;
  devicePassword: string;
  challengeParameters: SrpChallengeParameters;
  now?: Date;
}): SrpClaim {
  const groupKey = text(o.deviceGroupKey, 'deviceGroupKey');
  const deviceKey = text(o.deviceKey, 'deviceKey');
  return claim(o.start, groupKey, deviceKey, text(o.devicePassword, 'devicePassword'), o.challengeParameters, o.now);
}
