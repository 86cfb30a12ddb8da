/**
 * Argument checks that fail before any network call, with a message naming the field
 * (bad input is the caller's bug and must say which input). Messages never echo values:
 * a password in the wrong field must not land in a log.
 * @module
 */

const fail = (field: string, what: string, v: unknown): never => {
  throw new TypeError(`${field}: expected ${what}, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : v === '' ? 'an empty string' : typeof v}`);
};

/** Throws a TypeError unless `value` is a non-empty string. */
export function assertString(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value === '') fail(field, 'a non-empty string', value);
}

/** Throws a TypeError unless `value` is undefined or a non-empty string. */
export function assertOptionalString(value: unknown, field: string): asserts value is string | undefined {
  if (value !== undefined) assertString(value, field);
}

/** Throws a TypeError unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): asserts value is T {
  if (!allowed.includes(value as T)) fail(field, 'one of ' + allowed.join(', '), value);
}

/** Throws a TypeError unless `value` is a plain object (an options bag). */
export function assertObject(value: unknown, field: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'an object', value);
}

/** Throws a TypeError unless `value` is undefined or an object of strings. */
export function assertStringMap(value: unknown, field: string): asserts value is Record<string, string> | undefined {
  if (value === undefined) return;
  assertObject(value, field);
  for (const k in value) if (typeof value[k] !== 'string') fail(`${field}.${k}`, 'a string', value[k]);
}

/**
 * Checks an input object: the named fields must be non-empty strings, and `clientMetadata`,
 * `attributes` and `validationData` (when present) objects of strings.
 */
export function checkInput(input: unknown, name: string, strings: string[]): asserts input is Record<string, any> {
  assertObject(input, name);
  for (const f of strings) assertString(input[f], f);
  for (const f of ['clientMetadata', 'attributes', 'validationData']) assertStringMap(input[f], f);
}
