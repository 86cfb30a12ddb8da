// The one serializer shared by every operation (AWS JSON 1.1): inputs are wire-shaped already,
// so serializing is JSON.stringify with Date -> epoch seconds and Uint8Array -> base64; parsing
// turns the members the model declares as timestamps into Date and blobs into Uint8Array.
// Which members those are comes from a tiny generated table of member names (one per client:
// the lean client's lists only what its operations return): the generator proves each name has
// a single wire kind across the whole model.
import type { WireTables } from './generated/wire-tables.js';

// One character per byte (not String.fromCharCode(...bytes): blobs can exceed the argument limit).
const toBase64 = (bytes: Uint8Array): string => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/**
 * JSON body of a request: Date becomes epoch seconds, Uint8Array base64 (as the AWS SDK sends them).
 *
 * @throws TypeError for a BigInt member (naming it) or a cycle (JSON.stringify names the member).
 */
export function serializeInput(input: unknown): string {
  return JSON.stringify(input ?? {}, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    if (typeof raw == 'bigint') throw TypeError(`${key} is a BigInt`);
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (raw instanceof Uint8Array) return toBase64(raw);
    return value;
  });
}

/** Output of a response body: timestamps become Date, blobs Uint8Array; documents and string maps stay as sent. */
export function parseOutput(text: string, tables: WireTables): unknown {
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (tables.opaque.has(key) && !Array.isArray(v)) continue;
      if (typeof v === 'number' && tables.timestamps.has(key)) obj[key] = new Date(Math.round(v * 1000));
      else if (typeof v === 'string' && tables.blobs.has(key)) obj[key] = fromBase64(v);
      else obj[key] = revive(v);
    }
    return obj;
  };
  return revive(text ? JSON.parse(text) : {});
}
