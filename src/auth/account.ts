/**
 * Account operations: sign-up, password reset and change, the user's attributes, TOTP and MFA
 * preferences for a signed-in user, and account deletion. Each is one small function over the
 * wire; `createAuth` supplies the access token for the signed-in ones.
 * @module
 */
import { otpauthUri } from '../core/otpauth.js';
import { assertObject, assertOneOf, assertString, assertStringMap } from './assert.js';
import { passThrough, secretHashFor, type FlowContext } from './context.js';
import type { CodeDelivery } from './types.js';

/** Where a code went, as Cognito's `CodeDeliveryDetailsType`, in our casing. */
export interface CodeDeliveryDetails extends CodeDelivery {
  /** The attribute the code verifies (`email`, `phone_number`). */
  attributeName?: string;
}

function delivery(d: any): CodeDeliveryDetails | undefined {
  return d ? { destination: d.Destination, deliveryMedium: d.DeliveryMedium, attributeName: d.AttributeName } : undefined;
}

function toAttributeList(attributes: Record<string, string> | undefined) {
  return attributes ? Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) : undefined;
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

/** Registers a user (SignUp). @throws TypeError naming the bad field; CognitoError */
export async function signUp(ctx: FlowContext, input: SignUpInput): Promise<SignUpResult> {
  assertObject(input, 'signUp input');
  assertString(input.username, 'username');
  assertString(input.password, 'password');
  assertStringMap(input.attributes, 'attributes');
  assertStringMap(input.validationData, 'validationData');
  assertStringMap(input.clientMetadata, 'clientMetadata');
  const out = await ctx.send('SignUp', {
    ClientId: ctx.clientId,
    Username: input.username,
    Password: input.password,
    SecretHash: secretHashFor(ctx, input.username),
    UserAttributes: toAttributeList(input.attributes),
    ValidationData: toAttributeList(input.validationData),
    ClientMetadata: input.clientMetadata,
    ...passThrough(ctx, input.username),
  });
  return { userConfirmed: !!out.UserConfirmed, userSub: out.UserSub, codeDelivery: delivery(out.CodeDeliveryDetails) };
}

/** Confirms a sign-up with the code sent to the user (ConfirmSignUp). */
export async function confirmSignUp(
  ctx: FlowContext,
  input: { username: string; code: string; forceAliasCreation?: boolean; clientMetadata?: Record<string, string> },
): Promise<void> {
  assertObject(input, 'confirmSignUp input');
  assertString(input.username, 'username');
  assertString(input.code, 'code');
  assertStringMap(input.clientMetadata, 'clientMetadata');
  await ctx.send('ConfirmSignUp', {
    ClientId: ctx.clientId,
    Username: input.username,
    ConfirmationCode: input.code,
    SecretHash: secretHashFor(ctx, input.username),
    ForceAliasCreation: input.forceAliasCreation,
    ClientMetadata: input.clientMetadata,
    ...passThrough(ctx, input.username),
  });
}

/** Sends the sign-up code again (ResendConfirmationCode). */
export async function resendSignUpCode(
  ctx: FlowContext,
  input: { username: string; clientMetadata?: Record<string, string> },
): Promise<CodeDeliveryDetails | undefined> {
  assertObject(input, 'resendSignUpCode input');
  assertString(input.username, 'username');
  const out = await ctx.send('ResendConfirmationCode', {
    ClientId: ctx.clientId,
    Username: input.username,
    SecretHash: secretHashFor(ctx, input.username),
    ClientMetadata: input.clientMetadata,
    ...passThrough(ctx, input.username),
  });
  return delivery(out.CodeDeliveryDetails);
}

/** Starts a password reset; Cognito sends a code (ForgotPassword). */
export async function forgotPassword(
  ctx: FlowContext,
  input: { username: string; clientMetadata?: Record<string, string> },
): Promise<CodeDeliveryDetails | undefined> {
  assertObject(input, 'forgotPassword input');
  assertString(input.username, 'username');
  const out = await ctx.send('ForgotPassword', {
    ClientId: ctx.clientId,
    Username: input.username,
    SecretHash: secretHashFor(ctx, input.username),
    ClientMetadata: input.clientMetadata,
    ...passThrough(ctx, input.username),
  });
  return delivery(out.CodeDeliveryDetails);
}

/** Sets a new password with the reset code (ConfirmForgotPassword). */
export async function confirmForgotPassword(
  ctx: FlowContext,
  input: { username: string; code: string; newPassword: string; clientMetadata?: Record<string, string> },
): Promise<void> {
  assertObject(input, 'confirmForgotPassword input');
  assertString(input.username, 'username');
  assertString(input.code, 'code');
  assertString(input.newPassword, 'newPassword');
  await ctx.send('ConfirmForgotPassword', {
    ClientId: ctx.clientId,
    Username: input.username,
    ConfirmationCode: input.code,
    Password: input.newPassword,
    SecretHash: secretHashFor(ctx, input.username),
    ClientMetadata: input.clientMetadata,
    ...passThrough(ctx, input.username),
  });
}

/** Changes the signed-in user's password (ChangePassword). */
export async function changePassword(
  ctx: FlowContext,
  accessToken: string,
  input: { oldPassword: string; newPassword: string },
): Promise<void> {
  await ctx.send('ChangePassword', {
    AccessToken: accessToken,
    PreviousPassword: input.oldPassword,
    ProposedPassword: input.newPassword,
  });
}

/** Checks the input of `changePassword` (before the access token is fetched). */
export function checkChangePassword(input: { oldPassword: string; newPassword: string }): void {
  assertObject(input, 'changePassword input');
  assertString(input.oldPassword, 'oldPassword');
  assertString(input.newPassword, 'newPassword');
}

/** The signed-in user, as GetUser reports it. */
export interface UserInfo {
  username: string;
  attributes: Record<string, string>;
  preferredMfa?: string;
  mfaEnabled: string[];
}

/** Reads the signed-in user (GetUser). */
export async function getUser(ctx: FlowContext, accessToken: string): Promise<UserInfo> {
  const out = await ctx.send('GetUser', { AccessToken: accessToken });
  const attributes: Record<string, string> = {};
  for (const a of out.UserAttributes ?? []) attributes[a.Name] = a.Value;
  return {
    username: out.Username,
    attributes,
    preferredMfa: out.PreferredMfaSetting,
    mfaEnabled: out.UserMFASettingList ?? [],
  };
}

/**
 * Updates attributes (UpdateUserAttributes). Changed e-mail or phone attributes need
 * verifying: the result says where the codes went; answer with `verifyAttribute`.
 */
export async function updateUserAttributes(
  ctx: FlowContext,
  accessToken: string,
  attributes: Record<string, string>,
  clientMetadata?: Record<string, string>,
): Promise<CodeDeliveryDetails[]> {
  const out = await ctx.send('UpdateUserAttributes', {
    AccessToken: accessToken,
    UserAttributes: toAttributeList(attributes),
    ClientMetadata: clientMetadata,
  });
  return (out.CodeDeliveryDetailsList ?? []).map(delivery);
}

/** Checks an attribute map (before the access token is fetched). */
export function checkAttributes(attributes: unknown): void {
  assertObject(attributes, 'attributes');
  assertStringMap(attributes, 'attributes');
}

/** Verifies a changed attribute with its code (VerifyUserAttribute). */
export async function verifyAttribute(ctx: FlowContext, accessToken: string, attribute: string, code: string): Promise<void> {
  await ctx.send('VerifyUserAttribute', { AccessToken: accessToken, AttributeName: attribute, Code: code });
}

/** Sends a verification code for an attribute (GetUserAttributeVerificationCode). */
export async function sendAttributeVerificationCode(
  ctx: FlowContext,
  accessToken: string,
  attribute: string,
): Promise<CodeDeliveryDetails | undefined> {
  const out = await ctx.send('GetUserAttributeVerificationCode', { AccessToken: accessToken, AttributeName: attribute });
  return delivery(out.CodeDeliveryDetails);
}

/** Deletes the signed-in user (DeleteUser). */
export async function deleteUser(ctx: FlowContext, accessToken: string): Promise<void> {
  await ctx.send('DeleteUser', { AccessToken: accessToken });
}

/** Starts TOTP for a signed-in user (AssociateSoftwareToken): the secret and an otpauth URI. */
export async function setUpTotp(
  ctx: FlowContext,
  accessToken: string,
  o: { accountName: string; issuer?: string },
): Promise<{ secret: string; uri: string }> {
  const out = await ctx.send('AssociateSoftwareToken', { AccessToken: accessToken });
  const secret: string = out.SecretCode;
  return { secret, uri: otpauthUri({ secret, accountName: o.accountName, issuer: o.issuer }) };
}

/** Verifies the first TOTP code (VerifySoftwareToken). */
export async function verifyTotp(
  ctx: FlowContext,
  accessToken: string,
  code: string,
  friendlyName?: string,
): Promise<void> {
  await ctx.send('VerifySoftwareToken', { AccessToken: accessToken, UserCode: code, FriendlyDeviceName: friendlyName });
}

/** One MFA type's setting in `setMfaPreference`. */
export type MfaSetting = 'preferred' | 'enabled' | 'disabled';

/** Input of `setMfaPreference`; omitted types stay as they are. */
export interface MfaPreferenceInput {
  totp?: MfaSetting;
  sms?: MfaSetting;
  email?: MfaSetting;
}

const SETTINGS: MfaSetting[] = ['preferred', 'enabled', 'disabled'];

/** Checks the input of `setMfaPreference`. */
export function checkMfaPreference(input: MfaPreferenceInput): void {
  assertObject(input, 'setMfaPreference input');
  for (const k of ['totp', 'sms', 'email'] as const) {
    if (input[k] !== undefined) assertOneOf(input[k], SETTINGS, k);
  }
  if ([input.totp, input.sms, input.email].filter((s) => s === 'preferred').length > 1) {
    throw new TypeError('setMfaPreference: only one type can be preferred');
  }
}

/** Sets the user's MFA preferences (SetUserMFAPreference). */
export async function setMfaPreference(ctx: FlowContext, accessToken: string, input: MfaPreferenceInput): Promise<void> {
  const setting = (s?: MfaSetting) => (s ? { Enabled: s !== 'disabled', PreferredMfa: s === 'preferred' } : undefined);
  await ctx.send('SetUserMFAPreference', {
    AccessToken: accessToken,
    SoftwareTokenMfaSettings: setting(input.totp),
    SMSMfaSettings: setting(input.sms),
    EmailMfaSettings: setting(input.email),
  });
}

/** Checks a code argument. */
export function checkCode(code: unknown, field = 'code'): void {
  assertString(code, field);
}

