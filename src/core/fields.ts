/**
 * Argument checks shared by the core's modules (internal: not exported from the package).
 * @module
 */

/** Throws `E` with a message that starts with the field's name. */
export const fail = (field: string, what: string, E: ErrorConstructor = TypeError): never => {
  throw new E(`${field}: ${what}`);
};

/** `v` when it is a non-empty string; otherwise a TypeError naming `field`. */
export const text = (v: unknown, field: string): string => (typeof v === 'string' && v ? v : fail(field, 'expected a non-empty string'));
