/**
 * Turns a Cognito challenge into a typed step: one builder per ChallengeName, each answering
 * with RespondToAuthChallenge (or the MFA-setup calls) and handing the response back to the
 * step machine.
 * @module
 */
import { assertOneOf, assertString, assertStringMap } from './assert.js';
import { passThrough, withSecretHash } from './context.js';
import { totpUri } from './totp-uri.js';
import type { Flight } from './sign-in.js';
import {
  InvalidStepError,
  type FirstFactor,
  type MfaSetupAnswer,
  type MfaType,
  type SelectChallengeAnswer,
  type SignInResult,
  type SignInStep,
} from './types.js';

const MFA_TYPES: MfaType[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];
/** The first factors of USER_AUTH. */
export const FACTORS: FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/** Answers a challenge (USERNAME, DEVICE_KEY and SECRET_HASH added) and moves the flight on. */
function respondTo(f: Flight, challenge: string, session: string | undefined, responses: Record<string, string | undefined>) {
  const { ctx } = f;
  return f.advance(async () =>
    ctx.send('RespondToAuthChallenge', {
      ClientId: ctx.clientId,
      ChallengeName: challenge,
      Session: session,
      ChallengeResponses: await withSecretHash(ctx, f.username, {
        USERNAME: f.username,
        ...responses,
        DEVICE_KEY: f.device?.deviceKey,
      }),
      ClientMetadata: f.input.clientMetadata,
      ...passThrough(ctx, f.username),
    }),
  );
}

/**
 * Wraps an answer so that a step is answered at most once, only while its sign-in is the newest,
 * and may be answered again after a failure (a wrong code).
 */
function once<A>(
  f: Flight,
  challenge: string,
  answer: (a: A) => Promise<SignInResult>,
): ((a: A) => Promise<SignInResult>) & { check(): void } {
  let state: 'open' | 'busy' | 'done' = 'open';
  /** Throws unless the step may be answered now. */
  const check = () => {
    if (!f.hooks.isCurrent(f.id)) throw new InvalidStepError(`${challenge}: this step belongs to an older sign-in`);
    if (state !== 'open') throw new InvalidStepError(`${challenge}: this step was already answered`);
  };
  const run = async (a: A) => {
    check();
    state = 'busy';
    try {
      const result = await answer(a);
      state = 'done';
      return result;
    } catch (err) {
      state = 'open';
      throw err;
    }
  };
  return Object.assign(run, { check });
}

/** Parses a JSON challenge parameter (Cognito sends lists and maps as JSON strings). */
function json<T>(v: string | undefined, fallback: T): T {
  try {
    return (v && JSON.parse(v)) || fallback;
  } catch {
    return fallback;
  }
}

/**
 * The responses that prove a password factor: the password itself (PASSWORD), or SRP's A
 * (PASSWORD_SRP, after which PASSWORD_VERIFIER is answered automatically).
 */
async function passwordAnswer(f: Flight, factor: string, password: unknown): Promise<Record<string, string>> {
  if (factor !== 'PASSWORD' && factor !== 'PASSWORD_SRP') return {};
  assertString(password, 'password');
  f.password = password;
  return factor === 'PASSWORD' ? { PASSWORD: password } : { SRP_A: (f.srp = await f.hooks.srp()).SRP_A };
}

/** Builds the step for a challenge the app must answer. */
export function buildStep(f: Flight, challenge: string, parameters: Record<string, string>, response: any): SignInStep {
  const session: string | undefined = response.Session;
  const base = { signedIn: false as const, challenge, parameters };
  const reply = (responses: Record<string, string | undefined>, s = session) =>
    respondTo(f, challenge, s, responses);

  switch (challenge) {
    case 'NEW_PASSWORD_REQUIRED': {
      const userAttributes = json<Record<string, string>>(parameters.userAttributes, {});
      const requiredAttributes = json<string[]>(parameters.requiredAttributes, []).map((a) => a.replace(/^userAttributes\./, ''));
      return {
        ...base,
        challenge,
        userAttributes,
        requiredAttributes,
        respond: once(f, challenge, (a: { newPassword: string; attributes?: Record<string, string> }) => {
          assertString(a?.newPassword, 'newPassword');
          assertStringMap(a.attributes, 'attributes');
          const extra: Record<string, string> = {};
          for (const [k, v] of Object.entries(a.attributes ?? {})) extra['userAttributes.' + k] = v;
          const missing = requiredAttributes.filter((r) => !(r in (a.attributes ?? {})));
          if (missing.length) throw new TypeError(`attributes: missing required ${missing.join(', ')}`);
          f.password = a.newPassword;
          return reply({ NEW_PASSWORD: a.newPassword, ...extra });
        }),
      };
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const key = challenge === 'SMS_MFA' ? 'SMS_MFA_CODE' : challenge + '_CODE';
      return {
        ...base,
        challenge,
        codeDelivery: {
          destination: parameters.CODE_DELIVERY_DESTINATION,
          deliveryMedium: parameters.CODE_DELIVERY_DELIVERY_MEDIUM,
        },
        respond: once(f, challenge, (code: string) => {
          assertString(code, 'code');
          return reply({ [key]: code });
        }),
      };
    }
    case 'SOFTWARE_TOKEN_MFA':
      return {
        ...base,
        challenge,
        deviceName: parameters.FRIENDLY_DEVICE_NAME,
        respond: once(f, challenge, (code: string) => {
          assertString(code, 'code');
          return reply({ SOFTWARE_TOKEN_MFA_CODE: code });
        }),
      };
    case 'SELECT_MFA_TYPE': {
      const respond = once(f, challenge, (type: MfaType) => {
        assertOneOf(type, MFA_TYPES, 'type');
        return reply({ ANSWER: type });
      });
      return {
        ...base,
        challenge,
        options: json<MfaType[]>(parameters.MFAS_CAN_CHOOSE, []),
        respond,
        select: respond,
      };
    }
    case 'MFA_SETUP':
      return mfaSetupStep(f, parameters, session, reply);
    case 'CUSTOM_CHALLENGE':
      return {
        ...base,
        challenge,
        respond: once(f, challenge, (answer: string) => {
          if (typeof answer !== 'string') throw new TypeError('answer: expected a string');
          return reply({ ANSWER: answer });
        }),
      };
    case 'SELECT_CHALLENGE': {
      const available: FirstFactor[] = response.AvailableChallenges ?? json(parameters.AvailableChallenges, []);
      const respond = once(f, challenge, async (a: SelectChallengeAnswer) => {
        const factor = typeof a === 'string' ? a : a?.challenge;
        assertOneOf(factor, FACTORS, 'challenge');
        // A password factor chosen without the password: Cognito asks for it in a PASSWORD /
        // PASSWORD_SRP step. With the password, the choice and the answer go in one call.
        const password = typeof a === 'string' ? undefined : a.password;
        return reply({ ANSWER: factor, ...(password === undefined ? {} : await passwordAnswer(f, factor, password)) });
      });
      return {
        ...base,
        challenge,
        available,
        respond,
        select: (c: FirstFactor, password?: string) => respond({ challenge: c, password }),
      };
    }
    case 'PASSWORD':
    case 'PASSWORD_SRP':
      // Cognito asks for the password factor named earlier: answer this challenge with it.
      return {
        ...base,
        challenge,
        respond: once(f, challenge, async (password: string) => reply(await passwordAnswer(f, challenge, password))),
      };
    case 'WEB_AUTHN':
      return {
        ...base,
        challenge,
        credentialRequestOptions: json(parameters.CREDENTIAL_REQUEST_OPTIONS, {}),
        respond: once(f, challenge, (credential: object | string) => {
          if (credential === null || (typeof credential !== 'object' && typeof credential !== 'string')) {
            throw new TypeError('credential: expected a PublicKeyCredential (or its JSON)');
          }
          // JSON.stringify calls a PublicKeyCredential's toJSON() itself.
          return reply({ CREDENTIAL: typeof credential === 'string' ? credential : JSON.stringify(credential) });
        }),
      };
    default:
      // A challenge this version does not model: raw ChallengeResponses in, next step out.
      return {
        ...base,
        respond: once(f, challenge, (responses: Record<string, string>) => {
          assertStringMap(responses, 'responses');
          return reply(responses);
        }),
      } as unknown as SignInStep;
  }
}

function mfaSetupStep(
  f: Flight,
  parameters: Record<string, string>,
  initialSession: string | undefined,
  reply: (r: Record<string, string | undefined>, s?: string) => Promise<SignInResult>,
): SignInStep {
  const { ctx } = f;
  const challenge = 'MFA_SETUP' as const;
  // AssociateSoftwareToken and VerifySoftwareToken each hand back a new Session; the final
  // MFA_SETUP answer must carry the newest.
  let session = initialSession;
  let associated = false;
  const answer = once(f, challenge, async (a: MfaSetupAnswer) => {
    if (a && 'email' in a) {
      assertString(a.email, 'email');
      return reply({ EMAIL: a.email }, session);
    }
    assertString((a as { totpCode?: string })?.totpCode, 'totpCode');
    if (!associated) throw new TypeError('totpCode: call associateTotp() first');
    const out = await ctx.send('VerifySoftwareToken', {
      Session: session,
      UserCode: a.totpCode,
      FriendlyDeviceName: a.friendlyName,
    });
    session = out.Session ?? session;
    return reply({}, session);
  });
  return {
    signedIn: false,
    challenge,
    parameters,
    options: json<MfaType[]>(parameters.MFAS_CAN_SETUP, []),
    respond: answer,
    async associateTotp(o = {}) {
      answer.check();
      const out = await ctx.send('AssociateSoftwareToken', { Session: session });
      session = out.Session ?? session;
      associated = true;
      const secret: string = out.SecretCode;
      return { secret, uri: totpUri(secret, o.accountName ?? f.alias, o.issuer) };
    },
    verifyTotp: (code: string, o?: { friendlyName?: string }) => answer({ totpCode: code, friendlyName: o?.friendlyName }),
    setUpEmail: (email: string) => answer({ email }),
  };
}
