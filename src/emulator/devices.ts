/**
 * Remembered devices: NewDeviceMetadata at sign-in, ConfirmDevice (stores the SRP verifier),
 * UpdateDeviceStatus, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER verified for real, MFA
 * suppression on remembered devices, and List/Get/ForgetDevice with their Admin variants.
 *
 * Device SRP is user SRP with the device group key as the "pool name" and the device key as
 * the user id; the verifier is the one the client sent in ConfirmDevice's
 * DeviceSecretVerifierConfig (base64 of the padded hex bytes, as amazon-cognito-identity-js sends it).
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { newFlowSession } from './flow-sessions.js';
import type { ChallengeResponse, StepInput } from './flow-steps.js';
import { defineModule, defineOperations } from './operations.js';
import { parseSrpA, parseSrpTimestamp, startSrpServer, verifySrpClaim } from './srp-server.js';
import { page, pageSize } from './paginate.js';
import type { DeviceRecord, PoolRecord, UserRecord } from './state.js';
import { ALPHABET, fromBase64, randomString, toHex, uuid } from './util.js';

/** Cognito's answer for an unknown device key (Amplify and amazon-cognito-identity-js match on it). */
export const DEVICE_NOT_FOUND = 'Device does not exist.';

/** `ResourceNotFoundException: Device does not exist.` */
export function deviceNotFound(): EmulatorError {
  return errors.resourceNotFound(DEVICE_NOT_FOUND);
}

/** Creates an unconfirmed device for a sign-in and returns the wire NewDeviceMetadata. */
export function newDeviceMetadata(ctx: EmulatorContext, user: UserRecord): { DeviceKey: string; DeviceGroupKey: string } {
  const key = `${ctx.region}_${uuid(ctx.random)}`;
  const groupKey = `-${randomString(ctx.random, 9, ALPHABET.alnum)}`;
  const now = ctx.now();
  user.devices[key] = {
    key,
    groupKey,
    confirmed: false,
    status: 'not_remembered',
    attributes: {},
    createdAt: now,
    updatedAt: now,
  };
  return { DeviceKey: key, DeviceGroupKey: groupKey };
}

/**
 * True when the sign-in's device lets it skip MFA: the device is confirmed and remembered and
 * the pool's ChallengeRequiredOnNewDevice is on ("a remembered device can sign in with device
 * authentication instead of SMS and TOTP factors"). DEVICE_SRP_AUTH then stands in for MFA.
 */
export function mfaSkippedByDevice(s: StepInput): boolean {
  const key = s.progress.deviceKey;
  const device = key ? s.user.devices[key] : undefined;
  return (
    device !== undefined &&
    device.confirmed &&
    device.passwordVerifier !== undefined &&
    device.status === 'remembered' &&
    s.pool.deviceConfiguration?.ChallengeRequiredOnNewDevice === true
  );
}

/** Issues DEVICE_SRP_AUTH for the sign-in's (confirmed) device. */
export function issueDeviceChallenge(s: StepInput): ChallengeResponse {
  const session = newFlowSession(s.ctx, s.pool, s.client, s.user, {
    challenge: 'DEVICE_SRP_AUTH',
    progress: { ...s.progress, mfaDone: true },
  });
  return { ChallengeName: 'DEVICE_SRP_AUTH', Session: session.id, ChallengeParameters: { USERNAME: s.user.username } };
}

function deviceVerifier(device: DeviceRecord): { verifier: bigint; saltHex: string } | undefined {
  if (!device.passwordVerifier || !device.salt) return undefined;
  try {
    const v = toHex(fromBase64(device.passwordVerifier));
    const salt = toHex(fromBase64(device.salt));
    if (v === '' || salt === '') return undefined;
    return { verifier: BigInt('0x' + v), saltHex: salt };
  } catch {
    return undefined;
  }
}

/** Answers DEVICE_SRP_AUTH (the client's SRP_A for its device): issues DEVICE_PASSWORD_VERIFIER. */
export function answerDeviceSrpAuth(s: StepInput, responses: Record<string, unknown>): ChallengeResponse {
  const key = responses.DEVICE_KEY;
  if (typeof key !== 'string' || key === '') throw errors.invalidParameter('Missing required parameter DEVICE_KEY');
  // Only the device the sign-in started with may answer: MFA was skipped (or not) for that
  // device, so proving another one would let a device that is not remembered skip MFA.
  if (key !== s.progress.deviceKey) throw deviceNotFound();
  const device = Object.hasOwn(s.user.devices, key) ? s.user.devices[key] : undefined;
  if (!device || !device.confirmed) throw deviceNotFound();
  const stored = deviceVerifier(device);
  if (!stored) throw deviceNotFound();
  const A = parseSrpA(responses.SRP_A);
  if (A === undefined) {
    if (responses.SRP_A === undefined) throw errors.invalidParameter('Missing required parameter SRP_A');
    throw errors.notAuthorized('Incorrect username or password.');
  }
  const server = startSrpServer({ verifier: stored.verifier, random: s.ctx.random });
  const session = newFlowSession(s.ctx, s.pool, s.client, s.user, {
    challenge: 'DEVICE_PASSWORD_VERIFIER',
    progress: { ...s.progress, deviceKey: key },
    A: A.toString(16),
    b: server.b.toString(16),
    B: server.SRP_B,
  });
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: session.id,
    ChallengeParameters: {
      DEVICE_KEY: key,
      SALT: stored.saltHex,
      SECRET_BLOCK: session.id,
      SRP_B: server.SRP_B,
      USERNAME: s.user.username,
    },
  };
}

/**
 * Checks DEVICE_PASSWORD_VERIFIER: the claim signature over device group key | device key |
 * secret block | timestamp. Returns the device key on success.
 * @throws NotAuthorizedException `Incorrect username or password.` on a bad proof.
 */
export async function checkDevicePasswordVerifier(
  s: StepInput,
  data: Record<string, unknown>,
  sessionId: string,
  responses: Record<string, unknown>,
): Promise<string> {
  const key = s.progress.deviceKey;
  const device = key ? s.user.devices[key] : undefined;
  if (!key || !device || !device.confirmed) throw deviceNotFound();
  if (responses.DEVICE_KEY !== undefined && responses.DEVICE_KEY !== key) throw deviceNotFound();
  const stored = deviceVerifier(device);
  if (!stored) throw deviceNotFound();
  const block = responses.PASSWORD_CLAIM_SECRET_BLOCK;
  // A malformed TIMESTAMP is a wrong proof, as for PASSWORD_VERIFIER (see auth-flows.ts).
  const ok =
    block === sessionId &&
    typeof responses.PASSWORD_CLAIM_SIGNATURE === 'string' &&
    typeof responses.TIMESTAMP === 'string' &&
    parseSrpTimestamp(responses.TIMESTAMP) !== undefined &&
    (await verifySrpClaim({
      A: BigInt('0x' + String(data.A)),
      server: { b: BigInt('0x' + String(data.b)), B: BigInt('0x' + String(data.B)), SRP_B: String(data.B) },
      verifier: stored.verifier,
      prefix: device.groupKey,
      userId: device.key,
      secretBlock: sessionId,
      timestamp: responses.TIMESTAMP,
      signature: responses.PASSWORD_CLAIM_SIGNATURE,
    }));
  if (!ok) throw errors.notAuthorized('Incorrect username or password.');
  return key;
}

/** Wire DeviceType of a device. */
export function deviceType(device: DeviceRecord): Record<string, unknown> {
  const attributes: Array<{ Name: string; Value: string }> = [
    { Name: 'device_status', Value: 'valid' },
    ...(device.name !== undefined ? [{ Name: 'device_name', Value: device.name }] : []),
    { Name: 'dev:device_remembered_status', Value: device.status },
    ...Object.entries(device.attributes).map(([Name, Value]) => ({ Name, Value })),
  ];
  return {
    DeviceKey: device.key,
    DeviceAttributes: attributes,
    DeviceCreateDate: device.createdAt / 1000,
    DeviceLastModifiedDate: device.updatedAt / 1000,
    ...(device.lastAuthenticatedAt !== undefined ? { DeviceLastAuthenticatedDate: device.lastAuthenticatedAt / 1000 } : {}),
  };
}

function requireDevice(user: UserRecord, key: unknown): DeviceRecord {
  if (typeof key !== 'string' || key === '') {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'deviceKey' failed to satisfy constraint: Member must not be null",
    );
  }
  const device = Object.hasOwn(user.devices, key) ? user.devices[key] : undefined;
  if (!device) throw deviceNotFound();
  return device;
}

function setStatus(ctx: EmulatorContext, device: DeviceRecord, status: unknown): void {
  if (status !== 'remembered' && status !== 'not_remembered') {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${String(status)}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]`,
    );
  }
  device.status = status;
  device.updatedAt = ctx.now();
}

function listDevices(pool: PoolRecord, user: UserRecord, input: Record<string, unknown>): Record<string, unknown> {
  const limit = pageSize(input.Limit, 'limit', 60, 60) || 60;
  // Sorted by device key; the token names the last key served, so forgetting a device between
  // pages neither repeats nor skips another one.
  const p = page(
    Object.values(user.devices).filter((d) => d.confirmed),
    (d) => d.key,
    input.PaginationToken,
    limit,
    `${pool.id}/${user.sub}/devices`,
  );
  return { Devices: p.items.map(deviceType), ...(p.next ? { PaginationToken: p.next } : {}) };
}

/**
 * Forgets a device. Its refresh tokens stop working: "with device tracking, these tokens are
 * linked to a single device ... the ForgetDevice API can be used to forget that specific device,
 * and as a result, all future calls to revalidate that device's refresh tokens will fail"
 * (AWS Mobile blog, Tracking and Remembering Devices Using Amazon Cognito Your User Pools).
 * Access tokens already issued stay valid until they expire.
 */
function forget(pool: PoolRecord, user: UserRecord, device: DeviceRecord): void {
  delete user.devices[device.key];
  for (const token of Object.values(pool.refreshTokens)) {
    if (token.deviceKey === device.key && token.sub === user.sub) token.revoked = true;
  }
}

/** Device operations. */
export const devicesModule = defineModule({
  operations: defineOperations({
    async ConfirmDevice(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      const device = requireDevice(user, input.DeviceKey);
      const config = input.DeviceSecretVerifierConfig as { PasswordVerifier?: unknown; Salt?: unknown } | undefined;
      if (!config || typeof config.PasswordVerifier !== 'string' || typeof config.Salt !== 'string') {
        throw errors.invalidParameter('DeviceSecretVerifierConfig: PasswordVerifier and Salt are required');
      }
      try {
        if (fromBase64(config.PasswordVerifier).length === 0 || fromBase64(config.Salt).length === 0) throw new Error('empty');
      } catch {
        throw errors.invalidParameter('DeviceSecretVerifierConfig: PasswordVerifier and Salt must be base64');
      }
      if (device.confirmed) throw errors.notAuthorized('Device has already been confirmed.');
      const optIn = pool.deviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
      device.passwordVerifier = config.PasswordVerifier;
      device.salt = config.Salt;
      device.confirmed = true;
      device.status = optIn ? 'not_remembered' : 'remembered';
      if (typeof input.DeviceName === 'string') device.name = input.DeviceName;
      device.updatedAt = ctx.now();
      return { UserConfirmationNecessary: optIn };
    },

    async UpdateDeviceStatus(ctx, input) {
      const { user } = await ctx.requireAccessToken(input.AccessToken);
      setStatus(ctx, requireDevice(user, input.DeviceKey), input.DeviceRememberedStatus);
      return {};
    },

    async AdminUpdateDeviceStatus(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      setStatus(ctx, requireDevice(user, input.DeviceKey), input.DeviceRememberedStatus);
      return {};
    },

    async GetDevice(ctx, input) {
      const { user } = await ctx.requireAccessToken(input.AccessToken);
      return { Device: deviceType(requireDevice(user, input.DeviceKey)) };
    },

    async AdminGetDevice(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      return { Device: deviceType(requireDevice(user, input.DeviceKey)) };
    },

    async ListDevices(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      return listDevices(pool, user, input);
    },

    async AdminListDevices(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      return listDevices(pool, user, input);
    },

    async ForgetDevice(ctx, input) {
      const { pool, user, claims } = await ctx.requireAccessToken(input.AccessToken);
      const key = input.DeviceKey ?? claims.device_key;
      forget(pool, user, requireDevice(user, key));
      return {};
    },

    async AdminForgetDevice(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      forget(pool, user, requireDevice(user, input.DeviceKey));
      return {};
    },
  }),
});
