/**
 * CUSTOM_AUTH: challenges scripted by the define / create / verify auth-challenge triggers,
 * registered with `emu.setTriggers(poolId, {...})` as in-process stand-ins for Cognito's Lambda
 * triggers. Events have Cognito's shapes (version, region, userPoolId, userName, callerContext,
 * triggerSource, request, response); a trigger may mutate the event or return a new one,
 * synchronously or as a promise.
 *
 * With `CHALLENGE_NAME: 'SRP_A'` the conversation starts with SRP: the define trigger sees
 * `[{ challengeName: 'SRP_A', challengeResult: true }]` and answers `PASSWORD_VERIFIER`, the
 * client proves its password, and the result is appended to the session the trigger sees.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { newFlowSession, type AuthProgress, type CustomStep } from './flow-sessions.js';
import { afterFirstFactor, type ChallengeResponse, type StepInput } from './flow-steps.js';
import type { ClientRecord, PoolRecord, UserRecord } from './state.js';

type Trigger = (event: any) => any;

function baseEvent(ctx: EmulatorContext, pool: PoolRecord, client: ClientRecord, user: UserRecord, source: string) {
  return {
    version: '1',
    region: ctx.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: { awsSdkVersion: 'cognito-edge-emulator', clientId: client.id },
    triggerSource: source,
  };
}

function userAttributes(user: UserRecord): Record<string, string> {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

async function invoke(name: string, fn: Trigger | undefined, event: Record<string, any>): Promise<Record<string, any>> {
  if (!fn) {
    throw new EmulatorError('InvalidLambdaResponseException', `The ${name} trigger is not configured for the user pool (emu.setTriggers).`);
  }
  let out: unknown;
  try {
    out = await fn(event);
  } catch (err) {
    throw new EmulatorError('UserLambdaValidationException', `${name} failed with error ${(err as Error)?.message ?? String(err)}.`);
  }
  const result = (out && typeof out === 'object' ? out : event) as Record<string, any>;
  if (!result.response || typeof result.response !== 'object') {
    throw new EmulatorError('InvalidLambdaResponseException', `Invalid lambda response from ${name}: missing response.`);
  }
  return result;
}

/** Which way the conversation goes after the define trigger ran. */
export type DefineOutcome =
  | { kind: 'tokens' }
  | { kind: 'fail' }
  | { kind: 'challenge'; challengeName: string };

/** Runs DefineAuthChallenge over the conversation so far. */
export async function runDefine(s: StepInput, steps: CustomStep[]): Promise<DefineOutcome> {
  const { ctx, pool, client, user, progress } = s;
  const event = {
    ...baseEvent(ctx, pool, client, user, 'DefineAuthChallenge_Authentication'),
    request: { userAttributes: userAttributes(user), session: steps, clientMetadata: progress.clientMetadata ?? {}, userNotFound: false },
    response: { challengeName: undefined as string | undefined, issueTokens: false, failAuthentication: false },
  };
  const out = await invoke('DefineAuthChallenge', ctx.triggers(pool.id).defineAuthChallenge, event);
  const r = out.response as { challengeName?: unknown; issueTokens?: unknown; failAuthentication?: unknown };
  if (r.failAuthentication === true) return { kind: 'fail' };
  if (r.issueTokens === true) return { kind: 'tokens' };
  if (typeof r.challengeName === 'string' && r.challengeName !== '') return { kind: 'challenge', challengeName: r.challengeName };
  throw new EmulatorError('InvalidLambdaResponseException', 'Invalid lambda response from DefineAuthChallenge: no challengeName, issueTokens or failAuthentication.');
}

/**
 * Asks the define trigger what comes next and does it: tokens (through the usual MFA / device
 * steps), a failure, a CUSTOM_CHALLENGE made by the create trigger, or PASSWORD_VERIFIER
 * (handled by the caller, who has the SRP state).
 */
export async function nextCustomStep(
  s: StepInput,
  steps: CustomStep[],
  passwordVerifier: (s: StepInput) => ChallengeResponse,
): Promise<ChallengeResponse> {
  const outcome = await runDefine(s, steps);
  const progress: AuthProgress = { ...s.progress, custom: steps };
  const next = { ...s, progress };
  if (outcome.kind === 'fail') throw errors.notAuthorized('Incorrect username or password.');
  if (outcome.kind === 'tokens') return afterFirstFactor(next);
  if (outcome.challengeName === 'PASSWORD_VERIFIER') return passwordVerifier(next);
  if (outcome.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new EmulatorError('InvalidLambdaResponseException', `Unsupported challenge from DefineAuthChallenge: ${outcome.challengeName}`);
  }
  const { ctx, pool, client, user } = s;
  const event = {
    ...baseEvent(ctx, pool, client, user, 'CreateAuthChallenge_Authentication'),
    request: {
      userAttributes: userAttributes(user),
      challengeName: 'CUSTOM_CHALLENGE',
      session: steps,
      clientMetadata: s.progress.clientMetadata ?? {},
      userNotFound: false,
    },
    response: { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: undefined as string | undefined },
  };
  const out = await invoke('CreateAuthChallenge', ctx.triggers(pool.id).createAuthChallenge, event);
  const r = out.response as { publicChallengeParameters?: unknown; privateChallengeParameters?: unknown; challengeMetadata?: unknown };
  const pub = stringMap(r.publicChallengeParameters);
  const session = newFlowSession(ctx, pool, client, user, {
    challenge: 'CUSTOM_CHALLENGE',
    progress,
    privateChallengeParameters: stringMap(r.privateChallengeParameters),
    ...(typeof r.challengeMetadata === 'string' ? { challengeMetadata: r.challengeMetadata } : {}),
  });
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    Session: session.id,
    ChallengeParameters: { ...pub, USERNAME: user.username },
  };
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** Runs VerifyAuthChallengeResponse for an ANSWER and returns whether it was correct. */
export async function runVerify(s: StepInput, data: Record<string, unknown>, answer: string): Promise<boolean> {
  const { ctx, pool, client, user } = s;
  const event = {
    ...baseEvent(ctx, pool, client, user, 'VerifyAuthChallengeResponse_Authentication'),
    request: {
      userAttributes: userAttributes(user),
      privateChallengeParameters: (data.privateChallengeParameters as Record<string, string>) ?? {},
      challengeAnswer: answer,
      clientMetadata: s.progress.clientMetadata ?? {},
      userNotFound: false,
    },
    response: { answerCorrect: false },
  };
  const out = await invoke('VerifyAuthChallengeResponse', ctx.triggers(pool.id).verifyAuthChallengeResponse, event);
  return (out.response as { answerCorrect?: unknown }).answerCorrect === true;
}
