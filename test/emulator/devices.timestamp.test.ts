/**
 * DEVICE_PASSWORD_VERIFIER with a malformed TIMESTAMP (zero-padded day) is answered like a wrong
 * proof, NotAuthorizedException "Incorrect username or password.", as PASSWORD_VERIFIER is.
 */
import { describe, expect, it } from 'vitest';
import { computeDeviceClaim, startSrp } from '../../src/core/srp.js';
import { confirmDevice, fixture, rejection, srpSignIn } from './flows-helpers.js';

describe('DEVICE_PASSWORD_VERIFIER TIMESTAMP', () => {
  it('answers a zero-padded TIMESTAMP with "Incorrect username or password."', async () => {
    const f = await fixture({ pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } } });
    const first = (await srpSignIn(f)).out.AuthenticationResult!;
    const { device } = await confirmDevice(f, first.AccessToken!, first.NewDeviceMetadata!);
    const { out } = await srpSignIn(f, { deviceKey: device.deviceKey });
    const start = startSrp();
    const step = await f.sdk.respondToAuthChallenge({
      ChallengeName: 'DEVICE_SRP_AUTH',
      ClientId: f.clientId,
      Session: out.Session,
      ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: device.deviceKey, SRP_A: start.SRP_A },
    });
    const claim = await computeDeviceClaim({
      start,
      ...device,
      challengeParameters: step.ChallengeParameters as { SRP_B: string; SALT: string; SECRET_BLOCK: string },
      now: new Date(Date.UTC(2023, 8, 5, 7, 4, 11)),
    });
    const err = await rejection(
      f.sdk.respondToAuthChallenge({
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        ClientId: f.clientId,
        Session: step.Session,
        ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: device.deviceKey, ...claim, TIMESTAMP: claim.TIMESTAMP.replace(' 5 ', ' 05 ') },
      }),
    );
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
