// The shared serializer: Date -> epoch seconds and Uint8Array -> base64 in requests (what the
// AWS SDK's JSON codec writes for timestamp and blob members); the reverse for responses, with
// documents and maps (caller-chosen keys) left as sent.
import { describe, expect, it } from 'vitest';
import { parseOutput as parse, serializeInput } from '../../src/client/serde.js';
import { UNSIGNED_WIRE_TABLES, WIRE_TABLES } from '../../src/client/generated/wire-tables.js';

const parseOutput = (text: string) => parse(text, WIRE_TABLES);

describe('serializeInput', () => {
  it('writes Dates as epoch seconds with the milliseconds as a fraction', () => {
    const d = new Date(1_700_000_000_123);
    expect(JSON.parse(serializeInput({ StartDate: d, Nested: [{ At: d }] }))).toEqual({ StartDate: 1700000000.123, Nested: [{ At: 1700000000.123 }] });
  });
  it('writes bytes as base64 and leaves everything else as JSON', () => {
    expect(JSON.parse(serializeInput({ ImageFile: new Uint8Array([0, 1, 2, 250, 255]), N: 1, S: 's', B: false, M: { k: 'v' } }))).toEqual({
      ImageFile: 'AAEC+v8=',
      N: 1,
      S: 's',
      B: false,
      M: { k: 'v' },
    });
  });
  it('sends {} for an undefined input', () => {
    expect(serializeInput(undefined)).toBe('{}');
  });
});

describe('parseOutput', () => {
  it('turns timestamp members into Dates at any depth, and blobs into bytes', () => {
    const out = parseOutput(JSON.stringify({ User: { UserCreateDate: 1700000000.5, Username: 'u' }, Assets: [{ Bytes: 'AAEC+v8=' }] })) as any;
    expect(out.User.UserCreateDate).toEqual(new Date(1_700_000_000_500));
    expect(out.Assets[0].Bytes).toEqual(new Uint8Array([0, 1, 2, 250, 255]));
  });
  it('leaves documents and string maps alone even when keys look like timestamp members', () => {
    const out = parseOutput(
      JSON.stringify({ CredentialCreationOptions: { CreationDate: 5, Bytes: 'x' }, ChallengeParameters: { CreationDate: '5', Bytes: 'AA' } }),
    ) as any;
    expect(out.CredentialCreationOptions).toEqual({ CreationDate: 5, Bytes: 'x' });
    expect(out.ChallengeParameters).toEqual({ CreationDate: '5', Bytes: 'AA' });
  });
  it('keeps a list under a name that is a map elsewhere converting (Attributes)', () => {
    const out = parseOutput(JSON.stringify({ Attributes: [{ LastModifiedDate: 1 }] })) as any;
    expect(out.Attributes[0].LastModifiedDate).toEqual(new Date(1000));
  });
  it('treats an empty body as {}', () => {
    expect(parseOutput('')).toEqual({});
  });
});

describe('the lean client\'s table', () => {
  it('is a subset of the full table that still knows the device and WebAuthn dates', () => {
    for (const k of ['timestamps', 'blobs', 'opaque'] as const) {
      for (const name of UNSIGNED_WIRE_TABLES[k]) if (name) expect(WIRE_TABLES[k].has(name), name).toBe(true);
    }
    for (const name of ['DeviceCreateDate', 'DeviceLastAuthenticatedDate', 'CreatedAt']) expect(UNSIGNED_WIRE_TABLES.timestamps.has(name)).toBe(true);
    expect(UNSIGNED_WIRE_TABLES.opaque.has('ChallengeParameters')).toBe(true);
    expect(UNSIGNED_WIRE_TABLES.timestamps.size).toBeLessThan(WIRE_TABLES.timestamps.size);
  });
});
