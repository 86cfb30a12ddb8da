/**
 * Refresh and revocation: REFRESH_TOKEN_AUTH / REFRESH_TOKEN (InitiateAuth, AdminInitiateAuth),
 * GetTokensFromRefreshToken with refresh-token rotation and its retry grace period, RevokeToken,
 * GlobalSignOut and AdminUserGlobalSignOut.
 *
 * Revocation follows Cognito: revoking a refresh token also revokes the access tokens issued
 * from it (same `origin_jti`); a global sign-out revokes every refresh token of the user and
 * every access token issued to them so far. Refresh tokens of a device-bound sign-in only work
 * with the same DEVICE_KEY, and only once that device is confirmed.
 * @module
 */
import type { AuthenticationResult, EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { runPreTokenGeneration } from './flow-triggers.js';
import { defineModule, defineOperations } from './operations.js';
import type { ClientRecord, PoolRecord, RefreshTokenRecord, UserRecord } from './state.js';
import { timingSafeEqual } from './util.js';

/** Cognito's messages for refresh tokens (NotAuthorizedException). */
export const REFRESH_MESSAGES = {
  invalid: 'Invalid Refresh Token',
  revoked: 'Refresh Token has been revoked',
  expired: 'Refresh Token has expired',
} as const;

function lookup(pool: PoolRecord, client: ClientRecord, token: unknown): RefreshTokenRecord {
  if (typeof token !== 'string' || token === '') throw errors.invalidParameter('Missing required parameter REFRESH_TOKEN');
  const record = Object.hasOwn(pool.refreshTokens, token) ? pool.refreshTokens[token] : undefined;
  if (!record || record.clientId !== client.id) throw errors.notAuthorized(REFRESH_MESSAGES.invalid);
  return record;
}

/** Checks a refresh token record can be used now; returns its user. */
function checkUsable(
  ctx: EmulatorContext,
  pool: PoolRecord,
  record: RefreshTokenRecord,
  deviceKey: unknown,
  o: { rotation: boolean },
): UserRecord {
  const now = ctx.now();
  if (record.revoked) throw errors.notAuthorized(REFRESH_MESSAGES.revoked);
  const origin = pool.origins[record.originJti];
  if (origin?.revoked) throw errors.notAuthorized(REFRESH_MESSAGES.revoked);
  if (record.expiresAt <= now) throw errors.notAuthorized(REFRESH_MESSAGES.expired);
  // Within the grace period means strictly before its end: with RetryGracePeriodSeconds 0 the
  // old token is refused at once, even in the same millisecond.
  if (record.replacedBy !== undefined && (record.graceUntil === undefined || now >= record.graceUntil)) {
    throw o.rotation
      ? new EmulatorError('RefreshTokenReuseException', 'Refresh token has already been used.')
      : errors.notAuthorized(REFRESH_MESSAGES.invalid);
  }
  if (record.deviceKey !== undefined && deviceKey !== record.deviceKey) {
    throw errors.notAuthorized(REFRESH_MESSAGES.invalid);
  }
  const user = Object.values(pool.users).find((u) => u.sub === record.sub);
  if (!user) throw errors.userNotFound();
  ctx.assertUserEnabled(user);
  // A tracked device must be confirmed (ConfirmDevice) before its refresh tokens work: Cognito
  // refuses them until then (as its SDK maintainers describe it, with this message).
  if (record.deviceKey !== undefined && !user.devices[record.deviceKey]?.confirmed) {
    throw errors.notAuthorized(REFRESH_MESSAGES.invalid);
  }
  return user;
}

/** `replacedBy` while the replacing token is being minted. */
const ROTATION_PENDING = 'pending';

function rotationEnabled(client: ClientRecord): boolean {
  return client.refreshTokenRotation?.Feature === 'ENABLED';
}

/**
 * REFRESH_TOKEN_AUTH: new access and id tokens from a refresh token (same origin_jti, no new
 * refresh token). Refused when the client rotates refresh tokens (that needs GetTokensFromRefreshToken).
 */
export async function refreshTokenAuth(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, unknown>,
): Promise<{ ChallengeParameters: Record<string, string>; AuthenticationResult: AuthenticationResult }> {
  const record = lookup(pool, client, params.REFRESH_TOKEN);
  // SECRET_HASH over the user's actual username (as the challenge answers). Whether Cognito also
  // takes one over the sub (when it differs from the username) is not settled by AWS
  // documentation; third-party reports disagree, so both stay accepted here. An alias is not.
  await ctx.checkSecretHash(client, params.SECRET_HASH, record.username, record.sub);
  if (rotationEnabled(client)) {
    throw errors.invalidParameter(
      'Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken instead of REFRESH_TOKEN_AUTH.',
    );
  }
  const user = checkUsable(ctx, pool, record, params.DEVICE_KEY, { rotation: false });
  const origin = pool.origins[record.originJti];
  const claims = await runPreTokenGeneration(ctx, pool, client, user, 'TokenGeneration_RefreshTokens', undefined);
  const result = await ctx.mintTokens({
    pool,
    client,
    user,
    ...(origin ? { origin } : {}),
    ...(record.deviceKey ? { deviceKey: record.deviceKey } : {}),
    refreshToken: false,
    ...claims,
  });
  delete result.RefreshToken;
  return { ChallengeParameters: {}, AuthenticationResult: result };
}

function checkClientSecret(client: ClientRecord, secret: unknown): void {
  if (!client.secret) return;
  if (typeof secret !== 'string' || secret === '') {
    throw errors.notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  }
  // During a secret rotation (AddUserPoolClientSecret) either active secret is accepted.
  const secrets = [client.secret, ...(client.additionalSecrets ?? []).map((x) => x.value)];
  if (!secrets.some((value) => timingSafeEqual(secret, value))) {
    throw errors.notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  }
}

function revokeRecord(pool: PoolRecord, record: RefreshTokenRecord): void {
  record.revoked = true;
  const origin = pool.origins[record.originJti];
  if (origin) origin.revoked = true;
  // The whole rotation family shares the origin; mark its members too.
  for (const other of Object.values(pool.refreshTokens)) if (other.originJti === record.originJti) other.revoked = true;
}

/** Revokes every refresh token and every access token of a user (GlobalSignOut). */
export function signOutEverywhere(pool: PoolRecord, user: UserRecord): void {
  for (const record of Object.values(pool.refreshTokens)) if (record.sub === user.sub) record.revoked = true;
  for (const origin of Object.values(pool.origins)) if (origin.sub === user.sub) origin.revoked = true;
}


/** Refresh and revocation operations. */
export const refreshModule = defineModule({
  operations: defineOperations({
    async GetTokensFromRefreshToken(ctx, input) {
      const { pool, client } = ctx.getClient(input.ClientId);
      if (typeof input.RefreshToken !== 'string' || input.RefreshToken === '') {
        throw errors.invalidParameter(
          "1 validation error detected: Value null at 'refreshToken' failed to satisfy constraint: Member must not be null",
        );
      }
      checkClientSecret(client, input.ClientSecret);
      const record = lookup(pool, client, input.RefreshToken);
      const user = checkUsable(ctx, pool, record, input.DeviceKey, { rotation: rotationEnabled(client) });
      const origin = pool.origins[record.originJti];
      const rotate = rotationEnabled(client);
      // The rotation is claimed here, before anything is awaited, so two concurrent requests
      // with one token cannot both pass checkUsable: "When RetryGracePeriodSeconds is 0 ... a
      // successful request immediately invalidates the submitted refresh token"
      // (RefreshTokenRotationType). Within a grace period a retried request works again.
      const claimed = rotate && record.replacedBy === undefined;
      if (claimed) {
        const grace = Math.max(0, Math.min(60, Number(client.refreshTokenRotation?.RetryGracePeriodSeconds ?? 0)));
        record.replacedBy = ROTATION_PENDING;
        record.graceUntil = ctx.now() + grace * 1000;
      }
      let result: AuthenticationResult;
      try {
        const metadata = input.ClientMetadata && typeof input.ClientMetadata === 'object' ? (input.ClientMetadata as Record<string, string>) : undefined;
        const claims = await runPreTokenGeneration(ctx, pool, client, user, 'TokenGeneration_RefreshTokens', metadata);
        result = await ctx.mintTokens({
          pool,
          client,
          user,
          ...(origin ? { origin } : {}),
          ...(record.deviceKey ? { deviceKey: record.deviceKey } : {}),
          refreshToken: rotate,
          ...claims,
        });
      } catch (err) {
        // Nothing was issued: the token stays usable, as if this request never came.
        if (claimed && record.replacedBy === ROTATION_PENDING) {
          delete record.replacedBy;
          delete record.graceUntil;
        }
        throw err;
      }
      if (rotate && result.RefreshToken) {
        const now = ctx.now();
        if (claimed) record.replacedBy = result.RefreshToken;
        const fresh = pool.refreshTokens[result.RefreshToken];
        // The new token lives as long as the old one would have (rotation does not extend a session).
        if (fresh) fresh.expiresAt = Math.max(now + 1000, record.expiresAt);
      } else {
        delete result.RefreshToken;
      }
      return { AuthenticationResult: result };
    },

    async RevokeToken(ctx, input) {
      const { pool, client } = ctx.getClient(input.ClientId);
      if (typeof input.Token !== 'string' || input.Token === '') {
        throw errors.invalidParameter("1 validation error detected: Value null at 'token' failed to satisfy constraint: Member must not be null");
      }
      checkClientSecret(client, input.ClientSecret);
      if (!client.enableTokenRevocation) {
        throw new EmulatorError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.');
      }
      if (input.Token.split('.').length === 3 && !Object.hasOwn(pool.refreshTokens, input.Token)) {
        throw new EmulatorError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
      }
      const record = Object.hasOwn(pool.refreshTokens, input.Token) ? pool.refreshTokens[input.Token] : undefined;
      if (!record) return {}; // RFC 7009: an unknown token is not an error.
      if (record.clientId !== client.id) throw errors.notAuthorized('Invalid Refresh Token');
      revokeRecord(pool, record);
      return {};
    },

    async GlobalSignOut(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      signOutEverywhere(pool, user);
      return {};
    },

    async AdminUserGlobalSignOut(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      signOutEverywhere(pool, user);
      return {};
    },
  }),
});
