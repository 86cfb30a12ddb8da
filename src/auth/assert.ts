/**
 * Argument checks that fail before any network call, with a message naming the field
 * (the STYLE rule: bad input is the caller's bug and must say which input).
 * @module
 */

/** Throws a TypeError unless `value` is a non-empty string. */
export function assertString(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${field}: expected a non-empty string, got ${describe(value)}`);
  }
}

/** Throws a TypeError unless `value` is undefined or a non-empty string. */
export function assertOptionalString(value: unknown, field: string): asserts value is string | undefined {
  if (value !== undefined) assertString(value, field);
}

/** Throws a TypeError unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new TypeError(`${field}: expected one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
}

/** Throws a TypeError unless `value` is undefined or a map of strings to strings. */
export function assertStringMap(value: unknown, field: string): asserts value is Record<string, string> | undefined {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${field}: expected an object of strings, got ${describe(value)}`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new TypeError(`${field}.${k}: expected a string, got ${describe(v)}`);
  }
}

/** Throws a TypeError unless `value` is a plain object (options bags). */
export function assertObject(value: unknown, field: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${field}: expected an object, got ${describe(value)}`);
  }
}

// Never echoes string contents: a password in the wrong field must not land in a log.
function describe(v: unknown): string {
  if (typeof v === 'string') return v === '' ? 'an empty string' : 'a string';
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
