/**
 * The random source. Production code draws only from Web Crypto's `crypto.getRandomValues`
 * (present in browsers, workerd, Deno and Node 20+); tests inject a deterministic one.
 * @module
 */

/** Returns `length` fresh random bytes. Injected wherever a secret value is chosen. */
export type RandomSource = (length: number) => Uint8Array;

/**
 * The default {@link RandomSource}: `crypto.getRandomValues`.
 *
 * @throws RangeError for a negative length; Web Crypto's QuotaExceededError above 65536 bytes
 */
export const randomBytes: RandomSource = (length) => crypto.getRandomValues(new Uint8Array(length));

/**
 * Calls `random` and checks that it kept its contract (a Uint8Array of exactly `length` bytes),
 * so a broken injected source fails loudly instead of silently weakening a secret.
 *
 * @throws TypeError when the source returns anything else
 */
export function drawRandom(random: RandomSource, length: number): Uint8Array {
  const b = random(length);
  if (!(b instanceof Uint8Array) || b.length !== length) {
    throw new TypeError(`random: expected ${length} bytes`);
  }
  return b;
}
