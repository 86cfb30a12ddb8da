/**
 * The sign-in step machine: starts a flow (InitiateAuth), answers what the library can answer
 * by itself (PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) and turns every other
 * challenge into a typed step the app answers.
 * @module
 */
import { computePasswordClaim, type SrpStart } from '../core/srp.js';
import { assertObject, assertOneOf, assertOptionalString, assertString, assertStringMap } from './assert.js';
import { authCall, type AuthParams, type FlowContext } from './context.js';
import { answerDeviceSrp, confirmNewDevice } from './devices.js';
import { buildStep, FACTORS } from './challenges.js';
import { InvalidStepError, type DeviceSecrets, type SignedIn, type SignInFlow, type SignInInput, type SignInResult } from './types.js';

/** Cognito's `AuthenticationResultType`, the members used here. */
export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  NewDeviceMetadata?: { DeviceKey?: string; DeviceGroupKey?: string };
}

/** What `createAuth` lends the step machine. */
export interface SignInHooks {
  /** An SRP start (`a`, `A`), computed ahead of time when possible. */
  srp(): SrpStart | Promise<SrpStart>;
  /** Starts a new sign-in attempt and returns its id; older attempts become stale. */
  begin(): number;
  /** True while `id` is the newest attempt. */
  isCurrent(id: number): boolean;
  /** The canonical user name in an access token (its `username` claim). */
  username(accessToken: string): string;
  /** Keeps the tokens of a finished sign-in (storage, state, events). */
  signedIn(tokens: { accessToken: string; idToken: string; refreshToken?: string }, username: string, alias: string): Promise<void>;
}

/** The state of one sign-in attempt, shared by its steps. */
export interface Flight {
  id: number;
  input: SignInInput;
  /** What the user typed. */
  alias: string;
  /** USERNAME for the next call: the canonical name once Cognito has said it. */
  username: string;
  password?: string;
  device?: DeviceSecrets;
  /** Set once a stale device was dropped, so it is not looked up again. */
  noDevice?: boolean;
  /** The device answered DEVICE_SRP_AUTH: the service remembers it. */
  deviceVerified?: boolean;
  srp?: SrpStart;
  ctx: FlowContext;
  hooks: SignInHooks;
  /** Answers a challenge of this flight (RespondToAuthChallenge) and moves it on with the response. */
  /** `accepted` is called once the service has taken the answer (its Session is then used up). */
  answer(challenge: string, session: string | undefined, responses: Record<string, string | undefined>, accepted?: () => void): Promise<SignInResult>;
}

const NOT_FOUND = 'ResourceNotFoundException';
const FLOWS: SignInFlow[] = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'USER_AUTH'];

/**
 * Validates the input (before any request) and starts the sign-in.
 * @throws TypeError naming the bad field; CognitoError from the service
 */
export function signIn(ctx: FlowContext, hooks: SignInHooks, input: SignInInput): Promise<SignInResult> {
  assertObject(input, 'signIn input');
  assertString(input.username, 'username');
  assertOptionalString(input.password, 'password');
  const flow = input.flow ?? 'USER_SRP_AUTH';
  assertOneOf(flow, FLOWS, 'flow');
  if (input.preferredChallenge !== undefined) {
    if (flow !== 'USER_AUTH') throw new TypeError("preferredChallenge: only used with flow 'USER_AUTH'");
    assertOneOf(input.preferredChallenge, FACTORS, 'preferredChallenge');
  }
  // USER_AUTH may name a password factor without the password: Cognito then asks for it (a
  // PASSWORD / PASSWORD_SRP step).
  if (flow === 'USER_SRP_AUTH' || flow === 'USER_PASSWORD_AUTH') assertString(input.password, 'password');
  assertStringMap(input.clientMetadata, 'clientMetadata');
  // Normalised once: a null `flow` (plain JS) means the default everywhere, as `??` says above.
  return start(ctx, hooks, { ...input, flow }, hooks.begin(), false);
}

async function start(ctx: FlowContext, hooks: SignInHooks, input: SignInInput, id: number, noDevice: boolean): Promise<SignInResult> {
  const { username, password, flow = 'USER_SRP_AUTH', preferredChallenge: pc } = input;
  const f: Flight = {
    id,
    input,
    alias: username,
    username,
    password,
    noDevice,
    ctx,
    hooks,
    answer: (challenge, session, responses, accepted) => send(f, responses, challenge, session, undefined, accepted),
  };
  if (!noDevice) f.device = await ctx.devices.get(username);
  // CUSTOM_AUTH given a password, and USER_AUTH's PASSWORD_SRP factor given one, start with SRP.
  const srp = flow === 'USER_SRP_AUTH' || (password !== undefined && (flow === 'CUSTOM_AUTH' || pc === 'PASSWORD_SRP'));
  return send(f, {
    // USER_PASSWORD_AUTH, and USER_AUTH's PASSWORD factor, send the password itself.
    PASSWORD: flow === 'USER_PASSWORD_AUTH' || pc === 'PASSWORD' ? password : undefined,
    // Only USER_AUTH has a preferred challenge (signIn checks).
    PREFERRED_CHALLENGE: pc,
    CHALLENGE_NAME: flow === 'CUSTOM_AUTH' && srp ? 'SRP_A' : undefined,
    SRP_A: srp ? (f.srp = await hooks.srp()).SRP_A : undefined,
  });
}

/** Sends a request of the flight (see `authCall`) and moves it on with the response. */
function send(f: Flight, params: AuthParams, challenge?: string, session?: string, user?: string, accepted?: () => void): Promise<SignInResult> {
  const request = authCall(f, params, challenge, session, user);
  request.then(accepted, () => undefined);
  // Cognito says the device does not exist.
  return move(f, request, (e) => e?.name === NOT_FOUND && /device/i.test(String(e.message)));
}

/**
 * Moves the flight on with the response to `request`. When the request failed because of the
 * flight's device (`stale` says which errors mean that), forgets the device and starts the
 * sign-in again as a new device (the Session may already be bound to the stale key, so it is not
 * reused). A sign-in never fails because of a stale device.
 */
async function move(f: Flight, request: Promise<any>, stale: (err: any) => boolean): Promise<SignInResult> {
  let out: any;
  try {
    out = await request;
  } catch (err) {
    if (!f.device || !stale(err)) throw err;
    f.device = undefined;
    f.noDevice = true;
    await f.ctx.devices.del(f.username, f.alias);
    return restart(f);
  }
  return next(f, out);
}

/**
 * Moves a flight on from a Cognito response: finishes on an AuthenticationResult, answers
 * the SRP and device challenges itself, and hands every other challenge to the app as a step.
 */
async function next(f: Flight, response: any): Promise<SignInResult> {
  const { ctx } = f;
  if (response.AuthenticationResult) return finish(f, response.AuthenticationResult);
  const p: Record<string, string> = response.ChallengeParameters ?? {};
  f.username = p.USERNAME ?? p.USER_ID_FOR_SRP ?? f.username;
  const name: string = response.ChallengeName;
  const session: string | undefined = response.Session;
  if (name === 'PASSWORD_VERIFIER') {
    if (f.password === undefined || !f.srp) throw new TypeError('password: PASSWORD_VERIFIER needs the password');
    const user = p.USER_ID_FOR_SRP ?? f.username;
    // The device is looked up again under the canonical name, which an alias sign-in only now knows.
    if (!f.device && !f.noDevice) f.device = await ctx.devices.get(user);
    const claim = computePasswordClaim({
      start: f.srp,
      userPoolId: ctx.userPoolId,
      password: f.password,
      challengeParameters: p as any,
      now: new Date(ctx.now()),
    });
    return send(f, claim, name, session, user);
  }
  if (name === 'DEVICE_SRP_AUTH') {
    // Asked to prove a device we did not name: start over without one (once; never loop).
    if (!f.device) {
      if (f.noDevice) throw new TypeError('DEVICE_SRP_AUTH: the service asked for a device this sign-in does not have');
      f.noDevice = true;
      return restart(f);
    }
    // A device forgotten elsewhere, or whose secret no longer verifies, is stale.
    return move(f, answerDeviceSrp(f, session), (e) => e?.name === NOT_FOUND || e?.name === 'NotAuthorizedException');
  }
  return buildStep(f, name, p, response);
}

function restart(f: Flight): Promise<SignInResult> {
  // With the password in force now: a NEW_PASSWORD_REQUIRED answer already replaced the one typed.
  return start(f.ctx, f.hooks, f.password === undefined ? f.input : { ...f.input, password: f.password }, f.id, true);
}

/** Finishes a sign-in: confirms a new device, keeps the tokens, reports the outcome. */
async function finish(f: Flight, result: AuthenticationResult): Promise<SignedIn> {
  const { AccessToken: accessToken, IdToken: idToken, RefreshToken: refreshToken, NewDeviceMetadata: meta } = result;
  const username = f.hooks.username(accessToken);
  const out: SignedIn = { signedIn: true, username };
  let device = f.device;
  if (meta?.DeviceKey && meta.DeviceGroupKey) {
    try {
      device = await confirmNewDevice(f.ctx, {
        accessToken,
        username,
        alias: f.alias,
        deviceKey: meta.DeviceKey,
        deviceGroupKey: meta.DeviceGroupKey,
      });
    } catch (err) {
      // The user is signed in; only the device could not be confirmed. Report it, do not fail.
      device = undefined;
      out.deviceError = err;
    }
  } else if (!device) {
    // A device still unconfirmed from an earlier session belongs to that session only.
    await f.ctx.devices.dropUnconfirmed(username);
  }
  // A stored device the service did not challenge is tracked but not (yet) remembered.
  if (device) out.device = { key: device.deviceKey, remembered: device.remembered ?? (f.deviceVerified || 'pending') };
  // A newer sign-in (or a sign-out) started while this one was in flight: it wins.
  if (!f.hooks.isCurrent(f.id)) throw new InvalidStepError('signIn: superseded by a newer sign-in or a sign-out');
  await f.hooks.signedIn({ accessToken, idToken, refreshToken }, username, f.alias);
  return out;
}
