// Type-level contract of the generated client (checked by `tsc --noEmit`, which `npm test` runs):
// enums are string-literal unions, timestamps are Date, every method and send() are typed.
import { describe, expectTypeOf, it } from 'vitest';
import {
  CognitoIdentityProviderClient,
  CognitoUnsignedClient,
  type AdminCreateUserInput,
  type AuthFlowType,
  type CognitoErrorName,
  type InitiateAuthOutput,
  type ListUsersOutput,
  type UserType,
} from '../../src/client/index.js';

describe('generated types', () => {
  it('enums, dates and per-operation input/output types', () => {
    expectTypeOf<AuthFlowType>().toEqualTypeOf<
      | 'ADMIN_NO_SRP_AUTH'
      | 'ADMIN_USER_PASSWORD_AUTH'
      | 'CUSTOM_AUTH'
      | 'REFRESH_TOKEN'
      | 'REFRESH_TOKEN_AUTH'
      | 'USER_AUTH'
      | 'USER_PASSWORD_AUTH'
      | 'USER_SRP_AUTH'
    >();
    expectTypeOf<UserType['UserCreateDate']>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<ListUsersOutput['Users']>().toEqualTypeOf<UserType[] | undefined>();
    expectTypeOf<AdminCreateUserInput['UserPoolId']>().toEqualTypeOf<string>();
    expectTypeOf<InitiateAuthOutput['ChallengeParameters']>().toEqualTypeOf<Record<string, string> | undefined>();
    expectTypeOf<'NotAuthorizedException'>().toMatchTypeOf<CognitoErrorName>();
  });

  it('methods and send() are typed by operation', () => {
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
    expectTypeOf(client.getCSVHeader).parameter(0).toHaveProperty('UserPoolId');
    expectTypeOf(client.adminDeleteUser).returns.resolves.toEqualTypeOf<Record<string, never>>(); // unit output
    expectTypeOf(client.adminSetUserMFAPreference).parameter(0).toHaveProperty("SMSMfaSettings");
    expectTypeOf(client.send<'InitiateAuth'>).returns.resolves.toEqualTypeOf<InitiateAuthOutput>();
    // @ts-expect-error: not an AuthFlowType
    void (() => client.initiateAuth({ AuthFlow: 'PLAIN_TEXT', ClientId: 'c' }));
    // @ts-expect-error: unknown operation
    void (() => client.send('DropAllTables', {}));
    const lean = new CognitoUnsignedClient({ region: 'eu-west-1' });
    // @ts-expect-error: admin operations are not on the unsigned client
    void (() => lean.send('AdminCreateUser', { UserPoolId: 'p', Username: 'u' }));
  });
});
