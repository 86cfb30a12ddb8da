/**
 * Passkeys: StartWebAuthnRegistration / CompleteWebAuthnRegistration with a software
 * authenticator (ES256, 'none' attestation), then USER_AUTH WEB_AUTHN signed for real; refused:
 * an unknown credential, a tampered signature, a replayed assertion, a wrong origin, another
 * relying party. List and delete.
 */
import { describe, expect, it } from 'vitest';
import { softAuthenticator } from '../auth/webauthn-authenticator.js';
import { fixture, rejection, srpSignIn } from './flows-helpers.js';

const ORIGIN = 'https://localhost';

async function passkeyFixture() {
  const f = await fixture({ pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } } });
  await f.emu.call('SetUserPoolMfaConfig', { UserPoolId: f.poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } });
  const token = (await srpSignIn(f)).out.AuthenticationResult!.AccessToken!;
  const passkey = softAuthenticator();
  const { CredentialCreationOptions } = await f.sdk.startWebAuthnRegistration({ AccessToken: token });
  const registered = await passkey.create(CredentialCreationOptions, ORIGIN);
  await f.sdk.completeWebAuthnRegistration({ AccessToken: token, Credential: registered });
  return { f, token, passkey, registered };
}

async function webAuthnStep(f: Awaited<ReturnType<typeof fixture>>) {
  const out = await f.sdk.initiateAuth({
    AuthFlow: 'USER_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
  });
  expect(out.ChallengeName).toBe('WEB_AUTHN');
  return { session: out.Session!, options: JSON.parse(out.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) };
}

const answer = (f: Awaited<ReturnType<typeof fixture>>, session: string, credential: unknown) =>
  f.sdk.respondToAuthChallenge({
    ChallengeName: 'WEB_AUTHN', ClientId: f.clientId, Session: session, ChallengeResponses: { USERNAME: 'alice', CREDENTIAL: JSON.stringify(credential) },
  });

describe('passkeys (WEB_AUTHN)', () => {
  it('registers a passkey and signs in with it', async () => {
    const { f, token, passkey, registered } = await passkeyFixture();
    const listed = await f.sdk.listWebAuthnCredentials({ AccessToken: token });
    expect(listed.Credentials?.map((c) => c.CredentialId)).toEqual([registered.id]);
    expect(listed.Credentials?.[0]?.RelyingPartyId).toBe('localhost');
    const { session, options } = await webAuthnStep(f);
    expect(options).toMatchObject({ rpId: 'localhost', allowCredentials: [{ id: registered.id, type: 'public-key' }] });
    const done = await answer(f, session, await passkey.get(options, ORIGIN));
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('refuses an unknown passkey, a tampered signature, a replayed assertion and a foreign origin', async () => {
    const { f, passkey } = await passkeyFixture();
    const stranger = softAuthenticator();
    await stranger.create({ challenge: 'AAAA', rp: { id: 'localhost' }, user: { id: 'eA' } }, ORIGIN);
    let step = await webAuthnStep(f);
    expect(await rejection(answer(f, step.session, await stranger.get({ ...step.options, allowCredentials: [] }, ORIGIN)))).toMatchObject({
      name: 'NotAuthorizedException',
    });
    const good = await passkey.get(step.options, ORIGIN);
    const sig = good.response.signature as string;
    const tampered = { ...good, response: { ...good.response, signature: sig.slice(0, -4) + (sig.endsWith('AAAA') ? 'BBBB' : 'AAAA') } };
    expect((await rejection(answer(f, step.session, tampered))).name).toBe('NotAuthorizedException');
    expect((await answer(f, step.session, good)).AuthenticationResult).toBeDefined();
    // The same assertion again, on a new challenge: the challenge differs.
    step = await webAuthnStep(f);
    expect((await rejection(answer(f, step.session, good))).name).toBe('NotAuthorizedException');
    const foreign = await passkey.get(step.options, 'https://evil.example');
    expect((await rejection(answer(f, step.session, foreign))).name).toBe('WebAuthnOriginNotAllowedException');
  });

  it('refuses a registration for another relying party or without a started challenge; deletes a credential', async () => {
    const { f, token, registered } = await passkeyFixture();
    const other = softAuthenticator();
    expect((await rejection(f.sdk.completeWebAuthnRegistration({
      AccessToken: token, Credential: await other.create({ challenge: 'AAAA', rp: { id: 'localhost' }, user: { id: 'eA' } }, ORIGIN),
    }))).name).toBe('WebAuthnChallengeNotFoundException');
    const { CredentialCreationOptions } = await f.sdk.startWebAuthnRegistration({ AccessToken: token });
    const wrongRp = await other.create({ ...(CredentialCreationOptions as object), rp: { id: 'example.com' } }, 'https://example.com');
    expect((await rejection(f.sdk.completeWebAuthnRegistration({ AccessToken: token, Credential: wrongRp }))).name).toMatch(
      /WebAuthn(OriginNotAllowed|RelyingPartyMismatch)Exception/,
    );
    await f.sdk.deleteWebAuthnCredential({ AccessToken: token, CredentialId: registered.id });
    expect((await f.sdk.listWebAuthnCredentials({ AccessToken: token })).Credentials).toEqual([]);
  });
});
