/**
 * The sign-in triggers around the flows: pre authentication (may refuse a sign-in), post
 * authentication, and pre token generation (adds, overrides or suppresses claims; V1
 * `claimsOverrideDetails` for the id token, V2 `claimsAndScopeOverrideDetails` for both
 * tokens, and `groupOverrideDetails`). Stand-ins come from `emu.setTriggers`; a throwing
 * trigger answers `UserLambdaValidationException: <Trigger> failed with error <message>.`
 * @module
 */
import type { EmulatorContext } from './context.js';
import { errors } from './errors.js';
import type { ClientRecord, PoolRecord, UserRecord } from './state.js';
import { createUserRecord, runTrigger, triggerEvent } from './users.js';

function userAttributes(user: UserRecord): Record<string, string> {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

/** PreAuthentication_Authentication: runs before the password or proof is checked. */
export async function runPreAuthentication(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  clientMetadata: Record<string, string> | undefined,
): Promise<void> {
  const event = triggerEvent(ctx, pool, 'PreAuthentication_Authentication', user.username, client.id, {
    userAttributes: userAttributes(user),
    validationData: clientMetadata ?? {},
    userNotFound: false,
  });
  await runTrigger(ctx, pool, 'preAuthentication', 'PreAuthentication', event);
}

/** PostAuthentication_Authentication: runs after a sign-in succeeded. */
export async function runPostAuthentication(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  o: { newDeviceUsed: boolean; clientMetadata: Record<string, string> | undefined },
): Promise<void> {
  const event = triggerEvent(ctx, pool, 'PostAuthentication_Authentication', user.username, client.id, {
    userAttributes: userAttributes(user),
    newDeviceUsed: o.newDeviceUsed,
    clientMetadata: o.clientMetadata ?? {},
  });
  await runTrigger(ctx, pool, 'postAuthentication', 'PostAuthentication', event);
}

interface ClaimsOverride {
  claimsToAddOrOverride?: Record<string, unknown>;
  claimsToSuppress?: string[];
}

function apply(target: Record<string, unknown>, o: ClaimsOverride | undefined): void {
  if (!o) return;
  Object.assign(target, o.claimsToAddOrOverride ?? {});
  // Undefined members are left out of the serialized token.
  for (const name of o.claimsToSuppress ?? []) target[name] = undefined;
}

/**
 * Pre token generation. Returns the claims to merge into the access and id tokens (empty when
 * no trigger is set).
 * @param source - TokenGeneration_Authentication, _RefreshTokens, _NewPasswordChallenge...
 */
export async function runPreTokenGeneration(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  source: string,
  clientMetadata: Record<string, string> | undefined,
): Promise<{ accessClaims?: Record<string, unknown>; idClaims?: Record<string, unknown> }> {
  if (!ctx.triggers(pool.id).preTokenGeneration) return {};
  const event = triggerEvent(ctx, pool, source, user.username, client.id, {
    userAttributes: userAttributes(user),
    groupConfiguration: { groupsToOverride: [...user.groups], iamRolesToOverride: [], preferredRole: null },
    clientMetadata: clientMetadata ?? {},
  });
  const out = await runTrigger(ctx, pool, 'preTokenGeneration', 'PreTokenGeneration', event);
  const response = (out?.response ?? {}) as {
    claimsOverrideDetails?: ClaimsOverride & { groupOverrideDetails?: { groupsToOverride?: string[] } };
    claimsAndScopeOverrideDetails?: {
      idTokenGeneration?: ClaimsOverride;
      accessTokenGeneration?: ClaimsOverride;
      groupOverrideDetails?: { groupsToOverride?: string[] };
    };
  };
  const accessClaims: Record<string, unknown> = {};
  const idClaims: Record<string, unknown> = {};
  const v1 = response.claimsOverrideDetails;
  apply(idClaims, v1);
  const v2 = response.claimsAndScopeOverrideDetails;
  apply(idClaims, v2?.idTokenGeneration);
  apply(accessClaims, v2?.accessTokenGeneration);
  const groups = v2?.groupOverrideDetails?.groupsToOverride ?? v1?.groupOverrideDetails?.groupsToOverride;
  if (Array.isArray(groups)) {
    const value = groups.length ? [...groups] : undefined;
    accessClaims['cognito:groups'] = value;
    idClaims['cognito:groups'] = value;
  }
  return { accessClaims, idClaims };
}

/**
 * UserMigration_Authentication: when a password sign-in (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH) names a user the pool does not have and the pool has a user
 * migration trigger, the trigger may vouch for the password and return the user's attributes;
 * the user is then created with that password and `finalUserStatus` (CONFIRMED by default,
 * or RESET_REQUIRED). Returns the new user, or undefined when there is no trigger.
 * @throws UserNotFoundException when the trigger refuses (throws), as Cognito answers.
 */
export async function runUserMigration(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  password: string,
  clientMetadata: Record<string, string> | undefined,
): Promise<UserRecord | undefined> {
  if (!ctx.triggers(pool.id).userMigration) return undefined;
  const event = triggerEvent(
    ctx,
    pool,
    'UserMigration_Authentication',
    username,
    client.id,
    { password, validationData: clientMetadata ?? {}, clientMetadata: clientMetadata ?? {} },
    { userAttributes: undefined, finalUserStatus: undefined, messageAction: undefined, forceAliasCreation: undefined },
  );
  let out: Record<string, any> | undefined;
  try {
    out = await runTrigger(ctx, pool, 'userMigration', 'UserMigration', event);
  } catch {
    throw errors.userNotFound('Exception migrating user in app client ' + client.id);
  }
  const response = (out?.response ?? {}) as { userAttributes?: Record<string, unknown>; finalUserStatus?: unknown };
  if (!response.userAttributes || typeof response.userAttributes !== 'object') {
    throw errors.userNotFound('Exception migrating user in app client ' + client.id);
  }
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.userAttributes)) if (k !== 'sub' && v !== undefined && v !== null) attributes[k] = String(v);
  const status = response.finalUserStatus === 'RESET_REQUIRED' ? 'RESET_REQUIRED' : 'CONFIRMED';
  return createUserRecord(ctx, pool, { username, attributes, password, status, enforcePolicy: false });
}
