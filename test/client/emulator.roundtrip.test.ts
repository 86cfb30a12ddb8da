// The client end to end against the emulator's fetch handler (which verifies SigV4 with its own,
// independent verifier): admin calls signed by our SigV4, public calls unsigned, pagination,
// dates parsed, and service errors surfacing as CognitoError.
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient, CognitoUnsignedClient, isCognitoError, paginate } from '../../src/client/index.js';
import { createEmulator } from '../../src/emulator/index.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

async function setup() {
  const emu = createEmulator({ credentials, region: 'eu-west-1' });
  const fetch = (url: string, init: RequestInit) => emu.fetch(url, init);
  const admin = new CognitoIdentityProviderClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9229/', credentials, fetch });
  const { UserPool } = await admin.createUserPool({ PoolName: 'roundtrip' });
  const UserPoolId = UserPool!.Id!;
  const { UserPoolClient } = await admin.createUserPoolClient({
    UserPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  return { emu, fetch, admin, UserPoolId, ClientId: UserPoolClient!.ClientId! };
}

describe('client against the emulator', () => {
  it('signed admin calls, pagination and Date parsing', async () => {
    const { admin, UserPoolId } = await setup();
    for (const Username of ['ann', 'bob', 'cyd']) {
      const { User } = await admin.adminCreateUser({ UserPoolId, Username, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-pass-123!' });
      expect(User!.UserCreateDate).toBeInstanceOf(Date);
    }
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginate(admin, 'listUsers', { UserPoolId, Limit: 1 })) {
      pages++;
      names.push(...page.Users!.map((u) => u.Username!));
    }
    expect(names.sort()).toEqual(['ann', 'bob', 'cyd']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('the emulator rejects a signature made with the wrong secret', async () => {
    const { admin, fetch, UserPoolId } = await setup();
    const forger = new CognitoIdentityProviderClient({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9229/',
      credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
      fetch,
      maxAttempts: 1,
    });
    const err = await forger.adminGetUser({ UserPoolId, Username: 'nobody' }).catch((e) => e);
    expect(isCognitoError(err, 'InvalidSignatureException')).toBe(true);
    expect(err.retryable).toBe(false);
    // the same call, correctly signed, gets past the signature check to the pool lookup
    const honest = await admin.adminGetUser({ UserPoolId, Username: 'nobody' }).catch((e) => e);
    expect(isCognitoError(honest, 'InvalidSignatureException')).toBe(false);
    expect(isCognitoError(honest)).toBe(true);
  });

  it('unsigned sign-in with the lean client, and a Cognito error by name', async () => {
    const { admin, fetch, UserPoolId, ClientId } = await setup();
    await admin.adminCreateUser({ UserPoolId, Username: 'dee', MessageAction: 'SUPPRESS' });
    await admin.adminSetUserPassword({ UserPoolId, Username: 'dee', Password: 'Correct-horse-1!', Permanent: true });
    const lean = new CognitoUnsignedClient({ userPoolId: UserPoolId, endpoint: 'http://127.0.0.1:9229/', fetch });
    const out = await lean.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME: 'dee', PASSWORD: 'Correct-horse-1!' } });
    expect(out.AuthenticationResult?.AccessToken).toMatch(/^ey/);
    const me = await lean.send('GetUser', { AccessToken: out.AuthenticationResult!.AccessToken! });
    expect(me.Username).toBe('dee');
    const err = await lean
      .send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME: 'dee', PASSWORD: 'wrong' } })
      .catch((e) => e);
    expect(isCognitoError(err, 'NotAuthorizedException')).toBe(true);
    expect(err.retryable).toBe(false);
    expect(err.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
  });
});
