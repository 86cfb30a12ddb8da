/**
 * A user's life through the unauthenticated and access-token operations, driven by the AWS SDK:
 * SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword,
 * ChangePassword, GetUser, Update/DeleteUserAttributes, attribute verification, DeleteUser,
 * the preSignUp/postConfirmation trigger stand-ins, and groups in the tokens.
 */
import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { sdkFor } from './sdk-helpers.js';

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

beforeEach(async () => {
  emu = createEmulator();
  sdk = sdkFor(emu);
  poolId = (await emu.createUserPool({ PoolName: 'life', AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'] })).Id;
  clientId = (
    await emu.createUserPoolClient({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      // Set explicitly: the API default is LEGACY, and the tests below hide user existence.
      PreventUserExistenceErrors: 'ENABLED',
    })
  ).ClientId;
});

const login = async (USERNAME: string, PASSWORD: string) =>
  (await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME, PASSWORD } })))
    .AuthenticationResult!;
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

describe('sign-up', () => {
  it('signs up, delivers a code, confirms with it, then the email alias signs in', async () => {
    const out = await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'sam',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }],
      }),
    );
    expect(out.UserConfirmed).toBe(false);
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 's***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = emu.lastCode({ username: 'sam', purpose: 'SIGN_UP' })!;
    expect(code).toMatch(/^\d{6}$/);

    const wrong = code === '000000' ? '111111' : '000000';
    await expect(sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sam', ConfirmationCode: wrong }))).rejects.toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    await sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sam', ConfirmationCode: code }));
    const user = await sdk.send(new GetUserCommand({ AccessToken: (await login('sam@example.com', 'Passw0rd!')).AccessToken }));
    expect(user.Username).toBe('sam');
    expect(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value).toBe('true');
    await expect(sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sam', ConfirmationCode: code }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('refuses weak passwords, duplicate usernames, and expired codes; resends codes', async () => {
    await expect(sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'tia', Password: 'Password!' }))).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have numeric characters',
    });
    await sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'tia', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 't@example.com' }] }));
    await expect(sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'tia', Password: 'Passw0rd!' }))).rejects.toMatchObject({
      name: 'UsernameExistsException',
      message: 'User already exists',
    });
    const first = emu.lastCode({ username: 'tia' })!;
    emu.advanceTime(25 * 3600_000);
    await expect(sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'tia', ConfirmationCode: first }))).rejects.toMatchObject({
      name: 'ExpiredCodeException',
    });
    const resent = await sdk.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'tia' }));
    expect(resent.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    await sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'tia', ConfirmationCode: emu.lastCode({ username: 'tia', purpose: 'RESEND_CODE' })! }));
    expect((await emu.call('AdminGetUser', { UserPoolId: poolId, Username: 'tia' })).UserStatus).toBe('CONFIRMED');
    await expect(sdk.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'tia' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('refuses SignUp when only administrators may create users', async () => {
    const closed = (await emu.createUserPool({ PoolName: 'closed', AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } })).Id;
    const c = (await emu.createUserPoolClient({ UserPoolId: closed, ClientName: 'x' })).ClientId;
    await expect(sdk.send(new SignUpCommand({ ClientId: c, Username: 'nope', Password: 'Passw0rd!' }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'SignUp is not permitted for this user pool',
    });
  });

  it('runs preSignUp (auto-confirm) and postConfirmation stand-ins; a throwing trigger is a UserLambdaValidationException', async () => {
    const confirmed: string[] = [];
    emu.setTriggers(poolId, {
      preSignUp: (event) => {
        if (event.request.userAttributes.email?.endsWith('@blocked.example')) throw new Error('domain not allowed');
        event.response.autoConfirmUser = true;
        event.response.autoVerifyEmail = true;
        return event;
      },
      postConfirmation: (event) => {
        confirmed.push(event.userName);
        return event;
      },
    });
    const ok = await sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'uma', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'uma@example.com' }] }),
    );
    expect(ok.UserConfirmed).toBe(true);
    expect(ok.CodeDeliveryDetails).toBeUndefined();
    expect(confirmed).toEqual(['uma']);
    await expect(
      sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'vic', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'v@blocked.example' }] })),
    ).rejects.toMatchObject({ name: 'UserLambdaValidationException', message: 'PreSignUp failed with error domain not allowed.' });
    await expect(emu.call('AdminGetUser', { UserPoolId: poolId, Username: 'vic' })).rejects.toMatchObject({ type: 'UserNotFoundException' });
  });
});

describe('messages', () => {
  it('uses the pool templates, and the customMessage trigger when set', async () => {
    const mp = (
      await emu.createUserPool({
        PoolName: 'msgs',
        AutoVerifiedAttributes: ['email'],
        VerificationMessageTemplate: { EmailMessage: 'Code: {####}', EmailSubject: 'Welcome' },
        AdminCreateUserConfig: { InviteMessageTemplate: { EmailMessage: 'Hi {username}, use {####}', EmailSubject: 'Invite' } },
      })
    ).Id;
    const mc = (await emu.createUserPoolClient({ UserPoolId: mp, ClientName: 'm' })).ClientId;
    await sdk.send(new SignUpCommand({ ClientId: mc, Username: 'mia', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'mia@example.com' }] }));
    const first = emu.outbox.at(-1)!;
    expect(first).toMatchObject({ message: `Code: ${first.code}`, subject: 'Welcome' });

    await emu.call('AdminCreateUser', { UserPoolId: mp, Username: 'ned', TemporaryPassword: 'Temp0rary!', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'ned@example.com' }] });
    expect(emu.outbox.at(-1)).toMatchObject({ message: 'Hi ned, use Temp0rary!', subject: 'Invite' });

    const sources: string[] = [];
    emu.setTriggers(mp, {
      customMessage: (event) => {
        sources.push(event.triggerSource);
        if (event.request.userAttributes.email === 'bad@example.com') event.response.emailMessage = 'no code here';
        else event.response.emailMessage = `Dear ${event.request.userAttributes.email}: ${event.request.codeParameter}`;
        event.response.emailSubject = 'Custom';
        return event;
      },
    });
    await sdk.send(new ResendConfirmationCodeCommand({ ClientId: mc, Username: 'mia' }));
    const resent = emu.outbox.at(-1)!;
    expect(resent).toMatchObject({ message: `Dear mia@example.com: ${resent.code}`, subject: 'Custom', purpose: 'RESEND_CODE' });
    await expect(
      sdk.send(new SignUpCommand({ ClientId: mc, Username: 'bad', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'bad@example.com' }] })),
    ).rejects.toMatchObject({ name: 'UserLambdaValidationException' });
    expect(sources).toEqual(['CustomMessage_ResendCode', 'CustomMessage_SignUp']);
  });
});

describe('passwords', () => {
  it('forgot password: code to the verified email, then the new password works and the old does not', async () => {
    await emu.createUser({ userPoolId: poolId, username: 'will', password: 'Passw0rd!', attributes: { email: 'will@example.com', email_verified: 'true' } });
    const out = await sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'will' }));
    expect(out.CodeDeliveryDetails?.AttributeName).toBe('email');
    const code = emu.lastCode({ username: 'will', purpose: 'FORGOT_PASSWORD' })!;
    await expect(
      sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'will', ConfirmationCode: code, Password: 'weak' })),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'will', ConfirmationCode: code, Password: 'Rec0vered!' }));
    expect((await login('will', 'Rec0vered!')).AccessToken).toBeTruthy();
    await expect(login('will', 'Passw0rd!')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    // The code was used up.
    await expect(
      sdk.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'will', ConfirmationCode: code, Password: 'Again0000!' })),
    ).rejects.toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('forgot password without a verified destination, and for unknown users (existence hidden)', async () => {
    await emu.createUser({ userPoolId: poolId, username: 'xena', password: 'Passw0rd!', attributes: { email: 'xena@example.com' } });
    await expect(sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'xena' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
    const ghost = await sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ghost' }));
    expect(ghost.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    expect(emu.outbox.filter((m) => m.username === 'ghost')).toHaveLength(0);
  });

  it('enforces PasswordHistorySize on ChangePassword and AdminSetUserPassword', async () => {
    const hp = (await emu.createUserPool({ PoolName: 'history', Policies: { PasswordPolicy: { MinimumLength: 8, PasswordHistorySize: 2 } } })).Id;
    const hc = (await emu.createUserPoolClient({ UserPoolId: hp, ClientName: 'h', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId;
    await emu.createUser({ userPoolId: hp, username: 'hal', password: 'Passw0rd!A' });
    const token = async (pw: string) =>
      (await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: hc, AuthParameters: { USERNAME: 'hal', PASSWORD: pw } }))).AuthenticationResult!
        .AccessToken!;
    const change = async (from: string, to: string) =>
      sdk.send(new ChangePasswordCommand({ AccessToken: await token(from), PreviousPassword: from, ProposedPassword: to }));
    await expect(change('Passw0rd!A', 'Passw0rd!A')).rejects.toMatchObject({ name: 'PasswordHistoryPolicyViolationException' });
    await change('Passw0rd!A', 'Passw0rd!B');
    await expect(change('Passw0rd!B', 'Passw0rd!A')).rejects.toMatchObject({ name: 'PasswordHistoryPolicyViolationException' });
    await change('Passw0rd!B', 'Passw0rd!C');
    // Two remembered (C and B): A may come back.
    await change('Passw0rd!C', 'Passw0rd!A');
    await expect(emu.call('AdminSetUserPassword', { UserPoolId: hp, Username: 'hal', Password: 'Passw0rd!C', Permanent: true })).rejects.toMatchObject({
      type: 'PasswordHistoryPolicyViolationException',
    });
  });

  it('change password needs the previous one and the policy', async () => {
    await emu.createUser({ userPoolId: poolId, username: 'yan', password: 'Passw0rd!' });
    const { AccessToken } = await login('yan', 'Passw0rd!');
    await expect(
      sdk.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Wrong000!', ProposedPassword: 'Chang3d!!' })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    await expect(
      sdk.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Passw0rd!', ProposedPassword: 'short' })),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await sdk.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Passw0rd!', ProposedPassword: 'Chang3d!!' }));
    expect((await login('yan', 'Chang3d!!')).AccessToken).toBeTruthy();
  });
});

describe('attributes with an access token', () => {
  it('updates attributes, sends a code for a changed email, verifies it; deletes attributes; deletes the user', async () => {
    await emu.createUser({ userPoolId: poolId, username: 'zoe', password: 'Passw0rd!', attributes: { email: 'zoe@example.com', email_verified: 'true' } });
    const { AccessToken } = await login('zoe', 'Passw0rd!');
    const upd = await sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [
          { Name: 'email', Value: 'zoe@new.example' },
          { Name: 'nickname', Value: 'z' },
        ],
      }),
    );
    expect(upd.CodeDeliveryDetailsList).toEqual([{ Destination: 'z***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    let me = await sdk.send(new GetUserCommand({ AccessToken }));
    const a = (n: string) => me.UserAttributes?.find((x) => x.Name === n)?.Value;
    expect(a('email')).toBe('zoe@new.example');
    expect(a('email_verified')).toBe('false');
    expect(a('nickname')).toBe('z');

    await expect(sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: '999999x' }))).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    await sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    await sdk.send(
      new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: emu.lastCode({ username: 'zoe', purpose: 'VERIFY_ATTRIBUTE' })! }),
    );
    me = await sdk.send(new GetUserCommand({ AccessToken }));
    expect(a('email_verified')).toBe('true');
    await sdk.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['nickname'] }));
    me = await sdk.send(new GetUserCommand({ AccessToken }));
    expect(a('nickname')).toBeUndefined();

    await sdk.send(new DeleteUserCommand({ AccessToken }));
    await expect(emu.call('AdminGetUser', { UserPoolId: poolId, Username: 'zoe' })).rejects.toMatchObject({ type: 'UserNotFoundException' });
    await expect(sdk.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('UserAttributeUpdateSettings', () => {
  it('keeps the old email active until the new one is verified', async () => {
    const kp = (
      await emu.createUserPool({
        PoolName: 'keep',
        AutoVerifiedAttributes: ['email'],
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      })
    ).Id;
    const kc = (await emu.createUserPoolClient({ UserPoolId: kp, ClientName: 'k', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId;
    await emu.createUser({ userPoolId: kp, username: 'kat', password: 'Passw0rd!', attributes: { email: 'kat@old.example', email_verified: 'true' } });
    const AccessToken = (
      await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: kc, AuthParameters: { USERNAME: 'kat', PASSWORD: 'Passw0rd!' } }))
    ).AuthenticationResult!.AccessToken!;
    const upd = await sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'kat@new.example' }] }));
    expect(upd.CodeDeliveryDetailsList?.[0]?.Destination).toBe('k***@n***');
    expect(emu.outbox.at(-1)?.destination).toBe('kat@new.example');
    const attrs = async () => Object.fromEntries((await sdk.send(new GetUserCommand({ AccessToken }))).UserAttributes!.map((a) => [a.Name, a.Value]));
    expect(await attrs()).toMatchObject({ email: 'kat@old.example', email_verified: 'true' });
    await sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: emu.lastCode({ username: 'kat', purpose: 'VERIFY_ATTRIBUTE' })! }));
    expect(await attrs()).toMatchObject({ email: 'kat@new.example', email_verified: 'true' });
  });
});

describe('client attribute permissions', () => {
  it('ReadAttributes limits GetUser and the id token; WriteAttributes limits updates', async () => {
    const rc = (
      await emu.createUserPoolClient({
        UserPoolId: poolId,
        ClientName: 'narrow',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        ReadAttributes: ['email', 'email_verified'],
        WriteAttributes: ['nickname'],
      })
    ).ClientId;
    await emu.createUser({ userPoolId: poolId, username: 'rae', password: 'Passw0rd!', attributes: { email: 'rae@example.com', email_verified: 'true', family_name: 'Ray' } });
    const out = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: rc, AuthParameters: { USERNAME: 'rae', PASSWORD: 'Passw0rd!' } }));
    const { AccessToken, IdToken } = out.AuthenticationResult!;
    const names = (await sdk.send(new GetUserCommand({ AccessToken }))).UserAttributes!.map((a) => a.Name).sort();
    expect(names).toEqual(['email', 'email_verified', 'sub']);
    const id = claims(IdToken!);
    expect(id.email).toBe('rae@example.com');
    expect(id.family_name).toBeUndefined();
    await sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'nickname', Value: 'r' }] }));
    await expect(
      sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'family_name', Value: 'X' }] })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' });
  });
});

describe('groups in tokens', () => {
  it('puts cognito:groups (by precedence) in access and id tokens, read at mint time', async () => {
    await emu.createUser({ userPoolId: poolId, username: 'gus', password: 'Passw0rd!', attributes: { email: 'gus@example.com', email_verified: 'true' } });
    const before = await login('gus', 'Passw0rd!');
    expect(claims(before.AccessToken!)['cognito:groups']).toBeUndefined();
    const admin = sdkFor(emu, { accessKeyId: 'any', secretAccessKey: 'any' });
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Precedence: 5 }));
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 1 }));
    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Username: 'gus' }));
    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Username: 'gus' }));
    const after = await login('gus', 'Passw0rd!');
    const access = claims(after.AccessToken!);
    const id = claims(after.IdToken!);
    expect(access['cognito:groups']).toEqual(['admins', 'readers']);
    expect(id['cognito:groups']).toEqual(['admins', 'readers']);
    expect(access).toMatchObject({ token_use: 'access', client_id: clientId, username: 'gus', scope: 'aws.cognito.signin.user.admin' });
    expect(access.iss).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
    expect(id).toMatchObject({ token_use: 'id', aud: clientId, 'cognito:username': 'gus', email: 'gus@example.com', email_verified: true });
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(access.sub).toBe((await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gus' }))).UserAttributes?.find((x) => x.Name === 'sub')?.Value);
  });
});
