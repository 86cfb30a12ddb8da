/**
 * amazon-cognito-identity-js, the reference client, runs the user operations emu-base serves,
 * over HTTP (startEmulator): signUp with attributes, confirmRegistration (a wrong code first),
 * resendConfirmationCode, forgotPassword + confirmPassword, getUserAttributes,
 * updateAttributes + verifyAttribute, deleteAttributes, changePassword and deleteUser —
 * each error surfacing with Cognito's exception name as `err.code`.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let server: RunningEmulator;
let pool: CognitoUserPool;
let poolId: string;

function storage(): ICognitoStorage {
  const data = new Map<string, string>();
  return {
    setItem: (k: string, v: string) => void data.set(k, v),
    getItem: (k: string) => data.get(k) ?? null,
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
  };
}

beforeAll(async () => {
  server = await startEmulator({ port: 0 });
  const emu = server.emulator;
  poolId = (await emu.createUserPool({ PoolName: 'idjs', AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'] })).Id;
  const clientId = (
    await emu.createUserPoolClient({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED' })
  ).ClientId;
  pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url, Storage: storage() });
});
afterAll(async () => {
  await server?.close();
});

const cb = <T>(fn: (done: (err: any, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));

const user = (username: string) => new CognitoUser({ Username: username, Pool: pool, Storage: storage() });

function signIn(u: CognitoUser, password: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    u.authenticateUser(new AuthenticationDetails({ Username: u.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}

describe('amazon-cognito-identity-js user operations', () => {
  it('signs up, confirms (after a wrong code), and signs in with the email alias', async () => {
    const result = await cb<{ userSub: string; userConfirmed: boolean; codeDeliveryDetails: { DeliveryMedium: string } }>((done) =>
      pool.signUp('ivy', 'Passw0rd!', [new CognitoUserAttribute({ Name: 'email', Value: 'ivy@example.com' })], [], done as never),
    );
    expect(result.userConfirmed).toBe(false);
    expect(result.codeDeliveryDetails.DeliveryMedium).toBe('EMAIL');
    const code = server.emulator.lastCode({ username: 'ivy', purpose: 'SIGN_UP' })!;
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(cb((done) => user('ivy').confirmRegistration(wrong, true, done))).rejects.toMatchObject({ code: 'CodeMismatchException' });
    await cb((done) => user('ivy').resendConfirmationCode(done));
    const resent = server.emulator.lastCode({ username: 'ivy', purpose: 'RESEND_CODE' })!;
    expect(await cb((done) => user('ivy').confirmRegistration(resent, true, done))).toBe('SUCCESS');
    const session = await signIn(user('ivy@example.com'), 'Passw0rd!');
    expect(session.getIdToken().decodePayload()['cognito:username']).toBe('ivy');
  });

  it('resets a forgotten password', async () => {
    await server.emulator.createUser({ userPoolId: poolId, username: 'jay', password: 'Passw0rd!', attributes: { email: 'jay@example.com', email_verified: 'true' } });
    const u = user('jay');
    await new Promise<void>((resolve, reject) => u.forgotPassword({ onSuccess: () => resolve(), onFailure: reject, inputVerificationCode: () => resolve() }));
    const code = server.emulator.lastCode({ username: 'jay', purpose: 'FORGOT_PASSWORD' })!;
    await new Promise<void>((resolve, reject) => u.confirmPassword(code, 'Rec0vered!', { onSuccess: () => resolve(), onFailure: reject }));
    await expect(signIn(user('jay'), 'Passw0rd!')).rejects.toMatchObject({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect((await signIn(user('jay'), 'Rec0vered!')).isValid()).toBe(true);
  });

  it('reads, updates, verifies and deletes attributes; changes the password; deletes the user', async () => {
    await server.emulator.createUser({ userPoolId: poolId, username: 'kim', password: 'Passw0rd!', attributes: { email: 'kim@example.com', email_verified: 'true' } });
    const u = user('kim');
    await signIn(u, 'Passw0rd!');
    const attrs = async () =>
      Object.fromEntries((await cb<CognitoUserAttribute[]>((done) => u.getUserAttributes(done))).map((a) => [a.getName(), a.getValue()]));
    expect(await attrs()).toMatchObject({ email: 'kim@example.com', email_verified: 'true' });

    await cb((done) =>
      u.updateAttributes(
        [new CognitoUserAttribute({ Name: 'email', Value: 'kim@new.example' }), new CognitoUserAttribute({ Name: 'nickname', Value: 'k' })],
        done,
      ),
    );
    expect(await attrs()).toMatchObject({ email: 'kim@new.example', email_verified: 'false', nickname: 'k' });
    const code = server.emulator.lastCode({ username: 'kim', purpose: 'VERIFY_ATTRIBUTE' })!;
    await new Promise<void>((resolve, reject) => u.verifyAttribute('email', code, { onSuccess: () => resolve(), onFailure: reject }));
    expect((await attrs()).email_verified).toBe('true');
    await cb((done) => u.deleteAttributes(['nickname'], done));
    expect((await attrs()).nickname).toBeUndefined();

    await expect(cb((done) => u.changePassword('Wrong000!', 'Chang3d!!', done))).rejects.toMatchObject({ code: 'NotAuthorizedException' });
    expect(await cb((done) => u.changePassword('Passw0rd!', 'Chang3d!!', done))).toBe('SUCCESS');
    expect((await signIn(user('kim'), 'Chang3d!!')).isValid()).toBe(true);

    expect(await cb((done) => u.deleteUser(done))).toBe('SUCCESS');
    await expect(signIn(user('kim'), 'Chang3d!!')).rejects.toMatchObject({ code: 'NotAuthorizedException' }); // user existence is not revealed (PreventUserExistenceErrors ENABLED)
  });
});
