// The README's sign-in example, run as written against the emulator (and type-checked by tsc):
// the step loop with a switch on step.challenge, rememberDevice, getTokens, on, signOut, and the
// useSyncExternalStore pair.
import { afterEach, describe, expect, it } from 'vitest';
import { totp } from '../../src/core/totp.js';
import { createAuth } from '../../src/index.js';
import { fixture, type Fixture } from './helpers.js';

describe('README sign-in example', () => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  it('runs as written: TOTP step, opt-in device, tokens, events, sign-out', async () => {
    fx = await fixture({
      transport: 'http',
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } },
    });
    await fx.emu.call('SetUserPoolMfaConfig', { UserPoolId: fx.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'alice', password: 'Corr3ct-Horse!' });
    // Set up TOTP once, as the user would have earlier.
    const setup = fx.auth();
    const first = await setup.signIn({ username: 'alice', password: 'Corr3ct-Horse!' });
    if (first.signedIn || first.challenge !== 'MFA_SETUP') throw new Error('expected MFA_SETUP');
    const { secret } = await first.associateTotp();
    await first.verifyTotp(totp(secret, { time: fx.emu.now() }));
    await setup.signOut();
    fx.emu.advanceTime(60_000);

    const password = 'Corr3ct-Horse!';
    const asked: string[] = [];
    const askFor = async (what: string) => {
      asked.push(what);
      return totp(secret, { time: fx.emu.now() });
    };
    const showLogin = () => {};
    // --- README ---
    const auth = createAuth({ userPoolId: fx.poolId, clientId: fx.clientId, endpoint: fx.endpoint, storage: fx.storage, crossTab: false });
    let step = await auth.signIn({ username: 'alice', password });
    while (!step.signedIn) {
      switch (step.challenge) {
        case 'SOFTWARE_TOKEN_MFA':
          step = await step.respond(await askFor('Code from your authenticator app'));
          break;
        case 'NEW_PASSWORD_REQUIRED':
          step = await step.respond({ newPassword: await askFor('Choose a new password') });
          break;
        default:
          throw new Error(`unhandled challenge ${step.challenge}`);
      }
    }
    await auth.rememberDevice();
    const { accessToken, idToken, expiresAt } = await auth.getTokens();
    auth.on('sessionExpired', () => showLogin());
    await auth.signOut();
    // --- end ---
    expect(asked).toEqual(['Code from your authenticator app']);
    expect([accessToken, idToken].every((t) => t.split('.').length === 3)).toBe(true);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(fx.count('UpdateDeviceStatus')).toBe(1);
    expect(auth.getState().status).toBe('signedOut');
    // The remembered device skips the TOTP step next time.
    fx.emu.advanceTime(60_000);
    expect(await auth.signIn({ username: 'alice', password })).toMatchObject({ signedIn: true });
    expect(asked).toHaveLength(1);
    auth.dispose();
  });
});
