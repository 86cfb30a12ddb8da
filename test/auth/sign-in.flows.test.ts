// Every sign-in flow of createAuth, end to end against the emulator, through its fetch handler
// and over real HTTP: USER_SRP_AUTH, USER_PASSWORD_AUTH, a client with a secret, CUSTOM_AUTH with
// and without an SRP start, and the choice-based USER_AUTH flow with each first factor.
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoUnsignedClient } from '../../src/client/unsigned-client.js';
import { fixture, TRANSPORTS, type Fixture } from './helpers.js';
import { softAuthenticator } from './webauthn-authenticator.js';

const PASSWORD = 'Corr3ct-Horse!';

describe.each(TRANSPORTS)('sign-in flows over %s', (transport) => {
  let fx: Fixture;
  afterEach(async () => fx?.close());

  it('USER_SRP_AUTH signs in, stores tokens and reports signedIn', async () => {
    fx = await fixture({ transport });
    const { sub } = await fx.emu.createUser({ userPoolId: fx.poolId, username: 'alice', password: PASSWORD, attributes: { email: 'alice@example.com' } });
    const auth = fx.auth();
    const seen: string[] = [];
    auth.on('signedIn', (e) => seen.push(e.username));
    const result = await auth.signIn({ username: 'alice', password: PASSWORD });
    expect(result).toMatchObject({ signedIn: true, username: 'alice' });
    expect(seen).toEqual(['alice']);
    expect(auth.getState()).toMatchObject({ status: 'signedIn', user: { sub } });
    const tokens = await auth.getTokens();
    expect(tokens.accessToken.split('.')).toHaveLength(3);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
    // SRP: InitiateAuth then the PASSWORD_VERIFIER answer, nothing else.
    expect(fx.count('InitiateAuth')).toBe(1);
    expect(fx.count('RespondToAuthChallenge')).toBe(1);
  });

  it('a null flow (plain JavaScript) means the default, USER_SRP_AUTH, all the way through', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'nell', password: PASSWORD });
    const auth = fx.auth();
    expect(await auth.signIn({ username: 'nell', password: PASSWORD, flow: null as never })).toMatchObject({ signedIn: true });
    expect(fx.count('InitiateAuth')).toBe(1);
    expect(fx.count('RespondToAuthChallenge')).toBe(1);
  });

  it('USER_PASSWORD_AUTH signs in with one request', async () => {
    fx = await fixture({ transport });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'bob', password: PASSWORD });
    const auth = fx.auth();
    expect(await auth.signIn({ username: 'bob', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' })).toMatchObject({ signedIn: true });
    expect(fx.count('InitiateAuth')).toBe(1);
    expect(fx.count('RespondToAuthChallenge')).toBe(0);
  });

  it('a client with a secret sends SECRET_HASH on sign-in and refresh (SRP and password)', async () => {
    fx = await fixture({ transport, client: { GenerateSecret: true } });
    expect(fx.clientSecret).toBeTruthy();
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'carol', password: PASSWORD });
    const auth = fx.auth();
    expect(await auth.signIn({ username: 'carol', password: PASSWORD })).toMatchObject({ signedIn: true });
    expect(await auth.signIn({ username: 'carol', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' })).toMatchObject({ signedIn: true });
    const before = (await auth.getTokens()).accessToken;
    fx.emu.advanceTime(1000);
    const after = await auth.getTokens({ forceRefresh: true });
    expect(after.accessToken).not.toBe(before);
    // Without the secret the same client is refused: the hash is really checked.
    const noSecret = fx.auth({ clientSecret: undefined });
    await expect(noSecret.signIn({ username: 'carol', password: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('signs in with an alias (email) and keeps the canonical user name', async () => {
    fx = await fixture({ transport, pool: { UsernameAttributes: ['email'] } });
    await fx.emu.createUser({ userPoolId: fx.poolId, username: 'dora@example.com', password: PASSWORD, attributes: { email: 'dora@example.com', email_verified: 'true' } });
    const auth = fx.auth();
    const r = await auth.signIn({ username: 'dora@example.com', password: PASSWORD });
    expect(r.signedIn).toBe(true);
    const { username } = r as { username: string };
    expect(auth.getState().user?.email).toBe('dora@example.com');
    expect(username).toBe(auth.getState().user?.['cognito:username']);
  });

  describe('CUSTOM_AUTH', () => {
    const triggers = (withSrp: boolean) => ({
      defineAuthChallenge: (event: any) => {
        const s = event.request.session as Array<{ challengeName: string; challengeResult: boolean }>;
        const r = event.response;
        if (s.some((x) => x.challengeName === 'PASSWORD_VERIFIER' && !x.challengeResult)) Object.assign(r, { issueTokens: false, failAuthentication: true });
        else if (withSrp && s.length === 0) Object.assign(r, { challengeName: 'SRP_A', issueTokens: false, failAuthentication: false });
        else if (withSrp && s.length === 1 && s[0]!.challengeName === 'SRP_A') Object.assign(r, { challengeName: 'PASSWORD_VERIFIER', issueTokens: false, failAuthentication: false });
        else if (s.length > 0 && s[s.length - 1]!.challengeName === 'CUSTOM_CHALLENGE' && s[s.length - 1]!.challengeResult) Object.assign(r, { issueTokens: true, failAuthentication: false });
        else if (s.filter((x) => x.challengeName === 'CUSTOM_CHALLENGE').length >= 3) Object.assign(r, { issueTokens: false, failAuthentication: true });
        else Object.assign(r, { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false });
        return event;
      },
      createAuthChallenge: (event: any) => {
        event.response.publicChallengeParameters = { question: '6 x 7' };
        event.response.privateChallengeParameters = { answer: '42' };
        event.response.challengeMetadata = 'QUIZ';
        return event;
      },
      verifyAuthChallengeResponse: (event: any) => {
        event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
        return event;
      },
    });

    it('without SRP: the CUSTOM_CHALLENGE step exposes its parameters; a wrong answer can be retried', async () => {
      fx = await fixture({ transport });
      fx.emu.setTriggers(fx.poolId, triggers(false));
      await fx.emu.createUser({ userPoolId: fx.poolId, username: 'erin', password: PASSWORD });
      const auth = fx.auth();
      const step = await auth.signIn({ username: 'erin', flow: 'CUSTOM_AUTH', clientMetadata: { app: 'test' } });
      expect(step).toMatchObject({ signedIn: false, challenge: 'CUSTOM_CHALLENGE', parameters: { question: '6 x 7' } });
      if (step.signedIn || step.challenge !== 'CUSTOM_CHALLENGE') throw new Error('unreachable');
      const again = await step.respond('41');
      expect(again).toMatchObject({ signedIn: false, challenge: 'CUSTOM_CHALLENGE' });
      if (again.signedIn) throw new Error('unreachable');
      expect(await (again as typeof step).respond('42')).toMatchObject({ signedIn: true, username: 'erin' });
    });

    it('with an SRP start: the password is verified by SRP, then the custom challenge', async () => {
      fx = await fixture({ transport });
      fx.emu.setTriggers(fx.poolId, triggers(true));
      await fx.emu.createUser({ userPoolId: fx.poolId, username: 'finn', password: PASSWORD });
      const auth = fx.auth();
      const step = await auth.signIn({ username: 'finn', password: PASSWORD, flow: 'CUSTOM_AUTH' });
      expect(step).toMatchObject({ signedIn: false, challenge: 'CUSTOM_CHALLENGE' });
      if (step.signedIn || step.challenge !== 'CUSTOM_CHALLENGE') throw new Error('unreachable');
      expect(await step.respond('42')).toMatchObject({ signedIn: true });
      await expect(auth.signIn({ username: 'finn', password: 'wrong-Passw0rd!', flow: 'CUSTOM_AUTH' })).rejects.toMatchObject({
        name: 'NotAuthorizedException',
      });
    });
  });

  describe('USER_AUTH (choice-based)', () => {
    const userAuthPool = {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] } },
      UserPoolTier: 'ESSENTIALS',
    };
    const makeUser = (f: Fixture, username: string) =>
      f.emu.createUser({
        userPoolId: f.poolId,
        username,
        password: PASSWORD,
        attributes: { email: `${username}@example.com`, email_verified: 'true', phone_number: '+15555550100', phone_number_verified: 'true' },
      });

    it('PASSWORD as the preferred challenge signs in directly', async () => {
      fx = await fixture({ transport, pool: userAuthPool });
      await makeUser(fx, 'gus');
      const r = await fx.auth().signIn({ username: 'gus', password: PASSWORD, flow: 'USER_AUTH', preferredChallenge: 'PASSWORD' });
      expect(r).toMatchObject({ signedIn: true });
    });

    it('PASSWORD_SRP as the preferred challenge runs SRP inside USER_AUTH', async () => {
      fx = await fixture({ transport, pool: userAuthPool });
      await makeUser(fx, 'hana');
      const r = await fx.auth().signIn({ username: 'hana', password: PASSWORD, flow: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' });
      expect(r).toMatchObject({ signedIn: true });
      expect(fx.count('RespondToAuthChallenge')).toBe(1);
    });

    it('PASSWORD and PASSWORD_SRP named without the password: Cognito asks for it in a step of that name', async () => {
      fx = await fixture({ transport, pool: userAuthPool });
      await makeUser(fx, 'hugo');
      const auth = fx.auth();
      for (const factor of ['PASSWORD', 'PASSWORD_SRP'] as const) {
        const step = await auth.signIn({ username: 'hugo', flow: 'USER_AUTH', preferredChallenge: factor });
        if (step.signedIn || step.challenge !== factor) throw new Error(`expected ${factor}, got ${JSON.stringify(step)}`);
        await expect(step.respond('Wrong-Passw0rd!')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
        const again = await auth.signIn({ username: 'hugo', flow: 'USER_AUTH', preferredChallenge: factor });
        if (again.signedIn || again.challenge !== factor) throw new Error(`expected ${factor}`);
        expect(await again.respond(PASSWORD)).toMatchObject({ signedIn: true, username: 'hugo' });
      }
    });

    it('EMAIL_OTP: the code from the outbox signs in', async () => {
      fx = await fixture({ transport, pool: userAuthPool });
      await makeUser(fx, 'ivan');
      const step = await fx.auth().signIn({ username: 'ivan', flow: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' });
      expect(step).toMatchObject({ signedIn: false, challenge: 'EMAIL_OTP', codeDelivery: { deliveryMedium: 'EMAIL' } });
      if (step.signedIn || step.challenge !== 'EMAIL_OTP') throw new Error('unreachable');
      expect(step.codeDelivery.destination).toBeTruthy();
      const code = fx.emu.lastCode({ username: 'ivan' });
      expect(code).toMatch(/^\d{6,8}$/);
      expect(await step.respond(code!)).toMatchObject({ signedIn: true });
    });

    it('SMS_OTP: the code from the outbox signs in', async () => {
      fx = await fixture({ transport, pool: userAuthPool });
      await makeUser(fx, 'jade');
      const step = await fx.auth().signIn({ username: 'jade', flow: 'USER_AUTH', preferredChallenge: 'SMS_OTP' });
      expect(step).toMatchObject({ signedIn: false, challenge: 'SMS_OTP', codeDelivery: { deliveryMedium: 'SMS' } });
      if (step.signedIn || step.challenge !== 'SMS_OTP') throw new Error('unreachable');
      expect(await step.respond(fx.emu.lastCode({ username: 'jade' })!)).toMatchObject({ signedIn: true });
    });

    it('SELECT_CHALLENGE lists the factors; choosing EMAIL_OTP or PASSWORD continues', async () => {
      fx = await fixture({ transport, pool: userAuthPool });
      await makeUser(fx, 'kai');
      const auth = fx.auth();
      const step = await auth.signIn({ username: 'kai', flow: 'USER_AUTH' });
      expect(step).toMatchObject({ signedIn: false, challenge: 'SELECT_CHALLENGE' });
      if (step.signedIn || step.challenge !== 'SELECT_CHALLENGE') throw new Error('unreachable');
      expect(step.available).toEqual(expect.arrayContaining(['PASSWORD', 'EMAIL_OTP']));
      const otp = await step.select('EMAIL_OTP');
      expect(otp).toMatchObject({ signedIn: false, challenge: 'EMAIL_OTP' });
      if (otp.signedIn) throw new Error('unreachable');
      expect(await (otp as any).respond(fx.emu.lastCode({ username: 'kai' }))).toMatchObject({ signedIn: true });

      const again = await auth.signIn({ username: 'kai', flow: 'USER_AUTH' });
      if (again.signedIn || again.challenge !== 'SELECT_CHALLENGE') throw new Error('expected SELECT_CHALLENGE');
      // Choosing PASSWORD without the password: Cognito asks for it in a PASSWORD step.
      const pw = await again.select('PASSWORD');
      if (pw.signedIn || pw.challenge !== 'PASSWORD') throw new Error(`expected PASSWORD, got ${JSON.stringify(pw)}`);
      const n = fx.emu.requests.length;
      await expect(pw.respond('')).rejects.toThrow(/^password: /);
      expect(fx.emu.requests.length).toBe(n);
      expect(await pw.respond(PASSWORD)).toMatchObject({ signedIn: true });
      const oneCall = await auth.signIn({ username: 'kai', flow: 'USER_AUTH' });
      if (oneCall.signedIn || oneCall.challenge !== 'SELECT_CHALLENGE') throw new Error('expected SELECT_CHALLENGE');
      expect(await oneCall.select('PASSWORD', PASSWORD)).toMatchObject({ signedIn: true });
      const srp = await auth.signIn({ username: 'kai', flow: 'USER_AUTH' });
      if (srp.signedIn || srp.challenge !== 'SELECT_CHALLENGE') throw new Error('expected SELECT_CHALLENGE');
      expect(await srp.respond({ challenge: 'PASSWORD_SRP', password: PASSWORD })).toMatchObject({ signedIn: true });
    });

    it('WEB_AUTHN: the step carries CREDENTIAL_REQUEST_OPTIONS; a registered passkey signs in, an unknown one is refused', async () => {
      fx = await fixture({ transport, pool: userAuthPool });
      await fx.emu.call('SetUserPoolMfaConfig', { UserPoolId: fx.poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } });
      await makeUser(fx, 'lena');
      const origin = 'https://localhost';
      const auth = fx.auth();
      // Register a passkey as a signed-in user (the raw client: registration is not part of sign-in).
      await auth.signIn({ username: 'lena', password: PASSWORD });
      const { accessToken } = await auth.getTokens();
      const client = new CognitoUnsignedClient({ userPoolId: fx.poolId, endpoint: 'http://emulator.invalid/', fetch: (u, i) => fx.emu.fetch(u, i), maxAttempts: 1 });
      const { CredentialCreationOptions } = await client.send('StartWebAuthnRegistration', { AccessToken: accessToken });
      const passkey = softAuthenticator();
      const registered = await passkey.create(CredentialCreationOptions, origin);
      await client.send('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: registered });
      await auth.signOut();

      const step = await auth.signIn({ username: 'lena', flow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' });
      if (step.signedIn || step.challenge !== 'WEB_AUTHN') throw new Error(`expected WEB_AUTHN, got ${JSON.stringify(step)}`);
      const options = step.credentialRequestOptions as { challenge: string; allowCredentials?: Array<{ id: string }> };
      expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      expect(options.allowCredentials?.map((c) => c.id)).toContain(registered.id);
      expect(await step.respond(await passkey.get(options, origin))).toMatchObject({ signedIn: true, username: expect.any(String) });

      // A browser without PublicKeyCredential.toJSON() (Safari < 18, Firefox < 119): ArrayBuffers
      // and getClientExtensionResults(), which JSON.stringify would turn into "{}".
      const bytes = (b64: string) => {
        const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
        return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
      };
      const old = await auth.signIn({ username: 'lena', flow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' });
      if (old.signedIn || old.challenge !== 'WEB_AUTHN') throw new Error('expected WEB_AUTHN');
      const j = await passkey.get(old.credentialRequestOptions, origin);
      const browserObject = {
        id: j.id,
        rawId: bytes(j.rawId),
        type: 'public-key',
        authenticatorAttachment: 'platform',
        getClientExtensionResults: () => ({}),
        response: {
          clientDataJSON: bytes(j.response.clientDataJSON),
          authenticatorData: bytes(j.response.authenticatorData),
          signature: bytes(j.response.signature),
          userHandle: j.response.userHandle ? bytes(j.response.userHandle) : null,
        },
      };
      expect(JSON.stringify(browserObject.response)).toContain('{}'); // what a plain stringify would send
      expect(await old.respond(browserObject)).toMatchObject({ signedIn: true });

      // A passkey the pool never saw: refused with a typed error.
      const stranger = softAuthenticator();
      await stranger.create({ challenge: 'AAAA', rp: { id: 'localhost' }, user: { id: 'eA' } }, origin);
      const again = await auth.signIn({ username: 'lena', flow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' });
      if (again.signedIn || again.challenge !== 'WEB_AUTHN') throw new Error('expected WEB_AUTHN');
      const forged = await stranger.get({ ...again.credentialRequestOptions, allowCredentials: [] }, origin);
      await expect(again.respond(forged)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      // The refused answer leaves the step open: the real passkey then signs in on the same step.
      expect(await again.respond(await passkey.get(again.credentialRequestOptions, origin))).toMatchObject({ signedIn: true });
    });
  });
});
