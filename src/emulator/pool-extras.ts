/**
 * Pool configuration the emulator stores and returns but does not act on (no hosted UI, no
 * federation, no risk engine, no log delivery): resource servers, identity providers, the
 * user-pool domain, UI customization, risk configuration and log delivery configuration. Kept so
 * infrastructure-style tests can create, read, update, list and delete them with the service's
 * shapes and errors.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { defineModule, defineOperations } from './operations.js';
import { page, pageSize } from './paginate.js';
import type { PoolRecord } from './state.js';

function required(value: unknown, member: string): string {
  if (typeof value !== 'string' || value === '') {
    throw errors.invalidParameter(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function resourceServer(ctx: EmulatorContext, input: Record<string, any>): { pool: PoolRecord; id: string; servers: Record<string, Record<string, unknown>> } {
  const pool = ctx.getPool(input.UserPoolId);
  const id = required(input.Identifier, 'identifier');
  pool.resourceServers ??= {};
  return { pool, id, servers: pool.resourceServers };
}

function serverShape(pool: PoolRecord, id: string, input: Record<string, any>): Record<string, unknown> {
  const name = required(input.Name, 'name');
  const scopes = (input.Scopes ?? []) as Array<{ ScopeName?: unknown; ScopeDescription?: unknown }>;
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s?.ScopeName !== 'string' || typeof s?.ScopeDescription !== 'string')) {
    throw errors.invalidParameter('Scopes must be a list of {ScopeName, ScopeDescription}.');
  }
  return { UserPoolId: pool.id, Identifier: id, Name: name, Scopes: scopes.map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription })) };
}

function provider(ctx: EmulatorContext, input: Record<string, any>): { pool: PoolRecord; name: string; providers: Record<string, Record<string, unknown>> } {
  const pool = ctx.getPool(input.UserPoolId);
  const name = required(input.ProviderName, 'providerName');
  pool.identityProviders ??= {};
  return { pool, name, providers: pool.identityProviders };
}

const PROVIDER_TYPES = ['SAML', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'OIDC'];

/** Resource servers, identity providers, user-pool domains, UI customization, risk and log delivery configuration. */
export const poolExtrasModule = defineModule({
  operations: defineOperations({
    CreateResourceServer: (ctx, input) => {
      const { pool, id, servers } = resourceServer(ctx, input);
      if (servers[id]) throw errors.invalidParameter(`${id} already exists in user pool ${pool.id}.`);
      servers[id] = serverShape(pool, id, input);
      return { ResourceServer: servers[id] };
    },
    DescribeResourceServer: (ctx, input) => {
      const { id, servers } = resourceServer(ctx, input);
      if (!servers[id]) throw errors.resourceNotFound(`Resource server ${id} does not exist.`);
      return { ResourceServer: servers[id] };
    },
    UpdateResourceServer: (ctx, input) => {
      const { pool, id, servers } = resourceServer(ctx, input);
      if (!servers[id]) throw errors.resourceNotFound(`Resource server ${id} does not exist.`);
      servers[id] = serverShape(pool, id, input);
      return { ResourceServer: servers[id] };
    },
    DeleteResourceServer: (ctx, input) => {
      const { id, servers } = resourceServer(ctx, input);
      if (!servers[id]) throw errors.resourceNotFound(`Resource server ${id} does not exist.`);
      delete servers[id];
      return {};
    },
    ListResourceServers: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const limit = pageSize(input.MaxResults, 'maxResults', 50, undefined);
      const p = page(Object.values(pool.resourceServers ?? {}), (s) => String(s.Identifier), input.NextToken, limit, `rs:${pool.id}`);
      return { ResourceServers: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },

    CreateIdentityProvider: (ctx, input) => {
      const { pool, name, providers } = provider(ctx, input);
      if (!PROVIDER_TYPES.includes(input.ProviderType)) {
        throw errors.invalidParameter(
          `1 validation error detected: Value '${String(input.ProviderType)}' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: [${PROVIDER_TYPES.join(', ')}]`,
        );
      }
      if (providers[name]) throw new EmulatorError('DuplicateProviderException', `A provider with the name ${name} already exists in this user pool.`);
      const now = ctx.now() / 1000;
      providers[name] = {
        UserPoolId: pool.id,
        ProviderName: name,
        ProviderType: input.ProviderType,
        ProviderDetails: { ...(input.ProviderDetails ?? {}) },
        AttributeMapping: { ...(input.AttributeMapping ?? {}) },
        IdpIdentifiers: [...(input.IdpIdentifiers ?? [])],
        LastModifiedDate: now,
        CreationDate: now,
      };
      return { IdentityProvider: providers[name] };
    },
    DescribeIdentityProvider: (ctx, input) => {
      const { name, providers } = provider(ctx, input);
      if (!providers[name]) throw errors.resourceNotFound(`Identity provider ${name} does not exist.`);
      return { IdentityProvider: providers[name] };
    },
    UpdateIdentityProvider: (ctx, input) => {
      const { name, providers } = provider(ctx, input);
      const p = providers[name];
      if (!p) throw errors.resourceNotFound(`Identity provider ${name} does not exist.`);
      if (input.ProviderDetails) p.ProviderDetails = { ...(p.ProviderDetails as object), ...input.ProviderDetails };
      if (input.AttributeMapping) p.AttributeMapping = { ...input.AttributeMapping };
      if (input.IdpIdentifiers) p.IdpIdentifiers = [...input.IdpIdentifiers];
      p.LastModifiedDate = ctx.now() / 1000;
      return { IdentityProvider: p };
    },
    DeleteIdentityProvider: (ctx, input) => {
      const { name, providers } = provider(ctx, input);
      if (!providers[name]) throw errors.resourceNotFound(`Identity provider ${name} does not exist.`);
      delete providers[name];
      return {};
    },
    ListIdentityProviders: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const limit = pageSize(input.MaxResults, 'maxResults', 60, 60);
      const p = page(Object.values(pool.identityProviders ?? {}), (x) => String(x.ProviderName), input.NextToken, limit, `idp:${pool.id}`);
      return {
        Providers: p.items.map((x) => ({
          ProviderName: x.ProviderName,
          ProviderType: x.ProviderType,
          LastModifiedDate: x.LastModifiedDate,
          CreationDate: x.CreationDate,
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },
    GetIdentityProviderByIdentifier: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const id = required(input.IdpIdentifier, 'idpIdentifier');
      const found = Object.values(pool.identityProviders ?? {}).find((x) => (x.IdpIdentifiers as string[]).includes(id));
      if (!found) throw errors.resourceNotFound(`Identity provider with identifier ${id} does not exist.`);
      return { IdentityProvider: found };
    },

    SetUICustomization: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const clientId = typeof input.ClientId === 'string' && input.ClientId !== '' ? ctx.getClient(input.ClientId, pool.id).client.id : 'ALL';
      const store = ((pool.extensions['base:uiCustomization'] as Record<string, Record<string, unknown>> | undefined) ??= {});
      const now = ctx.now() / 1000;
      store[clientId] = {
        UserPoolId: pool.id,
        ClientId: clientId,
        ...(typeof input.CSS === 'string' ? { CSS: input.CSS } : {}),
        CSSVersion: String(Number((store[clientId]?.CSSVersion as string | undefined) ?? '0') + 1),
        ...(input.ImageFile ? { ImageUrl: `https://emulator.invalid/${pool.id}/${clientId}/logo.png` } : {}),
        LastModifiedDate: now,
        CreationDate: (store[clientId]?.CreationDate as number | undefined) ?? now,
      };
      return { UICustomization: store[clientId] };
    },
    GetUICustomization: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const clientId = typeof input.ClientId === 'string' && input.ClientId !== '' ? ctx.getClient(input.ClientId, pool.id).client.id : 'ALL';
      const store = (pool.extensions['base:uiCustomization'] as Record<string, Record<string, unknown>> | undefined) ?? {};
      return { UICustomization: store[clientId] ?? store.ALL ?? { UserPoolId: pool.id, ClientId: clientId } };
    },

    SetRiskConfiguration: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const clientId = typeof input.ClientId === 'string' && input.ClientId !== '' ? ctx.getClient(input.ClientId, pool.id).client.id : 'ALL';
      const store = ((pool.extensions['base:riskConfiguration'] as Record<string, Record<string, unknown>> | undefined) ??= {});
      store[clientId] = {
        UserPoolId: pool.id,
        ...(clientId !== 'ALL' ? { ClientId: clientId } : {}),
        ...(input.CompromisedCredentialsRiskConfiguration ? { CompromisedCredentialsRiskConfiguration: input.CompromisedCredentialsRiskConfiguration } : {}),
        ...(input.AccountTakeoverRiskConfiguration ? { AccountTakeoverRiskConfiguration: input.AccountTakeoverRiskConfiguration } : {}),
        ...(input.RiskExceptionConfiguration ? { RiskExceptionConfiguration: input.RiskExceptionConfiguration } : {}),
        LastModifiedDate: ctx.now() / 1000,
      };
      return { RiskConfiguration: store[clientId] };
    },
    DescribeRiskConfiguration: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const clientId = typeof input.ClientId === 'string' && input.ClientId !== '' ? ctx.getClient(input.ClientId, pool.id).client.id : 'ALL';
      const store = (pool.extensions['base:riskConfiguration'] as Record<string, Record<string, unknown>> | undefined) ?? {};
      return { RiskConfiguration: store[clientId] ?? store.ALL ?? { UserPoolId: pool.id } };
    },

    SetLogDeliveryConfiguration: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      if (!Array.isArray(input.LogConfigurations)) {
        throw errors.invalidParameter("1 validation error detected: Value null at 'logConfigurations' failed to satisfy constraint: Member must not be null");
      }
      const cfg = { UserPoolId: pool.id, LogConfigurations: input.LogConfigurations };
      pool.extensions['base:logDelivery'] = cfg;
      return { LogDeliveryConfiguration: cfg };
    },
    GetLogDeliveryConfiguration: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      return { LogDeliveryConfiguration: pool.extensions['base:logDelivery'] ?? { UserPoolId: pool.id, LogConfigurations: [] } };
    },

    CreateUserPoolDomain: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const domain = required(input.Domain, 'domain');
      if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]+)*$/.test(domain)) {
        throw errors.invalidParameter(`Domain ${domain} is not valid.`);
      }
      if (Object.values(ctx.state.pools).some((p) => p.domain?.Domain === domain)) {
        throw errors.invalidParameter('Domain already associated with another user pool.');
      }
      if (pool.domain) throw errors.invalidParameter(`User pool ${pool.id} already has a domain configured.`);
      pool.domain = {
        UserPoolId: pool.id,
        AWSAccountId: '000000000000',
        Domain: domain,
        S3Bucket: 'aws-cognito-prod-emulator-assets',
        CloudFrontDistribution: `${domain}.emulator.invalid`,
        Version: '1',
        Status: 'ACTIVE',
        ...(input.CustomDomainConfig ? { CustomDomainConfig: input.CustomDomainConfig } : {}),
        ManagedLoginVersion: input.ManagedLoginVersion ?? 1,
      };
      return { ManagedLoginVersion: pool.domain.ManagedLoginVersion, ...(input.CustomDomainConfig ? { CloudFrontDomain: pool.domain.CloudFrontDistribution } : {}) };
    },
    DescribeUserPoolDomain: (ctx, input) => {
      const domain = required(input.Domain, 'domain');
      const pool = Object.values(ctx.state.pools).find((p) => p.domain?.Domain === domain);
      // Like the service: an unknown domain answers an empty description, not an error.
      return { DomainDescription: pool ? { ...pool.domain } : {} };
    },
    UpdateUserPoolDomain: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const domain = required(input.Domain, 'domain');
      if (pool.domain?.Domain !== domain) throw errors.invalidParameter(`Domain ${domain} is not associated with user pool ${pool.id}.`);
      if (input.CustomDomainConfig) pool.domain.CustomDomainConfig = input.CustomDomainConfig;
      if (input.ManagedLoginVersion !== undefined) pool.domain.ManagedLoginVersion = input.ManagedLoginVersion;
      return { ManagedLoginVersion: pool.domain.ManagedLoginVersion, CloudFrontDomain: pool.domain.CloudFrontDistribution };
    },
    DeleteUserPoolDomain: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const domain = required(input.Domain, 'domain');
      if (pool.domain?.Domain !== domain) throw errors.invalidParameter(`Domain ${domain} is not associated with user pool ${pool.id}.`);
      delete pool.domain;
      return {};
    },
  }),
});
