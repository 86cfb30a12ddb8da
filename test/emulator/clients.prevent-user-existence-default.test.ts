/**
 * PreventUserExistenceErrors defaults to LEGACY when an app client is created (or updated)
 * through the API without it: "When you create a new app client with the Amazon Cognito user
 * pools API, PreventUserExistenceErrors is LEGACY, or disabled, by default" (developer guide,
 * Managing user existence error responses); only the console preselects ENABLED.
 */
import { describe, expect, it } from 'vitest';
import { fixture, rejection, srpSignIn } from './flows-helpers.js';

describe('PreventUserExistenceErrors default', () => {
  it('is LEGACY on CreateUserPoolClient without the field: unknown users get UserNotFoundException', async () => {
    const f = await fixture();
    const described = await f.sdk.describeUserPoolClient({ UserPoolId: f.poolId, ClientId: f.clientId });
    expect(described.UserPoolClient?.PreventUserExistenceErrors).toBe('LEGACY');
    expect(await rejection(srpSignIn(f, { username: 'nobody' }))).toMatchObject({ name: 'UserNotFoundException' });
    const pw = f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'nobody', PASSWORD: 'x' } });
    expect(await rejection(pw)).toMatchObject({ name: 'UserNotFoundException' });
    expect(await rejection(f.sdk.forgotPassword({ ClientId: f.clientId, Username: 'nobody' }))).toMatchObject({ name: 'UserNotFoundException' });
  });

  it('ENABLED hides unknown users; an update without the field goes back to LEGACY', async () => {
    const f = await fixture({ client: { PreventUserExistenceErrors: 'ENABLED' } });
    expect(await rejection(srpSignIn(f, { username: 'nobody' }))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await f.sdk.updateUserPoolClient({ UserPoolId: f.poolId, ClientId: f.clientId, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const described = await f.sdk.describeUserPoolClient({ UserPoolId: f.poolId, ClientId: f.clientId });
    expect(described.UserPoolClient?.PreventUserExistenceErrors).toBe('LEGACY');
    expect(await rejection(srpSignIn(f, { username: 'nobody' }))).toMatchObject({ name: 'UserNotFoundException' });
  });
});
