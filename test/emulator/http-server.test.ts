/**
 * startEmulator over real HTTP: the AWS SDK's own Node handler, CORS (preflight and exposed
 * headers), JWKS and openid-configuration that jose verifies tokens with, the outbox endpoint,
 * and a seed document.
 */
import {
  AdminCreateUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { sdkForUrl, TEST_CREDENTIALS } from './sdk-helpers.js';

let running: RunningEmulator;

beforeAll(async () => {
  running = await startEmulator({
    port: 0,
    credentials: TEST_CREDENTIALS,
    fixedCode: '135790',
    seed: {
      pools: [
        {
          id: 'us-east-1_SeedPool01',
          name: 'seeded',
          AutoVerifiedAttributes: ['email'],
          clients: [
            { id: 'seedclient0000000000000001', name: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
            { id: 'seedclient0000000000000002', name: 'server', secret: 'fixedsecret' },
          ],
          groups: [{ name: 'staff', precedence: 2 }],
          users: [{ username: 'demo', password: 'Passw0rd!', attributes: { email: 'demo@example.com', email_verified: 'true' }, groups: ['staff'] }],
        },
      ],
    },
  });
});
afterAll(async () => {
  await running?.close();
});

describe('startEmulator', () => {
  it('serves the AWS SDK over HTTP (signed admin ops, unsigned user ops)', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sdk = sdkForUrl(running.url);
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'http' }));
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: 'h1', MessageAction: 'SUPPRESS' }));
    const users = await sdk.send(new ListUsersCommand({ UserPoolId: UserPool!.Id! }));
    expect(users.Users?.map((u) => u.Username)).toEqual(['h1']);
    const signUp = await sdk.send(new SignUpCommand({ ClientId: UserPoolClient!.ClientId!, Username: 'h2', Password: 'Passw0rd!' }));
    expect(signUp.UserConfirmed).toBe(false);
    const bad = sdkForUrl(running.url, { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'nope' });
    await expect(bad.send(new ListUsersCommand({ UserPoolId: UserPool!.Id! }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('seeds fixed ids, and the seeded user signs in', async () => {
    expect(running.seeded.pools).toEqual([
      {
        id: 'us-east-1_SeedPool01',
        name: 'seeded',
        clients: [
          { id: 'seedclient0000000000000001', name: 'web' },
          { id: 'seedclient0000000000000002', name: 'server', secret: 'fixedsecret' },
        ],
        users: [{ username: 'demo', sub: expect.stringMatching(/^[0-9a-f-]{36}$/) }],
      },
    ]);
    const sdk = sdkForUrl(running.url);
    const out = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'seedclient0000000000000001',
        AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' },
      }),
    );
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('answers CORS preflight and exposes the request id and error type headers', async () => {
    const pre = await fetch(`${running.url}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    const custom = await fetch(`${running.url}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-custom-thing' },
    });
    expect(custom.headers.get('access-control-allow-headers')).toBe('x-custom-thing');
    const res = await fetch(`${running.url}/`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: JSON.stringify({ AccessToken: 'a.b.c' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-amzn-RequestId/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-amzn-ErrorType/);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException');
    expect(await res.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('serves JWKS and openid-configuration that verify its tokens (jose)', async () => {
    const poolId = 'us-east-1_SeedPool01';
    const conf = (await (await fetch(`${running.url}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(conf.issuer).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
    expect(conf.jwks_uri).toBe(`${running.url}/${poolId}/.well-known/jwks.json`);
    const sdk = sdkForUrl(running.url);
    const out = await sdk.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'seedclient0000000000000001', AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' } }),
    );
    const jwks = createRemoteJWKSet(new URL(conf.jwks_uri!));
    const { payload } = await jwtVerify(out.AuthenticationResult!.IdToken!, jwks, { issuer: conf.issuer, audience: 'seedclient0000000000000001' });
    expect(payload['cognito:groups']).toEqual(['staff']);
    expect((await fetch(`${running.url}/us-east-1_Nope/.well-known/jwks.json`)).status).toBe(404);
  });

  it('refuses oversized bodies with 413 and keeps serving', async () => {
    const res = await fetch(`${running.url}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: JSON.stringify({ AccessToken: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(((await res.json()) as { __type: string }).__type).toBe('SerializationException');
    const ok = await fetch(`${running.url}/_emulator/outbox`);
    expect(ok.status).toBe(200);
  });

  it('exposes the outbox read-only as JSON', async () => {
    const sdk = sdkForUrl(running.url);
    await sdk.send(
      new SignUpCommand({
        ClientId: 'seedclient0000000000000001',
        Username: 'mailer',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'mailer@example.com' }],
      }),
    );
    const box = (await (await fetch(`${running.url}/_emulator/outbox`)).json()) as { messages: Array<Record<string, string>> };
    expect(box.messages.at(-1)).toMatchObject({ username: 'mailer', destination: 'mailer@example.com', channel: 'EMAIL', purpose: 'SIGN_UP', code: '135790' });
    const post = await fetch(`${running.url}/_emulator/outbox`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(400);
  });
});
