/**
 * WebAuthnConfiguration UserVerification "required": "users can only register and sign in users
 * with passkeys that are capable of user verification" (WebAuthnConfigurationType); the server
 * checks the authenticator data's UV flag (W3C WebAuthn §7.1 step 15, §7.2 step 17). With
 * "preferred", a passkey without user verification is accepted.
 */
import { describe, expect, it } from 'vitest';
import { fixture, rejection, srpSignIn } from './flows-helpers.js';
import { softAuthenticator } from '../auth/webauthn-authenticator.js';

const ORIGIN = 'https://localhost';

async function pool(userVerification: 'required' | 'preferred') {
  const f = await fixture({ pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } } });
  await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: userVerification } });
  const token = (await srpSignIn(f)).out.AuthenticationResult!.AccessToken!;
  return { f, token };
}

async function register(p: Awaited<ReturnType<typeof pool>>, passkey: ReturnType<typeof softAuthenticator>) {
  const { CredentialCreationOptions } = await p.f.sdk.startWebAuthnRegistration({ AccessToken: p.token });
  return p.f.sdk.completeWebAuthnRegistration({ AccessToken: p.token, Credential: await passkey.create(CredentialCreationOptions, ORIGIN) });
}

async function signIn(p: Awaited<ReturnType<typeof pool>>, passkey: ReturnType<typeof softAuthenticator>) {
  const out = await p.f.sdk.initiateAuth({
    AuthFlow: 'USER_AUTH', ClientId: p.f.clientId, AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
  });
  const options = JSON.parse(out.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
  return p.f.sdk.respondToAuthChallenge({
    ChallengeName: 'WEB_AUTHN',
    ClientId: p.f.clientId,
    Session: out.Session,
    ChallengeResponses: { USERNAME: 'alice', CREDENTIAL: JSON.stringify(await passkey.get(options, ORIGIN)) },
  });
}

describe('WebAuthn user verification', () => {
  it('required: a passkey without user verification can neither register nor sign in', async () => {
    const p = await pool('required');
    const unverified = softAuthenticator({ userVerified: false });
    expect((await rejection(register(p, unverified))).name).toMatch(/Exception$/);
    expect((await p.f.sdk.listWebAuthnCredentials({ AccessToken: p.token })).Credentials).toEqual([]);

    const both = softAuthenticator();
    await register(p, both);
    expect((await signIn(p, both)).AuthenticationResult?.AccessToken).toBeTruthy();
    // A passkey without user verification registered while the pool was "preferred".
    const relaxed = softAuthenticator({ userVerified: false });
    await p.f.emu.call('SetUserPoolMfaConfig', { UserPoolId: p.f.poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } });
    await register(p, relaxed);
    await p.f.emu.call('SetUserPoolMfaConfig', { UserPoolId: p.f.poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } });
    expect(await rejection(signIn(p, relaxed))).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('preferred: a passkey without user verification registers and signs in', async () => {
    const p = await pool('preferred');
    const unverified = softAuthenticator({ userVerified: false });
    await register(p, unverified);
    expect((await signIn(p, unverified)).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
