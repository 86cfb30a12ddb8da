/**
 * The random source. Production code draws only from Web Crypto's `crypto.getRandomValues`
 * (present in browsers, workerd, Deno and Node 20+); tests inject a deterministic one.
 * @module
 */

/** Returns `length` fresh random bytes. Injected wherever a secret value is chosen. */
export type RandomSource = (length: number) => Uint8Array;

/**
 * The default {@link RandomSource}: `crypto.getRandomValues`, filled in 64 KiB steps (its limit).
 *
 * @throws RangeError when `length` is not a non-negative integer
 */
export const randomBytes: RandomSource = (length) => {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('length: expected a non-negative integer');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
};

/**
 * Calls `random` and checks that it kept its contract (a Uint8Array of exactly `length` bytes),
 * so a broken injected source fails loudly instead of silently weakening a secret.
 *
 * @throws TypeError when the source returns anything else
 */
export function drawRandom(random: RandomSource, length: number): Uint8Array {
  const b = random(length);
  if (!(b instanceof Uint8Array) || b.length !== length) {
    throw new TypeError(`random: expected ${length} random bytes from the random source`);
  }
  return b;
}
