/**
 * The auth flows inside workerd (miniflare): the emulator runs as a worker (its SRP server,
 * Web Crypto JWTs and device verifiers on workerd's runtime), the AWS SDK and core's client
 * side of SRP run in Node. USER_SRP_AUTH with a wrong and a right password, then ConfirmDevice
 * and a DEVICE_SRP_AUTH sign-in.
 */
import { CognitoIdentityProvider } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { computePasswordClaim, startSrp } from '../../src/core/srp.js';
import { useWorkerd } from '../helpers/workerd.js';
import { claims, confirmDevice, deviceSrp, PASSWORD, rejection, type Fixture } from './flows-helpers.js';
import { fetchRequestHandler } from './sdk-helpers.js';

const worker = useWorkerd({
  entry: `
import { createEmulator } from './src/emulator/index.ts';
let emu;
export default {
  fetch(request) {
    emu ??= createEmulator({ fixedCode: '424242' });
    return emu.fetch(request);
  },
};
`,
  external: ['node:*', './server.js'],
});

describe('auth flows in workerd', () => {
  it('USER_SRP_AUTH verifies the proof, then a confirmed device signs in with DEVICE_SRP_AUTH', async () => {
    const sdk = new CognitoIdentityProvider({
      region: 'us-east-1',
      endpoint: 'https://emulator.worker',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
      requestHandler: fetchRequestHandler(async (r) => {
        const res = await worker.dispatch(r.url, { method: r.method, headers: Object.fromEntries(r.headers.entries()), body: await r.text() });
        return new Response(await res.text(), { status: res.status, headers: Object.fromEntries(res.headers.entries()) });
      }) as never,
      maxAttempts: 1,
    });
    const { UserPool } = await sdk.createUserPool({
      PoolName: 'edge-flows',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    });
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await sdk.createUserPoolClient({ UserPoolId: poolId, ClientName: 'w' });
    await sdk.adminCreateUser({ UserPoolId: poolId, Username: 'wendy', MessageAction: 'SUPPRESS' });
    await sdk.adminSetUserPassword({ UserPoolId: poolId, Username: 'wendy', Password: PASSWORD, Permanent: true });
    const f = { sdk, poolId, clientId: UserPoolClient!.ClientId!, username: 'wendy' } as unknown as Fixture;

    const srp = async (password: string, deviceKey?: string) => {
      const start = startSrp();
      const init = await sdk.initiateAuth({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: f.clientId,
        AuthParameters: { USERNAME: 'wendy', SRP_A: start.SRP_A, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
      });
      const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
      const claim = await computePasswordClaim({ start, userPoolId: poolId, password, challengeParameters: cp });
      return sdk.respondToAuthChallenge({
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: f.clientId,
        ChallengeResponses: { USERNAME: cp.USER_ID_FOR_SRP, ...claim, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
      });
    };

    expect(await rejection(srp('Wrong-passw0rd'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const first = (await srp(PASSWORD)).AuthenticationResult!;
    expect((await sdk.getUser({ AccessToken: first.AccessToken! })).Username).toBe('wendy');
    const { device } = await confirmDevice(f, first.AccessToken!, first.NewDeviceMetadata!);
    const step = await srp(PASSWORD, device.deviceKey);
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const done = await deviceSrp(f, step.Session!, device, 'wendy');
    expect(claims(done.AuthenticationResult!.AccessToken).device_key).toBe(device.deviceKey);
  });
});
