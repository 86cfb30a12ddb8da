/**
 * Password flows and the rules around them: USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH
 * (and its legacy name), explicit auth flows of the client, SECRET_HASH, user status, and the
 * lockout after repeated wrong passwords on the emulator clock.
 */
import { describe, expect, it } from 'vitest';
import { secretHash } from '../../src/core/secret-hash.js';
import { fixture, PASSWORD, rejection, srpSignIn } from './flows-helpers.js';

describe('USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH', () => {
  it('signs in with the password and refuses a wrong one', async () => {
    const f = await fixture();
    const ok = await f.sdk.initiateAuth({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: f.clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD },
    });
    expect(ok.AuthenticationResult?.IdToken).toBeTruthy();
    const err = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: 'x' } }),
    );
    expect(err).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('runs ADMIN_USER_PASSWORD_AUTH (and ADMIN_NO_SRP_AUTH) only through AdminInitiateAuth', async () => {
    const f = await fixture();
    for (const flow of ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] as const) {
      const ok = await f.sdk.adminInitiateAuth({
        AuthFlow: flow,
        UserPoolId: f.poolId,
        ClientId: f.clientId,
        AuthParameters: { USERNAME: 'alice', PASSWORD },
      });
      expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
    }
    const err = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    expect(err).toMatchObject({ name: 'InvalidParameterException', message: 'Initiate Auth method not supported.' });
  });

  it('enforces the client\'s explicit auth flows', async () => {
    const f = await fixture({ client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } });
    const err = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    expect(err).toMatchObject({ name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' });
    const custom = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'CUSTOM_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice' } }),
    );
    expect(custom).toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' });
    // SRP still works.
    expect((await srpSignIn(f)).out.AuthenticationResult).toBeDefined();
  });

  it('requires SECRET_HASH for a client with a secret, at InitiateAuth and on challenge answers', async () => {
    const f = await fixture({ client: { GenerateSecret: true } });
    expect(f.clientSecret).toBeTruthy();
    const missing = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    expect(missing.name).toBe('NotAuthorizedException');
    const wrong = await rejection(
      f.sdk.initiateAuth({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: f.clientId,
        AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: secretHash('bob', f.clientId, f.clientSecret!) },
      }),
    );
    expect(wrong).toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${f.clientId}` });
    const ok = await f.sdk.initiateAuth({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: f.clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: secretHash('alice', f.clientId, f.clientSecret!) },
    });
    expect(ok.AuthenticationResult).toBeDefined();
    // SRP: SECRET_HASH on InitiateAuth and on PASSWORD_VERIFIER.
    const good = secretHash('alice', f.clientId, f.clientSecret!);
    expect((await srpSignIn(f, { extra: { SECRET_HASH: good } })).out.AuthenticationResult).toBeDefined();
    expect((await rejection(srpSignIn(f))).name).toBe('NotAuthorizedException');
  });

  it('answers UserNotConfirmedException for an unconfirmed user with the right password only', async () => {
    const f = await fixture({ user: { status: 'UNCONFIRMED' } });
    const wrong = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: 'nope' } }),
    );
    expect(wrong.name).toBe('NotAuthorizedException');
    const right = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    expect(right).toMatchObject({ name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
  });

  it('refuses a disabled user on every flow', async () => {
    const f = await fixture();
    await f.sdk.adminDisableUser({ UserPoolId: f.poolId, Username: 'alice' });
    const pw = await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    expect(pw).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    const srp = await rejection(srpSignIn(f));
    expect(srp).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
  });
});

describe('lockout after repeated wrong passwords', () => {
  const attempt = (f: Awaited<ReturnType<typeof fixture>>, password: string) =>
    f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: password } });

  it('answers "Password attempts exceeded" after five failures, even for the right password, until the back-off ends', async () => {
    let now = Date.UTC(2026, 0, 1);
    const f = await fixture({ emulator: { now: () => now } });
    for (let i = 0; i < 5; i++) {
      expect(await rejection(attempt(f, `wrong-${i}`))).toMatchObject({ message: 'Incorrect username or password.' });
    }
    expect(await rejection(attempt(f, PASSWORD))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    });
    // SRP is throttled the same way.
    expect(await rejection(srpSignIn(f))).toMatchObject({ message: 'Password attempts exceeded' });
    now += 1000; // the first lockout is one second
    const sixth = await rejection(attempt(f, 'wrong-5'));
    expect(sixth.message).toBe('Incorrect username or password.');
    // Now locked for two seconds.
    now += 1000;
    expect(await rejection(attempt(f, PASSWORD))).toMatchObject({ message: 'Password attempts exceeded' });
    now += 1000;
    const ok = await attempt(f, PASSWORD);
    expect(ok.AuthenticationResult).toBeDefined();
    // Success resets the counter: four more failures do not lock.
    for (let i = 0; i < 4; i++) await rejection(attempt(f, `again-${i}`));
    expect((await attempt(f, PASSWORD)).AuthenticationResult).toBeDefined();
  });
});

describe('sign-in names', () => {
  it('signs in with the email of a pool whose username attribute is email; USER_ID_FOR_SRP is the real username', async () => {
    const f = await fixture({ pool: { UsernameAttributes: ['email'] }, user: { username: 'alice@example.com' } });
    const internal = Object.values(f.emu.state.pools[f.poolId]!.users)[0]!.username;
    const { init, out } = await srpSignIn(f, { username: 'ALICE@example.com' });
    expect(init.ChallengeParameters!.USER_ID_FOR_SRP).toBe(internal);
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    const pw = await f.sdk.initiateAuth({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice@example.com', PASSWORD },
    });
    expect(pw.AuthenticationResult).toBeDefined();
  });
});
