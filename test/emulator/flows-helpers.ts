/**
 * Helpers for the auth-flow tests: a pool + client + user on a fresh emulator, the SDK v3
 * client bound to it, and the client side of SRP from core (itself checked against
 * amazon-cognito-identity-js in test/core).
 */
import { CognitoIdentityProvider } from '@aws-sdk/client-cognito-identity-provider';
import { computeDeviceClaim, computePasswordClaim, startSrp } from '../../src/core/srp.js';
import { createDeviceVerifier } from '../../src/core/device-verifier.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { fetchRequestHandler, TEST_CREDENTIALS } from './sdk-helpers.js';

export const PASSWORD = 'Passw0rd!';

export interface Fixture {
  emu: Emulator;
  sdk: CognitoIdentityProvider;
  poolId: string;
  clientId: string;
  clientSecret?: string;
  username: string;
}

/** The SDK v3 aggregated client (one method per operation) talking to `emu` in-process. */
export function sdkAggregated(emu: Emulator): CognitoIdentityProvider {
  return new CognitoIdentityProvider({
    region: 'us-east-1',
    endpoint: 'http://emulator.local',
    credentials: TEST_CREDENTIALS,
    requestHandler: fetchRequestHandler((r) => emu.fetch(r)) as never,
    maxAttempts: 1,
  });
}

/** A pool, an app client allowing every flow, and one confirmed user. */
export async function fixture(
  o: {
    pool?: Record<string, unknown>;
    client?: Record<string, unknown>;
    user?: { username?: string; attributes?: Record<string, string>; status?: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED' };
    emulator?: Parameters<typeof createEmulator>[0];
  } = {},
): Promise<Fixture> {
  const emu = createEmulator({ fixedCode: '123456', ...o.emulator });
  const pool = await emu.createUserPool({ PoolName: 'flows', ...o.pool });
  const client = await emu.createUserPoolClient({
    UserPoolId: pool.Id,
    ClientName: 'web',
    ExplicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_AUTH',
    ],
    ...o.client,
  });
  const username = o.user?.username ?? 'alice';
  await emu.createUser({
    userPoolId: pool.Id,
    username,
    password: PASSWORD,
    attributes: { email: 'alice@example.com', email_verified: 'true', phone_number: '+15555550100', ...o.user?.attributes },
    ...(o.user?.status ? { status: o.user.status } : {}),
  });
  return {
    emu,
    sdk: sdkAggregated(emu),
    poolId: pool.Id,
    clientId: client.ClientId,
    ...(client.ClientSecret ? { clientSecret: client.ClientSecret } : {}),
    username,
  };
}

/** USER_SRP_AUTH up to the PASSWORD_VERIFIER answer; returns the RespondToAuthChallenge output. */
export async function srpSignIn(
  f: Fixture,
  o: { password?: string; deviceKey?: string; extra?: Record<string, string>; username?: string } = {},
) {
  const start = startSrp();
  const init = await f.sdk.initiateAuth({
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: f.clientId,
    AuthParameters: {
      USERNAME: o.username ?? f.username,
      SRP_A: start.SRP_A,
      ...(o.deviceKey ? { DEVICE_KEY: o.deviceKey } : {}),
      ...o.extra,
    },
  });
  const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
  const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password: o.password ?? PASSWORD, challengeParameters: cp });
  const request = {
    ChallengeName: 'PASSWORD_VERIFIER' as const,
    ClientId: f.clientId,
    ChallengeResponses: {
      USERNAME: cp.USER_ID_FOR_SRP,
      ...claim,
      ...(o.deviceKey ? { DEVICE_KEY: o.deviceKey } : {}),
      ...o.extra,
    },
  };
  return { init, request, out: await f.sdk.respondToAuthChallenge(request) };
}

/** Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER for a remembered device. */
export async function deviceSrp(
  f: Fixture,
  session: string,
  device: { deviceKey: string; deviceGroupKey: string; devicePassword: string },
  username: string,
) {
  const start = startSrp();
  const step = await f.sdk.respondToAuthChallenge({
    ChallengeName: 'DEVICE_SRP_AUTH',
    ClientId: f.clientId,
    Session: session,
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: start.SRP_A },
  });
  const cp = step.ChallengeParameters as { SRP_B: string; SALT: string; SECRET_BLOCK: string };
  const claim = await computeDeviceClaim({
    start,
    deviceGroupKey: device.deviceGroupKey,
    deviceKey: device.deviceKey,
    devicePassword: device.devicePassword,
    challengeParameters: cp,
  });
  return f.sdk.respondToAuthChallenge({
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    ClientId: f.clientId,
    Session: step.Session,
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, ...claim },
  });
}

/** Confirms the device of a NewDeviceMetadata with a fresh verifier; returns what the client keeps. */
export async function confirmDevice(
  f: Fixture,
  accessToken: string,
  meta: { DeviceKey?: string; DeviceGroupKey?: string },
) {
  const v = await createDeviceVerifier({ deviceGroupKey: meta.DeviceGroupKey!, deviceKey: meta.DeviceKey! });
  const out = await f.sdk.confirmDevice({
    AccessToken: accessToken,
    DeviceKey: meta.DeviceKey!,
    DeviceSecretVerifierConfig: v.verifierConfig,
    DeviceName: 'test device',
  });
  return { out, device: { deviceKey: meta.DeviceKey!, deviceGroupKey: meta.DeviceGroupKey!, devicePassword: v.devicePassword } };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { name: string; message: string };
  }
  throw new Error('expected the call to be refused, it succeeded');
}

/** Payload of a JWT (no verification; tests compare claims). */
export function claims(token: string | undefined): Record<string, unknown> {
  const part = String(token).split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
