// Each challenge step of the sign-in machine against the emulator, through its fetch handler and
// over HTTP: NEW_PASSWORD_REQUIRED, SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE and
// MFA_SETUP (TOTP), plus the step rules (answer once, stale steps refused without a request).
import { afterEach, describe, expect, it } from 'vitest';
import { totp } from '../../src/core/totp.js';
import { InvalidStepError, type SignInResult, type SignInStep } from '../../src/auth/types.js';
import { fixture, TRANSPORTS, type Fixture } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';
const PHONE = '+15555550123';

type StepFor<C extends string> = SignInStep extends infer S ? (S extends { challenge: infer X } ? (C extends X ? S : never) : never) : never;

function expectStep<C extends string>(r: SignInResult, challenge: C): StepFor<C> {
  if (r.signedIn) throw new Error(`expected ${challenge}, got signedIn`);
  expect(r.challenge).toBe(challenge);
  return r as never;
}

describe.each(TRANSPORTS)('challenge steps over %s', (transport) => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  async function setMfa(config: Record<string, unknown>) {
    await fx.emu.call('SetUserPoolMfaConfig', { UserPoolId: fx.poolId, ...config });
  }

  it('NEW_PASSWORD_REQUIRED lists required attributes, refuses an answer without them, accepts one with them', async () => {
    fx = await fixture({ transport, pool: { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'nora', password: 'Temp-Passw0rd!', status: 'FORCE_CHANGE_PASSWORD', attributes: { name: 'x' } });
    // A required attribute the user lacks (as after a schema change): remove it behind the service's back.
    const users = fx.emu.state.pools[fx.poolId]!.users as Record<string, { username: string; attributes: Record<string, string> }>;
    delete Object.values(users).find((u) => u.username === 'nora')!.attributes.name;
    const auth = fx.auth();
    const step = expectStep(await auth.signIn({ username: 'nora', password: 'Temp-Passw0rd!' }), 'NEW_PASSWORD_REQUIRED');
    expect(step.requiredAttributes).toContain('name');
    const before = fx.emu.requests.length;
    await expect(step.respond({ newPassword: PASSWORD })).rejects.toThrow(/attributes.*name/);
    expect(fx.emu.requests.length).toBe(before);
    expect(await step.respond({ newPassword: PASSWORD, attributes: { name: 'Nora N.' } })).toMatchObject({ signedIn: true });
    expect(auth.getState().user?.name).toBe('Nora N.');
    // The new password is the password now.
    expect(await fx.auth().signIn({ username: 'nora', password: PASSWORD })).toMatchObject({ signedIn: true });
  });

  it('SMS_MFA carries the delivery details; a wrong code is refused, the right one then signs in', async () => {
    fx = await fixture({ transport, pool: { MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'omar', password: PASSWORD, attributes: { phone_number: PHONE, phone_number_verified: 'true' } });
    const auth = fx.auth();
    const step = expectStep(await auth.signIn({ username: 'omar', password: PASSWORD }), 'SMS_MFA');
    expect(step.codeDelivery).toEqual({ destination: expect.stringMatching(/0123$/), deliveryMedium: 'SMS' });
    const code = fx.emu.lastCode({ username: 'omar' })!;
    const wrong = code === '000000' ? '111111' : '000000';
    const stored = await fx.storage.snapshot();
    await expect(step.respond(wrong)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    expect(await fx.storage.snapshot()).toEqual(stored);
    expect(auth.getState().status).toBe('signedOut');
    expect(await step.respond(code)).toMatchObject({ signedIn: true, username: 'omar' });
  });

  it('EMAIL_OTP as MFA: delivery details and the outbox code', async () => {
    fx = await fixture({ transport, pool: { UserPoolTier: 'ESSENTIALS' } });
    await setMfa({ MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Code' } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'pia', password: PASSWORD, attributes: { email: 'pia@example.com', email_verified: 'true' } });
    const step = expectStep(await fx.auth().signIn({ username: 'pia', password: PASSWORD }), 'EMAIL_OTP');
    expect(step.codeDelivery.deliveryMedium).toBe('EMAIL');
    expect(await step.respond(fx.emu.lastCode({ username: 'pia' })!)).toMatchObject({ signedIn: true });
  });

  it('MFA_SETUP (TOTP): associate gives a secret and an otpauth URI, verify with a friendly name, then signed in', async () => {
    fx = await fixture({ transport });
    await setMfa({ MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'quinn', password: PASSWORD });
    const auth = fx.auth();
    const step = expectStep(await auth.signIn({ username: 'quinn', password: PASSWORD }), 'MFA_SETUP');
    expect(step.options).toContain('SOFTWARE_TOKEN_MFA');
    await expect(step.verifyTotp('123456')).rejects.toThrow(/associateTotp/);
    // A bare string is not an MFA_SETUP answer: a named error that does not echo it, no request.
    const sent = fx.emu.requests.length;
    const bad = await (step.respond as (a: unknown) => Promise<unknown>)('123456').catch((e) => e);
    expect(bad).toBeInstanceOf(TypeError);
    expect((bad as Error).message).toMatch(/^answer: expected an object/);
    expect((bad as Error).message).not.toContain('123456');
    expect(fx.emu.requests.length).toBe(sent);
    const { secret, uri } = await step.associateTotp({ issuer: 'Tests' });
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(uri).toBe(`otpauth://totp/Tests:quinn?secret=${secret.replace(/=+$/, '')}&issuer=Tests`);
    const r = await step.verifyTotp(totp(secret, { time: fx.emu.now() }), { friendlyName: 'phone' });
    expect(r).toMatchObject({ signedIn: true });
    // The answered step refuses everything, associateTotp included, without a request.
    const n = fx.emu.requests.length;
    await expect(step.associateTotp()).rejects.toThrow(/already answered/);
    await expect(step.verifyTotp('123456')).rejects.toThrow(/already answered/);
    expect(fx.emu.requests.length).toBe(n);
    // Next sign-in asks for the TOTP code.
    fx.emu.advanceTime(60_000);
    const next = expectStep(await auth.signIn({ username: 'quinn', password: PASSWORD }), 'SOFTWARE_TOKEN_MFA');
    expect(await next.respond(totp(secret, { time: fx.emu.now() }))).toMatchObject({ signedIn: true });
  });

  it('MFA_SETUP (EMAIL_OTP): setUpEmail registers the address, then the emailed code signs in', async () => {
    fx = await fixture({ transport, pool: { UserPoolTier: 'ESSENTIALS' } });
    await setMfa({ MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Code' } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'ulla', password: PASSWORD });
    const step = expectStep(await fx.auth().signIn({ username: 'ulla', password: PASSWORD }), 'MFA_SETUP');
    expect(step.options).toEqual(['EMAIL_OTP']);
    await expect(step.setUpEmail('')).rejects.toThrow(/^email: /);
    const otp = expectStep(await step.setUpEmail('ulla@example.com'), 'EMAIL_OTP');
    expect(otp.codeDelivery.deliveryMedium).toBe('EMAIL');
    expect(fx.emu.outbox.at(-1)?.destination).toBe('ulla@example.com');
    expect(await otp.respond(fx.emu.lastCode({ username: 'ulla' })!)).toMatchObject({ signedIn: true });
  });

  it('SOFTWARE_TOKEN_MFA and SELECT_MFA_TYPE after a signed-in user set up TOTP and SMS', async () => {
    fx = await fixture({ transport, pool: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } } });
    await setMfa({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'rosa', password: PASSWORD, attributes: { phone_number: PHONE, phone_number_verified: 'true' } });
    const auth = fx.auth();
    expect(await auth.signIn({ username: 'rosa', password: PASSWORD })).toMatchObject({ signedIn: true });
    const { secret } = await auth.setUpTotp({ issuer: 'Tests' });
    await auth.verifyTotp(totp(secret, { time: fx.emu.now() }), { friendlyName: 'laptop' });
    await auth.setMfaPreference({ totp: 'enabled', sms: 'enabled' });
    await auth.signOut();

    fx.emu.advanceTime(60_000);
    const select = expectStep(await auth.signIn({ username: 'rosa', password: PASSWORD }), 'SELECT_MFA_TYPE');
    expect(select.options.sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const soft = expectStep(await select.select('SOFTWARE_TOKEN_MFA'), 'SOFTWARE_TOKEN_MFA');
    expect(await soft.respond(totp(secret, { time: fx.emu.now() }))).toMatchObject({ signedIn: true });

    await auth.setMfaPreference({ totp: 'preferred' });
    await auth.signOut();
    fx.emu.advanceTime(60_000);
    const direct = expectStep(await auth.signIn({ username: 'rosa', password: PASSWORD }), 'SOFTWARE_TOKEN_MFA');
    expect(await direct.respond(totp(secret, { time: fx.emu.now() }))).toMatchObject({ signedIn: true });
    expect((await auth.getUser()).preferredMfa).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('a step answered once cannot be answered again; a step of an older sign-in is stale; neither sends a request', async () => {
    fx = await fixture({ transport, pool: { MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'sam', password: PASSWORD, attributes: { phone_number: PHONE, phone_number_verified: 'true' } });
    const auth = fx.auth();
    const first = expectStep(await auth.signIn({ username: 'sam', password: PASSWORD }), 'SMS_MFA');
    const second = expectStep(await auth.signIn({ username: 'sam', password: PASSWORD }), 'SMS_MFA');
    const n = fx.emu.requests.length;
    await expect(first.respond('123456')).rejects.toThrow(InvalidStepError);
    await expect(first.respond('123456')).rejects.toThrow(/older sign-in/);
    expect(fx.emu.requests.length).toBe(n);
    expect(await second.respond(fx.emu.lastCode({ username: 'sam' })!)).toMatchObject({ signedIn: true });
    const m = fx.emu.requests.length;
    await expect(second.respond('123456')).rejects.toThrow(/already answered/);
    expect(fx.emu.requests.length).toBe(m);
  });
});
