/**
 * DEVICE_SRP_AUTH answers for the device the sign-in started with, never another one: device keys
 * are not secret (they are in access tokens and ListDevices), so accepting a different confirmed
 * device would let a device that is not remembered skip MFA by naming a remembered one first.
 */
import { describe, expect, it } from 'vitest';
import { claims, confirmDevice, deviceSrp, fixture, rejection, srpSignIn } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;

async function signInWithSmsMfa(f: F) {
  const { out } = await srpSignIn(f);
  expect(out.ChallengeName).toBe('SMS_MFA');
  const r = await f.sdk.respondToAuthChallenge({
    ChallengeName: 'SMS_MFA',
    ClientId: f.clientId,
    Session: out.Session,
    ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '123456' },
  });
  return r.AuthenticationResult!;
}

describe('device key substitution', () => {
  it('refuses a DEVICE_SRP_AUTH answer for another device than the one that skipped MFA', async () => {
    const f = await fixture({
      pool: {
        MfaConfiguration: 'ON',
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' },
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      },
    });
    // D1: confirmed and remembered. D2: confirmed, left not remembered (so it needs MFA).
    const a1 = await signInWithSmsMfa(f);
    const d1 = (await confirmDevice(f, a1.AccessToken!, a1.NewDeviceMetadata!)).device;
    await f.sdk.updateDeviceStatus({ AccessToken: a1.AccessToken!, DeviceKey: d1.deviceKey, DeviceRememberedStatus: 'remembered' });
    const a2 = await signInWithSmsMfa(f);
    const d2 = (await confirmDevice(f, a2.AccessToken!, a2.NewDeviceMetadata!)).device;

    expect((await srpSignIn(f, { deviceKey: d2.deviceKey })).out.ChallengeName).toBe('SMS_MFA');
    const swap = await srpSignIn(f, { deviceKey: d1.deviceKey });
    expect(swap.out.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const refused = await rejection(deviceSrp(f, swap.out.Session!, d2, 'alice'));
    expect(refused).toMatchObject({ name: 'ResourceNotFoundException', message: 'Device does not exist.' });

    // The device the sign-in named still answers, and the tokens are bound to it.
    const honest = await srpSignIn(f, { deviceKey: d1.deviceKey });
    const done = await deviceSrp(f, honest.out.Session!, d1, 'alice');
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(d1.deviceKey);
  });
});
