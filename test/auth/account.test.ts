// Account operations against the emulator, with the codes read from its outbox: sign-up and
// confirmation, resending the code, password reset, password change, attributes with
// verification, TOTP set-up for a signed-in user, and deleting the user.
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, TRANSPORTS, type Fixture } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';
const NEW_PASSWORD = 'N3w-Horse-Battery!';

describe.each(TRANSPORTS)('account operations over %s', (transport) => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  it('signUp → resendSignUpCode → confirmSignUp with the latest code → signIn', async () => {
    fx = await fixture({ transport, pool: { AutoVerifiedAttributes: ['email'] } });
    const auth = fx.auth();
    const up = await auth.signUp({ username: 'gail', password: PASSWORD, attributes: { email: 'gail@example.com' }, clientMetadata: { from: 'test' } });
    expect(up).toMatchObject({ userConfirmed: false, userSub: expect.any(String), codeDelivery: { deliveryMedium: 'EMAIL', attributeName: 'email' } });
    await expect(auth.signIn({ username: 'gail', password: PASSWORD })).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
    const first = fx.emu.lastCode({ username: 'gail' });
    const delivery = await auth.resendSignUpCode({ username: 'gail' });
    expect(delivery?.deliveryMedium).toBe('EMAIL');
    const code = fx.emu.lastCode({ username: 'gail' })!;
    expect(fx.emu.outbox.filter((m) => m.username === 'gail')).toHaveLength(2);
    if (first !== code) {
      await expect(auth.confirmSignUp({ username: 'gail', code: first! })).rejects.toMatchObject({ name: expect.stringMatching(/CodeMismatch|ExpiredCode/) });
    }
    await auth.confirmSignUp({ username: 'gail', code });
    expect(await auth.signIn({ username: 'gail', password: PASSWORD })).toMatchObject({ signedIn: true });
  });

  it('signUp with a client secret sends SecretHash', async () => {
    fx = await fixture({ transport, client: { GenerateSecret: true }, pool: { AutoVerifiedAttributes: ['email'] } });
    const auth = fx.auth();
    await auth.signUp({ username: 'hal', password: PASSWORD, attributes: { email: 'hal@example.com' } });
    await auth.confirmSignUp({ username: 'hal', code: fx.emu.lastCode({ username: 'hal' })! });
    await expect(fx.auth({ clientSecret: undefined }).signUp({ username: 'hal2', password: PASSWORD })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('forgotPassword → confirmForgotPassword with the outbox code → the new password signs in', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'ida', password: PASSWORD, attributes: { email: 'ida@example.com', email_verified: 'true' } });
    const auth = fx.auth();
    const delivery = await auth.forgotPassword({ username: 'ida' });
    expect(delivery).toMatchObject({ deliveryMedium: 'EMAIL', destination: expect.stringContaining('@') });
    const code = fx.emu.lastCode({ username: 'ida' })!;
    await expect(auth.confirmForgotPassword({ username: 'ida', code: code === '000000' ? '000001' : '000000', newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    await auth.confirmForgotPassword({ username: 'ida', code, newPassword: NEW_PASSWORD });
    await expect(auth.signIn({ username: 'ida', password: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect(await auth.signIn({ username: 'ida', password: NEW_PASSWORD })).toMatchObject({ signedIn: true });
  });

  it('changePassword, getUser, updateUserAttributes with verification of the changed email', async () => {
    fx = await fixture({ transport, pool: { AutoVerifiedAttributes: ['email'] } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'jon', password: PASSWORD, attributes: { email: 'jon@example.com', email_verified: 'true' } });
    const auth = fx.auth();
    await auth.signIn({ username: 'jon', password: PASSWORD });
    await expect(auth.changePassword({ oldPassword: 'Wrong-Passw0rd!', newPassword: NEW_PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await auth.changePassword({ oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(await fx.auth().signIn({ username: 'jon', password: NEW_PASSWORD })).toMatchObject({ signedIn: true });

    const user = await auth.getUser();
    expect(user).toMatchObject({ username: 'jon', attributes: { email: 'jon@example.com', email_verified: 'true' } });
    const deliveries = await auth.updateUserAttributes({ email: 'jon@new.example.com', name: 'Jon' });
    expect(deliveries).toEqual([expect.objectContaining({ attributeName: 'email', deliveryMedium: 'EMAIL' })]);
    expect((await auth.getUser()).attributes).toMatchObject({ name: 'Jon', email: 'jon@new.example.com', email_verified: 'false' });
    await auth.sendAttributeVerificationCode('email');
    await auth.verifyAttribute('email', fx.emu.lastCode({ username: 'jon' })!);
    expect((await auth.getUser()).attributes.email_verified).toBe('true');
  });

  it('deleteUser deletes the user and ends the session', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'kim', password: PASSWORD });
    const auth = fx.auth();
    await auth.signIn({ username: 'kim', password: PASSWORD });
    const events: string[] = [];
    auth.on('signedOut', () => events.push('signedOut'));
    await auth.deleteUser();
    expect(events).toEqual(['signedOut']);
    expect(auth.getState().status).toBe('signedOut');
    await expect(auth.signIn({ username: 'kim', password: PASSWORD })).rejects.toMatchObject({ name: expect.stringMatching(/NotAuthorized|UserNotFound/) });
  });

  it('signed-in operations without a session fail with NotSignedIn before any request', async () => {
    fx = await fixture({ transport });
    const auth = fx.auth();
    const n = fx.emu.requests.length;
    for (const call of [() => auth.getUser(), () => auth.listDevices(), () => auth.setUpTotp(), () => auth.rememberDevice()]) {
      await expect(call()).rejects.toMatchObject({ name: 'SessionError', code: 'NotSignedIn' });
    }
    expect(fx.emu.requests.length).toBe(n);
  });
});
