/**
 * Account operations: sign-up, password reset and change, the user's attributes, TOTP and MFA
 * preferences for a signed-in user, and account deletion. Each is one small function over the
 * wire; `createAuth` supplies the access token for the signed-in ones.
 * @module
 */
import { assertObject, assertOneOf, assertString, assertStringMap, checkInput } from './assert.js';
import { secretHashFor, userCall, type FlowContext } from './context.js';
import { totpUri } from './totp-uri.js';
import type { CodeDelivery } from './types.js';

/** Where a code went, as Cognito's `CodeDeliveryDetailsType`, in our casing. */
export interface CodeDeliveryDetails extends CodeDelivery {
  /** The attribute the code verifies (`email`, `phone_number`). */
  attributeName?: string;
}

const delivery = (d: any): CodeDeliveryDetails | undefined =>
  d && { destination: d.Destination, deliveryMedium: d.DeliveryMedium, attributeName: d.AttributeName };

const list = (attributes?: Record<string, string>) =>
  attributes && Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

/** The map of a wire `AttributeType` list (`[{ Name, Value }]`). */
export function attributeMap(list: Array<{ Name: string; Value: string }> = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list) out[a.Name] = a.Value;
  return out;
}

/** Input of `signUp`. */
export interface SignUpInput {
  username: string;
  password: string;
  /** User attributes, e.g. `{ email: 'a@example.com' }`. */
  attributes?: Record<string, string>;
  /** Passed to the pre-sign-up trigger (ValidationData). */
  validationData?: Record<string, string>;
  clientMetadata?: Record<string, string>;
}

/** Output of `signUp`. */
export interface SignUpResult {
  userConfirmed: boolean;
  userSub?: string;
  codeDelivery?: CodeDeliveryDetails;
}

/** The signed-in user, as GetUser reports it. */
export interface UserInfo {
  username: string;
  attributes: Record<string, string>;
  preferredMfa?: string;
  mfaEnabled: string[];
}

/** One MFA type's setting in `setMfaPreference`. */
export type MfaSetting = 'preferred' | 'enabled' | 'disabled';

/** Input of `setMfaPreference`; omitted types stay as they are. */
export interface MfaPreferenceInput {
  totp?: MfaSetting;
  sms?: MfaSetting;
  email?: MfaSetting;
}

type Meta = { clientMetadata?: Record<string, string> };

/** The account methods of `createAuth`. */
export interface AccountOperations {
  /** Registers a user (SignUp). */
  signUp(input: SignUpInput): Promise<SignUpResult>;
  /** Confirms a sign-up with the code sent to the user (ConfirmSignUp). */
  confirmSignUp(input: { username: string; code: string; forceAliasCreation?: boolean } & Meta): Promise<void>;
  /** Sends the sign-up code again (ResendConfirmationCode). */
  resendSignUpCode(input: { username: string } & Meta): Promise<CodeDeliveryDetails | undefined>;
  /** Starts a password reset; Cognito sends a code (ForgotPassword). */
  forgotPassword(input: { username: string } & Meta): Promise<CodeDeliveryDetails | undefined>;
  /** Sets a new password with the reset code (ConfirmForgotPassword). */
  confirmForgotPassword(input: { username: string; code: string; newPassword: string } & Meta): Promise<void>;
  /** Changes the signed-in user's password (ChangePassword). */
  changePassword(input: { oldPassword: string; newPassword: string }): Promise<void>;
  /** Reads the signed-in user (GetUser). */
  getUser(): Promise<UserInfo>;
  /** Updates attributes; resolves where verification codes for changed attributes went (UpdateUserAttributes). */
  updateUserAttributes(attributes: Record<string, string>): Promise<CodeDeliveryDetails[]>;
  /** Verifies an attribute with its code (VerifyUserAttribute). */
  verifyAttribute(attribute: string, code: string): Promise<void>;
  /** Sends a verification code for an attribute (GetUserAttributeVerificationCode). */
  sendAttributeVerificationCode(attribute: string): Promise<CodeDeliveryDetails | undefined>;
  /** Starts TOTP (AssociateSoftwareToken): the secret and an `otpauth://` URI for a QR code. */
  setUpTotp(o?: { issuer?: string; accountName?: string }): Promise<{ secret: string; uri: string }>;
  /** Verifies the first TOTP code (VerifySoftwareToken). */
  verifyTotp(code: string, o?: { friendlyName?: string }): Promise<void>;
  /** Sets MFA preferences (SetUserMFAPreference); at most one type `preferred`. */
  setMfaPreference(input: MfaPreferenceInput): Promise<void>;
}

/**
 * Builds the account methods over a flow context. `signedIn` sends an operation with the
 * current access token (and throws NotSignedIn when there is none); `username` names the
 * signed-in user. Every method checks its arguments before anything is sent or refreshed.
 */
export function accountOperations(
  ctx: FlowContext,
  signedIn: (op: string, input?: Record<string, unknown>) => Promise<any>,
  username: () => string | undefined,
): AccountOperations {
  /**
   * An unauthenticated user operation: checks `username` and `fields` of the input, then sends
   * it with ClientId, Username, SecretHash, ClientMetadata, the pass-through data and `extra`;
   * resolves `result` of the output (by default where the code went).
   */
  const userOp =
    (
      method: string,
      op: string,
      fields: string[] = [],
      extra: (i: any) => object = () => ({}),
      result = (out: any): unknown => delivery(out.CodeDeliveryDetails),
    ) =>
    async (i: any): Promise<any> => {
      checkInput(i, method + ' input', ['username', ...fields]);
      return result(
        await userCall(ctx, op, i.username, i.clientMetadata, {
          Username: i.username,
          SecretHash: await secretHashFor(ctx, i.username),
          ...extra(i),
        }),
      );
    };
  const none = () => {};
  return {
    signUp: userOp(
      'signUp',
      'SignUp',
      ['password'],
      (i) => ({ Password: i.password, UserAttributes: list(i.attributes), ValidationData: list(i.validationData) }),
      (out) => ({ userConfirmed: !!out.UserConfirmed, userSub: out.UserSub, codeDelivery: delivery(out.CodeDeliveryDetails) }),
    ),
    confirmSignUp: userOp(
      'confirmSignUp',
      'ConfirmSignUp',
      ['code'],
      (i) => ({ ConfirmationCode: i.code, ForceAliasCreation: i.forceAliasCreation }),
      none,
    ),
    resendSignUpCode: userOp('resendSignUpCode', 'ResendConfirmationCode'),
    forgotPassword: userOp('forgotPassword', 'ForgotPassword'),
    confirmForgotPassword: userOp(
      'confirmForgotPassword',
      'ConfirmForgotPassword',
      ['code', 'newPassword'],
      (i) => ({ ConfirmationCode: i.code, Password: i.newPassword }),
      none,
    ),
    async changePassword(i) {
      checkInput(i, 'changePassword input', ['oldPassword', 'newPassword']);
      await signedIn('ChangePassword', { PreviousPassword: i.oldPassword, ProposedPassword: i.newPassword });
    },
    async getUser() {
      const out = await signedIn('GetUser');
      return {
        username: out.Username,
        attributes: attributeMap(out.UserAttributes),
        preferredMfa: out.PreferredMfaSetting,
        mfaEnabled: out.UserMFASettingList ?? [],
      };
    },
    async updateUserAttributes(attributes) {
      assertObject(attributes, 'attributes');
      assertStringMap(attributes, 'attributes');
      const out = await signedIn('UpdateUserAttributes', { UserAttributes: list(attributes) });
      return (out.CodeDeliveryDetailsList ?? []).map(delivery);
    },
    async verifyAttribute(attribute, code) {
      assertString(attribute, 'attribute');
      assertString(code, 'code');
      await signedIn('VerifyUserAttribute', { AttributeName: attribute, Code: code });
    },
    async sendAttributeVerificationCode(attribute) {
      assertString(attribute, 'attribute');
      return delivery((await signedIn('GetUserAttributeVerificationCode', { AttributeName: attribute })).CodeDeliveryDetails);
    },
    async setUpTotp(o = {}) {
      checkInput(o, 'setUpTotp options', []);
      const secret: string = (await signedIn('AssociateSoftwareToken')).SecretCode;
      return { secret, uri: totpUri(secret, o.accountName ?? username() ?? '', o.issuer) };
    },
    async verifyTotp(code, o = {}) {
      assertString(code, 'code');
      await signedIn('VerifySoftwareToken', { UserCode: code, FriendlyDeviceName: o.friendlyName });
    },
    async setMfaPreference(i) {
      checkInput(i, 'setMfaPreference input', []);
      let preferred = 0;
      const setting = (k: 'totp' | 'sms' | 'email') => {
        const s = i[k];
        if (s === undefined) return undefined;
        assertOneOf(s, ['preferred', 'enabled', 'disabled'], k);
        if (s === 'preferred' && preferred++) throw new TypeError('setMfaPreference: only one type can be preferred');
        return { Enabled: s !== 'disabled', PreferredMfa: s === 'preferred' };
      };
      await signedIn('SetUserMFAPreference', {
        SoftwareTokenMfaSettings: setting('totp'),
        SMSMfaSettings: setting('sms'),
        EmailMfaSettings: setting('email'),
      });
    },
  };
}
