/**
 * The server half of Cognito's SRP-6a (USER_SRP_AUTH and DEVICE_SRP_AUTH), verifying the
 * client's proof for real.
 *
 * Protocol (what amazon-cognito-identity-js's AuthenticationHelper expects of the service):
 * - the server picks a secret `b` and sends `SRP_B = k·v + g^b mod N` with the salt and an
 *   opaque `SECRET_BLOCK`;
 * - both sides compute `u = H(pad(A) | pad(B))` and the shared secret; the server's side is
 *   `S = (A · v^u)^b mod N`;
 * - the session key is HKDF(pad(S), salt = pad(u), info = 'Caldera Derived Key'), 16 bytes;
 * - the client proves it with `HMAC-SHA256(key, prefix | userId | secretBlock | TIMESTAMP)`,
 *   where prefix is the pool name (users) or the device group key (devices).
 *
 * SRP-6a safety checks (RFC 5054 §2.5.4): the server refuses `A ≡ 0 (mod N)`; it never sends a
 * `B ≡ 0` and never proceeds with `u = 0`.
 * @module
 */
import { computeU, deriveSessionKey, claimSignature, srpGroup } from '../core/srp.js';
import { modPow } from '../core/modexp.js';
import { type RandomSource, timingSafeEqual, toBase64, toHex, fromBase64 } from './util.js';

/** The server's ephemeral SRP values for one challenge. Kept server-side, in the auth session. */
export interface SrpServerStart {
  /** The server's secret exponent. */
  b: bigint;
  /** The server's public value `k·v + g^b mod N`. */
  B: bigint;
  /** `B` as lowercase hex, the `SRP_B` challenge parameter. */
  SRP_B: string;
}

/** Bytes of randomness in the server's secret exponent `b` (256 bits, as RFC 5054 suggests at least). */
const SECRET_BYTES = 32;

function randomBigint(random: RandomSource, bytes: number): bigint {
  return BigInt('0x' + toHex(random(bytes)));
}

/**
 * Picks `b` and computes `B = k·v + g^b mod N` for a verifier `v`.
 * @param options.verifier - the password verifier `g^x mod N` of the user or device.
 * @param options.random - random source (default `crypto.getRandomValues`).
 */
export function startSrpServer(options: { verifier: bigint; random: RandomSource }): SrpServerStart {
  const { N, g, k } = srpGroup();
  for (;;) {
    const b = randomBigint(options.random, SECRET_BYTES) % N;
    if (b === 0n) continue;
    const B = (k * options.verifier + modPow(g, b, N)) % N;
    if (B === 0n) continue;
    return { b, B, SRP_B: B.toString(16) };
  }
}

/**
 * Parses the client's `SRP_A` (hex). Returns undefined when it is not hex or when
 * `A ≡ 0 (mod N)`, which would let anyone derive the session key without the password.
 */
export function parseSrpA(hex: unknown): bigint | undefined {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length > 2048 || !/^[0-9a-fA-F]+$/.test(hex)) {
    return undefined;
  }
  const A = BigInt('0x' + hex);
  if (A % srpGroup().N === 0n) return undefined;
  return A;
}

/** Everything needed to check a PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER answer. */
export interface SrpClaimCheck {
  /** The client's public value (already checked by {@link parseSrpA}). */
  A: bigint;
  /** The server's ephemeral values from {@link startSrpServer}. */
  server: SrpServerStart;
  /** The stored verifier `v`. */
  verifier: bigint;
  /** Pool name (user SRP) or device group key (device SRP). */
  prefix: string;
  /** USER_ID_FOR_SRP (user SRP) or the device key (device SRP). */
  userId: string;
  /** The SECRET_BLOCK the server issued (base64). */
  secretBlock: string;
  /** The client's TIMESTAMP string, exactly as sent. */
  timestamp: string;
  /** The client's PASSWORD_CLAIM_SIGNATURE (base64). */
  signature: string;
}

/**
 * Computes the server's view of the shared key and checks the client's claim signature.
 * Resolves false (never rejects) for any mismatch, including `u = 0`. Async so it works whether
 * core's hashing is synchronous or Web Crypto based.
 */
export async function verifySrpClaim(check: SrpClaimCheck): Promise<boolean> {
  const { N } = srpGroup();
  const { A, server, verifier } = check;
  if (A % N === 0n) return false;
  let expected: string;
  try {
    const u = await computeU(A, server.B);
    if (u === 0n) return false;
    // S = (A · v^u)^b mod N
    const S = modPow((A * modPow(verifier, u, N)) % N, server.b, N);
    const key = await deriveSessionKey(S, u);
    expected = await claimSignature(key, check.prefix, check.userId, check.secretBlock, check.timestamp);
  } catch {
    return false;
  }
  return timingSafeEqual(normalizeBase64(expected), normalizeBase64(check.signature));
}

function normalizeBase64(s: string): string {
  try {
    return toBase64(fromBase64(s));
  } catch {
    return '';
  }
}

/**
 * A new opaque SECRET_BLOCK: base64 of random bytes. The emulator keeps it in the auth session
 * and requires PASSWORD_CLAIM_SECRET_BLOCK to be exactly it, which binds the proof to the session.
 */
export function createSecretBlock(random: RandomSource): string {
  // Cognito's blocks are long encrypted blobs; length only matters for realism.
  return toBase64(random(128));
}

/** A new random salt for a user's verifier, as lowercase hex (16 bytes, like the reference client's device salts). */
export function createSalt(random: RandomSource): string {
  return toHex(random(16));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const TIMESTAMP_RE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) (\d\d):(\d\d):(\d\d) UTC (\d{4})$/;

/**
 * Parses an SRP TIMESTAMP like `Tue Sep 5 07:04:11 UTC 2023` (day not zero-padded) to epoch
 * milliseconds. Returns undefined when the format is wrong or the weekday does not match the date.
 */
export function parseSrpTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return undefined;
  const [, wd, mon, day, hh, mm, ss, year] = m as unknown as [string, string, string, string, string, string, string, string];
  const h = Number(hh);
  const mi = Number(mm);
  const s = Number(ss);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const month = MONTHS.indexOf(mon);
  const ms = Date.UTC(Number(year), month, Number(day), h, mi, s);
  const d = new Date(ms);
  if (d.getUTCMonth() !== month || DAYS[d.getUTCDay()] !== wd) return undefined;
  return ms;
}
