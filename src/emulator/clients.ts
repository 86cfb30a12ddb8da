/**
 * App clients: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
 * DeleteUserPoolClient, ListUserPoolClients.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { errors } from './errors.js';
import { defineModule, defineOperations, type OperationInput } from './operations.js';
import { page, pageSize } from './paginate.js';
import type { ClientRecord, PoolRecord, TimeUnit } from './state.js';
import { ALPHABET, randomString } from './util.js';

/** ExplicitAuthFlows values the service accepts; legacy names map to their ALLOW_ form. */
const FLOWS = [
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
];
const LEGACY: Record<string, string> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
};
/** What a client allows when ExplicitAuthFlows is not given. */
export const DEFAULT_AUTH_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function explicitFlows(value: unknown): string[] {
  if (value === undefined || value === null) return [...DEFAULT_AUTH_FLOWS];
  if (!Array.isArray(value)) throw errors.invalidParameter('ExplicitAuthFlows must be a list of strings.');
  for (const f of value) {
    if (!FLOWS.includes(f)) {
      throw errors.invalidParameter(
        `1 validation error detected: Value '[${value.join(', ')}]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${FLOWS.join(', ')}]]`,
      );
    }
  }
  const legacy = value.some((f: string) => LEGACY[f]);
  const modern = value.some((f: string) => f.startsWith('ALLOW_'));
  if (legacy && modern) {
    throw errors.invalidParameter('ExplicitAuthFlows cannot contain both legacy and new (ALLOW_) values.');
  }
  const out = value.map((f: string) => LEGACY[f] ?? f);
  // Legacy values always implied SRP and refresh.
  if (legacy) out.push('ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH');
  return [...new Set(out)];
}

function validity(
  input: OperationInput,
): Pick<ClientRecord, 'accessTokenValidity' | 'idTokenValidity' | 'refreshTokenValidity' | 'tokenValidityUnits'> {
  const units = (input.TokenValidityUnits ?? {}) as Partial<Record<'AccessToken' | 'IdToken' | 'RefreshToken', TimeUnit>>;
  for (const [k, u] of Object.entries(units)) {
    if (u !== undefined && !(u in UNIT_SECONDS)) {
      throw errors.invalidParameter(`TokenValidityUnits.${k} must be one of seconds, minutes, hours, days.`);
    }
  }
  const pick = (
    key: 'AccessToken' | 'IdToken' | 'RefreshToken',
    defValue: number,
    defUnit: TimeUnit,
    unitWhenValueOnly: TimeUnit,
    minS: number,
    maxS: number,
    label: string,
  ): [number, TimeUnit] => {
    const v = input[`${key}Validity`] as unknown;
    if (v === undefined || v === null) {
      // Left out (also on update): the default, expressed in the unit given if any.
      const unit = units[key];
      return unit ? [Math.max(1, Math.round((defValue * UNIT_SECONDS[defUnit]) / UNIT_SECONDS[unit])), unit] : [defValue, defUnit];
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw errors.invalidParameter(`${key}Validity must be a positive integer.`);
    }
    const unit = units[key] ?? unitWhenValueOnly;
    const seconds = v * UNIT_SECONDS[unit];
    if (seconds < minS || seconds > maxS) throw errors.invalidParameter(label);
    return [v, unit];
  };
  const [a, au] = pick('AccessToken', 60, 'minutes', 'hours', 300, 86400, 'Access token validity must be between 5 minutes and 1 day.');
  const [i, iu] = pick('IdToken', 60, 'minutes', 'hours', 300, 86400, 'Id token validity must be between 5 minutes and 1 day.');
  const [r, ru] = pick('RefreshToken', 30, 'days', 'days', 3600, 3650 * 86400, 'Refresh token validity must be between 60 minutes and 10 years.');
  if (r * UNIT_SECONDS[ru] <= a * UNIT_SECONDS[au] || r * UNIT_SECONDS[ru] <= i * UNIT_SECONDS[iu]) {
    throw errors.invalidParameter('Refresh token validity must be greater than access and id token validity.');
  }
  return {
    accessTokenValidity: a,
    idTokenValidity: i,
    refreshTokenValidity: r,
    tokenValidityUnits: { AccessToken: au, IdToken: iu, RefreshToken: ru },
  };
}

function settings(input: OperationInput, prev?: ClientRecord): Omit<ClientRecord, 'id' | 'userPoolId' | 'secret' | 'createdAt' | 'updatedAt'> {
  const name = input.ClientName ?? prev?.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 128) {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must not be null",
    );
  }
  const authSessionValidity = input.AuthSessionValidity ?? 3;
  if (!Number.isInteger(authSessionValidity) || authSessionValidity < 3 || authSessionValidity > 15) {
    throw errors.invalidParameter('AuthSessionValidity must be between 3 and 15 minutes.');
  }
  // The API default is LEGACY (only the console preselects ENABLED): "When you create a new app
  // client with the Amazon Cognito user pools API, PreventUserExistenceErrors is LEGACY ... by
  // default" (developer guide, Managing user existence error responses). An update without the
  // field resets it to that default, as it does every other optional setting here.
  const pue = input.PreventUserExistenceErrors ?? 'LEGACY';
  if (pue !== 'ENABLED' && pue !== 'LEGACY') throw errors.invalidParameter('PreventUserExistenceErrors must be ENABLED or LEGACY.');
  const rotation = input.RefreshTokenRotation as ClientRecord['refreshTokenRotation'] | undefined;
  if (rotation !== undefined) {
    if (rotation.Feature !== 'ENABLED' && rotation.Feature !== 'DISABLED') {
      throw errors.invalidParameter('RefreshTokenRotation.Feature must be ENABLED or DISABLED.');
    }
    const g = rotation.RetryGracePeriodSeconds;
    if (g !== undefined && (!Number.isInteger(g) || g < 0 || g > 60)) {
      throw errors.invalidParameter('RefreshTokenRotation.RetryGracePeriodSeconds must be between 0 and 60.');
    }
  }
  const explicitAuthFlows = explicitFlows(input.ExplicitAuthFlows);
  if (rotation?.Feature === 'ENABLED' && explicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
    throw errors.invalidParameter(
      'The ALLOW_REFRESH_TOKEN_AUTH auth flow cannot be enabled when refresh token rotation is enabled.',
    );
  }
  const config: Record<string, unknown> = {};
  for (const k of [
    'SupportedIdentityProviders',
    'CallbackURLs',
    'LogoutURLs',
    'DefaultRedirectURI',
    'AllowedOAuthFlows',
    'AllowedOAuthScopes',
    'AllowedOAuthFlowsUserPoolClient',
    'AnalyticsConfiguration',
    'EnablePropagateAdditionalUserContextData',
  ]) {
    if (input[k] !== undefined) config[k] = input[k];
  }
  return {
    name,
    explicitAuthFlows,
    ...validity(input),
    authSessionValidity,
    enableTokenRevocation: input.EnableTokenRevocation !== false,
    preventUserExistenceErrors: pue,
    ...(rotation ? { refreshTokenRotation: { ...rotation } } : {}),
    ...(Array.isArray(input.ReadAttributes) ? { readAttributes: [...input.ReadAttributes] } : {}),
    ...(Array.isArray(input.WriteAttributes) ? { writeAttributes: [...input.WriteAttributes] } : {}),
    config,
  };
}

/** Wire `UserPoolClientType`. */
export function describeClient(client: ClientRecord): Record<string, unknown> {
  return {
    UserPoolId: client.userPoolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    LastModifiedDate: client.updatedAt / 1000,
    CreationDate: client.createdAt / 1000,
    RefreshTokenValidity: client.refreshTokenValidity,
    AccessTokenValidity: client.accessTokenValidity,
    IdTokenValidity: client.idTokenValidity,
    TokenValidityUnits: { ...client.tokenValidityUnits },
    ...(client.readAttributes ? { ReadAttributes: [...client.readAttributes] } : {}),
    ...(client.writeAttributes ? { WriteAttributes: [...client.writeAttributes] } : {}),
    ExplicitAuthFlows: [...client.explicitAuthFlows],
    AllowedOAuthFlowsUserPoolClient: false,
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: client.authSessionValidity,
    ...(client.refreshTokenRotation ? { RefreshTokenRotation: { ...client.refreshTokenRotation } } : {}),
    ...client.config,
  };
}

/**
 * Create a client in `pool` from a CreateUserPoolClient input; seeding may fix the id and secret.
 * @throws InvalidParameterException for invalid settings.
 */
export function createClient(
  ctx: EmulatorContext,
  pool: PoolRecord,
  input: OperationInput,
  fixed: { id?: string; secret?: string } = {},
): ClientRecord {
  const id = fixed.id ?? randomString(ctx.random, 26, ALPHABET.lowerAlnum);
  if (!/^[\w+]+$/.test(id) || id.length > 128) throw errors.invalidParameter(`Invalid client id ${id}.`);
  if (Object.values(ctx.state.pools).some((p) => p.clients[id])) {
    throw errors.invalidParameter(`User pool client ${id} already exists.`);
  }
  const now = ctx.now();
  const secret = fixed.secret ?? (input.GenerateSecret === true ? randomString(ctx.random, 51, ALPHABET.lowerAlnum) : undefined);
  const client: ClientRecord = {
    id,
    userPoolId: pool.id,
    createdAt: now,
    updatedAt: now,
    ...(secret ? { secret, secretId: secretId(ctx, id), secretCreatedAt: now } : {}),
    ...settings(input),
  };
  pool.clients[id] = client;
  return client;
}

function secretId(ctx: EmulatorContext, clientId: string): string {
  return `${clientId}--${randomString(ctx.random, 12, ALPHABET.lowerAlnum)}`;
}

function secretDescriptors(client: ClientRecord): Array<{ ClientSecretId: string; ClientSecretCreateDate: number }> {
  const out: Array<{ ClientSecretId: string; ClientSecretCreateDate: number }> = [];
  if (client.secret) {
    out.push({ ClientSecretId: client.secretId ?? `${client.id}--primary`, ClientSecretCreateDate: (client.secretCreatedAt ?? client.createdAt) / 1000 });
  }
  for (const x of client.additionalSecrets ?? []) out.push({ ClientSecretId: x.id, ClientSecretCreateDate: x.createdAt / 1000 });
  return out;
}

/** Client operations. */
export const clientsModule = defineModule({
  operations: defineOperations({
    CreateUserPoolClient: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      return { UserPoolClient: describeClient(createClient(ctx, pool, input)) };
    },

    DescribeUserPoolClient: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      return { UserPoolClient: describeClient(ctx.getClient(input.ClientId, pool.id).client) };
    },

    UpdateUserPoolClient: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const { client } = ctx.getClient(input.ClientId, pool.id);
      const next: ClientRecord = {
        id: client.id,
        userPoolId: client.userPoolId,
        createdAt: client.createdAt,
        updatedAt: ctx.now(),
        ...(client.secret ? { secret: client.secret } : {}),
        ...(client.secretId ? { secretId: client.secretId } : {}),
        ...(client.secretCreatedAt !== undefined ? { secretCreatedAt: client.secretCreatedAt } : {}),
        ...(client.additionalSecrets ? { additionalSecrets: client.additionalSecrets } : {}),
        ...settings(input, client),
      };
      pool.clients[client.id] = next;
      return { UserPoolClient: describeClient(next) };
    },

    DeleteUserPoolClient: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const { client } = ctx.getClient(input.ClientId, pool.id);
      delete pool.clients[client.id];
      return {};
    },

    AddUserPoolClientSecret: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const { client } = ctx.getClient(input.ClientId, pool.id);
      if (!client.secret) throw errors.invalidParameter(`Client ${client.id} has no client secret to rotate.`);
      if ((client.additionalSecrets ?? []).length >= 1) {
        throw errors.invalidParameter('A client can have at most 2 client secrets. Delete one before adding another.');
      }
      const custom = input.ClientSecret as unknown;
      if (custom !== undefined && (typeof custom !== 'string' || !/^[\w+=,.@-]{24,64}$/.test(custom))) {
        throw errors.invalidParameter('ClientSecret must be 24 to 64 characters: letters, digits and +=,.@-_.');
      }
      const now = ctx.now();
      const added = { id: secretId(ctx, client.id), value: (custom as string | undefined) ?? randomString(ctx.random, 51, ALPHABET.lowerAlnum), createdAt: now };
      client.additionalSecrets = [added];
      client.updatedAt = now;
      return { ClientSecretDescriptor: { ClientSecretId: added.id, ClientSecretValue: added.value, ClientSecretCreateDate: now / 1000 } };
    },

    ListUserPoolClientSecrets: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const { client } = ctx.getClient(input.ClientId, pool.id);
      return { ClientSecrets: secretDescriptors(client) };
    },

    DeleteUserPoolClientSecret: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const { client } = ctx.getClient(input.ClientId, pool.id);
      const ids = secretDescriptors(client).map((d) => d.ClientSecretId);
      if (!ids.includes(input.ClientSecretId)) throw errors.resourceNotFound(`Client secret ${String(input.ClientSecretId)} does not exist.`);
      if (ids.length === 1) throw errors.invalidParameter('The last client secret of a client cannot be deleted.');
      const extra = client.additionalSecrets ?? [];
      if (ids[0] === input.ClientSecretId) {
        // The remaining secret becomes the client's secret.
        const [next] = extra;
        client.secret = next!.value;
        client.secretId = next!.id;
        client.secretCreatedAt = next!.createdAt;
      }
      delete client.additionalSecrets;
      client.updatedAt = ctx.now();
      return {};
    },

    ListUserPoolClients: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const limit = pageSize(input.MaxResults, 'maxResults', 60, 60);
      const p = page(Object.values(pool.clients), (c) => c.id, input.NextToken, limit, `clients:${pool.id}`);
      return {
        UserPoolClients: p.items.map((c) => ({ ClientId: c.id, UserPoolId: c.userPoolId, ClientName: c.name })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },
  }),
});
