/**
 * NEW_PASSWORD_REQUIRED: the challenge lists the user's attributes and the required ones still
 * missing (as `userAttributes.<name>`); the answer must bring them and a password that meets
 * the policy; then the user is CONFIRMED and the temporary password is gone. Also the expiry
 * of temporary passwords.
 */
import { describe, expect, it } from 'vitest';
import { fixture, rejection } from './flows-helpers.js';

const TEMP = 'Temp-Passw0rd!';

async function forced(o: Parameters<typeof fixture>[0] = {}) {
  const f = await fixture({
    ...o,
    user: { attributes: { name: 'Alice' } },
    pool: { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }], ...o.pool },
  });
  await f.emu.createUser({
    userPoolId: f.poolId, username: 'newbie', password: TEMP, status: 'FORCE_CHANGE_PASSWORD', attributes: { email: 'n@example.com', name: 'x' },
  });
  // As for an imported user: a required attribute the user does not have yet (CreateUser itself insists on it).
  delete f.emu.state.pools[f.poolId]!.users['newbie']!.attributes.name;
  const step = await f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'newbie', PASSWORD: TEMP } });
  return { f, step };
}

describe('NEW_PASSWORD_REQUIRED', () => {
  it('lists attributes and missing required attributes, and needs them in the answer', async () => {
    const { f, step } = await forced();
    expect(step.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(JSON.parse(step.ChallengeParameters!.requiredAttributes!)).toEqual(['userAttributes.name']);
    expect(JSON.parse(step.ChallengeParameters!.userAttributes!)).toMatchObject({ email: 'n@example.com' });
    const answer = (responses: Record<string, string>) =>
      f.sdk.respondToAuthChallenge({ ChallengeName: 'NEW_PASSWORD_REQUIRED', ClientId: f.clientId, Session: step.Session, ChallengeResponses: { USERNAME: 'newbie', ...responses } });
    expect(await rejection(answer({ NEW_PASSWORD: 'N3w-Passw0rd!' }))).toMatchObject({ name: 'InvalidParameterException' });
    expect(await rejection(answer({ NEW_PASSWORD: 'short', 'userAttributes.name': 'New Bie' }))).toMatchObject({ name: 'InvalidPasswordException' });
    // Neither refusal used the session up.
    const done = await answer({ NEW_PASSWORD: 'N3w-Passw0rd!', 'userAttributes.name': 'New Bie' });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    const user = await f.sdk.adminGetUser({ UserPoolId: f.poolId, Username: 'newbie' });
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toContainEqual({ Name: 'name', Value: 'New Bie' });
    expect((await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'newbie', PASSWORD: TEMP } }),
    )).message).toBe('Incorrect username or password.');
  });

  it('refuses a temporary password older than TemporaryPasswordValidityDays', async () => {
    const f = await fixture({ pool: { Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 1 } } } });
    await f.emu.createUser({ userPoolId: f.poolId, username: 'late', password: TEMP, status: 'FORCE_CHANGE_PASSWORD' });
    f.emu.advanceTime(2 * 86_400_000);
    expect(await rejection(
      f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'late', PASSWORD: TEMP } }),
    )).toMatchObject({ name: 'NotAuthorizedException', message: 'Temporary password has expired and must be reset by an administrator.' });
  });
});
