/**
 * What a signed-in user does with an access token, and the password-reset pair:
 * GetUser, UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode,
 * VerifyUserAttribute, ChangePassword, DeleteUser, ForgotPassword, ConfirmForgotPassword.
 * @module
 */
import { CODE_TTL_MS, checkCode, codeDestination, issueCode, maskDestination } from './codes.js';
import type { EmulatorContext } from './context.js';
import { errors } from './errors.js';
import { defineModule, defineOperations } from './operations.js';
import { attributeRecord } from './schema.js';
import { applyAttributeUpdate, deleteAttributes, deleteUserRecord, getUserOutput, markVerified } from './users.js';

/**
 * What ForgotPassword and ConfirmForgotPassword share: the app client, a required Username, the
 * SECRET_HASH over it, and the user (undefined when unknown; in LEGACY mode that is an error).
 */
async function passwordResetTarget(ctx: EmulatorContext, input: Record<string, any>) {
  const { pool, client } = ctx.getClient(input.ClientId);
  const username = input.Username;
  if (typeof username !== 'string' || username === '') {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null",
    );
  }
  await ctx.checkSecretHash(client, input.SecretHash, username);
  const user = ctx.findUser(pool, username);
  if (!user && client.preventUserExistenceErrors === 'LEGACY') throw errors.userNotFound('Username/client id combination not found.');
  return { pool, client, username, user };
}

/** Self-service user operations. */
export const userSelfModule = defineModule({
  operations: defineOperations({
    GetUser: async (ctx, input) => {
      const { user, client } = await ctx.requireAccessToken(input.AccessToken);
      const out = getUserOutput(ctx, user);
      // A client with ReadAttributes reads only those (sub always).
      if (client.readAttributes) {
        const allowed = client.readAttributes;
        out.UserAttributes = (out.UserAttributes as Array<{ Name: string }>).filter((a) => a.Name === 'sub' || allowed.includes(a.Name));
      }
      return out;
    },

    UpdateUserAttributes: async (ctx, input) => {
      const { pool, user, client } = await ctx.requireAccessToken(input.AccessToken);
      const updates = attributeRecord(input.UserAttributes);
      if (client.writeAttributes) {
        for (const name of Object.keys(updates)) {
          if (!client.writeAttributes.includes(name)) {
            throw errors.notAuthorized(`A client attempted to write unauthorized attribute`);
          }
        }
      }
      for (const name of Object.keys(updates)) {
        if (name.endsWith('_verified')) {
          throw errors.invalidParameter(`Cannot modify an already provided ${name}`);
        }
      }
      const list = await applyAttributeUpdate(ctx, pool, user, updates, { sendCodes: true });
      return list.length ? { CodeDeliveryDetailsList: list } : {};
    },

    DeleteUserAttributes: async (ctx, input) => {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      deleteAttributes(ctx, pool, user, input.UserAttributeNames);
      return {};
    },

    GetUserAttributeVerificationCode: async (ctx, input) => {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      const name = input.AttributeName;
      if (name !== 'email' && name !== 'phone_number') {
        throw errors.invalidParameter(`Invalid attribute name ${String(name)} for verification.`);
      }
      const pending = user.extensions[`pending:${name}`];
      const value = typeof pending === 'string' ? pending : user.attributes[name];
      if (!value) throw errors.invalidParameter(`Invalid ${name === 'email' ? 'email' : 'phone number'}: ${name} does not exist for the user.`);
      return {
        CodeDeliveryDetails: await issueCode(ctx, pool, user, {
          purpose: 'VERIFY_ATTRIBUTE',
          slot: `VERIFY:${name}`,
          ttlMs: CODE_TTL_MS.VERIFY,
          attribute: name,
          value,
        }),
      };
    },

    VerifyUserAttribute: async (ctx, input) => {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      const name = input.AttributeName;
      if (typeof name !== 'string' || !user.attributes[name]) {
        throw errors.invalidParameter(`Invalid attribute name ${String(name)} for verification.`);
      }
      checkCode(ctx, user, `VERIFY:${name}`, input.Code);
      const pending = user.extensions[`pending:${name}`];
      if (typeof pending === 'string') {
        // A change held back by UserAttributeUpdateSettings takes effect now.
        user.attributes[name] = pending;
        delete user.extensions[`pending:${name}`];
      }
      markVerified(ctx, pool, user, name, false);
      return {};
    },

    ChangePassword: async (ctx, input) => {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      if (typeof input.PreviousPassword === 'string' && !(await ctx.verifyPassword(user, input.PreviousPassword))) {
        throw errors.notAuthorized('Incorrect username or password.');
      }
      ctx.assertPasswordPolicy(pool, input.ProposedPassword);
      await ctx.assertPasswordNotReused(pool, user, input.ProposedPassword);
      await ctx.setPassword(pool, user, input.ProposedPassword);
      return {};
    },

    DeleteUser: async (ctx, input) => {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      deleteUserRecord(ctx, pool, user);
      return {};
    },

    ForgotPassword: async (ctx, input) => {
      const { pool, username, user } = await passwordResetTarget(ctx, input);
      if (!user) {
        // With user-existence errors prevented, the service pretends it sent a code.
        const fake = username.includes('@') ? username : 'user@example.com';
        return { CodeDeliveryDetails: { Destination: maskDestination(fake, 'email'), DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
      }
      if (!user.enabled) throw errors.userDisabled();
      const dest = codeDestination(user, { verifiedOnly: true });
      if (!dest) {
        throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
      }
      return {
        CodeDeliveryDetails: await issueCode(ctx, pool, user, {
          purpose: 'FORGOT_PASSWORD',
          slot: 'FORGOT_PASSWORD',
          ttlMs: CODE_TTL_MS.FORGOT_PASSWORD,
          attribute: dest.attribute,
          value: dest.value,
        }),
      };
    },

    ConfirmForgotPassword: async (ctx, input) => {
      const { pool, user } = await passwordResetTarget(ctx, input);
      if (!user) throw errors.codeMismatch();
      if (!user.enabled) throw errors.userDisabled();
      ctx.assertPasswordPolicy(pool, input.Password);
      await ctx.assertPasswordNotReused(pool, user, input.Password);
      checkCode(ctx, user, 'FORGOT_PASSWORD', input.ConfirmationCode);
      await ctx.setPassword(pool, user, input.Password);
      if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED';
      return {};
    },
  }),
});
