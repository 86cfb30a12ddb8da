/**
 * The public shapes of the high-level API: sign-in inputs, the step union, tokens and devices.
 * @module
 */

/** The sign-in flows `signIn` speaks (Cognito's `AuthFlow`). */
export type SignInFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH' | 'USER_AUTH';

/** The first factors of the choice-based `USER_AUTH` flow (Cognito's `AuthFactorType`). */
export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** The MFA types a user can select or set up during sign-in. */
export type MfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** Input of `auth.signIn`. */
export interface SignInInput {
  /** User name, or an alias (e-mail, phone) when the pool allows it. */
  username: string;
  /**
   * The password; needed by USER_SRP_AUTH and USER_PASSWORD_AUTH. With USER_AUTH it may be left
   * out even for a password factor: Cognito then asks for it in a PASSWORD / PASSWORD_SRP step.
   */
  password?: string;
  /** The flow; `USER_SRP_AUTH` by default (`CUSTOM_AUTH` starts with SRP when a password is given). */
  flow?: SignInFlow;
  /** USER_AUTH only: the first factor to try (`PREFERRED_CHALLENGE`). */
  preferredChallenge?: FirstFactor;
  /** Passed to the pool's Lambda triggers. */
  clientMetadata?: Record<string, string>;
}

/** Where a code was sent (from the challenge's `CODE_DELIVERY_*` parameters). */
export interface CodeDelivery {
  /** The masked destination, e.g. `a***@e***`. */
  destination?: string;
  /** `SMS` or `EMAIL`. */
  deliveryMedium?: string;
}

/** The signed-in outcome of a sign-in. */
export interface SignedIn {
  signedIn: true;
  /** The canonical user name (the access token's `username` claim). */
  username: string;
  /** The device this sign-in ran on, when the pool tracks devices. */
  device?: { key: string; remembered: boolean | 'pending' };
  /** Set when the device could not be confirmed; the sign-in itself still succeeded. */
  deviceError?: unknown;
}

/** What every step has. */
interface StepBase<C extends string, A> {
  signedIn: false;
  /** Cognito's ChallengeName. */
  challenge: C;
  /** The raw ChallengeParameters, for anything not typed below. */
  parameters: Record<string, string>;
  /**
   * Answers the step and resolves the next one. A step can be answered once; answering it again,
   * or answering a step of an older sign-in, throws `InvalidStepError` without a request. After a
   * failed answer (a wrong code), the same step can be answered again.
   */
  respond(answer: A): Promise<SignInResult>;
}

/** NEW_PASSWORD_REQUIRED: the user must choose a password (and fill required attributes). */
export interface NewPasswordRequiredStep
  extends StepBase<'NEW_PASSWORD_REQUIRED', { newPassword: string; attributes?: Record<string, string> }> {
  /** Attributes (without the `userAttributes.` prefix) that must be sent with the new password. */
  requiredAttributes: string[];
  /** The user's current attributes, as Cognito lists them. */
  userAttributes: Record<string, string>;
}

/** SMS_MFA, EMAIL_OTP or SMS_OTP: a code was sent; answer with it. */
export interface CodeStep extends StepBase<'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP', string> {
  /** Where the code went. */
  codeDelivery: CodeDelivery;
}

/** SOFTWARE_TOKEN_MFA: answer with the authenticator app's current code. */
export interface SoftwareTokenStep extends StepBase<'SOFTWARE_TOKEN_MFA', string> {
  /** The friendly name of the registered authenticator, when Cognito says it. */
  deviceName?: string;
}

/** SELECT_MFA_TYPE: the user has several MFA types enabled and picks one. */
export interface SelectMfaTypeStep extends StepBase<'SELECT_MFA_TYPE', MfaType> {
  /** The types to choose from. */
  options: MfaType[];
  /** Same as `respond(type)`. */
  select(type: MfaType): Promise<SignInResult>;
}

/** The answer to MFA_SETUP: a TOTP code (after `associateTotp`) or an e-mail address for EMAIL_OTP. */
export type MfaSetupAnswer = { totpCode: string; friendlyName?: string } | { email: string };

/** MFA_SETUP: the pool requires MFA and the user has none yet. */
export interface MfaSetupStep extends StepBase<'MFA_SETUP', MfaSetupAnswer> {
  /** What can be set up: `SOFTWARE_TOKEN_MFA` and/or `EMAIL_OTP`. */
  options: MfaType[];
  /**
   * Starts TOTP setup (AssociateSoftwareToken): the secret to show and an `otpauth://` URI for
   * a QR code.
   */
  associateTotp(o?: { issuer?: string; accountName?: string }): Promise<{ secret: string; uri: string }>;
  /** Verifies a TOTP code (VerifySoftwareToken) and continues the sign-in. */
  verifyTotp(code: string, o?: { friendlyName?: string }): Promise<SignInResult>;
  /** Sets up EMAIL_OTP with this address; Cognito then sends a code (an EMAIL_OTP step). */
  setUpEmail(email: string): Promise<SignInResult>;
}

/** CUSTOM_CHALLENGE: the pool's Lambda triggers ask; answer with a string. */
export type CustomChallengeStep = StepBase<'CUSTOM_CHALLENGE', string>;

/**
 * The answer to SELECT_CHALLENGE: the factor, with the password when it is a password factor
 * (without it, the next step asks for the password).
 */
export type SelectChallengeAnswer = FirstFactor | { challenge: FirstFactor; password?: string };

/** SELECT_CHALLENGE: USER_AUTH offers several first factors; pick one. */
export interface SelectChallengeStep extends StepBase<'SELECT_CHALLENGE', SelectChallengeAnswer> {
  /** The factors on offer (`AvailableChallenges`). */
  available: FirstFactor[];
  /** Same as `respond({ challenge, password })`. */
  select(challenge: FirstFactor, password?: string): Promise<SignInResult>;
}

/** PASSWORD or PASSWORD_SRP (USER_AUTH, the factor named without the password): answer with the password. */
export type PasswordStep = StepBase<'PASSWORD' | 'PASSWORD_SRP', string>;

/** WEB_AUTHN: call `navigator.credentials.get` with the options and answer with the credential. */
export interface WebAuthnStep extends StepBase<'WEB_AUTHN', object | string> {
  /** The parsed `CREDENTIAL_REQUEST_OPTIONS` (PublicKeyCredentialRequestOptionsJSON). */
  credentialRequestOptions: Record<string, unknown>;
}

/** A challenge this library does not model; answer with raw ChallengeResponses. */
export type OtherStep = StepBase<string & {}, Record<string, string>>;

/** A step of a sign-in that is not finished. */
export type SignInStep =
  | NewPasswordRequiredStep
  | CodeStep
  | SoftwareTokenStep
  | SelectMfaTypeStep
  | MfaSetupStep
  | CustomChallengeStep
  | SelectChallengeStep
  | PasswordStep
  | WebAuthnStep;

/** What `signIn` and every `respond` resolve. */
export type SignInResult = SignedIn | SignInStep;

/** The secrets of a device, kept per user. */
export interface DeviceSecrets {
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
  /** `pending` in opt-in pools until `rememberDevice()`. */
  remembered?: boolean | 'pending';
  /**
   * ConfirmDevice is still owed, with this verifier (it failed at sign-in). Cognito refuses the
   * session's refreshes until the device is confirmed, so the next refresh confirms it first.
   * Such a device is never used to sign in.
   */
  unconfirmed?: DeviceVerifierConfig;
}

/** ConfirmDevice's DeviceSecretVerifierConfig. */
export interface DeviceVerifierConfig {
  PasswordVerifier: string;
  Salt: string;
}

/** The tokens `getTokens` returns. */
export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** When the earlier of the access and ID tokens expires, on the local (drift-corrected) clock, ms since the epoch. */
  expiresAt: number;
}

/** Thrown for a step that was already answered or belongs to an older sign-in. */
export class InvalidStepError extends Error {
  override name = 'InvalidStepError' as const;
}
