/**
 * Turns a Cognito challenge into a typed step. One table row per ChallengeName gives the step's
 * own members and turns the app's answer into ChallengeResponses (after checking it); the step
 * machine sends them with RespondToAuthChallenge and moves on with the response.
 * @module
 */
import { assertObject, assertOneOf, assertString, assertStringMap } from './assert.js';
import { base64UrlEncode } from '../core/bytes.js';
import { totpUri } from './totp-uri.js';
import type { Flight } from './sign-in.js';
import { InvalidStepError, type FirstFactor, type MfaType, type SignInResult, type SignInStep } from './types.js';

const MFA_TYPES: MfaType[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];
/** The first factors of USER_AUTH. */
export const FACTORS: FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

type Responses = Record<string, string | undefined>;

/** What a step's members and its answer share. */
interface StepState {
  f: Flight;
  challenge: string;
  response: any;
  /** The Session the answer carries (MFA_SETUP's calls renew it). */
  session?: string;
  /** The step's `respond`. */
  respond(answer: unknown): Promise<SignInResult>;
  /** Throws unless the step may be answered now. */
  check(): void;
  /** MFA_SETUP: AssociateSoftwareToken was called. */
  associated?: boolean;
}

/** A modelled challenge: the step's own members, and the ChallengeResponses for a (checked) answer. */
type StepSpec = [
  members: (p: Record<string, string>, s: StepState) => object,
  answer: (a: any, s: StepState, step: any) => Responses | Promise<Responses>,
];

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
async function passwordAnswer(f: Flight, factor: string, password: unknown): Promise<Responses> {
  if (factor !== 'PASSWORD' && factor !== 'PASSWORD_SRP') return {};
  assertString(password, 'password');
  f.password = password;
  return factor === 'PASSWORD' ? { PASSWORD: password } : { SRP_A: (f.srp = await f.hooks.srp()).SRP_A };
}

const none = () => ({});
/** SMS_MFA, EMAIL_OTP, SMS_OTP and SOFTWARE_TOKEN_MFA: the code goes in `{challenge}_CODE`. */
const code: StepSpec[1] = (c, s) => (assertString(c, 'code'), { [s.challenge + '_CODE']: c });
const sentCode: StepSpec = [
  (p) => ({ codeDelivery: { destination: p.CODE_DELIVERY_DESTINATION, deliveryMedium: p.CODE_DELIVERY_DELIVERY_MEDIUM } }),
  code,
];
/** PASSWORD or PASSWORD_SRP (Cognito asks for the password factor named earlier): answer with the password. */
const password: StepSpec = [none, (pw, s) => passwordAnswer(s.f, s.challenge, pw)];

const STEPS: Record<string, StepSpec> = {
  NEW_PASSWORD_REQUIRED: [
    (p) => ({
      userAttributes: json(p.userAttributes, {}),
      requiredAttributes: json<string[]>(p.requiredAttributes, []).map((a) => a.replace(/^userAttributes\./, '')),
    }),
    (a: { newPassword: string; attributes?: Record<string, string> }, s, step) => {
      assertString(a?.newPassword, 'newPassword');
      assertStringMap(a.attributes, 'attributes');
      const attributes = a.attributes ?? {};
      const missing = step.requiredAttributes.filter((r: string) => !(r in attributes));
      if (missing.length) throw new TypeError(`attributes: missing required ${missing.join(', ')}`);
      const out: Responses = { NEW_PASSWORD: a.newPassword };
      for (const [k, v] of Object.entries(attributes)) out['userAttributes.' + k] = v;
      s.f.password = a.newPassword;
      return out;
    },
  ],
  SMS_MFA: sentCode,
  EMAIL_OTP: sentCode,
  SMS_OTP: sentCode,
  SOFTWARE_TOKEN_MFA: [(p) => ({ deviceName: p.FRIENDLY_DEVICE_NAME }), code],
  SELECT_MFA_TYPE: [
    (p, s) => ({ options: json(p.MFAS_CAN_CHOOSE, []), select: s.respond }),
    (type) => (assertOneOf(type, MFA_TYPES, 'type'), { ANSWER: type }),
  ],
  // AssociateSoftwareToken and VerifySoftwareToken each hand back a new Session; the final
  // MFA_SETUP answer must carry the newest.
  MFA_SETUP: [
    (p, s) => ({
      options: json(p.MFAS_CAN_SETUP, []),
      async associateTotp(o: { issuer?: string; accountName?: string } = {}) {
        s.check();
        const out = await s.f.ctx.send('AssociateSoftwareToken', { Session: s.session });
        s.session = out.Session ?? s.session;
        s.associated = true;
        const secret: string = out.SecretCode;
        return { secret, uri: totpUri(secret, o.accountName ?? s.f.alias, o.issuer) };
      },
      verifyTotp: (code: string, o?: { friendlyName?: string }) => s.respond({ totpCode: code, friendlyName: o?.friendlyName }),
      setUpEmail: (email: string) => s.respond({ email }),
    }),
    async (a, s) => {
      assertObject(a, 'answer');
      if ('email' in a) {
        assertString(a.email, 'email');
        return { EMAIL: a.email };
      }
      assertString(a?.totpCode, 'totpCode');
      if (!s.associated) throw new TypeError('totpCode: call associateTotp() first');
      const out = await s.f.ctx.send('VerifySoftwareToken', { Session: s.session, UserCode: a.totpCode, FriendlyDeviceName: a.friendlyName });
      s.session = out.Session ?? s.session;
      return {};
    },
  ],
  CUSTOM_CHALLENGE: [
    none,
    (answer) => {
      if (typeof answer !== 'string') throw new TypeError('answer: expected a string');
      return { ANSWER: answer };
    },
  ],
  SELECT_CHALLENGE: [
    (p, s) => ({
      available: s.response.AvailableChallenges ?? json(p.AvailableChallenges, []),
      select: (challenge: FirstFactor, password?: string) => s.respond({ challenge, password }),
    }),
    async (a, s) => {
      const factor = typeof a === 'string' ? a : a?.challenge;
      assertOneOf(factor, FACTORS, 'challenge');
      // A password factor chosen without the password: Cognito asks for it in a PASSWORD /
      // PASSWORD_SRP step. With the password, the choice and the answer go in one call.
      const password = typeof a === 'string' ? undefined : a.password;
      return { ANSWER: factor, ...(password === undefined ? {} : await passwordAnswer(s.f, factor, password)) };
    },
  ],
  PASSWORD: password,
  PASSWORD_SRP: password,
  WEB_AUTHN: [
    (p) => ({ credentialRequestOptions: json(p.CREDENTIAL_REQUEST_OPTIONS, {}) }),
    (credential) => {
      if (credential === null || (typeof credential !== 'object' && typeof credential !== 'string')) {
        throw new TypeError('credential: expected a PublicKeyCredential (or its JSON)');
      }
      return { CREDENTIAL: typeof credential === 'string' ? credential : JSON.stringify(credentialJson(credential)) };
    },
  ],
};

/** Binary fields (ArrayBuffer or a view) as base64url; strings (a JSON form) and null as they are. */
const b64u = (v: unknown) =>
  v instanceof ArrayBuffer || ArrayBuffer.isView(v)
    ? base64UrlEncode(v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
    : v;

/**
 * The JSON form of an assertion (WebAuthn's AuthenticationResponseJSON). Browsers with
 * `PublicKeyCredential.toJSON()` give it themselves; older ones (Safari before 18, Firefox
 * before 119) would stringify a credential as `{}`, so it is built here from the raw fields.
 */
function credentialJson(c: any): unknown {
  if (typeof c.toJSON === 'function') return c.toJSON();
  if (b64u(c.rawId) === c.rawId) return c; // already the JSON form
  const r = c.response ?? {};
  return {
    id: c.id,
    rawId: b64u(c.rawId),
    type: c.type,
    authenticatorAttachment: c.authenticatorAttachment ?? undefined,
    clientExtensionResults: typeof c.getClientExtensionResults === 'function' ? c.getClientExtensionResults() : (c.clientExtensionResults ?? {}),
    response: {
      clientDataJSON: b64u(r.clientDataJSON),
      authenticatorData: b64u(r.authenticatorData),
      signature: b64u(r.signature),
      userHandle: b64u(r.userHandle) ?? undefined,
    },
  };
}

/** A challenge this version does not model: raw ChallengeResponses in, next step out. */
const OTHER: StepSpec = [none, (responses: Responses) => (assertStringMap(responses, 'responses'), responses)];

/**
 * Builds the step for a challenge the app must answer. A step is answered at most once, only
 * while its sign-in is the newest, and may be answered again after a failure (a wrong code).
 */
export function buildStep(f: Flight, challenge: string, parameters: Record<string, string>, response: any): SignInStep {
  const [members, answer] = (Object.hasOwn(STEPS, challenge) && STEPS[challenge]) || OTHER;
  let taken = false;
  const s: StepState = {
    f,
    challenge,
    response,
    session: response.Session,
    check() {
      if (!f.hooks.isCurrent(f.id)) throw new InvalidStepError(`${challenge}: this step belongs to an older sign-in`);
      if (taken) throw new InvalidStepError(`${challenge}: this step was already answered`);
    },
    async respond(a) {
      s.check();
      taken = true;
      let accepted = false;
      try {
        const responses = await answer(a, s, step); // before reading the Session: MFA_SETUP renews it
        return await f.answer(challenge, s.session, responses, () => (accepted = true));
      } catch (err) {
        // Refused (a wrong code) or never sent: the step may be answered again. Once the service
        // took the answer, its Session is used up, whatever failed after that.
        if (!accepted) taken = false;
        throw err;
      }
    },
  };
  const step = { signedIn: false, challenge, parameters, respond: s.respond, ...members(parameters, s) };
  return step as SignInStep;
}
