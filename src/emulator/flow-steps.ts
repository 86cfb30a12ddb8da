/**
 * The sign-in step machine after the first factor (password, SRP proof, custom challenge or
 * one-time code), in Cognito's order:
 * NEW_PASSWORD_REQUIRED → MFA (skipped on a remembered device, see devices.ts) →
 * DEVICE_SRP_AUTH (for a confirmed device) → tokens, with NewDeviceMetadata when the pool
 * tracks devices and the sign-in brought none.
 * @module
 */
import type { AuthenticationResult, EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { newFlowSession, type AuthProgress } from './flow-sessions.js';
import { issueDeviceChallenge, mfaSkippedByDevice, newDeviceMetadata } from './devices.js';
import { runPostAuthentication, runPreTokenGeneration } from './flow-triggers.js';
import { issueMfaStep } from './mfa.js';
import type { ClientRecord, PoolRecord, UserRecord } from './state.js';

/** Wire shape of InitiateAuth / RespondToAuthChallenge output. */
export interface ChallengeResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResult;
  AvailableChallenges?: string[];
}

/** Everything a step needs. */
export interface StepInput {
  ctx: EmulatorContext;
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  progress: AuthProgress;
}

/**
 * Attribute names a user must supply in NEW_PASSWORD_REQUIRED: required schema attributes the
 * user does not have yet.
 */
export function missingRequiredAttributes(pool: PoolRecord, user: UserRecord): string[] {
  return pool.schema
    .filter((a) => a.Required === true && a.Name !== 'sub' && !(a.Name in user.attributes))
    .map((a) => a.Name);
}

/** Checks the user may sign in at all, after the first factor. */
export function assertCanSignIn(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord): void {
  ctx.assertUserEnabled(user);
  if (user.status === 'UNCONFIRMED') throw new EmulatorError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') {
    throw new EmulatorError('PasswordResetRequiredException', 'Password reset required for the user');
  }
  // In FORCE_CHANGE_PASSWORD the password is the temporary one, whoever set it.
  if (user.status === 'FORCE_CHANGE_PASSWORD' && user.password) {
    const days = pool.passwordPolicy.TemporaryPasswordValidityDays ?? 7;
    if (ctx.now() > user.password.setAt + days * 86_400_000) {
      throw errors.notAuthorized('Temporary password has expired and must be reset by an administrator.');
    }
  }
}

/** Continues after the first factor was proven. */
export async function afterFirstFactor(s: StepInput): Promise<ChallengeResponse> {
  if (s.user.status === 'FORCE_CHANGE_PASSWORD') {
    const attrs: Record<string, string> = { ...s.user.attributes };
    const session = newFlowSession(s.ctx, s.pool, s.client, s.user, { challenge: 'NEW_PASSWORD_REQUIRED', progress: s.progress });
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session.id,
      ChallengeParameters: {
        USER_ID_FOR_SRP: s.user.username,
        requiredAttributes: JSON.stringify(missingRequiredAttributes(s.pool, s.user).map((n) => `userAttributes.${n}`)),
        userAttributes: JSON.stringify(attrs),
      },
    };
  }
  return afterNewPassword(s);
}

/** Continues after NEW_PASSWORD_REQUIRED (or when there was none): the MFA step. */
export async function afterNewPassword(s: StepInput): Promise<ChallengeResponse> {
  if (!s.progress.mfaDone && !s.progress.passwordless && !mfaSkippedByDevice(s)) {
    const step = await issueMfaStep(s);
    if (step) return step;
  }
  return afterMfa({ ...s, progress: { ...s.progress, mfaDone: true } });
}

/** Continues after the MFA step: device authentication for a confirmed device, else tokens. */
export async function afterMfa(s: StepInput): Promise<ChallengeResponse> {
  const deviceKey = s.progress.deviceKey;
  const device = deviceKey ? s.user.devices[deviceKey] : undefined;
  if (device && device.confirmed && device.passwordVerifier && !s.progress.passwordless) {
    return issueDeviceChallenge(s);
  }
  return finishSignIn(s, { deviceKey: device ? device.key : undefined });
}

/** Mints the tokens that end a sign-in. */
export async function finishSignIn(s: StepInput, o: { deviceKey: string | undefined }): Promise<ChallengeResponse> {
  const { ctx, pool, client, user } = s;
  let metadata: AuthenticationResult['NewDeviceMetadata'];
  let deviceKey = o.deviceKey;
  if (!deviceKey && pool.deviceConfiguration) {
    metadata = newDeviceMetadata(ctx, user);
    deviceKey = metadata.DeviceKey;
  }
  if (deviceKey && user.devices[deviceKey]) user.devices[deviceKey]!.lastAuthenticatedAt = ctx.now();
  const clientMetadata = s.progress.clientMetadata;
  await runPostAuthentication(ctx, pool, client, user, { newDeviceUsed: metadata !== undefined, clientMetadata });
  const claims = await runPreTokenGeneration(ctx, pool, client, user, 'TokenGeneration_Authentication', clientMetadata);
  const result = await ctx.mintTokens({ pool, client, user, ...(deviceKey ? { deviceKey } : {}), ...claims });
  if (metadata) result.NewDeviceMetadata = metadata;
  return { ChallengeParameters: {}, AuthenticationResult: result };
}
