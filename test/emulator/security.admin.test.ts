/**
 * What the emulator must refuse: forged or edited access tokens, tokens of disabled, deleted or
 * signed-out users, expired tokens, wrong SECRET_HASH, and admin calls with a bad SigV4
 * signature. Driven by the official AWS SDK.
 */
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminDeleteUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/core/sigv4.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { sdkFor, TEST_CREDENTIALS } from './sdk-helpers.js';

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const decodePart = (t: string, i: number) => JSON.parse(Buffer.from(t.split('.')[i]!, 'base64url').toString('utf8'));

beforeEach(async () => {
  // A frozen clock on a whole second: expiry checks do not depend on how fast the machine is.
  const frozen = Math.floor(Date.now() / 1000) * 1000;
  emu = createEmulator({ credentials: TEST_CREDENTIALS, now: () => frozen });
  sdk = sdkFor(emu);
  poolId = (await emu.createUserPool({ PoolName: 'sec' })).Id;
  clientId = (
    await emu.createUserPoolClient({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).ClientId;
  await emu.createUser({ userPoolId: poolId, username: 'alice', password: 'Passw0rd!' });
  await emu.createUser({ userPoolId: poolId, username: 'mallory', password: 'Passw0rd!' });
});

async function signIn(username: string, password = 'Passw0rd!', client = clientId, extra: Record<string, string> = {}) {
  const out = await sdk.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }),
  );
  return out.AuthenticationResult!;
}

describe('access tokens', () => {
  it('accepts a genuine token (the baseline the refusals are measured against)', async () => {
    const { AccessToken } = await signIn('alice');
    const me = await sdk.send(new GetUserCommand({ AccessToken }));
    expect(me.Username).toBe('alice');
  });

  it('refuses a token whose signature is broken', async () => {
    const { AccessToken } = await signIn('alice');
    const [h, p, s] = AccessToken!.split('.') as [string, string, string];
    const flipped = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    await expect(sdk.send(new GetUserCommand({ AccessToken: `${h}.${p}.${flipped}` }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
    await expect(sdk.send(new GetUserCommand({ AccessToken: `${h}.${p}.` }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(sdk.send(new GetUserCommand({ AccessToken: 'not-a-jwt' }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it("refuses a token edited to carry another user's sub and username", async () => {
    const alice = await signIn('alice');
    const mallory = await signIn('mallory');
    const aliceClaims = decodePart(alice.AccessToken!, 1);
    const [h, p, s] = mallory.AccessToken!.split('.') as [string, string, string];
    const claims = decodePart(mallory.AccessToken!, 1);
    const edited = b64url(JSON.stringify({ ...claims, sub: aliceClaims.sub, username: 'alice' }));
    expect(edited).not.toBe(p);
    await expect(sdk.send(new GetUserCommand({ AccessToken: `${h}.${edited}.${s}` }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  it('refuses alg=none and HS256 tokens made with the public key', async () => {
    const { AccessToken } = await signIn('alice');
    const claims = decodePart(AccessToken!, 1);
    const kid = decodePart(AccessToken!, 0).kid;
    const none = `${b64url(JSON.stringify({ alg: 'none', kid }))}.${b64url(JSON.stringify(claims))}.`;
    await expect(sdk.send(new GetUserCommand({ AccessToken: none }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const jwks = await emu.jwks();
    const input = `${b64url(JSON.stringify({ alg: 'HS256', kid }))}.${b64url(JSON.stringify(claims))}`;
    const mac = createHmac('sha256', JSON.stringify(jwks.keys[0])).update(input).digest('base64url');
    await expect(sdk.send(new GetUserCommand({ AccessToken: `${input}.${mac}` }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it("refuses a well-signed token from another emulator's key", async () => {
    const other = createEmulator({ state: { ...emu.snapshot(), signingKey: undefined } });
    const otherSdk = sdkFor(other);
    const out = await otherSdk.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!' } }),
    );
    expect((await otherSdk.send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken }))).Username).toBe('alice');
    await expect(sdk.send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  it('refuses an id token where an access token is expected', async () => {
    const { IdToken } = await signIn('alice');
    await expect(sdk.send(new GetUserCommand({ AccessToken: IdToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses an expired token', async () => {
    const { AccessToken, ExpiresIn } = await signIn('alice');
    emu.advanceTime((ExpiresIn! - 1) * 1000);
    expect((await sdk.send(new GetUserCommand({ AccessToken }))).Username).toBe('alice');
    emu.advanceTime(2000);
    await expect(sdk.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
  });

  it('refuses tokens after AdminUserGlobalSignOut', async () => {
    const { AccessToken } = await signIn('alice');
    await sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'alice' }));
    await expect(sdk.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
  });

  it('refuses the token of a deleted user even after a new user takes the same username', async () => {
    const { AccessToken } = await signIn('alice');
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    await emu.createUser({ userPoolId: poolId, username: 'alice', password: 'Passw0rd!' });
    await expect(sdk.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('disabled users', () => {
  it('cannot sign in, use their access token, or refresh; can again once enabled', async () => {
    const tokens = await signIn('alice');
    await sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    await expect(signIn('alice')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    await expect(sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    await expect(
      sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await sdk.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect((await signIn('alice')).AccessToken).toBeTruthy();
  });
});

describe('SECRET_HASH', () => {
  it('is required and checked for clients with a secret', async () => {
    const c = await emu.createUserPoolClient({
      UserPoolId: poolId,
      ClientName: 'confidential',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const good = createHmac('sha256', c.ClientSecret).update(`alice${c.ClientId}`).digest('base64');
    const wrong = createHmac('sha256', 'not-the-secret').update(`alice${c.ClientId}`).digest('base64');
    expect((await signIn('alice', 'Passw0rd!', c.ClientId, { SECRET_HASH: good })).AccessToken).toBeTruthy();
    await expect(signIn('alice', 'Passw0rd!', c.ClientId, { SECRET_HASH: wrong })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${c.ClientId}`,
    });
    await expect(signIn('alice', 'Passw0rd!', c.ClientId)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(
      sdk.send(new SignUpCommand({ ClientId: c.ClientId, Username: 'newbie', Password: 'Passw0rd!', SecretHash: wrong })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${c.ClientId}` });
    const okHash = createHmac('sha256', c.ClientSecret).update(`newbie${c.ClientId}`).digest('base64');
    expect((await sdk.send(new SignUpCommand({ ClientId: c.ClientId, Username: 'newbie', Password: 'Passw0rd!', SecretHash: okHash }))).UserSub).toBeTruthy();
  });
});

describe('SigV4 on admin operations', () => {
  const raw = (headers: Record<string, string>) =>
    emu.fetch('http://emulator.local/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools', ...headers },
      body: '{"MaxResults":10}',
    });

  it('accepts the right credentials and refuses a wrong secret, an unknown key and no signature', async () => {
    expect((await sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools).toHaveLength(1);
    const wrongSecret = sdkFor(emu, { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'guess' });
    await expect(wrongSecret.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    const unknownKey = sdkFor(emu, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: TEST_CREDENTIALS.secretAccessKey });
    await expect(unknownKey.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    const unsigned = await raw({});
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  it('refuses a signature made more than 15 minutes ago', async () => {
    const body = '{"MaxResults":10}';
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' };
    const sign = (date: Date) =>
      signRequest({ method: 'POST', url: 'http://emulator.local/', headers, body }, { credentials: TEST_CREDENTIALS, region: 'us-east-1', service: 'cognito-idp', date });
    const fresh = await sign(new Date());
    expect((await emu.fetch('http://emulator.local/', { method: 'POST', headers: { ...headers, ...fresh.headers }, body })).status).toBe(200);
    const stale = await sign(new Date(Date.now() - 20 * 60_000));
    const res = await emu.fetch('http://emulator.local/', { method: 'POST', headers: { ...headers, ...stale.headers }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^Signature expired/);
  });

  it('keeps accepting signed admin calls after the emulator clock moves ahead', async () => {
    emu.advanceTime(48 * 3600_000);
    expect((await sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools).toHaveLength(1);
  });

  it('refuses a signed request whose body was changed after signing', async () => {
    let captured: Request | undefined;
    const spy = sdkFor({ ...emu, fetch: async (r: Request) => ((captured = r.clone()), emu.fetch(r)) } as Emulator);
    await spy.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    const headers = Object.fromEntries(captured!.headers.entries());
    delete headers['x-amz-content-sha256'];
    delete headers['content-length'];
    const res = await emu.fetch('http://emulator.local/', { method: 'POST', headers, body: '{"MaxResults":60}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/InvalidSignatureException/);
  });

  it('without configured credentials accepts any signature but still wants one', async () => {
    const open = createEmulator();
    const ok = await open.fetch('http://e/', {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools', authorization: 'AWS4-HMAC-SHA256 whatever' },
      body: '{"MaxResults":1}',
    });
    expect(ok.status).toBe(200);
    const missing = await open.fetch('http://e/', {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' },
      body: '{"MaxResults":1}',
    });
    expect(missing.status).toBe(403);
    // Unauthenticated operations need no signature.
    const getUser = await open.fetch('http://e/', {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: '{"AccessToken":"x.y.z"}',
    });
    expect(((await getUser.json()) as { __type: string }).__type).toBe('NotAuthorizedException');
  });
});
