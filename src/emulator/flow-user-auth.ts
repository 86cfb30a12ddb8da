/**
 * USER_AUTH, Cognito's choice-based sign-in. The pool's
 * `Policies.SignInPolicy.AllowedFirstAuthFactors` (default `['PASSWORD']`) and what the user
 * has decide the offered factors: PASSWORD and PASSWORD_SRP (user with a password), EMAIL_OTP
 * and SMS_OTP (user with an email / phone number, not in FORCE_CHANGE_PASSWORD), WEB_AUTHN
 * (user with a registered passkey, see flow-webauthn.ts).
 *
 * With PREFERRED_CHALLENGE naming an offered factor the sign-in goes straight to it (with
 * PASSWORD or SRP_A in AuthParameters for the password factors); otherwise the answer is
 * SELECT_CHALLENGE with AvailableChallenges, answered with ANSWER (plus PASSWORD or SRP_A).
 * One-time-code sign-ins skip MFA, as Cognito's passwordless factors do.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { consume, flowData, newFlowSession, openSession, type AuthProgress } from './flow-sessions.js';
import { afterFirstFactor, assertCanSignIn, type ChallengeResponse, type StepInput } from './flow-steps.js';
import { sendCode } from './mfa.js';
import { issuePasswordVerifier, passwordFactor, INCORRECT } from './auth-flows.js';
import { credentialsOf, issueWebAuthnChallenge } from './flow-webauthn.js';
import { parseSrpA } from './srp-server.js';
import type { ClientRecord, PoolRecord, UserRecord } from './state.js';

/** First factors of choice-based sign-in. */
export type FirstFactor = 'WEB_AUTHN' | 'EMAIL_OTP' | 'SMS_OTP' | 'PASSWORD_SRP' | 'PASSWORD';

const ORDER: readonly FirstFactor[] = ['WEB_AUTHN', 'EMAIL_OTP', 'SMS_OTP', 'PASSWORD_SRP', 'PASSWORD'];

/** The pool's allowed first factors. */
export function allowedFirstFactors(pool: PoolRecord): string[] {
  type SignIn = { AllowedFirstAuthFactors?: unknown } | undefined;
  const policies = pool.config.Policies as { SignInPolicy?: SignIn } | undefined;
  const list = (policies?.SignInPolicy ?? (pool.config.SignInPolicy as SignIn))?.AllowedFirstAuthFactors;
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : ['PASSWORD'];
}

/** The factors this user can use now, in Cognito's order. */
export function availableFactors(pool: PoolRecord, user: UserRecord): FirstFactor[] {
  const allowed = allowedFirstFactors(pool);
  const out: FirstFactor[] = [];
  const forced = user.status === 'FORCE_CHANGE_PASSWORD';
  for (const f of ORDER) {
    if (f === 'WEB_AUTHN' && allowed.includes('WEB_AUTHN') && credentialsOf(user).length > 0) out.push(f);
    if ((f === 'PASSWORD' || f === 'PASSWORD_SRP') && allowed.includes('PASSWORD') && user.password) out.push(f);
    if (f === 'EMAIL_OTP' && allowed.includes('EMAIL_OTP') && user.attributes.email && !forced) out.push(f);
    if (f === 'SMS_OTP' && allowed.includes('SMS_OTP') && user.attributes.phone_number && !forced) out.push(f);
  }
  return out;
}

function noPasskey(): EmulatorError {
  return new EmulatorError('WebAuthnConfigurationMissingException', 'The user has no registered passkey (WEB_AUTHN).');
}

/** Starts one first factor with the parameters at hand (AuthParameters or SELECT_CHALLENGE answers). */
async function startFactor(s: StepInput, factor: string, params: Record<string, unknown>): Promise<ChallengeResponse> {
  const { ctx, pool, client, user, progress } = s;
  switch (factor) {
    case 'PASSWORD': {
      const password = params.PASSWORD;
      // Chosen without the password: the PASSWORD challenge asks for it.
      if (typeof password !== 'string' || password === '') return askFor(s, 'PASSWORD');
      return passwordFactor(ctx, pool, client, user, password, progress);
    }
    case 'PASSWORD_SRP': {
      const raw = params.SRP_A;
      if (typeof raw !== 'string' || raw === '') return askFor(s, 'PASSWORD_SRP');
      const A = parseSrpA(raw);
      if (A === undefined) throw errors.notAuthorized(INCORRECT);
      return issuePasswordVerifier(ctx, pool, client, user, user.username, A, progress);
    }
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      ctx.assertUserEnabled(user);
      const { code, parameters } = await sendCode(ctx, pool, user, factor === 'EMAIL_OTP' ? 'EMAIL' : 'SMS', 'SIGN_IN');
      const session = newFlowSession(ctx, pool, client, user, {
        challenge: factor,
        progress: { ...progress, passwordless: true },
        code,
      });
      return { ChallengeName: factor, Session: session.id, ChallengeParameters: parameters, AvailableChallenges: [factor] };
    }
    case 'WEB_AUTHN':
      ctx.assertUserEnabled(user);
      if (credentialsOf(user).length === 0) throw noPasskey();
      return issueWebAuthnChallenge(s);
  }
  throw errors.invalidParameter(`Invalid challenge: ${factor}`);
}

/** The PASSWORD or PASSWORD_SRP challenge: the factor is chosen, its input (PASSWORD or SRP_A) comes next. */
function askFor(s: StepInput, factor: 'PASSWORD' | 'PASSWORD_SRP'): ChallengeResponse {
  const session = newFlowSession(s.ctx, s.pool, s.client, s.user, { challenge: factor, progress: s.progress });
  return { ChallengeName: factor, Session: session.id, ChallengeParameters: {}, AvailableChallenges: [factor] };
}

/** RespondToAuthChallenge PASSWORD (with PASSWORD) or PASSWORD_SRP (with SRP_A). */
export async function answerPasswordStep(
  s: StepInput,
  factor: 'PASSWORD' | 'PASSWORD_SRP',
  responses: Record<string, unknown>,
): Promise<ChallengeResponse> {
  const field = factor === 'PASSWORD' ? 'PASSWORD' : 'SRP_A';
  const value = responses[field];
  if (typeof value !== 'string' || value === '') throw errors.invalidParameter(`Missing required parameter ${field}`);
  return startFactor(s, factor, responses);
}

function selectChallenge(s: StepInput, factors: FirstFactor[], fake = false): ChallengeResponse {
  const session = newFlowSession(s.ctx, s.pool, s.client, s.user, {
    challenge: 'SELECT_CHALLENGE',
    progress: s.progress,
    available: factors,
    ...(fake ? { fake: true } : {}),
  });
  return { ChallengeName: 'SELECT_CHALLENGE', Session: session.id, ChallengeParameters: {}, AvailableChallenges: factors };
}

/** InitiateAuth with AuthFlow USER_AUTH. */
export async function startUserAuth(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, unknown>,
  progress: AuthProgress,
  sessionId?: unknown,
): Promise<ChallengeResponse> {
  const username = params.USERNAME;
  if (typeof username !== 'string' || username === '') throw errors.invalidParameter('Missing required parameter USERNAME');
  const user = ctx.findUser(pool, username);
  await ctx.checkSecretHash(client, params.SECRET_HASH, username, ...(user ? [user.username] : []));
  const preferred = params.PREFERRED_CHALLENGE;
  if (preferred !== undefined && (typeof preferred !== 'string' || !ORDER.includes(preferred as FirstFactor))) {
    throw errors.invalidParameter(`Invalid PREFERRED_CHALLENGE: ${String(preferred)}`);
  }
  if (!user) {
    if (client.preventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound();
    // A challenge that looks like the real thing and ends in "Incorrect username or password."
    const shadow = { username } as UserRecord;
    return selectChallenge({ ctx, pool, client, user: shadow, progress }, ['PASSWORD_SRP', 'PASSWORD'], true);
  }
  const s: StepInput = { ctx, pool, client, user, progress };
  if (sessionId !== undefined && sessionId !== null) return signInAfterSignUp(s, sessionId);
  const factors = availableFactors(pool, user);
  if (typeof preferred === 'string' && factors.includes(preferred as FirstFactor)) return startFactor(s, preferred, params);
  if (factors.length === 0) throw errors.notAuthorized(INCORRECT);
  return selectChallenge(s, factors);
}

/** USER_AUTH with the Session of ConfirmSignUp: the just-confirmed user is signed in (single use). */
async function signInAfterSignUp(s: StepInput, sessionId: unknown): Promise<ChallengeResponse> {
  const session = openSession(s.ctx, s.pool, s.client, sessionId);
  if (flowData(session).challenge !== 'SIGN_UP_CONFIRMED' || session.username !== s.user.username) {
    throw errors.notAuthorized('Invalid session for the user.');
  }
  consume(session);
  assertCanSignIn(s.ctx, s.pool, s.user);
  return afterFirstFactor({ ...s, progress: { ...s.progress, passwordless: true } });
}

/** RespondToAuthChallenge SELECT_CHALLENGE: ANSWER names the factor (with PASSWORD or SRP_A). */
export async function answerSelectChallenge(
  s: StepInput,
  data: Record<string, unknown>,
  responses: Record<string, unknown>,
): Promise<ChallengeResponse> {
  const answer = responses.ANSWER;
  if (typeof answer !== 'string' || answer === '') throw errors.invalidParameter('Missing required parameter ANSWER');
  const available = Array.isArray(data.available) ? (data.available as string[]) : [];
  if (!available.includes(answer)) throw errors.invalidParameter(`Invalid ANSWER: ${answer} is not an available challenge`);
  return startFactor(s, answer, responses);
}
