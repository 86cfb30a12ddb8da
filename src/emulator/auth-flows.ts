/**
 * InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and AdminRespondToAuthChallenge:
 * USER_SRP_AUTH (proof verified for real), USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH
 * (ADMIN_NO_SRP_AUTH), REFRESH_TOKEN_AUTH, CUSTOM_AUTH (with or without SRP_A), and USER_AUTH
 * (choice-based, see flow-user-auth.ts); every challenge answer is dispatched from here.
 *
 * Also the password hook: whenever a password is set, the SRP salt and verifier are stored on
 * the user (`password.srpSalt`, `password.srpVerifier`), as Cognito keeps them.
 * @module
 */
import { computeVerifier, poolNameFromId } from '../core/srp.js';
import type { EmulatorContext } from './context.js';
import { nextCustomStep, runVerify } from './custom-auth.js';
import { answerDeviceSrpAuth, checkDevicePasswordVerifier, deviceNotFound } from './devices.js';
import { EmulatorError, errors, isEmulatorError } from './errors.js';
import { isLockedOut, PASSWORD_ATTEMPTS_EXCEEDED, reserveAttempt } from './flow-lockout.js';
import { consume, flowData, newFlowSession, openSession, type AuthProgress, type CustomStep } from './flow-sessions.js';
import {
  afterFirstFactor,
  afterMfa,
  afterNewPassword,
  assertCanSignIn,
  finishSignIn,
  missingRequiredAttributes,
  type ChallengeResponse,
  type StepInput,
} from './flow-steps.js';
import { runPreAuthentication, runUserMigration } from './flow-triggers.js';
import { verifyWebAuthnAnswer } from './flow-webauthn.js';
import { answerPasswordStep, answerSelectChallenge, startUserAuth } from './flow-user-auth.js';
import { checkMfaAnswer, completeMfaSetup, finishEmailSetup, issueMfaChallenge, noteWrongCode, userMfaMethods, type MfaMethod } from './mfa.js';
import { defineModule, defineOperations, type OperationInput } from './operations.js';
import { refreshTokenAuth } from './refresh.js';
import { createSalt, parseSrpA, parseSrpTimestamp, startSrpServer, verifySrpClaim } from './srp-server.js';
import type { ClientRecord, PoolRecord, SessionRecord, UserRecord } from './state.js';
import { toHex } from './util.js';

/** The ExplicitAuthFlows entry each AuthFlow needs. */
const FLOW_PERMISSION: Record<string, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
};
const ADMIN_ONLY = new Set(['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);
const PUBLIC_ONLY = new Set(['USER_PASSWORD_AUTH']);

/** Cognito's answer to a wrong password or SRP proof. */
export const INCORRECT = 'Incorrect username or password.';

function param(params: Record<string, unknown>, name: string): string {
  const v = params[name];
  if (typeof v !== 'string' || v === '') throw errors.invalidParameter(`Missing required parameter ${name}`);
  return v;
}

function stringRecord(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.invalidParameter(`${field}: expected a map of strings`);
  return value as Record<string, unknown>;
}

function metadata(input: OperationInput): Record<string, string> | undefined {
  const m = input.ClientMetadata;
  return m && typeof m === 'object' ? (m as Record<string, string>) : undefined;
}

function resolveClient(ctx: EmulatorContext, input: OperationInput, admin: boolean): { pool: PoolRecord; client: ClientRecord } {
  if (admin) {
    const pool = ctx.getPool(input.UserPoolId);
    return ctx.getClient(input.ClientId, pool.id);
  }
  return ctx.getClient(input.ClientId);
}

/** The user for a sign-in name, or the "no such user" answer for this client. */
function userOrNotFound(client: ClientRecord, user: UserRecord | undefined): UserRecord | undefined {
  if (user) return user;
  if (client.preventUserExistenceErrors === 'ENABLED') return undefined;
  throw errors.userNotFound();
}

/** The device named by DEVICE_KEY must exist for the user (checked before the session is used). */
function checkDeviceKey(user: UserRecord, deviceKey: unknown): string | undefined {
  if (deviceKey === undefined || deviceKey === null || deviceKey === '') return undefined;
  if (typeof deviceKey !== 'string' || !Object.hasOwn(user.devices, deviceKey)) throw deviceNotFound();
  return deviceKey;
}

/**
 * The DEVICE_KEY of a challenge answer: the one sent with it, else the one the sign-in started
 * with. An explicit null (amazon-cognito-identity-js retrying after "Device does not exist.")
 * means "no device".
 */
function deviceKeyOf(responses: Record<string, unknown>, progress: AuthProgress): unknown {
  return Object.hasOwn(responses, 'DEVICE_KEY') ? responses.DEVICE_KEY : progress.deviceKey;
}

/** `progress` with its device key replaced by `deviceKey` (or removed). */
function withDevice(progress: AuthProgress, deviceKey: string | undefined): AuthProgress {
  const { deviceKey: _previous, ...rest } = progress;
  return deviceKey ? { ...rest, deviceKey } : rest;
}

/** Refuses a sign-in attempt during a lockout window (uncounted). */
function checkLockout(ctx: EmulatorContext, user: UserRecord): void {
  if (isLockedOut(user, ctx.now())) throw errors.notAuthorized(PASSWORD_ATTEMPTS_EXCEEDED);
}

/** Issues PASSWORD_VERIFIER for a client's SRP_A (USER_SRP_AUTH, CUSTOM_AUTH with SRP_A, USER_AUTH PASSWORD_SRP). */
export function issuePasswordVerifier(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord | undefined,
  username: string,
  A: bigint,
  progress: AuthProgress,
): ChallengeResponse {
  const verifierHex = user?.password?.srpVerifier;
  const salt = user?.password?.srpSalt ?? createSalt(ctx.random);
  // Unknown user (PreventUserExistenceErrors) or no SRP verifier: a challenge that no proof can answer.
  const fake = !user || !verifierHex;
  const verifier = fake ? BigInt('0x' + toHex(ctx.random(32))) : BigInt('0x' + verifierHex);
  const server = startSrpServer({ verifier, random: ctx.random });
  const name = user?.username ?? username;
  const session = newFlowSession(ctx, pool, client, { username: name }, {
    challenge: 'PASSWORD_VERIFIER',
    progress,
    A: A.toString(16),
    b: server.b.toString(16),
    B: server.SRP_B,
    ...(fake ? { fake: true } : {}),
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    // USER_SRP_AUTH carries its state in SECRET_BLOCK alone; choice-based sign-in (USER_AUTH) also
    // hands out a Session. Either way the answer is matched by its secret block.
    ...(progress.flow === 'USER_AUTH' ? { Session: session.id } : {}),
    ChallengeParameters: {
      SALT: salt,
      SECRET_BLOCK: session.id,
      SRP_B: server.SRP_B,
      USERNAME: name,
      USER_ID_FOR_SRP: name,
    },
  };
}

function requireSrpA(params: Record<string, unknown>): bigint {
  const raw = param(params, 'SRP_A');
  const A = parseSrpA(raw);
  // A ≡ 0 (mod N) would make the session key independent of the password.
  if (A === undefined) throw errors.notAuthorized(INCORRECT);
  return A;
}

/**
 * Counts a password attempt toward the lockout before the first await (so parallel guesses
 * cannot all pass checkLockout), then runs the pre-authentication trigger; an attempt the
 * trigger refuses is withdrawn. Settle the returned reservation with `succeeded()`.
 */
async function reserveAndPreAuthenticate(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  progress: AuthProgress,
): Promise<ReturnType<typeof reserveAttempt>> {
  const attempt = reserveAttempt(user, ctx.now());
  try {
    await runPreAuthentication(ctx, pool, client, user, progress.clientMetadata);
  } catch (err) {
    attempt.withdrawn();
    throw err;
  }
  return attempt;
}

/**
 * Checks a clear password (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH PASSWORD)
 * with the lockout rules, then continues the sign-in.
 */
export async function passwordFactor(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord | undefined,
  password: string,
  progress: AuthProgress,
): Promise<ChallengeResponse> {
  if (!user) throw errors.notAuthorized(INCORRECT);
  checkLockout(ctx, user);
  const deviceKey = checkDeviceKey(user, progress.deviceKey);
  const attempt = await reserveAndPreAuthenticate(ctx, pool, client, user, progress);
  if (!(await ctx.verifyPassword(user, password))) throw errors.notAuthorized(INCORRECT);
  attempt.succeeded();
  assertCanSignIn(ctx, pool, user);
  return afterFirstFactor({ ctx, pool, client, user, progress: { ...progress, ...(deviceKey ? { deviceKey } : {}) } });
}

async function initiate(ctx: EmulatorContext, input: OperationInput, admin: boolean): Promise<ChallengeResponse> {
  const flow = input.AuthFlow;
  if (typeof flow !== 'string' || !(flow in FLOW_PERMISSION)) {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${String(flow)}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(FLOW_PERMISSION).join(', ')}]`,
    );
  }
  const { pool, client } = resolveClient(ctx, input, admin);
  if ((ADMIN_ONLY.has(flow) && !admin) || (PUBLIC_ONLY.has(flow) && admin)) {
    throw errors.invalidParameter('Initiate Auth method not supported.');
  }
  if (!client.explicitAuthFlows.includes(FLOW_PERMISSION[flow]!)) {
    throw errors.invalidParameter(
      flow === 'USER_PASSWORD_AUTH' ? 'USER_PASSWORD_AUTH flow not enabled for this client' : 'Auth flow not enabled for this client',
    );
  }
  const params = stringRecord(input.AuthParameters, 'AuthParameters');
  const clientMetadata = metadata(input);
  const progress: AuthProgress = {
    flow,
    admin,
    ...(typeof params.DEVICE_KEY === 'string' && params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
    ...(clientMetadata ? { clientMetadata } : {}),
  };

  switch (flow) {
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return refreshTokenAuth(ctx, pool, client, params);

    case 'USER_SRP_AUTH': {
      const username = param(params, 'USERNAME');
      const A = requireSrpA(params);
      const found = ctx.findUser(pool, username);
      await ctx.checkSecretHash(client, params.SECRET_HASH, username, ...(found ? [found.username] : []));
      const user = userOrNotFound(client, found);
      return issuePasswordVerifier(ctx, pool, client, user, username, A, progress);
    }

    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH': {
      const username = param(params, 'USERNAME');
      const password = param(params, 'PASSWORD');
      const found = ctx.findUser(pool, username);
      await ctx.checkSecretHash(client, params.SECRET_HASH, username, ...(found ? [found.username] : []));
      // A user the pool does not know yet may be migrated in by the user migration trigger.
      const migrated = found ? undefined : await runUserMigration(ctx, pool, client, username, password, clientMetadata);
      const user = userOrNotFound(client, found ?? migrated);
      return passwordFactor(ctx, pool, client, user, password, progress);
    }

    case 'CUSTOM_AUTH': {
      const username = param(params, 'USERNAME');
      const found = ctx.findUser(pool, username);
      await ctx.checkSecretHash(client, params.SECRET_HASH, username, ...(found ? [found.username] : []));
      const user = userOrNotFound(client, found);
      if (!user) throw errors.notAuthorized(INCORRECT);
      ctx.assertUserEnabled(user);
      await runPreAuthentication(ctx, pool, client, user, clientMetadata);
      const withSrp = params.CHALLENGE_NAME === 'SRP_A';
      const A = withSrp ? requireSrpA(params) : undefined;
      const steps: CustomStep[] = withSrp ? [{ challengeName: 'SRP_A', challengeResult: true }] : [];
      const s: StepInput = { ctx, pool, client, user, progress: { ...progress, custom: steps } };
      return nextCustomStep(s, steps, (next) => {
        if (A === undefined) {
          throw new EmulatorError('InvalidLambdaResponseException', 'PASSWORD_VERIFIER needs CHALLENGE_NAME SRP_A and SRP_A in AuthParameters.');
        }
        return issuePasswordVerifier(ctx, pool, client, user, username, A, next.progress);
      });
    }

    case 'USER_AUTH':
      return startUserAuth(ctx, pool, client, params, progress, input.Session);
  }
  throw errors.invalidParameter('Initiate Auth method not supported.');
}

/** Finds the session a challenge answer refers to (PASSWORD_VERIFIER: by its SECRET_BLOCK). */
function sessionFor(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  challenge: string,
  input: OperationInput,
  responses: Record<string, unknown>,
): SessionRecord {
  if (challenge === 'PASSWORD_VERIFIER' || challenge === 'DEVICE_PASSWORD_VERIFIER') {
    const block = responses.PASSWORD_CLAIM_SECRET_BLOCK;
    if (typeof block !== 'string' || block === '') {
      throw errors.invalidParameter('Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK');
    }
    return openSession(ctx, pool, client, block);
  }
  return openSession(ctx, pool, client, input.Session);
}

async function respond(ctx: EmulatorContext, input: OperationInput, admin: boolean): Promise<ChallengeResponse> {
  const { pool, client } = resolveClient(ctx, input, admin);
  const challenge = input.ChallengeName;
  if (typeof challenge !== 'string' || challenge === '') {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'challengeName' failed to satisfy constraint: Member must not be null",
    );
  }
  const responses = stringRecord(input.ChallengeResponses, 'ChallengeResponses');
  const session = sessionFor(ctx, pool, client, challenge, input, responses);
  // Claimed at once, before anything is awaited, so two concurrent answers can never both use
  // one session. Until the answer is judged (`commit`), a failure releases it again: Cognito
  // lets the user retry a wrong code, a refused password policy or an unknown device key.
  consume(session);
  let committed = false;
  const commit = () => {
    committed = true;
  };
  try {
    return await answer(ctx, pool, client, challenge, input, responses, session, commit);
  } catch (err) {
    if (!committed) session.used = false;
    throw err;
  }
}

async function answer(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  challenge: string,
  input: OperationInput,
  responses: Record<string, unknown>,
  session: SessionRecord,
  commit: () => void,
): Promise<ChallengeResponse> {
  const data = flowData(session);
  if (data.challenge !== challenge) {
    throw errors.invalidParameter(`Invalid challenge: the session expects ${data.challenge}, got ${challenge}`);
  }
  const username = param(responses, 'USERNAME');
  const user = ctx.findUser(pool, session.username);
  const actual = user?.username ?? session.username;
  // In challenge answers USERNAME is the user's actual username, never an alias or the sub ("the
  // USERNAME attribute can't be an alias", RespondToAuthChallenge / AdminRespondToAuthChallenge),
  // and SECRET_HASH is computed over it: the challenge hands it out as USERNAME / USER_ID_FOR_SRP.
  // Only the pool's case rule applies (a case-insensitive pool takes "Alice" for "alice").
  const isActual = ctx.userKey(pool, username) === ctx.userKey(pool, actual);
  await ctx.checkSecretHash(client, responses.SECRET_HASH, actual, ...(isActual && username !== actual ? [username] : []));
  if (!user || data.fake === true || !isActual) {
    commit();
    throw errors.notAuthorized(INCORRECT);
  }
  const clientMetadata = metadata(input);
  const progress: AuthProgress = { ...data.progress, ...(clientMetadata ? { clientMetadata } : {}) };
  const s: StepInput = { ctx, pool, client, user, progress };

  switch (challenge) {
    case 'PASSWORD_VERIFIER': {
      // Checked before the session is used: amazon-cognito-identity-js retries without DEVICE_KEY.
      const deviceKey = checkDeviceKey(user, deviceKeyOf(responses, progress));
      commit();
      checkLockout(ctx, user);
      const attempt = await reserveAndPreAuthenticate(ctx, pool, client, user, progress);
      // A malformed TIMESTAMP (zero-padded day, wrong weekday) is a wrong proof: Cognito answers
      // it with "Incorrect username or password." (measured on a real pool, ministack PR #1758).
      const ok =
        typeof responses.PASSWORD_CLAIM_SIGNATURE === 'string' &&
        typeof responses.TIMESTAMP === 'string' &&
        parseSrpTimestamp(responses.TIMESTAMP) !== undefined &&
        (await verifySrpClaim({
          A: BigInt('0x' + String(data.A)),
          server: { b: BigInt('0x' + String(data.b)), B: BigInt('0x' + String(data.B)), SRP_B: String(data.B) },
          verifier: BigInt('0x' + (user.password?.srpVerifier ?? '0')),
          prefix: poolNameFromId(pool.id),
          userId: user.username,
          secretBlock: session.id,
          timestamp: responses.TIMESTAMP,
          signature: responses.PASSWORD_CLAIM_SIGNATURE,
        }));
      const next: StepInput = { ...s, progress: withDevice(progress, deviceKey) };
      if (!ok) {
        if (progress.flow === 'CUSTOM_AUTH') {
          const steps = [...(progress.custom ?? []), { challengeName: 'PASSWORD_VERIFIER', challengeResult: false }];
          return nextCustomStep(next, steps, () => {
            throw errors.notAuthorized(INCORRECT);
          });
        }
        throw errors.notAuthorized(INCORRECT);
      }
      attempt.succeeded();
      assertCanSignIn(ctx, pool, user);
      if (progress.flow === 'CUSTOM_AUTH') {
        const steps = [...(progress.custom ?? []), { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }];
        return nextCustomStep(next, steps, () => {
          throw new EmulatorError('InvalidLambdaResponseException', 'PASSWORD_VERIFIER was already answered in this sign-in.');
        });
      }
      return afterFirstFactor(next);
    }

    case 'DEVICE_SRP_AUTH':
      ctx.assertUserEnabled(user);
      commit();
      return answerDeviceSrpAuth(s, responses);

    case 'DEVICE_PASSWORD_VERIFIER': {
      ctx.assertUserEnabled(user);
      commit();
      const deviceKey = await checkDevicePasswordVerifier(s, data, session.id, responses);
      return finishSignIn(s, { deviceKey });
    }

    case 'NEW_PASSWORD_REQUIRED': {
      ctx.assertUserEnabled(user);
      const password = param(responses, 'NEW_PASSWORD');
      ctx.assertPasswordPolicy(pool, password);
      await ctx.assertPasswordNotReused(pool, user, password);
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(responses)) {
        if (k.startsWith('userAttributes.') && typeof v === 'string') attributes[k.slice('userAttributes.'.length)] = v;
      }
      const missing = missingRequiredAttributes(pool, user).filter((n) => !(n in attributes));
      if (missing.length > 0) {
        throw errors.invalidParameter(`Missing required attribute${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
      }
      if ('sub' in attributes) throw errors.notAuthorized('Cannot modify the non-mutable attribute sub');
      commit();
      Object.assign(user.attributes, attributes);
      await ctx.setPassword(pool, user, password, { temporary: false });
      user.status = 'CONFIRMED';
      user.updatedAt = ctx.now();
      return afterNewPassword(s);
    }

    case 'SMS_MFA':
    case 'SOFTWARE_TOKEN_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      ctx.assertUserEnabled(user);
      const deviceKey = checkDeviceKey(user, deviceKeyOf(responses, progress));
      // A wrong code throws here and leaves the session usable for another try, up to a limit.
      try {
        checkMfaAnswer(ctx, user, challenge, data, responses);
      } catch (err) {
        if (isEmulatorError(err) && err.type === 'CodeMismatchException') noteWrongCode(pool, session);
        throw err;
      }
      commit();
      finishEmailSetup(user, data);
      if (progress.passwordless) {
        assertCanSignIn(ctx, pool, user);
        return afterFirstFactor(s);
      }
      return afterMfa({ ...s, progress: { ...withDevice(progress, deviceKey), mfaDone: true } });
    }

    case 'SELECT_MFA_TYPE': {
      ctx.assertUserEnabled(user);
      const answer = param(responses, 'ANSWER');
      if (!userMfaMethods(pool, user).includes(answer as MfaMethod)) {
        throw errors.invalidParameter(`Invalid ANSWER: ${answer} is not an MFA method enabled for the user`);
      }
      commit();
      return issueMfaChallenge(s, answer as MfaMethod);
    }

    case 'MFA_SETUP':
      ctx.assertUserEnabled(user);
      commit();
      return completeMfaSetup(s, data, responses);

    case 'CUSTOM_CHALLENGE': {
      ctx.assertUserEnabled(user);
      const answer = param(responses, 'ANSWER');
      const deviceKey = checkDeviceKey(user, deviceKeyOf(responses, progress));
      const correct = await runVerify(s, data, answer);
      commit();
      const steps: CustomStep[] = [
        ...(progress.custom ?? []),
        {
          challengeName: 'CUSTOM_CHALLENGE',
          challengeResult: correct,
          ...(typeof data.challengeMetadata === 'string' ? { challengeMetadata: data.challengeMetadata } : {}),
        },
      ];
      const next = { ...s, progress: withDevice(progress, deviceKey) };
      return nextCustomStep(next, steps, () => {
        throw new EmulatorError(
          'InvalidLambdaResponseException',
          'PASSWORD_VERIFIER after a custom challenge needs CHALLENGE_NAME SRP_A at InitiateAuth.',
        );
      });
    }

    case 'WEB_AUTHN':
      ctx.assertUserEnabled(user);
      try {
        await verifyWebAuthnAnswer(s, data, responses);
      } catch (err) {
        if (isEmulatorError(err) && err.type === 'NotAuthorizedException') noteWrongCode(pool, session);
        throw err;
      }
      commit();
      assertCanSignIn(ctx, pool, user);
      return afterFirstFactor(s);

    case 'PASSWORD':
    case 'PASSWORD_SRP': {
      ctx.assertUserEnabled(user);
      const field = challenge === 'PASSWORD' ? 'PASSWORD' : 'SRP_A';
      if (typeof responses[field] !== 'string' || responses[field] === '') {
        throw errors.invalidParameter(`Missing required parameter ${field}`);
      }
      commit();
      return answerPasswordStep(s, challenge, responses);
    }

    case 'SELECT_CHALLENGE':
      ctx.assertUserEnabled(user);
      commit();
      return answerSelectChallenge(s, data, responses);
  }
  throw errors.invalidParameter(`Unsupported challenge: ${challenge}`);
}

/** The auth-flow operations and the SRP verifier hook. */
export const authFlowsModule = defineModule({
  operations: defineOperations({
    InitiateAuth: (ctx, input) => initiate(ctx, input, false) as Promise<Record<string, unknown>>,
    AdminInitiateAuth: (ctx, input) => initiate(ctx, input, true) as Promise<Record<string, unknown>>,
    RespondToAuthChallenge: (ctx, input) => respond(ctx, input, false) as Promise<Record<string, unknown>>,
    AdminRespondToAuthChallenge: (ctx, input) => respond(ctx, input, true) as Promise<Record<string, unknown>>,
  }),
  async onPasswordSet(ctx, pool, user, password) {
    if (!user.password) return;
    const salt = createSalt(ctx.random);
    const verifier = await computeVerifier(salt, poolNameFromId(pool.id), user.username, password);
    user.password.srpSalt = salt;
    user.password.srpVerifier = verifier.toString(16);
  },
});
