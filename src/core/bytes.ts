/**
 * Byte, hex, bigint, base64 and UTF-8 conversions used by the SRP core and the wire layer.
 *
 * Everything here is synchronous and uses only what every target runtime has (TextEncoder,
 * TextDecoder, atob, btoa): no Buffer, no Node built-ins.
 * @module
 */

const HEX_RE = /^[0-9a-fA-F]*$/;

/**
 * Decodes hex (either case, even length) into bytes.
 *
 * @param hex - the hex text
 * @param name - the field name used in error messages
 * @throws TypeError naming `name` when `hex` is not a string of hex digit pairs
 * @example hexToBytes('00ff'); // Uint8Array [0, 255]
 */
export function hexToBytes(hex: string, name = 'hex'): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 || !HEX_RE.test(hex)) {
    throw new TypeError(`${name}: expected hex`); // of whole bytes
  }
  const out = new Uint8Array(hex.length / 2);
  // '0'-'9' → 0-9, 'a'-'f' and 'A'-'F' → 10-15 (the regex above let nothing else through)
  const nib = (c: number) => (c & 15) + (c > 57 ? 9 : 0);
  for (let i = 0; i < out.length; i++) out[i] = (nib(hex.charCodeAt(2 * i)) << 4) | nib(hex.charCodeAt(2 * i + 1));
  return out;
}

/**
 * Encodes bytes as lowercase hex.
 *
 * @param bytes - the bytes to encode
 * @throws TypeError when `bytes` is not a Uint8Array
 */
export function bytesToHex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return s;
}

/**
 * Parses non-empty hex (either case, any length, leading zeros allowed) as a non-negative bigint.
 *
 * @param hex - the hex text, without `0x`
 * @param name - the field name used in error messages
 * @throws TypeError naming `name` when `hex` is empty or not hex
 */
export function hexToBigint(hex: string, name = 'hex'): bigint {
  if (typeof hex !== 'string' || !hex || !HEX_RE.test(hex)) {
    throw new TypeError(`${name}: expected hex`);
  }
  return BigInt('0x' + hex);
}

/**
 * Formats a non-negative bigint as minimal lowercase hex (`0n` gives `'0'`).
 *
 * @throws RangeError for negative values
 */
export function bigintToHex(n: bigint): string {
  if (n < 0n) throw new RangeError('n: expected n >= 0');
  return n.toString(16);
}

/**
 * Cognito's hex padding rule (amazon-cognito-identity-js `AuthenticationHelper.padHex`, i.e. the
 * hex of Java's `BigInteger.toByteArray()` for non-negative numbers): even length, and one extra
 * `00` byte when the top bit of the first byte is set, so the value always reads as positive.
 * SRP hashes (u, k, x) and the HKDF inputs are computed over these bytes, so getting this wrong
 * fails one sign-in in two.
 *
 * @param value - a non-negative bigint, or hex text of one (leading zeros are dropped first)
 * @returns lowercase hex
 * @throws RangeError for negative values; TypeError for text that is not hex
 * @example padHex(0x80n); // '0080'
 */
export function padHex(value: bigint | string): string {
  let h = bigintToHex(typeof value === 'string' ? hexToBigint(value, 'padHex') : value);
  if (h.length % 2) h = '0' + h;
  return h.charCodeAt(0) > 55 /* '7' */ ? '00' + h : h;
}

/** UTF-8 encodes a string. */
export function utf8Encode(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/**
 * Decodes UTF-8 bytes.
 *
 * @throws TypeError on malformed UTF-8
 */
export function utf8Decode(b: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(b);
}

/**
 * Encodes bytes as standard base64 with `=` padding (RFC 4648 §4).
 *
 * @throws TypeError when `b` is not a Uint8Array
 */
export function base64Encode(b: Uint8Array): string {
  if (!(b instanceof Uint8Array)) throw new TypeError('bytes: expected a Uint8Array');
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

/**
 * Decodes base64 (RFC 4648 §4, or the URL-safe alphabet of §5, as Node's Buffer and the AWS
 * reference clients accept it); the `=` padding may be left out.
 *
 * @param s - the base64 text
 * @param name - the field name used in error messages
 * @throws TypeError naming `name` when `s` is not base64
 */
export function base64Decode(s: string, name = 'base64'): Uint8Array {
  // `=` padding optional, but if present the length is a multiple of 4: what passes these
  // checks atob decodes without throwing.
  if (typeof s !== 'string' || !/^[\w+/-]*={0,2}$/.test(s) || s.length % 4 === 1 || (s.includes('=') && s.length % 4)) {
    throw new TypeError(`${name}: expected base64`);
  }
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Encodes bytes as unpadded base64url (RFC 4648 §5), as in JWTs. */
export function base64UrlEncode(b: Uint8Array): string {
  return base64Encode(b).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Decodes base64url (RFC 4648 §5), padded or not.
 *
 * @throws TypeError naming `name` when `s` is not base64url
 */
export function base64UrlDecode(s: string, name = 'base64url'): Uint8Array {
  if (typeof s !== 'string' || /[+/]/.test(s)) throw new TypeError(`${name}: expected base64url`);
  return base64Decode(s, name);
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}
