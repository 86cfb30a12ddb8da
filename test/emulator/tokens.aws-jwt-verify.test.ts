/**
 * The emulator's tokens pass aws-jwt-verify's CognitoJwtVerifier (the verifier AWS publishes for
 * Cognito tokens): issuer, token_use, client_id / aud, groups and the RS256 signature from the
 * emulator's JWKS; and they fail it for another pool or client.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';

let emu: Emulator;
let poolId: string;
let otherPoolId: string;
let clientId: string;
let tokens: { AccessToken: string; IdToken: string };
let jwks: { keys: Array<Record<string, unknown>> };

beforeAll(async () => {
  emu = createEmulator({ region: 'eu-west-1' });
  poolId = (await emu.createUserPool({ PoolName: 'v' })).Id;
  otherPoolId = (await emu.createUserPool({ PoolName: 'w' })).Id;
  clientId = (await emu.createUserPoolClient({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId;
  await emu.call('CreateGroup', { UserPoolId: poolId, GroupName: 'editors' });
  await emu.createUser({ userPoolId: poolId, username: 'vera', password: 'Passw0rd!', attributes: { email: 'vera@example.com', email_verified: 'true' }, groups: ['editors'] });
  const out = await emu.call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'vera', PASSWORD: 'Passw0rd!' } });
  tokens = out.AuthenticationResult;
  jwks = await emu.jwks();
});

function verifier(o: { userPoolId: string; tokenUse: 'access' | 'id'; clientId: string; groups?: string }) {
  const v = CognitoJwtVerifier.create(o);
  v.cacheJwks(jwks as never);
  return v;
}

describe('tokens and aws-jwt-verify', () => {
  it('accepts the access and id tokens with their claims', async () => {
    expect(poolId.startsWith('eu-west-1_')).toBe(true);
    const access = await verifier({ userPoolId: poolId, tokenUse: 'access', clientId, groups: 'editors' }).verify(tokens.AccessToken);
    expect(access).toMatchObject({ token_use: 'access', client_id: clientId, username: 'vera', 'cognito:groups': ['editors'] });
    const id = await verifier({ userPoolId: poolId, tokenUse: 'id', clientId }).verify(tokens.IdToken);
    expect(id).toMatchObject({ token_use: 'id', aud: clientId, 'cognito:username': 'vera', email: 'vera@example.com' });
  });

  it('refuses them for another pool, another client, the wrong token use or a missing group', async () => {
    await expect(verifier({ userPoolId: otherPoolId, tokenUse: 'access', clientId }).verify(tokens.AccessToken)).rejects.toThrow();
    await expect(verifier({ userPoolId: poolId, tokenUse: 'access', clientId: 'someoneelse0000000000000000' }).verify(tokens.AccessToken)).rejects.toThrow();
    await expect(verifier({ userPoolId: poolId, tokenUse: 'id', clientId }).verify(tokens.AccessToken)).rejects.toThrow();
    await expect(verifier({ userPoolId: poolId, tokenUse: 'access', clientId, groups: 'admins' }).verify(tokens.AccessToken)).rejects.toThrow();
  });
});
