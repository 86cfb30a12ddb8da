// Remembered devices end to end against the emulator: confirmation at sign-in, remembering in
// opt-in pools, device SRP on later sign-ins across a fresh createAuth on the same storage (a
// reload), DEVICE_KEY on refresh, stale devices dropped without failing the sign-in, list/forget.
import { afterEach, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../src/session/session-store.js';
import { fixture, TRANSPORTS, type Fixture } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';
const PHONE = '+15555550123';
const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' };

describe.each(TRANSPORTS)('devices over %s', (transport) => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  /** A pool with SMS MFA on and device tracking (opt-in unless `always`). */
  async function devicePool(always = false, cloning = true) {
    fx = await fixture({
      transport,
      cloning,
      pool: {
        MfaConfiguration: 'ON',
        SmsConfiguration: SNS,
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: !always },
      },
    });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'dev', password: PASSWORD, attributes: { phone_number: PHONE, phone_number_verified: 'true' } });
  }

  async function signInWithSms(auth: ReturnType<Fixture['auth']>) {
    const step = await auth.signIn({ username: 'dev', password: PASSWORD });
    if (step.signedIn || step.challenge !== 'SMS_MFA') throw new Error(`expected SMS_MFA, got ${JSON.stringify(step)}`);
    return step.respond(fx.emu.lastCode({ username: 'dev' })!);
  }

  it('opt-in pool: the device is confirmed at sign-in, remembered on request, and skips MFA after a reload', async () => {
    await devicePool();
    const first = await signInWithSms(fx.auth());
    expect(first).toMatchObject({ signedIn: true, device: { remembered: 'pending' } });
    expect(fx.count('ConfirmDevice')).toBe(1);
    const auth = fx.auth(); // a reload: same storage, new instance
    await auth.rememberDevice();
    const listed = await auth.listDevices();
    const key = (first as { device: { key: string } }).device.key;
    expect(listed.map((d) => d.key)).toEqual([key]);
    await auth.signOut();

    const reloaded = fx.auth();
    const r = await reloaded.signIn({ username: 'dev', password: PASSWORD });
    // No SMS step: the remembered device answered DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER itself.
    expect(r).toMatchObject({ signedIn: true, device: { key } });
    expect(fx.emu.requests.map((q) => q.target).filter((t) => /RespondToAuthChallenge/.test(t)).length).toBeGreaterThanOrEqual(4);
    expect(fx.count('ConfirmDevice')).toBe(1);
  });

  it('always-remember pool: remembered at once; the signed-out device survives sign-out', async () => {
    await devicePool(true);
    const first = await signInWithSms(fx.auth());
    expect(first).toMatchObject({ signedIn: true, device: { remembered: true } });
    const auth = fx.auth();
    await auth.signOut();
    expect(auth.getState().status).toBe('signedOut');
    const again = await fx.auth().signIn({ username: 'dev', password: PASSWORD });
    expect(again).toMatchObject({ signedIn: true, device: { key: (first as any).device.key } });
  });

  it('refresh sends DEVICE_KEY (the emulator binds the refresh token to the device)', async () => {
    await devicePool(true);
    const first = await signInWithSms(fx.auth());
    const auth = fx.auth();
    fx.emu.advanceTime(1000);
    const t = await auth.getTokens({ forceRefresh: true });
    const claims = JSON.parse(atob(t.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.device_key).toBe((first as any).device.key);
  });

  it('ConfirmDevice failing at sign-in (network) does not cost the session: the next refresh, after a reload, confirms the device first', async () => {
    await devicePool(true);
    let confirmDown = true;
    const flaky = (url: string, init: RequestInit) =>
      confirmDown && /ConfirmDevice/.test(JSON.stringify(init.headers)) ? Promise.reject(new TypeError('network down')) : fx.emu.fetch(url, init);
    const first = await signInWithSms(fx.auth({ fetch: flaky }));
    expect(first).toMatchObject({ signedIn: true });
    expect((first as any).deviceError).toMatchObject({ name: 'NetworkError', message: expect.stringContaining('ConfirmDevice') });
    expect((first as any).device).toBeUndefined();
    expect(fx.count('ConfirmDevice')).toBe(0); // never reached the service
    // Cognito would refuse this session's refreshes until the device is confirmed (the emulator does).
    confirmDown = false;
    fx.emu.advanceTime(1000);
    const auth = fx.auth(); // a reload: what is owed came from storage
    const t = await auth.getTokens({ forceRefresh: true });
    expect(fx.count('ConfirmDevice')).toBe(1);
    const claims = JSON.parse(atob(t.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.device_key).toMatch(/_/);
    // Confirmed once: later refreshes do not confirm again, and the device signs in (device SRP).
    fx.emu.advanceTime(1000);
    await auth.getTokens({ forceRefresh: true });
    expect(fx.count('ConfirmDevice')).toBe(1);
    await auth.signOut();
    expect(await fx.auth().signIn({ username: 'dev', password: PASSWORD })).toMatchObject({ signedIn: true, device: { key: claims.device_key, remembered: true } });
  });

  it('ConfirmDevice still failing at refresh time keeps the session (RefreshFailed, retried) instead of ending it', async () => {
    await devicePool(true);
    let confirmDown = true;
    const flaky = (url: string, init: RequestInit) =>
      confirmDown && /ConfirmDevice/.test(JSON.stringify(init.headers)) ? Promise.reject(new TypeError('network down')) : fx.emu.fetch(url, init);
    await signInWithSms(fx.auth({ fetch: flaky }));
    const auth = fx.auth({ fetch: flaky, retry: { attempts: 1 } });
    const expired: unknown[] = [];
    auth.on('sessionExpired', (e) => expired.push(e));
    fx.emu.advanceTime(1000);
    const err = await auth.getTokens({ forceRefresh: true }).catch((e) => e);
    expect(err).toMatchObject({ name: 'SessionError', code: 'RefreshFailed' });
    expect(expired).toEqual([]);
    expect(auth.getState().status).toBe('signedIn');
    expect(fx.count('InitiateAuth')).toBe(1); // no refresh was sent without the confirmation
    confirmDown = false;
    await expect(auth.getTokens({ forceRefresh: true })).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(fx.count('ConfirmDevice')).toBe(1);
  });

  it('a new sign-in without a device drops a device left unconfirmed by an earlier session', async () => {
    await devicePool(true);
    const flaky = (url: string, init: RequestInit) =>
      /ConfirmDevice/.test(JSON.stringify(init.headers)) ? Promise.reject(new TypeError('network down')) : fx.emu.fetch(url, init);
    await signInWithSms(fx.auth({ fetch: flaky }));
    // Device tracking is switched off for the pool: the next sign-in brings no device.
    await fx.emu.call('UpdateUserPool', { UserPoolId: fx.poolId, MfaConfiguration: 'ON', SmsConfiguration: SNS });
    await signInWithSms(fx.auth());
    expect(fx.count('ConfirmDevice')).toBe(0);
    // Nothing owed is left behind for the new session's refreshes.
    fx.emu.advanceTime(1000);
    await expect(fx.auth().getTokens({ forceRefresh: true })).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(fx.count('ConfirmDevice')).toBe(0);
  });

  it('a step the service accepted is used up even when a later call fails: answering it again sends nothing', async () => {
    await devicePool(); // opt-in: the device is tracked, not remembered, so MFA comes before device SRP
    await signInWithSms(fx.auth());
    await fx.auth().signOut();
    const auth = fx.auth({
      fetch: (url: string, init: RequestInit) =>
        /DEVICE_SRP_AUTH/.test(String(init.body)) ? Promise.reject(new TypeError('network down')) : fx.emu.fetch(url, init),
    });
    const step = await auth.signIn({ username: 'dev', password: PASSWORD });
    if (step.signedIn || step.challenge !== 'SMS_MFA') throw new Error(`expected SMS_MFA, got ${JSON.stringify(step)}`);
    const code = fx.emu.lastCode({ username: 'dev' })!;
    await expect(step.respond(code)).rejects.toMatchObject({ name: 'NetworkError' });
    const n = fx.emu.requests.length;
    await expect(step.respond(code)).rejects.toThrow(/already answered/);
    expect(fx.emu.requests.length).toBe(n);
  });

  it('a device forgotten elsewhere is dropped and the sign-in carries on as a new device', async () => {
    await devicePool(true);
    const first = await signInWithSms(fx.auth());
    const oldKey = (first as any).device.key as string;
    await fx.emu.call('AdminForgetDevice', { UserPoolId: fx.poolId, Username: 'dev', DeviceKey: oldKey });
    const auth = fx.auth();
    await auth.signOut();
    const r = await signInWithSms(fx.auth());
    expect(r).toMatchObject({ signedIn: true, device: { remembered: true } });
    expect((r as any).device.key).not.toBe(oldKey);
    // The new device works from here on.
    await fx.auth().signOut();
    expect(await fx.auth().signIn({ username: 'dev', password: PASSWORD })).toMatchObject({ signedIn: true, device: { key: (r as any).device.key } });
  });

  it('NEW_PASSWORD_REQUIRED, then a stale device: the sign-in restarts with the new password and succeeds', async () => {
    await devicePool(true);
    const first = await signInWithSms(fx.auth());
    const oldKey = (first as any).device.key as string;
    await fx.auth().signOut();
    await fx.emu.call('AdminSetUserPassword', { UserPoolId: fx.poolId, Username: 'dev', Password: PASSWORD, Permanent: false });
    const NEW = 'N3w-Passw0rd!!';
    // The device is forgotten elsewhere while the user picks the new password.
    let forgot = false;
    const auth = fx.auth({
      fetch: async (url: string, init: RequestInit) => {
        if (!forgot && /"ChallengeName":"DEVICE_SRP_AUTH"/.test(String(init.body))) {
          forgot = true;
          await fx.emu.call('AdminForgetDevice', { UserPoolId: fx.poolId, Username: 'dev', DeviceKey: oldKey });
        }
        return fx.emu.fetch(url, init);
      },
    });
    const step = await auth.signIn({ username: 'dev', password: PASSWORD });
    if (step.signedIn || step.challenge !== 'NEW_PASSWORD_REQUIRED') throw new Error(`expected NEW_PASSWORD_REQUIRED, got ${JSON.stringify(step)}`);
    let r = await step.respond({ newPassword: NEW });
    expect(forgot).toBe(true);
    if (!r.signedIn && r.challenge === 'SMS_MFA') r = await r.respond(fx.emu.lastCode({ username: 'dev' })!);
    expect(r).toMatchObject({ signedIn: true, device: { remembered: true } });
    expect((r as any).device.key).not.toBe(oldKey);
  });

  it('USER_PASSWORD_AUTH: a device key the service no longer knows is dropped; the sign-in gets a new device', async () => {
    fx = await fixture({ transport, pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'pat', password: PASSWORD });
    const first = await fx.auth().signIn({ username: 'pat', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' });
    const oldKey = (first as any).device.key as string;
    await fx.emu.call('AdminForgetDevice', { UserPoolId: fx.poolId, Username: 'pat', DeviceKey: oldKey });
    const stored = await fx.storage.snapshot();
    const again = await fx.auth().signIn({ username: 'pat', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' });
    expect(again).toMatchObject({ signedIn: true, device: { remembered: true } });
    expect((again as any).device.key).not.toBe(oldKey);
    expect(await fx.storage.snapshot()).not.toEqual(stored);
    expect(fx.count('ConfirmDevice')).toBe(2);
    // The service refused the stale key once (the library then started over without it).
    expect(fx.emu.requests.filter((r) => r.errorType === 'ResourceNotFoundException')).toHaveLength(1);
  });

  it('a device whose secret no longer verifies is dropped; the sign-in carries on', async () => {
    await devicePool(true, false); // plain records, so the test can change the stored secret
    const first = await signInWithSms(fx.auth());
    // Change the stored device password, as if the secret were lost and replaced.
    const store = createSessionStore({ storage: fx.storage, namespace: fx.clientId });
    const rec = (await store.read('dev'))!;
    await store.write({ ...rec, device: { ...rec.device!, devicePassword: 'bm90LXRoZS1wYXNzd29yZA==' } });
    const auth = fx.auth();
    await auth.signOut();
    const r = await signInWithSms(fx.auth());
    expect(r).toMatchObject({ signedIn: true });
    expect((r as any).device.key).not.toBe((first as any).device.key);
  });

  it('a device forgotten elsewhere: its refresh token is revoked (sessionExpired), the next sign-in is a new device', async () => {
    await devicePool(true);
    const first = await signInWithSms(fx.auth());
    const oldKey = (first as any).device.key as string;
    await fx.emu.call('AdminForgetDevice', { UserPoolId: fx.poolId, Username: 'dev', DeviceKey: oldKey });
    const auth = fx.auth();
    const expired: string[] = [];
    auth.on('sessionExpired', (e) => expired.push(e.username));
    fx.emu.advanceTime(1000);
    await expect(auth.getTokens({ forceRefresh: true })).rejects.toMatchObject({ code: 'SessionExpired', cause: { name: 'NotAuthorizedException' } });
    expect(expired).toEqual(['dev']);
    const again = await signInWithSms(fx.auth());
    expect(again).toMatchObject({ signedIn: true, device: { remembered: true } });
    expect((again as any).device.key).not.toBe(oldKey);
  });

  it('forgetDevice(otherKey) forgets another device and keeps this one', async () => {
    await devicePool(true);
    const laptop = await signInWithSms(fx.auth());
    const { memoryStorage } = await import('../../src/session/storage.js');
    const phoneAuth = fx.auth({ storage: memoryStorage(), crossTab: false });
    const phone = await signInWithSms(phoneAuth);
    const keys = { laptop: (laptop as any).device.key, phone: (phone as any).device.key };
    expect(keys.laptop).not.toBe(keys.phone);
    const auth = fx.auth();
    expect((await auth.listDevices()).map((d) => d.key).sort()).toEqual([keys.laptop, keys.phone].sort());
    await auth.forgetDevice(keys.phone);
    expect((await auth.listDevices()).map((d) => d.key)).toEqual([keys.laptop]);
    // This device's secrets are kept: the next sign-in here is still answered by device SRP.
    await auth.signOut();
    expect(await fx.auth().signIn({ username: 'dev', password: PASSWORD })).toMatchObject({ signedIn: true, device: { key: keys.laptop } });
  });

  it('deleteUser drops the device secrets with the session', async () => {
    await devicePool(true, false);
    await signInWithSms(fx.auth());
    const store = createSessionStore({ storage: fx.storage, namespace: fx.clientId });
    expect((await store.read('dev'))?.device).toBeDefined();
    await fx.auth().deleteUser();
    const rec = await store.read('dev');
    expect(rec?.device).toBeUndefined();
    expect(rec?.tokens).toBeUndefined();
  });

  it('rotation with a device: GetTokensFromRefreshToken sends DeviceKey (the new tokens stay bound to the device)', async () => {
    fx = await fixture({
      transport,
      client: { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 }, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] },
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } },
    });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'rot', password: PASSWORD });
    const first = await fx.auth({ refreshTokenRotation: true }).signIn({ username: 'rot', password: PASSWORD });
    const auth = fx.auth({ refreshTokenRotation: true });
    fx.emu.advanceTime(1000);
    const t = await auth.getTokens({ forceRefresh: true });
    expect(fx.count('GetTokensFromRefreshToken')).toBe(1);
    const claims = JSON.parse(atob(t.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.device_key).toBe((first as any).device.key);
  });

  it('forgetDevice() forgets this device on the service and drops its secrets; the next sign-in is a new device', async () => {
    await devicePool(true);
    const first = await signInWithSms(fx.auth());
    const auth = fx.auth();
    await auth.forgetDevice();
    expect(await auth.listDevices()).toEqual([]);
    await auth.signOut();
    const r = await signInWithSms(fx.auth());
    expect((r as any).device.key).not.toBe((first as any).device.key);
  });
});
