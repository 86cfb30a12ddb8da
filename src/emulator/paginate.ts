/**
 * Opaque pagination tokens: a page starts after the key the token names, so items added or
 * removed between pages neither repeat nor vanish.
 * @module
 */
import { errors } from './errors.js';
import { fromBase64, fromUtf8, toBase64, utf8 } from './util.js';

/**
 * Slice `items` (sorted by `key`) into a page.
 * @param token - the NextToken/PaginationToken from the previous page, if any.
 * @param limit - page size (already validated).
 * @param scope - binds tokens to one listing (pool id + operation), so a token from another listing is refused.
 * @throws InvalidParameterException when the token is not one this listing produced.
 */
export function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  token: unknown,
  limit: number,
  scope: string,
): { items: T[]; next?: string } {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  let start = 0;
  if (token !== undefined && token !== null && token !== '') {
    let after: string;
    try {
      const parsed = JSON.parse(fromUtf8(fromBase64(String(token)))) as { s?: unknown; a?: unknown };
      if (parsed.s !== scope || typeof parsed.a !== 'string') throw new Error('scope');
      after = parsed.a;
    } catch {
      throw errors.invalidParameter('Invalid pagination token.');
    }
    start = sorted.findIndex((i) => key(i) > after);
    if (start < 0) start = sorted.length;
  }
  const slice = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return {
    items: slice,
    ...(more ? { next: toBase64(utf8(JSON.stringify({ s: scope, a: key(slice[slice.length - 1]!) }))) } : {}),
  };
}

/**
 * Validate a page-size member.
 * @throws InvalidParameterException naming the member when it is out of range.
 */
export function pageSize(value: unknown, member: string, max: number, fallback: number | undefined): number {
  if (value === undefined || value === null) {
    if (fallback === undefined) {
      throw errors.invalidParameter(
        `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
  return value === 0 ? max : value;
}
