/**
 * The device verifier that ConfirmDevice uploads when Cognito hands out NewDeviceMetadata.
 * @module
 */
import { base64Encode, bytesToHex, hexToBytes, padHex } from './bytes.js';
import { text } from './fields.js';
import { drawRandom, randomBytes, type RandomSource } from './random.js';
import { computeVerifier } from './srp.js';

/** What a remembered device keeps (secret: store it like a refresh token) and what ConfirmDevice sends. */
export interface DeviceVerifier {
  /** The device key (NewDeviceMetadata.DeviceKey). */
  deviceKey: string;
  /** The device group key (NewDeviceMetadata.DeviceGroupKey). */
  deviceGroupKey: string;
  /** The random device password; later device sign-ins need it (with the two keys). Secret. */
  devicePassword: string;
  /** ConfirmDevice's DeviceSecretVerifierConfig: base64 of the padHex bytes of v and of the salt. */
  verifierConfig: { PasswordVerifier: string; Salt: string };
}

/**
 * Creates a device password and its SRP verifier, as amazon-cognito-identity-js does: the
 * password is 40 random bytes in base64, the salt 16 random bytes (as a number, padHex'd), and
 * v = g^x with x = H(salt | H(deviceGroupKey + deviceKey + ':' + password)).
 *
 * @param o - the keys from NewDeviceMetadata; `random` (default: crypto.getRandomValues)
 * @throws TypeError naming `deviceGroupKey` / `deviceKey` when empty
 * @example
 * const d = createDeviceVerifier({ deviceGroupKey, deviceKey });
 * await client.confirmDevice({ AccessToken, DeviceKey: deviceKey, DeviceSecretVerifierConfig: d.verifierConfig });
 */
export function createDeviceVerifier(o: { deviceGroupKey: string; deviceKey: string; random?: RandomSource }): DeviceVerifier {
  const { random = randomBytes } = o ?? {};
  const deviceGroupKey = text(o?.deviceGroupKey, 'deviceGroupKey');
  const deviceKey = text(o?.deviceKey, 'deviceKey');
  // Same draw order as amazon-cognito-identity-js: the password first, then the salt.
  const devicePassword = base64Encode(drawRandom(random, 40));
  const salt = padHex(bytesToHex(drawRandom(random, 16)));
  const v = computeVerifier(salt, deviceGroupKey, deviceKey, devicePassword);
  return {
    deviceKey,
    deviceGroupKey,
    devicePassword,
    verifierConfig: {
      PasswordVerifier: base64Encode(hexToBytes(padHex(v))),
      Salt: base64Encode(hexToBytes(salt)),
    },
  };
}
