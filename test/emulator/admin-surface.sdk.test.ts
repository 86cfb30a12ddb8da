/**
 * The official AWS SDK v3 client drives the emulator's admin surface (signed with SigV4, which
 * the emulator verifies): pools, app clients, users, groups, ListUsers filters and pagination,
 * with Cognito's exception names. Every test runs twice: in-process through `emu.fetch`, and
 * over HTTP through `startEmulator` with the SDK's own Node HTTP handler.
 */
import {
  AddCustomAttributesCommand,
  CreateIdentityProviderCommand,
  DescribeRiskConfigurationCommand,
  GetLogDeliveryConfigurationCommand,
  GetUICustomizationCommand,
  SetLogDeliveryConfigurationCommand,
  SetRiskConfigurationCommand,
  SetUICustomizationCommand,
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolDomainCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  AddUserPoolClientSecretCommand,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
  SignUpCommand,
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  SetUserPoolMfaConfigCommand,
  UpdateGroupCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  paginateListUsers,
  paginateListUserPools,
  paginateListGroups,
  paginateListUsersInGroup,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, startEmulator, type Emulator, type RunningEmulator } from '../../src/emulator/index.js';
import { sdkFor, sdkForUrl, TEST_CREDENTIALS } from './sdk-helpers.js';

describe.each(['in-process', 'http'] as const)('admin surface (%s)', (transport) => {
  let emu: Emulator;
  let sdk: CognitoIdentityProviderClient;
  let running: RunningEmulator | undefined;

  beforeEach(async () => {
    if (transport === 'http') {
      running = await startEmulator({ port: 0, credentials: TEST_CREDENTIALS, fixedCode: '246810' });
      emu = running.emulator;
      sdk = sdkForUrl(running.url);
    } else {
      emu = createEmulator({ credentials: TEST_CREDENTIALS, fixedCode: '246810' });
      sdk = sdkFor(emu);
    }
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function newPool(extra: Record<string, unknown> = {}) {
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'pool', ...extra }));
    return UserPool!.Id!;
  }

  const attr = (u: { Attributes?: { Name?: string; Value?: string }[] } | UserType, name: string) =>
    u.Attributes?.find((a) => a.Name === name)?.Value;

  describe('user pools', () => {
    it('creates, describes, updates, lists and deletes pools', async () => {
      const id = await newPool({
        Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } },
        AliasAttributes: ['email'],
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      });
      expect(id).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
      const { UserPool } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }));
      expect(UserPool?.Name).toBe('pool');
      expect(UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(10);
      expect(UserPool?.Policies?.PasswordPolicy?.RequireSymbols).toBe(false);
      expect(UserPool?.AliasAttributes).toEqual(['email']);
      expect(UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
      expect(UserPool?.CreationDate).toBeInstanceOf(Date);
      expect(UserPool?.SchemaAttributes?.some((s) => s.Name === 'email')).toBe(true);

      await sdk.send(new UpdateUserPoolCommand({ UserPoolId: id, Policies: { PasswordPolicy: { MinimumLength: 12 } } }));
      const after = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }));
      expect(after.UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(12);
      // Left out of the update: back to the default, as the service does.
      expect(after.UserPool?.DeviceConfiguration).toBeUndefined();

      await sdk.send(new DeleteUserPoolCommand({ UserPoolId: id }));
      await expect(sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `User pool ${id} does not exist.`,
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('paginates ListUserPools with NextToken, every pool exactly once', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 7; i++) ids.add(await newPool());
      const first = await sdk.send(new ListUserPoolsCommand({ MaxResults: 3 }));
      expect(first.UserPools).toHaveLength(3);
      expect(first.NextToken).toBeTruthy();
      const seen: string[] = [];
      for await (const page of paginateListUserPools({ client: sdk, pageSize: 3 }, { MaxResults: 3 })) {
        expect(page.UserPools!.length).toBeLessThanOrEqual(3);
        seen.push(...page.UserPools!.map((p) => p.Id!));
      }
      expect(seen.sort()).toEqual([...ids].sort());
      await expect(sdk.send(new ListUserPoolsCommand({ MaxResults: 3, NextToken: 'bogus' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });

    it('sets and reads the MFA configuration (OFF / ON / OPTIONAL with SMS, TOTP, EMAIL)', async () => {
      const id = await newPool();
      expect((await sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).MfaConfiguration).toBe('OFF');
      await sdk.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: id,
          MfaConfiguration: 'OPTIONAL',
          SoftwareTokenMfaConfiguration: { Enabled: true },
          EmailMfaConfiguration: { Message: 'code {####}', Subject: 'Your code' },
        }),
      );
      const cfg = await sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
      expect(cfg.MfaConfiguration).toBe('OPTIONAL');
      expect(cfg.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
      expect(cfg.EmailMfaConfiguration?.Subject).toBe('Your code');
      expect((await sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool?.MfaConfiguration).toBe('OPTIONAL');
      await sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'ON' }));
      expect((await sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).MfaConfiguration).toBe('ON');
      const bare = await newPool();
      await expect(sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: bare, MfaConfiguration: 'ON' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });

    it('adds custom attributes with the custom: prefix and refuses duplicates', async () => {
      const id = await newPool({ Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }] });
      await sdk.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }] }));
      const { UserPool } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }));
      const names = UserPool!.SchemaAttributes!.map((s) => s.Name);
      expect(names).toContain('custom:tier');
      expect(names).toContain('custom:plan');
      await expect(
        sdk.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: id,
          Username: 'c1',
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'custom:plan', Value: 'gold' }],
        }),
      );
      const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'c1' }));
      expect(user.UserAttributes?.find((a) => a.Name === 'custom:plan')?.Value).toBe('gold');
      await expect(
        sdk.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'c2', UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('app clients', () => {
    it('creates clients with secrets, token validity and auth flows; updates, lists, deletes', async () => {
      const pool = await newPool();
      const { UserPoolClient: c } = await sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool,
          ClientName: 'web',
          GenerateSecret: true,
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          AccessTokenValidity: 15,
          IdTokenValidity: 15,
          RefreshTokenValidity: 2,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        }),
      );
      expect(c?.ClientId).toMatch(/^[a-z0-9]{26}$/);
      expect(c?.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
      expect(c?.AccessTokenValidity).toBe(15);
      expect(c?.TokenValidityUnits).toEqual({ AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' });
      expect(c?.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);

      const d = await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: c!.ClientId! }));
      expect(d.UserPoolClient?.ClientSecret).toBe(c?.ClientSecret);

      const u = await sdk.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: pool,
          ClientId: c!.ClientId!,
          ClientName: 'web2',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      );
      expect(u.UserPoolClient?.ClientName).toBe('web2');
      expect(u.UserPoolClient?.ClientSecret).toBe(c?.ClientSecret);
      expect(u.UserPoolClient?.ExplicitAuthFlows).toEqual(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);

      for (let i = 0; i < 4; i++) await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: `c${i}` }));
      const page1 = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 3 }));
      expect(page1.UserPoolClients).toHaveLength(3);
      const page2 = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 3, NextToken: page1.NextToken }));
      expect(page2.UserPoolClients).toHaveLength(2);
      expect(page2.NextToken).toBeUndefined();
      const all = [...page1.UserPoolClients!, ...page2.UserPoolClients!].map((x) => x.ClientId);
      expect(new Set(all).size).toBe(5);

      await sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: c!.ClientId! }));
      await expect(sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: c!.ClientId! }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `User pool client ${c!.ClientId} does not exist.`,
      });
    });

    it('rotates client secrets: two active secrets, either verifies SECRET_HASH, the deleted one stops working', async () => {
      const pool = await newPool();
      const { UserPoolClient: c } = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'conf', GenerateSecret: true }));
      const clientId = c!.ClientId!;
      const hash = (user: string, secret: string) => createHmac('sha256', secret).update(user + clientId).digest('base64');
      const signUp = (user: string, secret: string) =>
        sdk.send(new SignUpCommand({ ClientId: clientId, Username: user, Password: 'Passw0rd!', SecretHash: hash(user, secret) }));
      const { ClientSecretDescriptor: added } = await sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: pool, ClientId: clientId }));
      expect(added?.ClientSecretValue).toMatch(/^[a-z0-9]{51}$/);
      const listed = await sdk.send(new ListUserPoolClientSecretsCommand({ UserPoolId: pool, ClientId: clientId }));
      expect(listed.ClientSecrets).toHaveLength(2);
      expect(listed.ClientSecrets?.every((x) => x.ClientSecretValue === undefined)).toBe(true);
      await signUp('old-secret-user', c!.ClientSecret!);
      await signUp('new-secret-user', added!.ClientSecretValue!);
      await expect(sdk.send(new AddUserPoolClientSecretCommand({ UserPoolId: pool, ClientId: clientId }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
      const oldId = listed.ClientSecrets!.find((x) => x.ClientSecretId !== added!.ClientSecretId)!.ClientSecretId!;
      await sdk.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: pool, ClientId: clientId, ClientSecretId: oldId }));
      await expect(signUp('late-old-user', c!.ClientSecret!)).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: `Unable to verify secret hash for client ${clientId}`,
      });
      await signUp('late-new-user', added!.ClientSecretValue!);
      const d = await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: clientId }));
      expect(d.UserPoolClient?.ClientSecret).toBe(added!.ClientSecretValue);
      await expect(
        sdk.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: pool, ClientId: clientId, ClientSecretId: added!.ClientSecretId! })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('refuses invalid auth flows and token validity', async () => {
      const pool = await newPool();
      await expect(
        sdk.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'x', ExplicitAuthFlows: ['ALLOW_MAGIC' as never] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(
        sdk.send(
          new CreateUserPoolClientCommand({
            UserPoolId: pool,
            ClientName: 'x',
            AccessTokenValidity: 2,
            TokenValidityUnits: { AccessToken: 'days' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('users', () => {
    it('AdminCreateUser gives FORCE_CHANGE_PASSWORD and delivers the temporary password', async () => {
      const pool = await newPool();
      const { User } = await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: pool,
          Username: 'alice',
          TemporaryPassword: 'Temp0rary!',
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: 'alice@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      expect(User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      expect(User?.Enabled).toBe(true);
      expect(attr(User!, 'sub')).toMatch(/^[0-9a-f-]{36}$/);
      expect(emu.lastCode({ username: 'alice', purpose: 'ADMIN_CREATE_USER' })).toBe('Temp0rary!');
      expect(emu.outbox.at(-1)?.destination).toBe('alice@example.com');

      await expect(sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'alice' }))).rejects.toMatchObject({
        name: 'UsernameExistsException',
      });
      await expect(
        sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'weak', TemporaryPassword: 'short' })),
      ).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
      await expect(
        sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'weak', TemporaryPassword: 'alllowercase1!' })),
      ).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password must have uppercase characters' });

      const before = emu.outbox.length;
      await sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'quiet', MessageAction: 'SUPPRESS' }));
      expect(emu.outbox.length).toBe(before);
    });

    it('gets, enables, disables, sets passwords, resets, confirms and deletes users', async () => {
      const pool = await newPool({ AutoVerifiedAttributes: ['email'] });
      await emu.createUser({ userPoolId: pool, username: 'bob', password: 'Passw0rd!', attributes: { email: 'bob@example.com', email_verified: 'true' } });
      let bob = await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'bob' }));
      expect(bob.UserStatus).toBe('CONFIRMED');
      expect(bob.Enabled).toBe(true);

      await sdk.send(new AdminDisableUserCommand({ UserPoolId: pool, Username: 'bob' }));
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'bob' }))).Enabled).toBe(false);
      await sdk.send(new AdminEnableUserCommand({ UserPoolId: pool, Username: 'bob' }));
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'bob' }))).Enabled).toBe(true);

      await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'bob', Password: 'N3wPassword!', Permanent: false }));
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'bob' }))).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'bob', Password: 'N3wPassword!', Permanent: true }));
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'bob' }))).UserStatus).toBe('CONFIRMED');
      await expect(
        sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'bob', Password: 'nonumbers!A', Permanent: true })),
      ).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password must have numeric characters' });

      await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: 'bob' }));
      bob = await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'bob' }));
      expect(bob.UserStatus).toBe('RESET_REQUIRED');
      expect(emu.lastCode({ username: 'bob', purpose: 'FORGOT_PASSWORD' })).toBe('246810');

      await emu.createUser({ userPoolId: pool, username: 'tempo', password: 'Passw0rd!', status: 'FORCE_CHANGE_PASSWORD' });
    expect(emu.state.pools[pool]!.users.tempo!.password!.temporary).toBe(true);
    await emu.createUser({ userPoolId: pool, username: 'carol', password: 'Passw0rd!', status: 'UNCONFIRMED' });
      await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username: 'carol' }));
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'carol' }))).UserStatus).toBe('CONFIRMED');
      await expect(sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username: 'carol' }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User cannot be confirmed. Current status is CONFIRMED',
      });

      await sdk.send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: 'carol' }));
      await expect(sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'carol' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
        message: 'User does not exist.',
      });
    });

    it('updates and deletes attributes as admin; changed email becomes unverified', async () => {
      const pool = await newPool({ AutoVerifiedAttributes: ['email'] });
      await emu.createUser({ userPoolId: pool, username: 'dan', password: 'Passw0rd!', attributes: { email: 'dan@example.com', email_verified: 'true' } });
      await sdk.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool,
          Username: 'dan',
          UserAttributes: [
            { Name: 'email', Value: 'dan@new.example.com' },
            { Name: 'given_name', Value: 'Dan' },
          ],
        }),
      );
      let dan = await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'dan' }));
      const get = (n: string) => dan.UserAttributes?.find((a) => a.Name === n)?.Value;
      expect(get('email')).toBe('dan@new.example.com');
      expect(get('email_verified')).toBe('false');
      expect(get('given_name')).toBe('Dan');
      await sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool, Username: 'dan', UserAttributeNames: ['given_name'] }));
      dan = await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'dan' }));
      expect(dan.UserAttributes?.some((a) => a.Name === 'given_name')).toBe(false);
      await expect(
        sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'dan', UserAttributes: [{ Name: 'sub', Value: 'x' }] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('email as username: the username is a UUID and the email signs the user in and finds them', async () => {
      const pool = await newPool({ UsernameAttributes: ['email'] });
      const { User } = await sdk.send(
        new AdminCreateUserCommand({ UserPoolId: pool, Username: 'erin@example.com', MessageAction: 'SUPPRESS' }),
      );
      expect(User?.Username).toMatch(/^[0-9a-f-]{36}$/);
      expect(attr(User!, 'email')).toBe('erin@example.com');
      const byEmail = await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'ERIN@example.com' }));
      expect(byEmail.Username).toBe(User?.Username);
      await expect(
        sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'erin@example.com', MessageAction: 'SUPPRESS' })),
      ).rejects.toMatchObject({ name: 'UsernameExistsException' });
      await expect(sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'notanemail' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Username should be an email.',
      });
    });

    it('case-insensitive usernames and phone numbers as usernames', async () => {
      const ci = await newPool({ UsernameConfiguration: { CaseSensitive: false } });
      await sdk.send(new AdminCreateUserCommand({ UserPoolId: ci, Username: 'Bob', MessageAction: 'SUPPRESS' }));
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: ci, Username: 'bOB' }))).Username).toBe('Bob');
      await expect(sdk.send(new AdminCreateUserCommand({ UserPoolId: ci, Username: 'BOB', MessageAction: 'SUPPRESS' }))).rejects.toMatchObject({
        name: 'UsernameExistsException',
      });
      const cs = await newPool();
      await sdk.send(new AdminCreateUserCommand({ UserPoolId: cs, Username: 'Bob', MessageAction: 'SUPPRESS' }));
      await expect(sdk.send(new AdminGetUserCommand({ UserPoolId: cs, Username: 'bob' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });

      const phone = await newPool({ UsernameAttributes: ['phone_number'] });
      const { User } = await sdk.send(new AdminCreateUserCommand({ UserPoolId: phone, Username: '+15550001234', MessageAction: 'SUPPRESS' }));
      expect(attr(User!, 'phone_number')).toBe('+15550001234');
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: phone, Username: '+15550001234' }))).Username).toBe(User?.Username);
      await expect(sdk.send(new AdminCreateUserCommand({ UserPoolId: phone, Username: 'x@example.com' }))).rejects.toMatchObject({
        message: 'Username should be a phone number.',
      });
    });

    it('email alias: verified aliases find the user, unverified ones do not; email-shaped usernames refused', async () => {
      const pool = await newPool({ AliasAttributes: ['email'] });
      await emu.createUser({ userPoolId: pool, username: 'frank', password: 'Passw0rd!', attributes: { email: 'frank@example.com', email_verified: 'true' } });
      await emu.createUser({ userPoolId: pool, username: 'gina', password: 'Passw0rd!', attributes: { email: 'gina@example.com' } });
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'frank@example.com' }))).Username).toBe('frank');
      await expect(sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'gina@example.com' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
      await expect(sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'h@example.com' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Username cannot be of email format, since user pool is configured for email alias.',
      });
    });
  });

  describe('ListUsers', () => {
    async function population() {
      const pool = await newPool();
      const people = [
        ['ann', 'Ann', 'Archer', 'ann@corp.example'],
        ['anna', 'Anna', 'Baker', 'anna@corp.example'],
        ['bert', 'Bert', 'Archer', 'bert@home.example'],
        ['cleo', 'Cleo', 'Doe', 'cleo@corp.example'],
        ['dora', 'Dora', 'Reddy', 'dora@home.example'],
      ];
      for (const [u, given, family, email] of people) {
        await emu.createUser({
          userPoolId: pool,
          username: u!,
          password: 'Passw0rd!',
          attributes: { given_name: given!, family_name: family!, email: email!, name: `${given} ${family}`, phone_number: `+1555000${u!.length}${u!.charCodeAt(0)}` },
        });
      }
      await emu.createUser({ userPoolId: pool, username: 'eve', password: 'Passw0rd!', status: 'UNCONFIRMED', attributes: { email: 'eve@corp.example' } });
      await sdk.send(new AdminDisableUserCommand({ UserPoolId: pool, Username: 'dora' }));
      return pool;
    }
    const names = (users?: UserType[]) => (users ?? []).map((u) => u.Username).sort();

    it('supports = and ^= on the documented attributes', async () => {
      const pool = await population();
      const q = async (Filter: string) => names((await sdk.send(new ListUsersCommand({ UserPoolId: pool, Filter }))).Users);
      expect(await q('username = "ann"')).toEqual(['ann']);
      expect(await q('username ^= "ann"')).toEqual(['ann', 'anna']);
      expect(await q('email ^= "ANN"')).toEqual(['ann', 'anna']);
      expect(await q('email = "cleo@corp.example"')).toEqual(['cleo']);
      expect(await q('family_name = "Archer"')).toEqual(['ann', 'bert']);
      expect(await q('given_name ^= "D"')).toEqual(['dora']);
      expect(await q('name = "Anna Baker"')).toEqual(['anna']);
      expect(await q('cognito:user_status = "UNCONFIRMED"')).toEqual(['eve']);
      expect(await q('cognito:user_status = "confirmed"')).toEqual(['ann', 'anna', 'bert', 'cleo', 'dora']);
      expect(await q('status = "Disabled"')).toEqual(['dora']);
      expect(await q('phone_number ^= "+1555"')).toEqual(['ann', 'anna', 'bert', 'cleo', 'dora']);
      const sub = (await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'bert' }))).UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
      expect(await q(`sub = "${sub}"`)).toEqual(['bert']);
      expect(await q('')).toHaveLength(6);
      expect(await q('family_name = "O\\"Brien"')).toEqual([]);
      await expect(q('custom:x = "1"')).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(q('email == "x"')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('paginates with PaginationToken (each user once) and honours AttributesToGet', async () => {
      const pool = await population();
      const seen: string[] = [];
      let pages = 0;
      for await (const page of paginateListUsers({ client: sdk, pageSize: 2 }, { UserPoolId: pool, Limit: 2 })) {
        pages++;
        expect(page.Users!.length).toBeLessThanOrEqual(2);
        seen.push(...page.Users!.map((u) => u.Username!));
      }
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(['ann', 'anna', 'bert', 'cleo', 'dora', 'eve']);

      const filtered: string[] = [];
      for await (const page of paginateListUsers({ client: sdk, pageSize: 1 }, { UserPoolId: pool, Limit: 1, Filter: 'email ^= "ann"' })) {
        filtered.push(...page.Users!.map((u) => u.Username!));
      }
      expect(filtered.sort()).toEqual(['ann', 'anna']);

      const some = await sdk.send(new ListUsersCommand({ UserPoolId: pool, AttributesToGet: ['email'], Filter: 'username = "ann"' }));
      expect(some.Users?.[0]?.Attributes).toEqual([{ Name: 'email', Value: 'ann@corp.example' }]);
      expect(some.Users?.[0]?.UserStatus).toBe('CONFIRMED');
    });
  });

  describe('groups', () => {
    it('creates, gets, updates, lists, deletes groups and manages membership', async () => {
      const pool = await newPool();
      await emu.createUser({ userPoolId: pool, username: 'u1', password: 'Passw0rd!' });
      await emu.createUser({ userPoolId: pool, username: 'u2', password: 'Passw0rd!' });
      const { Group } = await sdk.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'admins', Description: 'A', Precedence: 1 }));
      expect(Group).toMatchObject({ GroupName: 'admins', UserPoolId: pool, Description: 'A', Precedence: 1 });
      await expect(sdk.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'admins' }))).rejects.toMatchObject({
        name: 'GroupExistsException',
      });
      for (let i = 0; i < 4; i++) await sdk.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: `g${i}` }));
      await sdk.send(new UpdateGroupCommand({ UserPoolId: pool, GroupName: 'admins', Description: 'Admins' }));
      expect((await sdk.send(new GetGroupCommand({ UserPoolId: pool, GroupName: 'admins' }))).Group?.Description).toBe('Admins');

      const groups: string[] = [];
      for await (const page of paginateListGroups({ client: sdk, pageSize: 2 }, { UserPoolId: pool, Limit: 2 })) {
        groups.push(...page.Groups!.map((g) => g.GroupName!));
      }
      expect(groups.sort()).toEqual(['admins', 'g0', 'g1', 'g2', 'g3']);

      await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, GroupName: 'admins', Username: 'u1' }));
      await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, GroupName: 'admins', Username: 'u2' }));
      await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, GroupName: 'g1', Username: 'u1' }));
      const forU1 = await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'u1' }));
      expect(forU1.Groups?.map((g) => g.GroupName).sort()).toEqual(['admins', 'g1']);
      const members: string[] = [];
      for await (const page of paginateListUsersInGroup({ client: sdk, pageSize: 1 }, { UserPoolId: pool, GroupName: 'admins', Limit: 1 })) {
        members.push(...page.Users!.map((u) => u.Username!));
      }
      expect(members.sort()).toEqual(['u1', 'u2']);

      await sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, GroupName: 'admins', Username: 'u2' }));
      expect((await sdk.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'admins' }))).Users?.map((u) => u.Username)).toEqual(['u1']);

      await sdk.send(new DeleteGroupCommand({ UserPoolId: pool, GroupName: 'g1' }));
      expect((await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'u1' }))).Groups?.map((g) => g.GroupName)).toEqual(['admins']);
      await expect(sdk.send(new GetGroupCommand({ UserPoolId: pool, GroupName: 'g1' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Group not found.',
      });
      await expect(sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, GroupName: 'admins', Username: 'nobody' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
      expect((await sdk.send(new ListGroupsCommand({ UserPoolId: pool }))).Groups).toHaveLength(4);
    });
  });

  describe('stored pool configuration', () => {
    it('keeps resource servers, identity providers and the domain with the service shapes', async () => {
      const pool = await newPool();
      await sdk.send(
        new CreateResourceServerCommand({ UserPoolId: pool, Identifier: 'https://api.example', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] }),
      );
      await expect(
        sdk.send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: 'https://api.example', Name: 'again' })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await sdk.send(new UpdateResourceServerCommand({ UserPoolId: pool, Identifier: 'https://api.example', Name: 'api2' }));
      expect((await sdk.send(new DescribeResourceServerCommand({ UserPoolId: pool, Identifier: 'https://api.example' }))).ResourceServer).toEqual({
        UserPoolId: pool,
        Identifier: 'https://api.example',
        Name: 'api2',
        Scopes: [],
      });
      expect((await sdk.send(new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 10 }))).ResourceServers).toHaveLength(1);

      await sdk.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool,
          ProviderName: 'Google',
          ProviderType: 'Google',
          ProviderDetails: { client_id: 'x', client_secret: 'y', authorize_scopes: 'email' },
          IdpIdentifiers: ['gg'],
        }),
      );
      await expect(
        sdk.send(new CreateIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: {} })),
      ).rejects.toMatchObject({ name: 'DuplicateProviderException' });
      expect((await sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'Google' }))).IdentityProvider?.CreationDate).toBeInstanceOf(Date);
      expect((await sdk.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: pool, IdpIdentifier: 'gg' }))).IdentityProvider?.ProviderName).toBe('Google');
      expect((await sdk.send(new ListIdentityProvidersCommand({ UserPoolId: pool }))).Providers?.map((p) => p.ProviderType)).toEqual(['Google']);

      await sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: 'my-app-auth' }));
      expect((await sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-auth' }))).DomainDescription).toMatchObject({
        UserPoolId: pool,
        Domain: 'my-app-auth',
        Status: 'ACTIVE',
      });
      expect((await sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool }))).UserPool?.Domain).toBe('my-app-auth');
      const other = await newPool();
      await expect(sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'my-app-auth' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
      await sdk.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool, Domain: 'my-app-auth' }));
      expect((await sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-auth' }))).DomainDescription).toEqual({});

      await sdk.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS: '.banner-customizable { padding: 1px }' }));
      expect((await sdk.send(new GetUICustomizationCommand({ UserPoolId: pool }))).UICustomization).toMatchObject({ ClientId: 'ALL', CSSVersion: '1' });
      await sdk.send(
        new SetRiskConfigurationCommand({ UserPoolId: pool, RiskExceptionConfiguration: { BlockedIPRangeList: ['10.0.0.0/8'] } }),
      );
      expect((await sdk.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool }))).RiskConfiguration?.RiskExceptionConfiguration).toEqual({
        BlockedIPRangeList: ['10.0.0.0/8'],
      });
      await sdk.send(
        new SetLogDeliveryConfigurationCommand({
          UserPoolId: pool,
          LogConfigurations: [{ LogLevel: 'ERROR', EventSource: 'userNotification', CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:0:log-group:x' } }],
        }),
      );
      expect((await sdk.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool }))).LogDeliveryConfiguration?.LogConfigurations).toHaveLength(1);
    });
  });

  describe('wire behaviour', () => {
    it('answers operations the emulator does not implement with an error naming them', async () => {
      const res = await emu.fetch('http://x/', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserImportJob',
          authorization: 'AWS4-HMAC-SHA256 Credential=x/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00',
        },
        body: '{}',
      });
      // Signature is checked first (credentials were given): a bad one is refused before anything else.
      expect(res.status).toBe(400);
      const noCreds = createEmulator();
      const res2 = await noCreds.fetch('http://x/', {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserImportJob', authorization: 'AWS4-HMAC-SHA256 anything' },
        body: '{}',
      });
      expect(res2.status).toBe(400);
      expect(res2.headers.get('x-amzn-errortype')).toBe('UnsupportedOperationException');
      expect(res2.headers.get('x-amzn-requestid')).toBeTruthy();
      expect(await res2.json()).toEqual({
        __type: 'UnsupportedOperationException',
        message: 'The cognito-edge emulator does not support the operation CreateUserImportJob.',
      });
      const res3 = await noCreds.fetch('http://x/', {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.MakeCoffee' },
        body: '{}',
      });
      expect(((await res3.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    });

    it('logs every wire request with its status and error type', async () => {
      const pool = await newPool();
      await sdk.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'ghost' })).catch(() => undefined);
      expect(emu.requests.map((r) => [r.target, r.status, r.errorType])).toEqual([
        ['CreateUserPool', 200, undefined],
        ['AdminGetUser', 400, 'UserNotFoundException'],
      ]);
    });
  });
});
