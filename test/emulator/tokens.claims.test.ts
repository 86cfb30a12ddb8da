/**
 * Token contents: the exact claim sets of access and id tokens (with and without groups and a
 * bound device), lifetimes that follow the app client's token validity and units, and sign-in
 * by every username form (phone alias, phone as username, preferred_username, email alias).
 */
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
const FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

async function signIn(emu: Emulator, clientId: string, USERNAME: string, PASSWORD = 'Passw0rd!') {
  const out = await emu.call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME, PASSWORD } });
  return out.AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string; ExpiresIn: number; NewDeviceMetadata?: { DeviceKey: string } };
}

describe('token claims', () => {
  it('access and id tokens carry exactly Cognito’s claim sets', async () => {
    const emu = createEmulator();
    const pool = (await emu.createUserPool({ PoolName: 'c' })).Id;
    const client = (await emu.createUserPoolClient({ UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: FLOWS })).ClientId;
    await emu.createUser({ userPoolId: pool, username: 'ada', password: 'Passw0rd!', attributes: { email: 'ada@example.com', email_verified: 'true' } });
    const t = await signIn(emu, client, 'ada');
    const access = claims(t.AccessToken);
    const id = claims(t.IdToken);
    expect(Object.keys(access).sort()).toEqual(
      ['auth_time', 'client_id', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'scope', 'sub', 'token_use', 'username', 'version'].sort(),
    );
    expect(Object.keys(id).sort()).toEqual(
      ['aud', 'auth_time', 'cognito:username', 'email', 'email_verified', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'sub', 'token_use'].sort(),
    );
    expect(access.event_id).toBe(id.event_id);
    expect(access.jti).not.toBe(id.jti);
    expect(access.origin_jti).toBe(id.origin_jti);
    expect(typeof t.RefreshToken).toBe('string');
    expect(t.RefreshToken.split('.')).toHaveLength(2);

    await emu.call('CreateGroup', { UserPoolId: pool, GroupName: 'g' });
    await emu.call('AdminAddUserToGroup', { UserPoolId: pool, GroupName: 'g', Username: 'ada' });
    const withGroups = await signIn(emu, client, 'ada');
    expect(Object.keys(claims(withGroups.AccessToken))).toContain('cognito:groups');
    expect(Object.keys(claims(withGroups.IdToken))).toContain('cognito:groups');
  });

  it('binds the access token to the device: device_key appears, nowhere else', async () => {
    const emu = createEmulator();
    const pool = (
      await emu.createUserPool({ PoolName: 'd', DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } })
    ).Id;
    const client = (await emu.createUserPoolClient({ UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: FLOWS })).ClientId;
    await emu.createUser({ userPoolId: pool, username: 'bo', password: 'Passw0rd!' });
    const t = await signIn(emu, client, 'bo');
    expect(t.NewDeviceMetadata?.DeviceKey).toBeTruthy();
    expect(claims(t.AccessToken).device_key).toBe(t.NewDeviceMetadata!.DeviceKey);
    expect(claims(t.IdToken).device_key).toBeUndefined();
    expect(emu.state.pools[pool]!.refreshTokens[t.RefreshToken]!.deviceKey).toBe(t.NewDeviceMetadata!.DeviceKey);
  });

  it('lifetimes follow the client’s validity and units (ExpiresIn and exp − iat)', async () => {
    const emu = createEmulator();
    const pool = (await emu.createUserPool({ PoolName: 'v' })).Id;
    await emu.createUser({ userPoolId: pool, username: 'cy', password: 'Passw0rd!' });
    const cases: Array<[Record<string, unknown>, number, number]> = [
      [{}, 3600, 3600],
      [{ AccessTokenValidity: 15, IdTokenValidity: 2, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours' } }, 900, 7200],
      [{ AccessTokenValidity: 2, IdTokenValidity: 3 }, 7200, 10800], // no units: hours
      [{ AccessTokenValidity: 600, IdTokenValidity: 86400, TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds' } }, 600, 86400],
    ];
    for (const [settings, accessSeconds, idSeconds] of cases) {
      const client = (await emu.createUserPoolClient({ UserPoolId: pool, ClientName: 'x', ExplicitAuthFlows: FLOWS, ...settings })).ClientId;
      const t = await signIn(emu, client, 'cy');
      const a = claims(t.AccessToken);
      const i = claims(t.IdToken);
      expect(t.ExpiresIn, JSON.stringify(settings)).toBe(accessSeconds);
      expect((a.exp as number) - (a.iat as number), JSON.stringify(settings)).toBe(accessSeconds);
      expect((i.exp as number) - (i.iat as number), JSON.stringify(settings)).toBe(idSeconds);
    }
  });

  it('refresh tokens live for RefreshTokenValidity', async () => {
    const emu = createEmulator();
    const pool = (await emu.createUserPool({ PoolName: 'r' })).Id;
    const client = (
      await emu.createUserPoolClient({ UserPoolId: pool, ClientName: 'x', ExplicitAuthFlows: FLOWS, RefreshTokenValidity: 2, TokenValidityUnits: { RefreshToken: 'hours' } })
    ).ClientId;
    await emu.createUser({ userPoolId: pool, username: 'di', password: 'Passw0rd!' });
    const t = await signIn(emu, client, 'di');
    const refresh = () => emu.call('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: client, AuthParameters: { REFRESH_TOKEN: t.RefreshToken } });
    emu.advanceTime(2 * 3600_000 - 5_000);
    expect((await refresh()).AuthenticationResult.AccessToken).toBeTruthy();
    emu.advanceTime(10_000);
    await expect(refresh()).rejects.toMatchObject({ type: 'NotAuthorizedException' });
  });
});

describe('sign-in by every username form', () => {
  it('phone alias (verified only), preferred_username alias, email alias', async () => {
    const emu = createEmulator();
    const pool = (await emu.createUserPool({ PoolName: 'a', AliasAttributes: ['email', 'phone_number', 'preferred_username'] })).Id;
    const client = (await emu.createUserPoolClient({ UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: FLOWS })).ClientId;
    await emu.createUser({
      userPoolId: pool,
      username: 'eve',
      password: 'Passw0rd!',
      attributes: { phone_number: '+15550100001', phone_number_verified: 'true', preferred_username: 'evie', email: 'eve@example.com', email_verified: 'true' },
    });
    await emu.createUser({ userPoolId: pool, username: 'fay', password: 'Passw0rd!', attributes: { phone_number: '+15550100002' } });
    for (const name of ['+15550100001', 'evie', 'eve@example.com', 'eve']) {
      expect(claims((await signIn(emu, client, name)).AccessToken).username, name).toBe('eve');
    }
    // An unverified phone number is not a sign-in alias (the client is LEGACY, the API default).
    await expect(signIn(emu, client, '+15550100002')).rejects.toMatchObject({ type: 'UserNotFoundException' });
    expect(claims((await signIn(emu, client, 'fay')).AccessToken).username).toBe('fay');
  });

  it('phone number as username (the username is a UUID)', async () => {
    const emu = createEmulator();
    const pool = (await emu.createUserPool({ PoolName: 'p', UsernameAttributes: ['phone_number'] })).Id;
    const client = (await emu.createUserPoolClient({ UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: FLOWS })).ClientId;
    const { username, sub } = await emu.createUser({ userPoolId: pool, username: '+15550100003', password: 'Passw0rd!' });
    expect(username).toBe(sub);
    const access = claims((await signIn(emu, client, '+15550100003')).AccessToken);
    expect(access.username).toBe(username);
    expect(access.sub).toBe(sub);
    await expect(signIn(emu, client, '+15550100003', 'Wrong000!')).rejects.toMatchObject({ type: 'NotAuthorizedException' });
  });
});
