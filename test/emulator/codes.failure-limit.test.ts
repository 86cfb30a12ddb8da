/**
 * The wrong-code limit on confirmation and reset codes: five wrong codes answer
 * LimitExceededException ("please try after some time"), but a newly issued code starts a new
 * count, and the limit lifts after a quiet period, so a user is never locked out of a code type.
 */
import { describe, expect, it } from 'vitest';
import { fixture, rejection } from './flows-helpers.js';

const NEW_PASSWORD = 'NewPassw0rd!';

describe('wrong-code failure limit', () => {
  it('a new ForgotPassword code is accepted after five wrong codes for the previous one', async () => {
    const f = await fixture({ emulator: { fixedCode: undefined } });
    await f.sdk.forgotPassword({ ClientId: f.clientId, Username: 'alice' });
    const confirm = (code: string) =>
      f.sdk.confirmForgotPassword({ ClientId: f.clientId, Username: 'alice', ConfirmationCode: code, Password: NEW_PASSWORD });
    const first = f.emu.lastCode({ purpose: 'FORGOT_PASSWORD' })!;
    const wrong = first === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await rejection(confirm(wrong))).name).toBe('CodeMismatchException');
    expect((await rejection(confirm(first))).name).toBe('LimitExceededException');

    await f.sdk.forgotPassword({ ClientId: f.clientId, Username: 'alice' });
    await confirm(f.emu.lastCode({ purpose: 'FORGOT_PASSWORD' })!);
  });

  it('a new sign-up code (ResendConfirmationCode) is accepted after five wrong ones', async () => {
    const f = await fixture({ emulator: { fixedCode: undefined }, pool: { AutoVerifiedAttributes: ['email'] } });
    await f.sdk.signUp({ ClientId: f.clientId, Username: 'bob', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] });
    const confirm = (code: string) => f.sdk.confirmSignUp({ ClientId: f.clientId, Username: 'bob', ConfirmationCode: code });
    const code = f.emu.lastCode({ purpose: 'SIGN_UP' })!;
    expect(code).toMatch(/^\d{6}$/);
    for (let i = 0; i < 5; i++) await rejection(confirm(code === '000000' ? '111111' : '000000'));
    expect((await rejection(confirm(code))).name).toBe('LimitExceededException');
    await f.sdk.resendConfirmationCode({ ClientId: f.clientId, Username: 'bob' });
    await confirm(f.emu.lastCode({ username: 'bob' })!);
  });

  it('the limit lifts after 15 minutes without a wrong code', async () => {
    const f = await fixture({ emulator: { fixedCode: undefined } });
    await f.sdk.forgotPassword({ ClientId: f.clientId, Username: 'alice' });
    const code = f.emu.lastCode({ purpose: 'FORGOT_PASSWORD' })!;
    const confirm = (c: string) =>
      f.sdk.confirmForgotPassword({ ClientId: f.clientId, Username: 'alice', ConfirmationCode: c, Password: NEW_PASSWORD });
    for (let i = 0; i < 5; i++) await rejection(confirm(code === '000000' ? '111111' : '000000'));
    f.emu.advanceTime(14 * 60_000);
    expect((await rejection(confirm(code))).name).toBe('LimitExceededException');
    f.emu.advanceTime(60_000);
    await confirm(code); // still within the code's one-hour lifetime
  });
});
