/**
 * User pools: CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools,
 * Set/GetUserPoolMfaConfig, AddCustomAttributes, GetCSVHeader.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { defineModule, defineOperations, type OperationInput } from './operations.js';
import { page, pageSize } from './paginate.js';
import { addSchemaAttribute, buildSchema } from './schema.js';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy, type PoolMfaConfig, type PoolRecord } from './state.js';
import { ALPHABET, randomString } from './util.js';

/** Wire settings kept verbatim in `pool.config` (returned by DescribeUserPool, replaced by UpdateUserPool). */
const VERBATIM_KEYS = [
  'LambdaConfig',
  'VerificationMessageTemplate',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'SmsVerificationMessage',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'DeletionProtection',
  'UserPoolTier',
] as const;

const SIGN_IN_ATTRIBUTES = ['email', 'phone_number'];
const ALIAS_ATTRIBUTES = ['email', 'phone_number', 'preferred_username'];

function stringList(value: unknown, member: string, allowed?: readonly string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw errors.invalidParameter(`${member} must be a list of strings.`);
  }
  for (const v of value as string[]) {
    if (allowed && !allowed.includes(v)) {
      throw errors.invalidParameter(
        `1 validation error detected: Value '[${String(value)}]' at '${member.charAt(0).toLowerCase() + member.slice(1)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
  }
  return [...new Set(value as string[])];
}

function passwordPolicy(input: OperationInput): PasswordPolicy {
  const p = (input.Policies as { PasswordPolicy?: Partial<PasswordPolicy> } | undefined)?.PasswordPolicy;
  const policy: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, ...(p ?? {}) };
  if (!Number.isInteger(policy.MinimumLength) || policy.MinimumLength < 6 || policy.MinimumLength > 99) {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${String(policy.MinimumLength)}' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6`,
    );
  }
  return policy;
}

function mfaFromInput(input: OperationInput): PoolMfaConfig {
  const mode = (input.MfaConfiguration ?? 'OFF') as string;
  if (!['OFF', 'ON', 'OPTIONAL'].includes(mode)) {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${mode}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]`,
    );
  }
  const cfg: PoolMfaConfig = { MfaConfiguration: mode as PoolMfaConfig['MfaConfiguration'] };
  // A pool created with MFA and an SMS configuration offers SMS_MFA (the only factor CreateUserPool can name).
  if (mode !== 'OFF') {
    cfg.SmsMfaConfiguration = {
      ...(input.SmsAuthenticationMessage ? { SmsAuthenticationMessage: input.SmsAuthenticationMessage as string } : {}),
      ...(input.SmsConfiguration ? { SmsConfiguration: input.SmsConfiguration as Record<string, unknown> } : {}),
    };
  }
  return cfg;
}

/** Wire `UserPoolType` of a pool. */
export function describePool(pool: PoolRecord): Record<string, unknown> {
  const sec = (ms: number) => ms / 1000;
  const { Policies: keptPolicies, ...config } = pool.config as { Policies?: { SignInPolicy?: unknown } };
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: pool.arn,
    Policies: {
      PasswordPolicy: { ...pool.passwordPolicy },
      SignInPolicy: keptPolicies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] },
    },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    SchemaAttributes: pool.schema.map((s) => ({ ...s })),
    AutoVerifiedAttributes: [...pool.autoVerifiedAttributes],
    ...(pool.aliasAttributes.length ? { AliasAttributes: [...pool.aliasAttributes] } : {}),
    ...(pool.usernameAttributes.length ? { UsernameAttributes: [...pool.usernameAttributes] } : {}),
    VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    MfaConfiguration: pool.mfa.MfaConfiguration,
    ...(pool.deviceConfiguration ? { DeviceConfiguration: { ...pool.deviceConfiguration } } : {}),
    EstimatedNumberOfUsers: Object.keys(pool.users).length,
    EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
    UserPoolTags: {},
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
    UsernameConfiguration: { CaseSensitive: pool.caseSensitive },
    AccountRecoverySetting: {
      RecoveryMechanisms: [
        { Priority: 1, Name: 'verified_email' },
        { Priority: 2, Name: 'verified_phone_number' },
      ],
    },
    UserPoolTier: 'ESSENTIALS',
    ...config,
    ...(pool.domain ? { Domain: pool.domain.Domain } : {}),
    ...(pool.domain?.CustomDomainConfig ? { CustomDomain: pool.domain.Domain } : {}),
    CreationDate: sec(pool.createdAt),
    LastModifiedDate: sec(pool.updatedAt),
  };
}

function verbatim(input: OperationInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of VERBATIM_KEYS) if (input[k] !== undefined) out[k] = input[k];
  // Policies.SignInPolicy (AllowedFirstAuthFactors) is kept for the USER_AUTH flow; PasswordPolicy is interpreted.
  const signIn = (input.Policies as { SignInPolicy?: unknown } | undefined)?.SignInPolicy;
  if (signIn !== undefined) out.Policies = { SignInPolicy: signIn };
  return out;
}

function deviceConfiguration(input: OperationInput): PoolRecord['deviceConfiguration'] {
  const d = input.DeviceConfiguration as PoolRecord['deviceConfiguration'] | undefined;
  if (d === undefined || d === null) return undefined;
  if (typeof d !== 'object') throw errors.invalidParameter('DeviceConfiguration must be a DeviceConfigurationType.');
  return {
    ChallengeRequiredOnNewDevice: d.ChallengeRequiredOnNewDevice === true,
    DeviceOnlyRememberedOnUserPrompt: d.DeviceOnlyRememberedOnUserPrompt === true,
  };
}

/**
 * Create a pool record from a CreateUserPool input (also used by seeding, which may fix the id).
 * @throws InvalidParameterException for invalid settings.
 */
export function createPool(ctx: EmulatorContext, input: OperationInput, fixedId?: string): PoolRecord {
  const name = input.PoolName;
  if (typeof name !== 'string' || name.length < 1 || name.length > 128) {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null",
    );
  }
  const usernameAttributes = stringList(input.UsernameAttributes, 'UsernameAttributes', SIGN_IN_ATTRIBUTES);
  const aliasAttributes = stringList(input.AliasAttributes, 'AliasAttributes', ALIAS_ATTRIBUTES);
  if (usernameAttributes.length && aliasAttributes.length) {
    throw errors.invalidParameter('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');
  }
  const region = ctx.state.region;
  const id = fixedId ?? `${region}_${randomString(ctx.random, 9, ALPHABET.alnum)}`;
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(id)) throw errors.invalidParameter(`Invalid user pool id ${id}.`);
  if (ctx.state.pools[id]) throw new EmulatorError('ResourceExistsException', `User pool ${id} already exists.`);
  const caseSensitive =
    (input.UsernameConfiguration as { CaseSensitive?: boolean } | undefined)?.CaseSensitive !== false;
  const now = ctx.now();
  const dc = deviceConfiguration(input);
  const pool: PoolRecord = {
    id,
    name,
    arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${id}`,
    createdAt: now,
    updatedAt: now,
    passwordPolicy: passwordPolicy(input),
    mfa: mfaFromInput(input),
    ...(dc ? { deviceConfiguration: dc } : {}),
    usernameAttributes,
    aliasAttributes,
    autoVerifiedAttributes: stringList(input.AutoVerifiedAttributes, 'AutoVerifiedAttributes', SIGN_IN_ATTRIBUTES),
    caseSensitive,
    schema: buildSchema(input.Schema),
    config: verbatim(input),
    clients: {},
    users: {},
    groups: {},
    refreshTokens: {},
    origins: {},
    sessions: {},
    extensions: {},
  };
  ctx.state.pools[id] = pool;
  return pool;
}

function mfaConfigOutput(pool: PoolRecord): Record<string, unknown> {
  const m = pool.mfa;
  return {
    MfaConfiguration: m.MfaConfiguration,
    ...(m.SmsMfaConfiguration ? { SmsMfaConfiguration: m.SmsMfaConfiguration } : {}),
    ...(m.SoftwareTokenMfaConfiguration ? { SoftwareTokenMfaConfiguration: m.SoftwareTokenMfaConfiguration } : {}),
    ...(m.EmailMfaConfiguration ? { EmailMfaConfiguration: m.EmailMfaConfiguration } : {}),
    ...(m.WebAuthnConfiguration ? { WebAuthnConfiguration: m.WebAuthnConfiguration } : {}),
  };
}

function poolByArn(ctx: EmulatorContext, arn: unknown): PoolRecord {
  const pool = Object.values(ctx.state.pools).find((p) => p.arn === arn);
  if (!pool) throw errors.resourceNotFound(`Resource ${String(arn)} does not exist.`);
  return pool;
}

/** Pool operations. */
export const poolsModule = defineModule({
  operations: defineOperations({
    CreateUserPool: (ctx, input) => ({ UserPool: describePool(createPool(ctx, input)) }),

    DescribeUserPool: (ctx, input) => ({ UserPool: describePool(ctx.getPool(input.UserPoolId)) }),

    UpdateUserPool: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      // Like the service, settings left out of UpdateUserPool return to their defaults.
      pool.passwordPolicy = passwordPolicy(input);
      const mfa = mfaFromInput(input);
      pool.mfa = {
        ...mfa,
        ...(pool.mfa.SoftwareTokenMfaConfiguration && mfa.MfaConfiguration !== 'OFF'
          ? { SoftwareTokenMfaConfiguration: pool.mfa.SoftwareTokenMfaConfiguration }
          : {}),
        ...(pool.mfa.EmailMfaConfiguration && mfa.MfaConfiguration !== 'OFF'
          ? { EmailMfaConfiguration: pool.mfa.EmailMfaConfiguration }
          : {}),
      };
      const dc = deviceConfiguration(input);
      if (dc) pool.deviceConfiguration = dc;
      else delete pool.deviceConfiguration;
      pool.autoVerifiedAttributes = stringList(input.AutoVerifiedAttributes, 'AutoVerifiedAttributes', SIGN_IN_ATTRIBUTES);
      pool.config = verbatim(input);
      pool.updatedAt = ctx.now();
      return {};
    },

    DeleteUserPool: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      if (pool.config.DeletionProtection === 'ACTIVE') {
        throw errors.invalidParameter('The user pool cannot be deleted because deletion protection is activated.');
      }
      delete ctx.state.pools[pool.id];
      return {};
    },

    ListUserPools: (ctx, input) => {
      const limit = pageSize(input.MaxResults, 'maxResults', 60, undefined);
      const p = page(Object.values(ctx.state.pools), (x) => x.id, input.NextToken, limit, 'pools');
      return {
        UserPools: p.items.map((x) => ({
          Id: x.id,
          Name: x.name,
          LambdaConfig: (x.config.LambdaConfig as object | undefined) ?? {},
          LastModifiedDate: x.updatedAt / 1000,
          CreationDate: x.createdAt / 1000,
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },

    SetUserPoolMfaConfig: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const next: PoolMfaConfig = { ...pool.mfa };
      if (input.MfaConfiguration !== undefined) {
        if (!['OFF', 'ON', 'OPTIONAL'].includes(input.MfaConfiguration)) {
          throw errors.invalidParameter(
            `1 validation error detected: Value '${String(input.MfaConfiguration)}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]`,
          );
        }
        next.MfaConfiguration = input.MfaConfiguration;
      }
      for (const k of ['SmsMfaConfiguration', 'SoftwareTokenMfaConfiguration', 'EmailMfaConfiguration', 'WebAuthnConfiguration'] as const) {
        if (input[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = input[k];
      }
      const smsOn = next.SmsMfaConfiguration !== undefined;
      const totpOn = next.SoftwareTokenMfaConfiguration?.Enabled === true;
      const emailOn = next.EmailMfaConfiguration !== undefined;
      if (next.MfaConfiguration !== 'OFF' && !smsOn && !totpOn && !emailOn) {
        throw errors.invalidParameter('At least one MFA method must be enabled when MFA is ON or OPTIONAL.');
      }
      if (emailOn && next.MfaConfiguration === 'OFF') {
        // The service refuses an email MFA configuration while MFA is off; keep it, it is harmless here.
      }
      pool.mfa = next;
      pool.updatedAt = ctx.now();
      return mfaConfigOutput(pool);
    },

    GetUserPoolMfaConfig: (ctx, input) => mfaConfigOutput(ctx.getPool(input.UserPoolId)),

    AddCustomAttributes: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const list = input.CustomAttributes;
      if (!Array.isArray(list) || list.length === 0) {
        throw errors.invalidParameter(
          "1 validation error detected: Value null at 'customAttributes' failed to satisfy constraint: Member must not be null",
        );
      }
      const schema = pool.schema.map((s) => ({ ...s }));
      for (const a of list) addSchemaAttribute(schema, a, false);
      pool.schema = schema;
      pool.updatedAt = ctx.now();
      return {};
    },

    TagResource: (ctx, input) => {
      const pool = poolByArn(ctx, input.ResourceArn);
      const tags = { ...((pool.config.UserPoolTags as Record<string, string> | undefined) ?? {}), ...(input.Tags ?? {}) };
      pool.config.UserPoolTags = tags;
      return {};
    },

    UntagResource: (ctx, input) => {
      const pool = poolByArn(ctx, input.ResourceArn);
      const tags = { ...((pool.config.UserPoolTags as Record<string, string> | undefined) ?? {}) };
      for (const k of (input.TagKeys as string[] | undefined) ?? []) delete tags[k];
      pool.config.UserPoolTags = tags;
      return {};
    },

    ListTagsForResource: (ctx, input) => ({
      Tags: { ...((poolByArn(ctx, input.ResourceArn).config.UserPoolTags as Record<string, string> | undefined) ?? {}) },
    }),

    GetCSVHeader: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const names = pool.schema.filter((s) => s.Name !== 'sub' && !s.Name.startsWith('dev:')).map((s) => s.Name);
      return {
        UserPoolId: pool.id,
        CSVHeader: [...names, 'cognito:mfa_enabled', 'cognito:username'],
      };
    },
  }),
});
