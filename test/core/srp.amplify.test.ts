// The second reference client: Amplify v6 (@aws-amplify/auth's SRP helpers) must agree with the
// amazon-cognito-identity-js transcripts in test/vectors and with us, for users, devices and the
// ConfirmDevice verifier (its randomness pinned to the same bytes).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimSignature, computeDeviceClaim, computePasswordClaim, createDeviceVerifier, srpGroup, srpStartFromPrivateValue } from '../../src/core/index.js';

const require = createRequire(import.meta.url);
// Deep files of a package with an exports map: load them by absolute path.
const srpDir = fileURLToPath(new URL('../../node_modules/@aws-amplify/auth/dist/cjs/providers/cognito/utils/srp/', import.meta.url));
const AuthenticationHelper = require(srpDir + 'AuthenticationHelper/AuthenticationHelper.js').default;
const { BigInteger } = require(srpDir + 'BigInteger/index.js');
const { getSignatureString } = require(srpDir + 'getSignatureString.js');

const load = (f: string) => JSON.parse(readFileSync(new URL(`../vectors/${f}`, import.meta.url), 'utf8'));
const users = load('srp-user.json').vectors as any[];
const devices = load('srp-device.json');
const bi = (hex: string) => new BigInteger(hex, 16);

async function amplifySignature(poolName: string, user: string, password: string, v: any) {
  const { N } = srpGroup();
  const helper = new AuthenticationHelper({ userPoolName: poolName, a: bi(v.a), g: bi('2'), A: bi(v.SRP_A), N: bi(N.toString(16)) });
  const hkdf = await helper.getPasswordAuthenticationKey({
    username: user,
    password,
    serverBValue: bi(v.challengeParameters.SRP_B),
    salt: bi(v.challengeParameters.SALT),
  });
  return getSignatureString({ userPoolName: poolName, username: user, challengeParameters: v.challengeParameters, dateNow: v.expected.TIMESTAMP, hkdf });
}

describe('Amplify v6 SRP agrees', () => {
  afterEach(() => vi.restoreAllMocks());

  it('on every user transcript', async () => {
    for (const v of users) {
      const poolName = v.userPoolId.split('_')[1];
      const amplify = await amplifySignature(poolName, v.challengeParameters.USER_ID_FOR_SRP, v.password, v);
      const ours = computePasswordClaim({
        start: srpStartFromPrivateValue(BigInt('0x' + v.a)),
        userPoolId: v.userPoolId,
        password: v.password,
        challengeParameters: v.challengeParameters,
        now: new Date(v.now),
      });
      expect([v.name, amplify]).toEqual([v.name, v.expected.PASSWORD_CLAIM_SIGNATURE]);
      expect(ours.PASSWORD_CLAIM_SIGNATURE).toBe(amplify);
    }
  });

  it('on every device sign-in transcript', async () => {
    for (const v of devices.signIn) {
      const amplify = await amplifySignature(v.deviceGroupKey, v.deviceKey, v.devicePassword, v);
      const ours = computeDeviceClaim({
        start: srpStartFromPrivateValue(BigInt('0x' + v.a)),
        deviceGroupKey: v.deviceGroupKey,
        deviceKey: v.deviceKey,
        devicePassword: v.devicePassword,
        challengeParameters: v.challengeParameters,
        now: new Date(v.now),
      });
      expect(amplify).toBe(v.expected.PASSWORD_CLAIM_SIGNATURE);
      expect(ours.PASSWORD_CLAIM_SIGNATURE).toBe(amplify);
    }
  });

  it('on the ConfirmDevice verifier, with its randomness pinned to the same bytes', async () => {
    for (const v of devices.confirmDevice) {
      const bytes = Buffer.concat(v.random.map((h: string) => Buffer.from(h, 'hex')));
      let at = 0;
      // Amplify draws one big-endian Uint32 at a time; feed it the vector's bytes in order.
      vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(((arr: Uint32Array) => {
        for (let i = 0; i < arr.length; i++, at += 4) arr[i] = bytes.readUInt32BE(at);
        return arr;
      }) as any);
      const helper = new AuthenticationHelper({ userPoolName: 'x', a: bi('1'), g: bi('2'), A: bi('2'), N: bi(srpGroup().N.toString(16)) });
      await helper.generateHashDevice(v.deviceGroupKey, v.deviceKey);
      vi.restoreAllMocks();
      const draws = v.random.map((h: string) => Uint8Array.from(Buffer.from(h, 'hex')));
      const ours = createDeviceVerifier({ deviceGroupKey: v.deviceGroupKey, deviceKey: v.deviceKey, random: () => draws.shift() });
      expect(helper.getRandomPassword()).toBe(ours.devicePassword);
      expect(Buffer.from(helper.getSaltToHashDevices(), 'hex').toString('base64')).toBe(ours.verifierConfig.Salt);
      expect(Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64')).toBe(ours.verifierConfig.PasswordVerifier);
      expect(ours.verifierConfig).toEqual(v.expected.DeviceSecretVerifierConfig);
    }
  });

  it('on a SECRET_BLOCK in the URL-safe alphabet (both references accept it)', async () => {
    const v = users.find((u) => /[+/]/.test(u.challengeParameters.SECRET_BLOCK))!;
    const urlSafe = { ...v, challengeParameters: { ...v.challengeParameters, SECRET_BLOCK: v.challengeParameters.SECRET_BLOCK.replace(/\+/g, '-').replace(/\//g, '_') } };
    const amplify = await amplifySignature(v.userPoolId.split('_')[1], v.challengeParameters.USER_ID_FOR_SRP, v.password, urlSafe);
    expect(amplify).toBe(v.expected.PASSWORD_CLAIM_SIGNATURE);
    const ours = computePasswordClaim({
      start: srpStartFromPrivateValue(BigInt('0x' + v.a)),
      userPoolId: v.userPoolId,
      password: v.password,
      challengeParameters: urlSafe.challengeParameters,
      now: new Date(v.now),
    });
    expect(ours.PASSWORD_CLAIM_SIGNATURE).toBe(amplify);
    expect(ours.PASSWORD_CLAIM_SECRET_BLOCK).toBe(urlSafe.challengeParameters.SECRET_BLOCK); // echoed as received
    expect(claimSignature(new Uint8Array(16), 'p', 'u', 'ab-_', 't')).toBe(claimSignature(new Uint8Array(16), 'p', 'u', 'ab+/', 't'));
  });
});
