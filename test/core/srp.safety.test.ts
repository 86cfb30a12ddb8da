// Every refusal of the SRP client: a hostile or broken server (or caller) gets a clear error that
// names the field, and no claim.
import { describe, expect, it } from 'vitest';
import {
  computeClientKey,
  computeDeviceClaim,
  computePasswordClaim,
  computeX,
  createDeviceVerifier,
  srpGroup,
  srpStartFromPrivateValue,
  startSrp,
} from '../../src/core/index.js';

const start = srpStartFromPrivateValue(0x1234567890abcdef1234567890abcdefn);
const { N } = srpGroup();
const good = {
  USER_ID_FOR_SRP: 'user-1',
  SRP_B: (N - 12345n).toString(16),
  SALT: 'a1b2c3d4',
  SECRET_BLOCK: 'c2VjcmV0',
};
const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const claim = (patch: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  computePasswordClaim({ start, userPoolId: 'eu-west-1_Pool1', password: 'pw', challengeParameters: { ...good, ...patch } as any, now, ...extra });

describe('SRP refusals', () => {
  it('the baseline answers', () => {
    expect(claim({}).PASSWORD_CLAIM_SIGNATURE).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it.each([
    ['B = 0', '0', RangeError, /SRP_B.*mod N = 0/],
    ['B = 0 with leading zeros', '000000', RangeError, /SRP_B.*mod N = 0/],
    ['B = N', N.toString(16), RangeError, /SRP_B: expected B < N/],
    ['B = N + 1', (N + 1n).toString(16), RangeError, /SRP_B/],
    ['B oversized (1000 hex digits)', 'f'.repeat(1000), TypeError, /SRP_B: expected hex, 770 digits/],
    ['B empty', '', TypeError, /SRP_B/],
    ['B not hex', 'xyz', TypeError, /SRP_B/],
    ['B with 0x', '0x1234', TypeError, /SRP_B/],
    ['B a number', 1234, TypeError, /SRP_B/],
  ])('refuses SRP_B: %s', (_n, SRP_B, type, msg) => {
    expect(() => claim({ SRP_B })).toThrow(type);
    expect(() => claim({ SRP_B })).toThrow(msg);
  });

  it.each([
    ['empty', ''],
    ['not hex', 'zz'],
    ['oversized', 'a'.repeat(2000)],
    ['missing', undefined],
  ])('refuses SALT: %s', (_n, SALT) => {
    expect(() => claim({ SALT })).toThrow(/^SALT/);
  });

  it.each([
    ['not base64', '!!!!'],
    ['bad length', 'abcde'],
    ['oversized', 'A'.repeat(70000)],
    ['missing', undefined],
  ])('refuses SECRET_BLOCK: %s', (_n, SECRET_BLOCK) => {
    expect(() => claim({ SECRET_BLOCK })).toThrow(/^SECRET_BLOCK/);
  });

  it('refuses a missing USER_ID_FOR_SRP, a malformed pool id, a non-string password, a bad start or date', () => {
    expect(() => claim({ USER_ID_FOR_SRP: '' })).toThrow(/USER_ID_FOR_SRP/);
    expect(() => claim({ USER_ID_FOR_SRP: undefined })).toThrow(/USER_ID_FOR_SRP/);
    expect(() => claim({}, { userPoolId: 'Pool1' })).toThrow(/userPoolId/);
    expect(() => claim({}, { userPoolId: 'eu-west-1_' })).toThrow(/userPoolId/);
    expect(() => claim({}, { password: undefined })).toThrow(/password/);
    expect(() => claim({}, { start: { a: 1, A: 2 } })).toThrow(/start/);
    expect(() => claim({}, { now: new Date('nope') })).toThrow(/now/);
    expect(() => claim({}, { challengeParameters: null })).toThrow(/USER_ID_FOR_SRP|challengeParameters/);
  });

  it('refuses u = 0 and B ≡ 0 (mod N) in the key agreement itself', () => {
    const x = computeX('ab', 'Pool', 'user', 'pw');
    expect(() => computeClientKey(start, 5n, 0n, x)).toThrow(/^u: /);
    expect(() => computeClientKey(start, 0n, 1n, x)).toThrow(/^SRP_B: /);
    expect(() => computeClientKey(start, N, 1n, x)).toThrow(/^SRP_B: /);
    expect(() => computeClientKey(start, 2n * N, 1n, x)).toThrow(/^SRP_B: /);
    expect(computeClientKey(start, 5n, 1n, x)).toHaveLength(16);
  });

  it('device claims refuse empty keys and password, and the same bad B', () => {
    const base = { start, deviceGroupKey: 'g', deviceKey: 'd', devicePassword: 'p', challengeParameters: good, now };
    expect(computeDeviceClaim(base).TIMESTAMP).toBe('Tue Jan 2 03:04:05 UTC 2024');
    expect(() => computeDeviceClaim({ ...base, deviceGroupKey: '' })).toThrow(/deviceGroupKey/);
    expect(() => computeDeviceClaim({ ...base, deviceKey: '' })).toThrow(/deviceKey/);
    expect(() => computeDeviceClaim({ ...base, devicePassword: '' })).toThrow(/devicePassword/);
    expect(() => computeDeviceClaim({ ...base, challengeParameters: { ...good, SRP_B: '0' } })).toThrow(/SRP_B/);
    expect(() => createDeviceVerifier({ deviceGroupKey: '', deviceKey: 'd' })).toThrow(/deviceGroupKey/);
    expect(() => createDeviceVerifier({ deviceGroupKey: 'g', deviceKey: '' })).toThrow(/deviceKey/);
  });

  it('refuses a broken random source', () => {
    expect(() => startSrp({ random: (n) => new Uint8Array(n - 1) })).toThrow(/random/);
    expect(() => startSrp({ random: () => [1, 2, 3] as unknown as Uint8Array })).toThrow(/random/);
    expect(() => startSrp({ random: (n) => new Uint8Array(n) })).toThrow(/zero/);
    expect(() => createDeviceVerifier({ deviceGroupKey: 'g', deviceKey: 'd', random: (n) => new Uint8Array(n + 1) })).toThrow(/random/);
  });

  it('srpStartFromPrivateValue refuses a out of range', () => {
    expect(() => srpStartFromPrivateValue(0n)).toThrow(/^a: /);
    expect(() => srpStartFromPrivateValue(N)).toThrow(/^a: /);
    expect(() => srpStartFromPrivateValue(-1n)).toThrow(/^a: /);
  });
});
