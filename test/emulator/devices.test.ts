/**
 * Remembered devices: NewDeviceMetadata, ConfirmDevice per the pool's device configuration,
 * UpdateDeviceStatus, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER verified for real, MFA skipped
 * on a remembered device, device-bound refresh tokens, and the device operations.
 */
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { claims, confirmDevice, deviceSrp, fixture, rejection, sdkAggregated, srpSignIn } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;

async function devicePool(config: Record<string, boolean>, mfa?: Record<string, unknown>): Promise<F> {
  const f = await fixture({ pool: { DeviceConfiguration: config } });
  if (mfa) await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, ...mfa });
  return f;
}

/** Signs in, answering SMS MFA with the fixed code when asked. */
async function signInThroughMfa(f: F, deviceKey?: string) {
  const { out } = await srpSignIn(f, deviceKey ? { deviceKey } : {});
  if (out.ChallengeName !== 'SMS_MFA') return out;
  return f.sdk.respondToAuthChallenge({
    ChallengeName: 'SMS_MFA',
    ClientId: f.clientId,
    Session: out.Session,
    ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456', ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
  });
}

describe('devices', () => {
  it('issues NewDeviceMetadata only when the pool tracks devices', async () => {
    const off = await fixture();
    expect((await srpSignIn(off)).out.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    const on = await devicePool({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false });
    const meta = (await srpSignIn(on)).out.AuthenticationResult!.NewDeviceMetadata!;
    expect(meta.DeviceKey).toMatch(/^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.DeviceGroupKey).toBeTruthy();
  });

  it('always-remember pools remember on ConfirmDevice; opt-in pools need UpdateDeviceStatus', async () => {
    for (const [optIn, necessary, status] of [
      [false, false, 'remembered'],
      [true, true, 'not_remembered'],
    ] as const) {
      const f = await devicePool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: optIn });
      const result = (await srpSignIn(f)).out.AuthenticationResult!;
      const { out, device } = await confirmDevice(f, result.AccessToken!, result.NewDeviceMetadata!);
      expect(out.UserConfirmationNecessary).toBe(necessary);
      const got = await f.sdk.getDevice({ AccessToken: result.AccessToken!, DeviceKey: device.deviceKey });
      expect(got.Device?.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: status });
      await f.sdk.updateDeviceStatus({ AccessToken: result.AccessToken!, DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' });
      const admin = await f.sdk.adminGetDevice({ UserPoolId: f.poolId, Username: 'alice', DeviceKey: device.deviceKey });
      expect(admin.Device?.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'remembered' });
    }
  });

  it('signs in with DEVICE_SRP_AUTH and binds the tokens to the device; a wrong device password is refused', async () => {
    const f = await devicePool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    const first = (await srpSignIn(f)).out.AuthenticationResult!;
    const { device } = await confirmDevice(f, first.AccessToken!, first.NewDeviceMetadata!);
    const { out } = await srpSignIn(f, { deviceKey: device.deviceKey });
    expect(out.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const done = await deviceSrp(f, out.Session!, device, 'alice');
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    expect(claims(done.AuthenticationResult!.AccessToken).device_key).toBe(device.deviceKey);

    const again = await srpSignIn(f, { deviceKey: device.deviceKey });
    const err = await rejection(deviceSrp(f, again.out.Session!, { ...device, devicePassword: 'not-the-device-password' }, 'alice'));
    expect(err).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('skips MFA on a remembered device when ChallengeRequiredOnNewDevice is on, not on a forgotten one', async () => {
    const f = await devicePool(
      { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      { MfaConfiguration: 'ON', SmsMfaConfiguration: {} },
    );
    const first = (await signInThroughMfa(f)).AuthenticationResult!;
    const { device } = await confirmDevice(f, first.AccessToken!, first.NewDeviceMetadata!);
    // Confirmed but not remembered: MFA still asked, then device SRP.
    const notRemembered = await srpSignIn(f, { deviceKey: device.deviceKey });
    expect(notRemembered.out.ChallengeName).toBe('SMS_MFA');
    await f.sdk.updateDeviceStatus({ AccessToken: first.AccessToken!, DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' });
    const remembered = await srpSignIn(f, { deviceKey: device.deviceKey });
    expect(remembered.out.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const done = await deviceSrp(f, remembered.out.Session!, device, 'alice');
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    // After ForgetDevice the key is unknown: Cognito's "Device does not exist.", which clients match on.
    await f.sdk.forgetDevice({ AccessToken: done.AuthenticationResult!.AccessToken!, DeviceKey: device.deviceKey });
    const gone = await rejection(srpSignIn(f, { deviceKey: device.deviceKey }));
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', message: 'Device does not exist.' });
  });

  it('keeps asking for MFA on a remembered device when ChallengeRequiredOnNewDevice is off', async () => {
    const f = await devicePool(
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      { MfaConfiguration: 'ON', SmsMfaConfiguration: {} },
    );
    const first = (await signInThroughMfa(f)).AuthenticationResult!;
    const { device } = await confirmDevice(f, first.AccessToken!, first.NewDeviceMetadata!);
    const step = await srpSignIn(f, { deviceKey: device.deviceKey });
    expect(step.out.ChallengeName).toBe('SMS_MFA');
    const afterMfa = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'SMS_MFA', ClientId: f.clientId, Session: step.out.Session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456', DEVICE_KEY: device.deviceKey },
    });
    expect(afterMfa.ChallengeName).toBe('DEVICE_SRP_AUTH');
  });

  it('refresh tokens of a device sign-in need the same DEVICE_KEY, and the device confirmed', async () => {
    const f = await devicePool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    const first = (await srpSignIn(f)).out.AuthenticationResult!;
    const key = first.NewDeviceMetadata!.DeviceKey!;
    const refresh = (params: Record<string, string>) =>
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken!, ...params } });
    expect(await rejection(refresh({}))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    expect(await rejection(refresh({ DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000' }))).toMatchObject({ name: 'NotAuthorizedException' });
    // Not confirmed yet: refused even with the right key.
    expect(await rejection(refresh({ DEVICE_KEY: key }))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    await confirmDevice(f, first.AccessToken!, first.NewDeviceMetadata!);
    const ok = await refresh({ DEVICE_KEY: key });
    expect(claims(ok.AuthenticationResult!.AccessToken).device_key).toBe(key);
  });

  it('lists, gets and forgets devices, for the user and through the admin operations', async () => {
    const f = await devicePool({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false });
    const keys: string[] = [];
    let token = '';
    for (let i = 0; i < 3; i++) {
      const r = (await srpSignIn(f)).out.AuthenticationResult!;
      token = r.AccessToken!;
      keys.push((await confirmDevice(f, r.AccessToken!, r.NewDeviceMetadata!)).device.deviceKey);
    }
    // An unconfirmed device is not listed.
    await srpSignIn(f);
    const page1 = await f.sdk.listDevices({ AccessToken: token, Limit: 2 });
    expect(page1.Devices).toHaveLength(2);
    const page2 = await f.sdk.listDevices({ AccessToken: token, Limit: 2, PaginationToken: page1.PaginationToken });
    expect([...page1.Devices!, ...page2.Devices!].map((d) => d.DeviceKey).sort()).toEqual([...keys].sort());
    expect(page2.PaginationToken).toBeUndefined();
    const admin = await f.sdk.adminListDevices({ UserPoolId: f.poolId, Username: 'alice' });
    expect(admin.Devices).toHaveLength(3);
    // Forgetting devices between pages (the one a page ended on, and the one the next page would
    // start with) neither breaks the next page nor repeats or skips another device.
    const sorted = [...keys].sort();
    const first = await f.sdk.adminListDevices({ UserPoolId: f.poolId, Username: 'alice', Limit: 1 });
    expect(first.Devices![0]!.DeviceKey).toBe(sorted[0]);
    await f.sdk.adminForgetDevice({ UserPoolId: f.poolId, Username: 'alice', DeviceKey: sorted[0]! });
    await f.sdk.adminForgetDevice({ UserPoolId: f.poolId, Username: 'alice', DeviceKey: sorted[1]! });
    const rest = await f.sdk.adminListDevices({ UserPoolId: f.poolId, Username: 'alice', PaginationToken: first.PaginationToken });
    expect(rest.Devices?.map((d) => d.DeviceKey)).toEqual([sorted[2]]);
    expect(await rejection(f.sdk.listDevices({ AccessToken: token, PaginationToken: 'not-a-token' }))).toMatchObject({ name: 'InvalidParameterException' });
    await f.sdk.adminUpdateDeviceStatus({ UserPoolId: f.poolId, Username: 'alice', DeviceKey: sorted[2]!, DeviceRememberedStatus: 'not_remembered' });
    expect((await f.sdk.listDevices({ AccessToken: token })).Devices).toHaveLength(1);
    expect(await rejection(f.sdk.getDevice({ AccessToken: token, DeviceKey: sorted[0]! }))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    });
    expect(await rejection(f.sdk.adminGetDevice({ UserPoolId: f.poolId, Username: 'alice', DeviceKey: 'nope' }))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('a confirmed device, its verifier and its refresh tokens survive a snapshot and restore', async () => {
    const f = await devicePool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    const first = (await srpSignIn(f)).out.AuthenticationResult!;
    const { device } = await confirmDevice(f, first.AccessToken!, first.NewDeviceMetadata!);
    const restored = createEmulator({ state: JSON.parse(JSON.stringify(f.emu.snapshot())) });
    const g = { ...f, emu: restored, sdk: sdkAggregated(restored) };
    const { out } = await srpSignIn(g, { deviceKey: device.deviceKey });
    expect(out.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect(claims((await deviceSrp(g, out.Session!, device, 'alice')).AuthenticationResult!.AccessToken).device_key).toBe(device.deviceKey);
    const refreshed = await g.sdk.initiateAuth({
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: g.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken!, DEVICE_KEY: device.deviceKey },
    });
    expect((await g.sdk.getUser({ AccessToken: refreshed.AuthenticationResult!.AccessToken! })).Username).toBe('alice');
  });

  it('forgetting a device ends its refresh tokens (not other sign-ins); its access tokens run out on their own', async () => {
    const f = await devicePool({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false });
    const onDevice = (await srpSignIn(f)).out.AuthenticationResult!;
    const { device } = await confirmDevice(f, onDevice.AccessToken!, onDevice.NewDeviceMetadata!);
    const elsewhere = (await srpSignIn(f)).out.AuthenticationResult!;
    await confirmDevice(f, elsewhere.AccessToken!, elsewhere.NewDeviceMetadata!);
    await f.sdk.adminForgetDevice({ UserPoolId: f.poolId, Username: 'alice', DeviceKey: device.deviceKey });
    const refresh = (token: string, deviceKey: string) =>
      f.sdk.initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: f.clientId, AuthParameters: { REFRESH_TOKEN: token, DEVICE_KEY: deviceKey } });
    expect(await rejection(refresh(onDevice.RefreshToken!, device.deviceKey))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
    expect((await refresh(elsewhere.RefreshToken!, elsewhere.NewDeviceMetadata!.DeviceKey!)).AuthenticationResult).toBeDefined();
    expect((await f.sdk.getUser({ AccessToken: onDevice.AccessToken! })).Username).toBe('alice');
  });
});

