/**
 * Users, admin side and sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode, AdminCreateUser,
 * AdminGetUser, AdminDeleteUser, AdminEnableUser, AdminDisableUser, AdminConfirmSignUp,
 * AdminSetUserPassword, AdminResetUserPassword, AdminUpdateUserAttributes,
 * AdminDeleteUserAttributes.
 * @module
 */
import { CODE_TTL_MS, checkCode, codeDestination, issueCode, type CodeDeliveryDetails } from './codes.js';
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { defineModule, defineOperations, type OperationInput } from './operations.js';
import { createSignUpSession } from './flow-sessions.js';
import { revokeAccessTokens } from './revoke-access.js';
import { composeMessage, runTrigger, triggerEvent } from './triggers.js';
import { attributeRecord, checkWritableAttributes } from './schema.js';
import type { PoolRecord, UserRecord, UserStatus } from './state.js';
import { ALPHABET, randomString, uuid } from './util.js';

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const PHONE_RE = /^\+[0-9]{4,20}$/;
const USERNAME_RE = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/** Input of {@link createUserRecord}. */
export interface NewUser {
  /** As the caller sent it: in email/phone-as-username pools, the email or phone number. */
  username: string;
  attributes: Record<string, string>;
  password?: string;
  status: UserStatus;
  /** Check the password against the pool policy (sign-up, admin create); seeding may skip it. */
  enforcePolicy: boolean;
  temporary?: boolean;
}

/**
 * Validate and create a user in `pool` (no messages, no triggers). Handles username attributes
 * (the stored username becomes a UUID and the email/phone an attribute) and alias rules.
 * @throws InvalidParameterException, UsernameExistsException, InvalidPasswordException.
 */
export async function createUserRecord(ctx: EmulatorContext, pool: PoolRecord, o: NewUser): Promise<UserRecord> {
  const given = o.username;
  if (typeof given !== 'string' || given.length < 1 || given.length > 128 || !USERNAME_RE.test(given)) {
    throw errors.invalidParameter(
      `1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+`,
    );
  }
  const attributes = { ...o.attributes };
  checkWritableAttributes(pool, attributes, { creating: true });
  let username = given;
  if (pool.usernameAttributes.length) {
    const asEmail = pool.usernameAttributes.includes('email') && EMAIL_RE.test(given);
    const asPhone = pool.usernameAttributes.includes('phone_number') && PHONE_RE.test(given);
    if (!asEmail && !asPhone) {
      throw errors.invalidParameter(
        pool.usernameAttributes.length === 2
          ? 'Username should be either an email or a phone number.'
          : pool.usernameAttributes[0] === 'email'
            ? 'Username should be an email.'
            : 'Username should be a phone number.',
      );
    }
    const attr = asEmail ? 'email' : 'phone_number';
    attributes[attr] = given;
    for (const a of pool.usernameAttributes) {
      const v = attributes[a];
      if (v && Object.values(pool.users).some((u) => sameValue(a, u.attributes[a], v))) {
        throw errors.usernameExists(`An account with the given ${a === 'email' ? 'email' : 'phone_number'} already exists.`);
      }
    }
    username = uuid(ctx.random);
  } else if (pool.aliasAttributes.includes('email') && EMAIL_RE.test(given)) {
    throw errors.invalidParameter('Username cannot be of email format, since user pool is configured for email alias.');
  } else if (pool.aliasAttributes.includes('phone_number') && PHONE_RE.test(given)) {
    throw errors.invalidParameter('Username cannot be of phone number format, since user pool is configured for phone_number alias.');
  }
  if (pool.users[ctx.userKey(pool, username)]) throw errors.usernameExists();
  for (const def of pool.schema) {
    if (def.Required && def.Name !== 'sub' && !attributes[def.Name]) {
      throw errors.invalidParameter(`Attributes did not conform to the schema: ${def.Name}: The attribute ${def.Name} is required`);
    }
  }
  if (o.password !== undefined && o.enforcePolicy) ctx.assertPasswordPolicy(pool, o.password);
  const now = ctx.now();
  const sub = pool.usernameAttributes.length ? username : uuid(ctx.random);
  const user: UserRecord = {
    username,
    sub,
    attributes,
    status: o.status,
    enabled: true,
    createdAt: now,
    updatedAt: now,
    mfa: { enabled: [] },
    devices: {},
    groups: [],
    codes: {},
    failedAttempts: 0,
    extensions: {},
  };
  pool.users[ctx.userKey(pool, username)] = user;
  if (o.password !== undefined) await ctx.setPassword(pool, user, o.password, { temporary: o.temporary === true });
  return user;
}

function sameValue(attr: string, a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  return attr === 'email' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Wire `UserType` (ListUsers, AdminCreateUser). */
export function userType(ctx: EmulatorContext, user: UserRecord, attributesToGet?: readonly string[]): Record<string, unknown> {
  const attrs = ctx.attributeList(user).filter((a) => !attributesToGet || attributesToGet.includes(a.Name));
  return {
    Username: user.username,
    Attributes: attrs,
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.updatedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
    ...(legacyMfaOptions(user).length ? { MFAOptions: legacyMfaOptions(user) } : {}),
  };
}

function legacyMfaOptions(user: UserRecord): Array<{ DeliveryMedium: string; AttributeName: string }> {
  return user.mfa.enabled.includes('SMS_MFA') && user.attributes.phone_number
    ? [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]
    : [];
}

/** GetUser/AdminGetUser body for a user. */
export function getUserOutput(ctx: EmulatorContext, user: UserRecord): Record<string, unknown> {
  return {
    Username: user.username,
    UserAttributes: ctx.attributeList(user),
    ...(legacyMfaOptions(user).length ? { MFAOptions: legacyMfaOptions(user) } : {}),
    ...(user.mfa.preferred ? { PreferredMfaSetting: user.mfa.preferred } : {}),
    ...(user.mfa.enabled.length ? { UserMFASettingList: [...user.mfa.enabled] } : {}),
  };
}

/**
 * Refuse users who may not authenticate or refresh: disabled users. Flows call this before
 * issuing anything.
 * @throws NotAuthorizedException `User is disabled.`
 */
export function assertCanAuthenticate(user: UserRecord): void {
  if (!user.enabled) throw errors.userDisabled();
}

/** Revoke every refresh token and access token of a user (global sign-out). */
export function revokeAllForUser(pool: PoolRecord, user: UserRecord): void {
  for (const o of Object.values(pool.origins)) if (o.sub === user.sub) o.revoked = true;
  for (const t of Object.values(pool.refreshTokens)) if (t.sub === user.sub) t.revoked = true;
}

/** Delete a user and everything issued to it. */
export function deleteUserRecord(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord): void {
  revokeAllForUser(pool, user);
  for (const [k, t] of Object.entries(pool.refreshTokens)) if (t.sub === user.sub) delete pool.refreshTokens[k];
  delete pool.users[ctx.userKey(pool, user.username)];
}

/** A temporary password that satisfies the pool policy. */
export function temporaryPassword(ctx: EmulatorContext, pool: PoolRecord): string {
  const len = Math.max(pool.passwordPolicy.MinimumLength, 12);
  return `${randomString(ctx.random, len - 4, ALPHABET.alnum)}aA1!`;
}

export { runTrigger, triggerEvent } from './triggers.js';

/**
 * Mark `attribute` of `user` verified, enforcing alias uniqueness: a verified alias may belong to
 * one user only (with `force` the alias moves from the other user).
 * @throws AliasExistsException.
 */
export function markVerified(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord, attribute: string, force: boolean): void {
  const value = user.attributes[attribute];
  if (value === undefined) return;
  if (pool.aliasAttributes.includes(attribute)) {
    for (const other of Object.values(pool.users)) {
      if (other === user || other.attributes[`${attribute}_verified`] !== 'true') continue;
      if (!sameValue(attribute, other.attributes[attribute], value)) continue;
      if (!force) {
        throw new EmulatorError('AliasExistsException', `An account with the given ${attribute === 'email' ? 'email' : 'phone number'} already exists.`);
      }
      other.attributes[`${attribute}_verified`] = 'false';
    }
  }
  user.attributes[`${attribute}_verified`] = 'true';
  user.updatedAt = ctx.now();
}

/**
 * Apply an attribute update (UpdateUserAttributes / AdminUpdateUserAttributes): changed email
 * or phone become unverified unless the update marks them verified, and get a code when the pool
 * auto-verifies them.
 * @returns CodeDeliveryDetailsList for the response.
 */
export async function applyAttributeUpdate(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  updates: Record<string, string>,
  o: { sendCodes: boolean },
): Promise<CodeDeliveryDetails[]> {
  checkWritableAttributes(pool, updates, { creating: false });
  const delivered: CodeDeliveryDetails[] = [];
  for (const a of pool.usernameAttributes) {
    const v = updates[a];
    if (v && Object.values(pool.users).some((u) => u !== user && sameValue(a, u.attributes[a], v))) {
      throw new EmulatorError('AliasExistsException', `An account with the given ${a === 'email' ? 'email' : 'phone_number'} already exists.`);
    }
  }
  const keepOriginal =
    (pool.config.UserAttributeUpdateSettings as { AttributesRequireVerificationBeforeUpdate?: string[] } | undefined)
      ?.AttributesRequireVerificationBeforeUpdate ?? [];
  for (const [name, value] of Object.entries(updates)) {
    if (name.endsWith('_verified')) continue;
    const changed = user.attributes[name] !== value;
    if (
      (name === 'email' || name === 'phone_number') &&
      changed &&
      updates[`${name}_verified`] !== 'true' &&
      keepOriginal.includes(name) &&
      pool.autoVerifiedAttributes.includes(name)
    ) {
      // UserAttributeUpdateSettings: the old value stays active until the new one is verified.
      user.extensions[`pending:${name}`] = value;
      delivered.push(
        await issueCode(ctx, pool, user, {
          purpose: 'VERIFY_ATTRIBUTE',
          slot: `VERIFY:${name}`,
          ttlMs: CODE_TTL_MS.VERIFY,
          attribute: name,
          value,
          triggerSource: 'CustomMessage_UpdateUserAttribute',
        }),
      );
      continue;
    }
    user.attributes[name] = value;
    if ((name === 'email' || name === 'phone_number') && changed) {
      delete user.extensions[`pending:${name}`];
      if (updates[`${name}_verified`] === 'true') continue;
      user.attributes[`${name}_verified`] = 'false';
      if (o.sendCodes && pool.autoVerifiedAttributes.includes(name)) {
        delivered.push(
          await issueCode(ctx, pool, user, {
            purpose: 'VERIFY_ATTRIBUTE',
            slot: `VERIFY:${name}`,
            ttlMs: CODE_TTL_MS.VERIFY,
            attribute: name,
            value,
            triggerSource: 'CustomMessage_UpdateUserAttribute',
          }),
        );
      }
    }
  }
  for (const [name, value] of Object.entries(updates)) {
    if (!name.endsWith('_verified')) continue;
    if (value === 'true') markVerified(ctx, pool, user, name.slice(0, -'_verified'.length), false);
    else user.attributes[name] = value;
  }
  user.updatedAt = ctx.now();
  return delivered;
}

/**
 * Delete attributes (DeleteUserAttributes / AdminDeleteUserAttributes).
 * @throws InvalidParameterException for required or unknown attributes.
 */
export function deleteAttributes(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord, names: unknown): void {
  if (!Array.isArray(names)) {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null",
    );
  }
  for (const n of names) {
    const def = pool.schema.find((s) => s.Name === n || s.Name === `dev:${n}`);
    if (!def || n === 'sub') throw errors.invalidParameter(`Invalid attribute name ${String(n)}`);
    if (def.Required) throw errors.invalidParameter(`Cannot delete required attribute ${n}`);
    if (pool.usernameAttributes.includes(n)) throw errors.invalidParameter(`Cannot delete attribute ${n}: it is the username`);
  }
  for (const n of names as string[]) {
    delete user.attributes[n];
    if (n === 'email' || n === 'phone_number') delete user.attributes[`${n}_verified`];
  }
  user.updatedAt = ctx.now();
}

function adminUser(ctx: EmulatorContext, input: OperationInput): { pool: PoolRecord; user: UserRecord } {
  const pool = ctx.getPool(input.UserPoolId);
  return { pool, user: ctx.getUser(pool, input.Username) };
}

async function sendSignUpCode(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord, purpose: string): Promise<CodeDeliveryDetails | undefined> {
  const dest = codeDestination(user, { verifiedOnly: false, prefer: pool.autoVerifiedAttributes });
  if (!dest) return undefined;
  return issueCode(ctx, pool, user, { purpose, slot: 'SIGN_UP', ttlMs: CODE_TTL_MS.SIGN_UP, attribute: dest.attribute, value: dest.value });
}

async function confirmUser(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord, clientId: string | undefined, source: string): Promise<void> {
  user.status = 'CONFIRMED';
  user.updatedAt = ctx.now();
  await runTrigger(
    ctx,
    pool,
    'postConfirmation',
    'PostConfirmation',
    triggerEvent(ctx, pool, source, user.username, clientId, { userAttributes: Object.fromEntries(ctx.attributeList(user).map((a) => [a.Name, a.Value])) }),
  );
}

function requireString(value: unknown, member: string): string {
  if (typeof value !== 'string' || value === '') {
    throw errors.invalidParameter(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** User operations (admin and sign-up). */
export const usersModule = defineModule({
  operations: defineOperations({
    SignUp: async (ctx, input) => {
      const { pool, client } = ctx.getClient(input.ClientId);
      const username = requireString(input.Username, 'username');
      await ctx.checkSecretHash(client, input.SecretHash, username);
      if ((pool.config.AdminCreateUserConfig as { AllowAdminCreateUserOnly?: boolean } | undefined)?.AllowAdminCreateUserOnly) {
        throw errors.notAuthorized('SignUp is not permitted for this user pool');
      }
      ctx.assertPasswordPolicy(pool, input.Password);
      const attributes = attributeRecord(input.UserAttributes);
      for (const k of Object.keys(attributes)) {
        if (k.endsWith('_verified')) delete attributes[k];
      }
      // preSignUp runs before the user exists; it may auto-confirm and auto-verify.
      const pre = await runTrigger(
        ctx,
        pool,
        'preSignUp',
        'PreSignUp',
        triggerEvent(ctx, pool, 'PreSignUp_SignUp', username, client.id, {
          userAttributes: { ...attributes },
          validationData: attributeRecord(input.ValidationData, 'ValidationData'),
          clientMetadata: input.ClientMetadata ?? {},
        }, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false }),
      );
      const user = await createUserRecord(ctx, pool, {
        username,
        attributes,
        password: input.Password,
        status: 'UNCONFIRMED',
        enforcePolicy: true,
      });
      let details: CodeDeliveryDetails | undefined;
      if (pre?.response?.autoConfirmUser) {
        if (pre.response.autoVerifyEmail && user.attributes.email) user.attributes.email_verified = 'true';
        if (pre.response.autoVerifyPhone && user.attributes.phone_number) user.attributes.phone_number_verified = 'true';
        await confirmUser(ctx, pool, user, client.id, 'PostConfirmation_ConfirmSignUp');
      } else {
        details = await sendSignUpCode(ctx, pool, user, 'SIGN_UP');
      }
      return {
        UserConfirmed: user.status === 'CONFIRMED',
        UserSub: user.sub,
        ...(details ? { CodeDeliveryDetails: details } : {}),
      };
    },

    ConfirmSignUp: async (ctx, input) => {
      const { pool, client } = ctx.getClient(input.ClientId);
      const username = requireString(input.Username, 'username');
      await ctx.checkSecretHash(client, input.SecretHash, username);
      const user = ctx.findUser(pool, username);
      if (!user) throw errors.userNotFound('Username/client id combination not found.');
      if (user.status !== 'UNCONFIRMED') {
        throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
      }
      checkCode(ctx, user, 'SIGN_UP', input.ConfirmationCode);
      const verified = (['email', 'phone_number'] as const).find((a) => user.attributes[a] && pool.autoVerifiedAttributes.includes(a));
      if (verified) markVerified(ctx, pool, user, verified, input.ForceAliasCreation === true);
      await confirmUser(ctx, pool, user, client.id, 'PostConfirmation_ConfirmSignUp');
      // Clients allowing USER_AUTH get a Session to sign in with right after sign-up (Amplify's autoSignIn).
      return client.explicitAuthFlows.includes('ALLOW_USER_AUTH') ? { Session: createSignUpSession(ctx, pool, client, user).id } : {};
    },

    ResendConfirmationCode: async (ctx, input) => {
      const { pool, client } = ctx.getClient(input.ClientId);
      const username = requireString(input.Username, 'username');
      await ctx.checkSecretHash(client, input.SecretHash, username);
      const user = ctx.findUser(pool, username);
      if (!user) throw errors.userNotFound('Username/client id combination not found.');
      if (user.status !== 'UNCONFIRMED') throw errors.invalidParameter('User is already confirmed.');
      const details = await sendSignUpCode(ctx, pool, user, 'RESEND_CODE');
      if (!details) {
        throw errors.invalidParameter('Cannot resend codes. Auto verification not turned on.');
      }
      return { CodeDeliveryDetails: details };
    },

    AdminCreateUser: async (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const username = requireString(input.Username, 'username');
      const action = input.MessageAction as string | undefined;
      if (action !== undefined && action !== 'RESEND' && action !== 'SUPPRESS') {
        throw errors.invalidParameter(
          `1 validation error detected: Value '${String(action)}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]`,
        );
      }
      const temp = input.TemporaryPassword === undefined ? temporaryPassword(ctx, pool) : requireString(input.TemporaryPassword, 'temporaryPassword');
      let user: UserRecord;
      if (action === 'RESEND') {
        user = ctx.getUser(pool, username);
        if (user.status !== 'FORCE_CHANGE_PASSWORD') {
          throw new EmulatorError('UnsupportedUserStateException', `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD.`);
        }
        ctx.assertPasswordPolicy(pool, temp);
        await ctx.setPassword(pool, user, temp, { temporary: true });
      } else {
        if (ctx.findUser(pool, username) && pool.users[ctx.userKey(pool, username)]) throw errors.usernameExists('User account already exists');
        const attributes = attributeRecord(input.UserAttributes);
        user = await createUserRecord(ctx, pool, {
          username,
          attributes,
          password: temp,
          temporary: true,
          status: 'FORCE_CHANGE_PASSWORD',
          enforcePolicy: true,
        });
        for (const a of ['email', 'phone_number']) {
          if (attributes[`${a}_verified`] === 'true') markVerified(ctx, pool, user, a, input.ForceAliasCreation === true);
        }
      }
      if (action !== 'SUPPRESS') {
        const mediums = (input.DesiredDeliveryMediums as string[] | undefined) ?? ['SMS'];
        for (const medium of mediums) {
          const attr = medium === 'EMAIL' ? 'email' : 'phone_number';
          const value = user.attributes[attr];
          if (!value) continue;
          const channel = medium === 'EMAIL' ? 'EMAIL' : 'SMS';
          const invite = (pool.config.AdminCreateUserConfig as { InviteMessageTemplate?: { EmailMessage?: string; SMSMessage?: string; EmailSubject?: string } } | undefined)
            ?.InviteMessageTemplate;
          const composed = await composeMessage(ctx, pool, user, {
            triggerSource: 'CustomMessage_AdminCreateUser',
            channel,
            code: temp,
            username,
            fallback: (channel === 'EMAIL' ? invite?.EmailMessage : invite?.SMSMessage) ?? 'Your username is {username} and temporary password is {####}.',
          });
          const subject = channel === 'EMAIL' ? (composed.subject ?? invite?.EmailSubject) : undefined;
          ctx.deliver({
            userPoolId: pool.id,
            username: user.username,
            destination: value,
            channel,
            purpose: 'ADMIN_CREATE_USER',
            code: temp,
            message: composed.message,
            ...(subject ? { subject } : {}),
          });
        }
      }
      return { User: userType(ctx, user) };
    },

    AdminGetUser: (ctx, input) => {
      const { user } = adminUser(ctx, input);
      return {
        ...getUserOutput(ctx, user),
        UserCreateDate: user.createdAt / 1000,
        UserLastModifiedDate: user.updatedAt / 1000,
        Enabled: user.enabled,
        UserStatus: user.status,
      };
    },

    AdminDeleteUser: (ctx, input) => {
      const { pool, user } = adminUser(ctx, input);
      deleteUserRecord(ctx, pool, user);
      return {};
    },

    AdminEnableUser: (ctx, input) => {
      const { user } = adminUser(ctx, input);
      user.enabled = true;
      user.updatedAt = ctx.now();
      return {};
    },

    AdminDisableUser: (ctx, input) => {
      const { pool, user } = adminUser(ctx, input);
      user.enabled = false;
      // "Deactivates a user and revokes all access tokens for the user": they stay dead after
      // AdminEnableUser. Refresh tokens are kept (see revokeAccessTokens).
      revokeAccessTokens(ctx, pool, user);
      user.updatedAt = ctx.now();
      return {};
    },

    AdminConfirmSignUp: async (ctx, input) => {
      const { pool, user } = adminUser(ctx, input);
      if (user.status !== 'UNCONFIRMED') {
        throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
      }
      delete user.codes.SIGN_UP;
      await confirmUser(ctx, pool, user, undefined, 'PostConfirmation_ConfirmSignUp');
      return {};
    },

    AdminSetUserPassword: async (ctx, input) => {
      const { pool, user } = adminUser(ctx, input);
      ctx.assertPasswordPolicy(pool, input.Password);
      await ctx.assertPasswordNotReused(pool, user, input.Password);
      const permanent = input.Permanent === true;
      await ctx.setPassword(pool, user, input.Password, { temporary: !permanent });
      if (permanent) {
        if (user.status !== 'UNCONFIRMED') user.status = 'CONFIRMED';
      } else {
        user.status = 'FORCE_CHANGE_PASSWORD';
      }
      return {};
    },

    AdminResetUserPassword: async (ctx, input) => {
      const { pool, user } = adminUser(ctx, input);
      const dest = codeDestination(user, { verifiedOnly: true });
      if (!dest) {
        throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
      }
      user.status = 'RESET_REQUIRED';
      await issueCode(ctx, pool, user, {
        purpose: 'FORGOT_PASSWORD',
        slot: 'FORGOT_PASSWORD',
        ttlMs: CODE_TTL_MS.FORGOT_PASSWORD,
        attribute: dest.attribute,
        value: dest.value,
      });
      return {};
    },

    AdminUpdateUserAttributes: async (ctx, input) => {
      const { pool, user } = adminUser(ctx, input);
      await applyAttributeUpdate(ctx, pool, user, attributeRecord(input.UserAttributes), { sendCodes: true });
      return {};
    },

    AdminDeleteUserAttributes: (ctx, input) => {
      const { pool, user } = adminUser(ctx, input);
      deleteAttributes(ctx, pool, user, input.UserAttributeNames);
      return {};
    },
  }),
});
