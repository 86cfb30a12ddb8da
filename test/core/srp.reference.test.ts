// Live cross-check against amazon-cognito-identity-js's AuthenticationHelper (the reference
// client): same private value, same B and salt, so every derived value must agree.
import { createHmac, randomBytes as nodeRandom } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  computePasswordClaim,
  computeU,
  computeVerifier,
  createDeviceVerifier,
  deriveSessionKey,
  modPow,
  padHex,
  srpGroup,
  srpStartFromPrivateValue,
} from '../../src/core/index.js';

const require = createRequire(import.meta.url);
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;

const big = (b: { toString(radix: number): string }) => BigInt('0x' + b.toString(16));
const hkdfOf = (helper: any, user: string, pw: string, B: bigint, salt: string) =>
  new Promise<Uint8Array>((res, rej) =>
    helper.getPasswordAuthenticationKey(user, pw, new BigInteger(B.toString(16), 16), new BigInteger(salt, 16), (e: unknown, k: Uint8Array) =>
      e ? rej(e) : res(new Uint8Array(k)),
    ),
  );

describe('SRP against amazon-cognito-identity-js AuthenticationHelper', () => {
  it('k, padHex, A, u, S-derived key and the password claim agree', async () => {
    const { N, k } = srpGroup();
    for (let i = 0; i < 3; i++) {
      const helper = new AuthenticationHelper('AbCdEf123');
      expect(big(helper.k)).toBe(k);
      expect(big(helper.N)).toBe(N);
      const start = srpStartFromPrivateValue(big(helper.getSmallAValue()));
      expect(start.A).toBe(big(helper.largeAValue));
      expect(start.SRP_A).toBe(helper.largeAValue.toString(16));
      const B = BigInt('0x' + nodeRandom(384).toString('hex')) % N;
      const salt = nodeRandom(16).toString('hex');
      const userId = 'd1f2a3b4-0000-4000-8000-00000000000' + i;
      const password = `Pässword-${i}!`;
      const key = await hkdfOf(helper, userId, password, B, salt);
      expect(computeU(start.A, B)).toBe(big(helper.UValue));
      expect(padHex(start.A)).toBe(helper.padHex(helper.largeAValue));
      const secretBlock = nodeRandom(64).toString('base64');
      const now = new Date(Date.UTC(2023, 8, 5, 7, 4, 11));
      const claim = computePasswordClaim({
        start,
        userPoolId: 'eu-west-1_AbCdEf123',
        password,
        challengeParameters: { USER_ID_FOR_SRP: userId, SRP_B: B.toString(16), SALT: salt, SECRET_BLOCK: secretBlock },
        now,
      });
      expect(claim.TIMESTAMP).toBe('Tue Sep 5 07:04:11 UTC 2023');
      // CognitoUser's signature: HMAC(hkdf, poolName | USER_ID_FOR_SRP | secret block | timestamp)
      const expected = createHmac('sha256', key)
        .update(Buffer.concat([Buffer.from('AbCdEf123' + userId), Buffer.from(secretBlock, 'base64'), Buffer.from(claim.TIMESTAMP)]))
        .digest('base64');
      expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(expected);
      expect(claim.PASSWORD_CLAIM_SECRET_BLOCK).toBe(secretBlock);
    }
  });

  it('deriveSessionKey matches the helper for an independently computed S', async () => {
    const { N } = srpGroup();
    const helper = new AuthenticationHelper('Pool');
    const a = big(helper.getSmallAValue());
    const B = BigInt('0x' + nodeRandom(384).toString('hex')) % N;
    const key = await hkdfOf(helper, 'user', 'pw', B, 'ab');
    const u = computeU(big(helper.largeAValue), B);
    const { k } = srpGroup();
    const x = big(new BigInteger(helper.hexHash(helper.padHex(new BigInteger('ab', 16)) + helper.hash('Pooluser:pw')), 16));
    const S = modPow(B - k * modPow(2n, x, N), a + u * x, N);
    expect(deriveSessionKey(S, u)).toEqual(key);
  });

  it('the device verifier equals generateHashDevice for the same password and salt', async () => {
    const helper = new AuthenticationHelper('ignored');
    await new Promise((res) => helper.generateHashDevice('eu-west-1_group', 'eu-west-1_devicekey', res));
    const pw = Buffer.from(helper.getRandomPassword(), 'base64');
    const saltBytes = Buffer.from(helper.getSaltDevices().padStart(32, '0').slice(-32), 'hex');
    const draws = [new Uint8Array(pw), new Uint8Array(saltBytes)];
    const d = createDeviceVerifier({ deviceGroupKey: 'eu-west-1_group', deviceKey: 'eu-west-1_devicekey', random: () => draws.shift()! });
    expect(d.devicePassword).toBe(helper.getRandomPassword());
    expect(d.verifierConfig.Salt).toBe(Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'));
    expect(d.verifierConfig.PasswordVerifier).toBe(Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'));
    expect(padHex(computeVerifier(helper.getSaltDevices(), 'eu-west-1_group', 'eu-west-1_devicekey', d.devicePassword))).toBe(
      helper.getVerifierDevices(),
    );
  });
});
