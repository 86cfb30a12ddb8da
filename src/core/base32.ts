/**
 * Base32 (RFC 4648 §6), the encoding of TOTP shared secrets such as the `SecretCode` returned by
 * AssociateSoftwareToken and the `secret` parameter of `otpauth://` URIs.
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Encodes bytes as RFC 4648 base32 with `=` padding (upper case).
 *
 * @param bytes - the bytes to encode
 * @param options - `padding: false` leaves out the trailing `=` (authenticator apps accept both)
 * @returns the base32 text
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * base32Encode(new TextEncoder().encode('foobar')); // 'MZXW6YTBOI======'
 */
export function base32Encode(bytes: Uint8Array, options: { padding?: boolean } = {}): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('base32Encode: bytes must be a Uint8Array');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff; // at most 12 live bits are ever needed
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.padding !== false) while (out.length % 8 !== 0) out += '=';
  return out;
}

/**
 * Decodes RFC 4648 base32. Tolerant of what people paste: ASCII lower case, spaces, hyphens and
 * missing or partial `=` padding are accepted. Anything else fails with a message naming the
 * field and the offending character.
 *
 * @param text - base32 text
 * @param field - the name used in error messages (default `'base32'`), e.g. `'secret'`
 * @returns the decoded bytes
 * @throws TypeError when `text` is not a string, contains a character outside the alphabet,
 *   has padding in the middle, or has a length no encoder can produce
 * @example
 * base32Decode('mzxw 6ytb oi'); // bytes of 'foobar'
 */
export function base32Decode(text: string, field = 'base32'): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`${field}: expected a base32 string, got ${typeof text}`);
  // ASCII-only upper-casing: toUpperCase() would also map 'ı' to 'I', 'ſ' to 'S' and 'ß' to
  // 'SS', letting characters outside the alphabet decode as if they were in it.
  const cleaned = text.replace(/[\s-]/g, '').replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
  const body = cleaned.replace(/=+$/, '');
  const pad = cleaned.length - body.length;
  // Padding is optional and may be partial; more than six '=' is never produced by an encoder.
  if (pad > 6) throw new TypeError(`${field}: invalid base32 padding (${pad} '=' characters)`);
  const mid = body.indexOf('=');
  if (mid >= 0) throw new TypeError(`${field}: invalid base32 padding in the middle at position ${mid}`);
  const out = new Uint8Array(Math.floor((body.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new TypeError(`${field}: invalid base32 character ${JSON.stringify(ch)} at position ${i}`);
    buffer = ((buffer << 5) | v) & 0xfff; // at most 12 live bits
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >>> bits) & 0xff;
    }
  }
  // Checked after the characters, so that a character outside the alphabet is named as such.
  // Lengths mod 8 of 1, 3 and 6 cannot come out of an encoder (RFC 4648 §6: 8, 2, 4, 5, 7 chars).
  const rem = body.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) {
    throw new TypeError(`${field}: invalid base32 length (${body.length} characters)`);
  }
  return out;
}
