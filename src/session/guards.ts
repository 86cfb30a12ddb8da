/**
 * Type guards shared by the session modules. Everything read from storage or from another tab is
 * untrusted input and goes through these before use.
 */

/** True for any non-null object (arrays included). */
export const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === 'object' && v !== null;

/** True for a string with at least one character. */
export const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** True for a finite number. */
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
