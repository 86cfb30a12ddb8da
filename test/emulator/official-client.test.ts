/**
 * amazon-cognito-identity-js, the reference client, against the emulator over HTTP
 * (startEmulator; the client's `endpoint` points at it): SRP sign-in and a wrong password,
 * NEW_PASSWORD_REQUIRED, TOTP enrolment then SOFTWARE_TOKEN_MFA, MFA_SETUP through the
 * Session, ConfirmDevice + setDeviceStatusRemembered then DEVICE_SRP_AUTH from a fresh client
 * with the same storage, refreshSession and globalSignOut.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../src/core/totp.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { claims, PASSWORD } from './flows-helpers.js';

let server: RunningEmulator;

beforeAll(async () => {
  server = await startEmulator({ port: 0, fixedCode: '123456' });
});
afterAll(async () => {
  await server?.close();
});

/** localStorage-like storage the test can hand to a second client. */
function memoryStorage(): ICognitoStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    setItem: (k: string, v: string) => void data.set(k, v),
    getItem: (k: string) => data.get(k) ?? null,
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
  };
}

interface Setup {
  poolId: string;
  clientId: string;
  storage: ReturnType<typeof memoryStorage>;
  pool: CognitoUserPool;
}

async function setup(o: { pool?: Record<string, unknown>; mfa?: Record<string, unknown>; user?: Parameters<RunningEmulator['emulator']['createUser']>[0] extends infer U ? Partial<U> : never } = {}): Promise<Setup & { username: string }> {
  const emu = server.emulator;
  const pool = await emu.createUserPool({ PoolName: `ref-${Math.random().toString(36).slice(2)}`, ...o.pool });
  if (o.mfa) await emu.call('SetUserPoolMfaConfig', { UserPoolId: pool.Id, ...o.mfa });
  const client = await emu.createUserPoolClient({ UserPoolId: pool.Id, ClientName: 'ref' });
  const username = 'carol';
  await emu.createUser({
    userPoolId: pool.Id,
    username,
    password: PASSWORD,
    attributes: { email: 'carol@example.com', email_verified: 'true' },
    ...o.user,
  });
  const storage = memoryStorage();
  return {
    poolId: pool.Id,
    clientId: client.ClientId,
    storage,
    username,
    pool: new CognitoUserPool({ UserPoolId: pool.Id, ClientId: client.ClientId, endpoint: server.url, Storage: storage }),
  };
}

type Outcome =
  | { kind: 'success'; session: CognitoUserSession; confirmationNecessary?: boolean }
  | { kind: 'failure'; err: { code?: string; name?: string; message: string } }
  | { kind: 'newPasswordRequired'; userAttributes: Record<string, string>; requiredAttributes: string[] }
  | { kind: 'totpRequired' }
  | { kind: 'mfaSetup' }
  | { kind: 'mfaRequired' }
  | { kind: 'selectMFAType' };

/** Wraps the callback object of the reference client in a promise of the first outcome. */
function callbacks(resolve: (o: Outcome) => void) {
  return {
    onSuccess: (session: CognitoUserSession, confirmationNecessary?: boolean) =>
      resolve({ kind: 'success', session, ...(confirmationNecessary !== undefined ? { confirmationNecessary } : {}) }),
    onFailure: (err: { code?: string; message: string }) => resolve({ kind: 'failure', err }),
    newPasswordRequired: (userAttributes: Record<string, string>, requiredAttributes: string[]) =>
      resolve({ kind: 'newPasswordRequired', userAttributes, requiredAttributes }),
    totpRequired: () => resolve({ kind: 'totpRequired' }),
    mfaSetup: () => resolve({ kind: 'mfaSetup' }),
    mfaRequired: () => resolve({ kind: 'mfaRequired' }),
    selectMFAType: () => resolve({ kind: 'selectMFAType' }),
  };
}

function signIn(user: CognitoUser, password = PASSWORD): Promise<Outcome> {
  return new Promise((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), callbacks(resolve)),
  );
}

function node<T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

describe('amazon-cognito-identity-js against the emulator', () => {
  it('signs in with SRP and is refused with a wrong password', async () => {
    const s = await setup();
    const ok = await signIn(new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage }));
    expect(ok.kind).toBe('success');
    if (ok.kind !== 'success') return;
    expect(ok.session.isValid()).toBe(true);
    expect(ok.session.getIdToken().payload['cognito:username']).toBe(s.username);
    expect(ok.session.getAccessToken().payload.iss).toContain(s.poolId);

    const bad = await signIn(new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage }), 'Not-the-passw0rd');
    expect(bad.kind).toBe('failure');
    if (bad.kind === 'failure') {
      expect(bad.err.code).toBe('NotAuthorizedException');
      expect(bad.err.message).toBe('Incorrect username or password.');
    }
  });

  it('completes NEW_PASSWORD_REQUIRED for a user created with a temporary password', async () => {
    const s = await setup({ user: { status: 'FORCE_CHANGE_PASSWORD' } });
    const user = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    const first = await signIn(user);
    expect(first.kind).toBe('newPasswordRequired');
    if (first.kind !== 'newPasswordRequired') return;
    expect(first.userAttributes.email).toBe('carol@example.com');
    expect(first.requiredAttributes).toEqual([]);
    const done = await new Promise<Outcome>((resolve) => user.completeNewPasswordChallenge('N3w-Passw0rd!', {}, callbacks(resolve)));
    expect(done.kind).toBe('success');
    // The new password is the password now; the temporary one no longer works.
    const again = await signIn(new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage }), 'N3w-Passw0rd!');
    expect(again.kind).toBe('success');
    const old = await signIn(new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage }));
    expect(old.kind).toBe('failure');
  });

  it('enrols TOTP with an access token, then signs in with SOFTWARE_TOKEN_MFA', async () => {
    const s = await setup({ mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } } });
    const user = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    expect((await signIn(user)).kind).toBe('success');
    const secret = await new Promise<string>((resolve, reject) =>
      user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    const emu = server.emulator;
    const code = () => totp(secret, { time: emu.now() });
    const verified = await new Promise<unknown>((resolve, reject) =>
      user.verifySoftwareToken(code(), 'phone', { onSuccess: resolve, onFailure: reject }),
    );
    expect(verified).toMatchObject({ Status: 'SUCCESS' });
    await node<string>((cb) => user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb as never));
    // The verifying code is spent (Cognito refuses a TOTP code twice): sign in one step later.
    emu.advanceTime(30_000);

    const next = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    const step = await signIn(next);
    expect(step.kind).toBe('totpRequired');
    const wrong = await new Promise<Outcome>((resolve) =>
      next.sendMFACode(code() === '000000' ? '111111' : '000000', callbacks(resolve), 'SOFTWARE_TOKEN_MFA'),
    );
    expect(wrong.kind).toBe('failure');
    if (wrong.kind === 'failure') expect(wrong.err.code).toBe('CodeMismatchException');
    // A wrong code leaves the session usable: the right code on the same Session signs in.
    const good = code();
    const done = await new Promise<Outcome>((resolve) => next.sendMFACode(good, callbacks(resolve), 'SOFTWARE_TOKEN_MFA'));
    expect(done.kind).toBe('success');
    // The same code a second time, on a new sign-in: refused as already used.
    const again = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    expect((await signIn(again)).kind).toBe('totpRequired');
    const reused = await new Promise<Outcome>((resolve) => again.sendMFACode(good, callbacks(resolve), 'SOFTWARE_TOKEN_MFA'));
    expect(reused).toMatchObject({ kind: 'failure', err: { code: 'ExpiredCodeException', message: 'Your software token has already been used once.' } });
  });

  it('sets up TOTP through the Session when the pool requires MFA (MFA_SETUP)', async () => {
    const s = await setup({ mfa: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } } });
    const user = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    expect((await signIn(user)).kind).toBe('mfaSetup');
    const secret = await new Promise<string>((resolve, reject) =>
      user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    const done = await new Promise<Outcome>((resolve) =>
      user.verifySoftwareToken(totp(secret, { time: server.emulator.now() }), 'authenticator', {
        onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
        onFailure: (err: Error) => resolve({ kind: 'failure', err }),
      }),
    );
    expect(done.kind).toBe('success');
    // Next sign-in asks for the TOTP code.
    const next = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    expect((await signIn(next)).kind).toBe('totpRequired');
  });

  it('confirms the device, remembers it, and signs in again with DEVICE_SRP_AUTH from a fresh client', async () => {
    const s = await setup({ pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } } });
    const user = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    const first = await signIn(user);
    expect(first).toMatchObject({ kind: 'success', confirmationNecessary: true });
    await new Promise((resolve, reject) => user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }));
    const deviceKey = [...s.storage.data.entries()].find(([k]) => k.endsWith('.deviceKey'))?.[1];
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);

    const before = server.emulator.requests.length;
    const fresh = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    const second = await signIn(fresh);
    expect(second.kind).toBe('success');
    if (second.kind !== 'success') return;
    expect(second.session.getAccessToken().payload.device_key).toBe(deviceKey);
    const targets = server.emulator.requests.slice(before).map((r) => `${r.target}:${r.status}`);
    // InitiateAuth, PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER; no ConfirmDevice this time.
    expect(targets).toEqual([
      'InitiateAuth:200',
      'RespondToAuthChallenge:200',
      'RespondToAuthChallenge:200',
      'RespondToAuthChallenge:200',
    ]);

    // A wrong device password fails the device proof.
    const key = [...s.storage.data.keys()].find((k) => k.endsWith('.randomPasswordKey'))!;
    s.storage.data.set(key, 'tampered-device-password');
    const third = await signIn(new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage }));
    expect(third.kind).toBe('failure');
    if (third.kind === 'failure') expect(third.err.code).toBe('NotAuthorizedException');
  });

  it('refreshes the session, and globalSignOut revokes the refresh and access tokens', async () => {
    const s = await setup();
    const user = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    const ok = await signIn(user);
    if (ok.kind !== 'success') throw new Error('sign-in failed');
    const refreshed = await node<CognitoUserSession>((cb) => user.refreshSession(ok.session.getRefreshToken(), cb as never));
    const a = claims(ok.session.getAccessToken().getJwtToken());
    const b = claims(refreshed.getAccessToken().getJwtToken());
    expect(b.jti).not.toBe(a.jti);
    expect(b.origin_jti).toBe(a.origin_jti);
    expect(refreshed.getRefreshToken().getToken()).toBe(ok.session.getRefreshToken().getToken());

    await new Promise((resolve, reject) => user.globalSignOut({ onSuccess: resolve, onFailure: reject }));
    // The access token is refused on the next authenticated call.
    const again = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    again.setSignInUserSession(refreshed);
    const err = await node((cb) => again.getUserAttributes(cb as never)).catch((e: { code?: string; message: string }) => e);
    expect(err).toMatchObject({ code: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    // And the refresh token is refused (checked with a plain request: the reference client retries for seconds).
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: s.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshed.getRefreshToken().getToken() },
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it('retries without DEVICE_KEY after "Device does not exist." and registers a new device', async () => {
    const s = await setup({ pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } } });
    const user = new CognitoUser({ Username: s.username, Pool: s.pool, Storage: s.storage });
    expect(await signIn(user)).toMatchObject({ kind: 'success' });
    const deviceKey = () => [...s.storage.data.entries()].find(([k]) => k.endsWith('.deviceKey'))?.[1];
    const old = deviceKey();
    expect(old).toBeTruthy();
    await server.emulator.call('AdminForgetDevice', { UserPoolId: s.poolId, Username: s.username, DeviceKey: old });
    const before = server.emulator.requests.length;
    // Same CognitoUser: it sends the forgotten DEVICE_KEY, gets ResourceNotFoundException, retries with DEVICE_KEY null.
    expect(await signIn(user)).toMatchObject({ kind: 'success' });
    const log = server.emulator.requests.slice(before).map((r) => `${r.target}:${r.errorType ?? r.status}`);
    expect(log).toEqual(['InitiateAuth:200', 'RespondToAuthChallenge:ResourceNotFoundException', 'RespondToAuthChallenge:200', 'ConfirmDevice:200']);
    expect(deviceKey()).not.toBe(old);
  });
});

