/**
 * Remembered devices: confirming a new device after sign-in, device SRP during sign-in, and the
 * signed-in operations remember / forget / list.
 * @module
 */
import { createDeviceVerifier } from '../core/device-verifier.js';
import { computeDeviceClaim } from '../core/srp.js';
import { attributeMap } from './account.js';
import { authCall, type FlowContext } from './context.js';
import type { Flight } from './sign-in.js';
import type { DeviceSecrets } from './types.js';

/**
 * Confirms the device Cognito just created (NewDeviceMetadata): ConfirmDevice with a verifier
 * made from a fresh random device password, then keeps the secrets for this user.
 *
 * @returns the stored secrets; `remembered` is `'pending'` when the pool asks the user first
 */
export async function confirmNewDevice(
  ctx: FlowContext,
  o: { accessToken: string; username: string; alias?: string; deviceKey: string; deviceGroupKey: string },
): Promise<DeviceSecrets> {
  const { verifierConfig, ...secrets } = createDeviceVerifier({ ...o, random: ctx.random });
  let out;
  try {
    out = await ctx.send('ConfirmDevice', {
      AccessToken: o.accessToken,
      DeviceKey: o.deviceKey,
      DeviceName: ctx.deviceName,
      DeviceSecretVerifierConfig: verifierConfig,
    });
  } catch (err) {
    // Cognito refuses this session's refreshes until the device is confirmed: keep the device
    // with its verifier, and the next refresh confirms it first (createAuth).
    await ctx.devices.set(o.username, { ...secrets, unconfirmed: verifierConfig }, o.alias).catch(() => undefined);
    throw err;
  }
  // UserConfirmationNecessary: the pool remembers devices only when the user opts in.
  const device: DeviceSecrets = { ...secrets, remembered: out?.UserConfirmationNecessary ? 'pending' : true };
  await ctx.devices.set(o.username, device, o.alias);
  return device;
}

/**
 * Answers DEVICE_SRP_AUTH and then DEVICE_PASSWORD_VERIFIER with the flight's stored device
 * (which the service then counts as remembered). Resolves the raw response of the second call
 * (normally an AuthenticationResult).
 */
export async function answerDeviceSrp(f: Flight, session: string | undefined): Promise<any> {
  const start = await f.hooks.srp();
  const first = await authCall(f, { SRP_A: start.SRP_A }, 'DEVICE_SRP_AUTH', session);
  const p = first.ChallengeParameters ?? {};
  const claim = computeDeviceClaim({ ...f.device!, start, challengeParameters: p, now: new Date(f.ctx.now()) });
  const out = await authCall(f, claim, 'DEVICE_PASSWORD_VERIFIER', first.Session, p.USERNAME ?? f.username);
  f.deviceVerified = true;
  return out;
}

/** A device as ListDevices reports it, flattened. */
export interface DeviceInfo {
  key: string;
  name?: string;
  attributes: Record<string, string>;
  createdAt?: Date;
  lastAuthenticatedAt?: Date;
  lastModifiedAt?: Date;
}

/**
 * Lists the signed-in user's remembered devices, following pagination.
 * @param signedIn - sends an operation with the current access token
 */
export async function listDevices(signedIn: (op: string, input: Record<string, unknown>) => Promise<any>): Promise<DeviceInfo[]> {
  const all: DeviceInfo[] = [];
  let token: string | undefined;
  do {
    const out = await signedIn('ListDevices', { Limit: 60, PaginationToken: token });
    for (const d of out.Devices ?? []) {
      const attributes = attributeMap(d.DeviceAttributes);
      all.push({
        key: d.DeviceKey,
        name: attributes.device_name,
        attributes,
        // The client turns the wire's epoch seconds into Dates.
        createdAt: d.DeviceCreateDate,
        lastAuthenticatedAt: d.DeviceLastAuthenticatedDate,
        lastModifiedAt: d.DeviceLastModifiedDate,
      });
    }
    token = out.PaginationToken;
  } while (token);
  return all;
}
