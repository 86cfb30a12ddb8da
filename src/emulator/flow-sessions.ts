/**
 * Challenge sessions of the auth flows: what each one carries, and the checks Cognito makes
 * on a `Session` (unknown, already used, expired, other app client).
 *
 * Sessions are single-use: a successful answer consumes one and the next step gets a new one.
 * A wrong MFA or OTP code leaves the session usable (Cognito lets the user retry on the same
 * Session until it expires). A used session is kept, marked, until it expires, so a replay gets
 * Cognito's "can only be used once" answer instead of a generic one.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError } from './errors.js';
import type { ClientRecord, PoolRecord, SessionRecord, UserRecord } from './state.js';

/** Cognito's messages for a bad Session (all NotAuthorizedException). */
export const SESSION_MESSAGES = {
  invalid: 'Invalid session for the user.',
  used: 'Invalid session for the user, session can only be used once.',
  expired: 'Invalid session for the user, session is expired.',
} as const;

/** One step of a CUSTOM_AUTH conversation, as the define-auth-challenge trigger sees it. */
export interface CustomStep {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

/** What a sign-in carries from step to step. */
export interface AuthProgress {
  /** The AuthFlow that started the sign-in (USER_SRP_AUTH, CUSTOM_AUTH, USER_AUTH, ...). */
  flow: string;
  /** Started through AdminInitiateAuth. */
  admin: boolean;
  /** DEVICE_KEY sent at the start (or later, with a challenge answer). */
  deviceKey?: string;
  /** The MFA step is done (or was skipped). */
  mfaDone?: boolean;
  /** Signed in without a password (USER_AUTH EMAIL_OTP / SMS_OTP): no MFA step follows. */
  passwordless?: boolean;
  /** CUSTOM_AUTH conversation so far. */
  custom?: CustomStep[];
  /** ClientMetadata of the first request, passed to triggers. */
  clientMetadata?: Record<string, string>;
}

/** Session data: the challenge it answers, the progress, and per-challenge fields. */
export interface FlowSessionData extends Record<string, unknown> {
  challenge: string;
  progress: AuthProgress;
}

/** Creates a session for `challenge` and returns its id. */
export function newFlowSession(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord | { username: string },
  data: FlowSessionData,
): SessionRecord {
  return ctx.createSession(pool, client, user.username, data as Record<string, unknown>);
}

function sessionError(kind: keyof typeof SESSION_MESSAGES): EmulatorError {
  return new EmulatorError('NotAuthorizedException', SESSION_MESSAGES[kind]);
}

/**
 * Looks a session up without consuming it.
 * @throws NotAuthorizedException when it is missing, from another client, used or expired.
 */
export function openSession(ctx: EmulatorContext, pool: PoolRecord, client: ClientRecord, sessionId: unknown): SessionRecord {
  if (typeof sessionId !== 'string' || sessionId === '') {
    throw new EmulatorError('InvalidParameterException', 'Missing required parameter Session');
  }
  const session = Object.hasOwn(pool.sessions, sessionId) ? pool.sessions[sessionId] : undefined;
  if (!session || session.clientId !== client.id) throw sessionError('invalid');
  if (session.expiresAt <= ctx.now()) throw sessionError('expired');
  if (session.used) throw sessionError('used');
  return session;
}

/** Marks an open session used (kept until it expires so a replay is recognised). */
export function consume(session: SessionRecord): void {
  session.used = true;
}

/** The session's flow data. */
export function flowData(session: SessionRecord): FlowSessionData {
  return session.data as FlowSessionData;
}

/** Finds a session in any pool of the state (AssociateSoftwareToken and VerifySoftwareToken get no client id). */
export function findSessionAnywhere(
  ctx: EmulatorContext,
  sessionId: unknown,
): { pool: PoolRecord; client: ClientRecord; session: SessionRecord } {
  if (typeof sessionId !== 'string' || sessionId === '') throw sessionError('invalid');
  for (const pool of Object.values(ctx.state.pools)) {
    if (!Object.hasOwn(pool.sessions, sessionId)) continue;
    const session = pool.sessions[sessionId]!;
    const client = pool.clients[session.clientId];
    if (!client) break;
    return { pool, client, session: openSession(ctx, pool, client, sessionId) };
  }
  throw sessionError('invalid');
}

/**
 * The Session ConfirmSignUp hands out (for clients with ALLOW_USER_AUTH): InitiateAuth with
 * AuthFlow USER_AUTH, the USERNAME and this Session signs the new user in without a password
 * (Amplify's autoSignIn after sign-up). Single-use, with the client's session lifetime.
 */
export function createSignUpSession(ctx: EmulatorContext, pool: PoolRecord, client: ClientRecord, user: UserRecord): SessionRecord {
  return newFlowSession(ctx, pool, client, user, { challenge: 'SIGN_UP_CONFIRMED', progress: { flow: 'USER_AUTH', admin: false } });
}

