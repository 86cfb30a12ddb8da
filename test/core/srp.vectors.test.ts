// Byte-for-byte agreement with transcripts of amazon-cognito-identity-js (randomness and clock
// pinned), produced by scripts/gen-srp-vectors.mjs. The generator also checked each transcript
// against an independent server-side computation, so these are valid sign-ins, not just echoes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeDeviceClaim,
  computePasswordClaim,
  computeU,
  createDeviceVerifier,
  padHex,
  srpGroup,
  srpStartFromPrivateValue,
} from '../../src/core/index.js';

const load = (f: string) => JSON.parse(readFileSync(new URL(`../vectors/${f}`, import.meta.url), 'utf8'));
const users = load('srp-user.json');
const devices = load('srp-device.json');
const cases = (list: any[]): [string, any][] => list.map((v) => [v.name, v]);

describe('user SRP (PASSWORD_VERIFIER) vectors', () => {
  it.each(cases(users.vectors))('%s', (_name, v) => {
    const start = srpStartFromPrivateValue(BigInt('0x' + v.a));
    expect(start.SRP_A).toBe(v.SRP_A);
    const claim = computePasswordClaim({
      start,
      userPoolId: v.userPoolId,
      password: v.password,
      challengeParameters: v.challengeParameters,
      now: new Date(v.now),
    });
    expect(claim).toEqual({
      PASSWORD_CLAIM_SIGNATURE: v.expected.PASSWORD_CLAIM_SIGNATURE,
      PASSWORD_CLAIM_SECRET_BLOCK: v.expected.PASSWORD_CLAIM_SECRET_BLOCK,
      TIMESTAMP: v.expected.TIMESTAMP,
    });
    // The reference client answers for USER_ID_FOR_SRP, not for the alias the user typed.
    expect(v.expected.USERNAME).toBe(v.challengeParameters.USER_ID_FOR_SRP);
  });

  it('cover the padding edge cases for A, B, S and u', () => {
    const edges = new Set(users.vectors.flatMap((v: any) => v.edges));
    for (const n of ['A', 'B', 'S', 'u']) {
      expect(edges).toContain(`${n} has a leading zero byte`);
      expect(edges).toContain(`${n} has the top bit set`);
    }
    // and the claims above really go through those paddings
    const { N } = srpGroup();
    const As = users.vectors.map((v: any) => BigInt('0x' + v.SRP_A));
    expect(As.some((A: bigint) => padHex(A).length === 770)).toBe(true); // 00 + 384 bytes
    expect(As.some((A: bigint) => A < 1n << 3064n)).toBe(true);
    const us = users.vectors.map((v: any) => computeU(BigInt('0x' + v.SRP_A), BigInt('0x' + v.challengeParameters.SRP_B)));
    expect(us.some((u: bigint) => padHex(u).length === 66)).toBe(true);
    expect(us.some((u: bigint) => u < 1n << 248n)).toBe(true);
    expect(users.vectors.every((v: any) => BigInt('0x' + v.challengeParameters.SRP_B) < N)).toBe(true);
  });
});

describe('ConfirmDevice verifier vectors', () => {
  it.each(cases(devices.confirmDevice))('%s', (_name, v) => {
    const draws = v.random.map((h: string) => Uint8Array.from(Buffer.from(h, 'hex')));
    const lengths: number[] = [];
    const d = createDeviceVerifier({
      deviceGroupKey: v.deviceGroupKey,
      deviceKey: v.deviceKey,
      random: (n) => {
        lengths.push(n);
        return draws.shift();
      },
    });
    expect(lengths).toEqual([40, 16]);
    expect(d.devicePassword).toBe(v.expected.devicePassword);
    expect(d.verifierConfig).toEqual(v.expected.DeviceSecretVerifierConfig);
    expect(d).toMatchObject({ deviceKey: v.deviceKey, deviceGroupKey: v.deviceGroupKey });
  });

  it('cover salt and verifier padding edge cases', () => {
    const edges = new Set(devices.confirmDevice.flatMap((v: any) => v.edges));
    for (const e of ['salt has a leading zero byte', 'salt has the top bit set', 'verifier has a leading zero byte', 'verifier has the top bit set']) {
      expect(edges).toContain(e);
    }
  });
});

describe('device SRP (DEVICE_PASSWORD_VERIFIER) vectors', () => {
  it.each(cases(devices.signIn))('%s', (_name, v) => {
    const start = srpStartFromPrivateValue(BigInt('0x' + v.a));
    expect(start.SRP_A).toBe(v.SRP_A);
    const claim = computeDeviceClaim({
      start,
      deviceGroupKey: v.deviceGroupKey,
      deviceKey: v.deviceKey,
      devicePassword: v.devicePassword,
      challengeParameters: v.challengeParameters,
      now: new Date(v.now),
    });
    expect(claim).toEqual({
      PASSWORD_CLAIM_SIGNATURE: v.expected.PASSWORD_CLAIM_SIGNATURE,
      PASSWORD_CLAIM_SECRET_BLOCK: v.expected.PASSWORD_CLAIM_SECRET_BLOCK,
      TIMESTAMP: v.expected.TIMESTAMP,
    });
    expect(v.expected.DEVICE_KEY).toBe(v.deviceKey);
  });

  it('cover B and S padding edge cases', () => {
    const edges = new Set(devices.signIn.flatMap((v: any) => v.edges));
    for (const e of ['B has a leading zero byte', 'B has the top bit set', 'S has a leading zero byte', 'S has the top bit set']) expect(edges).toContain(e);
  });
});
