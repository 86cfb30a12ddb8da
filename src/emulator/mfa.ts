/**
 * Multi-factor authentication: which MFA step a sign-in gets (SMS_MFA, EMAIL_OTP,
 * SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP), checking the answers, and the MFA
 * operations: AssociateSoftwareToken and VerifySoftwareToken (with an AccessToken or with the
 * MFA_SETUP Session), SetUserMFAPreference, AdminSetUserMFAPreference, SetUserSettings and
 * AdminSetUserSettings.
 *
 * Codes go to the emulator's outbox (purpose `MFA`); TOTP is checked with core's RFC 6238
 * implementation against the emulator clock, one step either side.
 * @module
 */
import { base32Encode } from '../core/base32.js';
import { totp } from '../core/totp.js';
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import {
  consume,
  findSessionAnywhere,
  flowData,
  newFlowSession,
  type AuthProgress,
} from './flow-sessions.js';
import { afterMfa, type ChallengeResponse, type StepInput } from './flow-steps.js';
import { defineModule, defineOperations } from './operations.js';
import { runTrigger, triggerEvent } from './triggers.js';
import type { PoolRecord, SessionRecord, UserRecord } from './state.js';
import { timingSafeEqual } from './util.js';

/** MFA methods as Cognito names them in challenges and preferences. */
export type MfaMethod = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

const ALL_METHODS: readonly MfaMethod[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

/** Wrong codes one challenge Session takes before it is ended (Cognito does not publish its limit). */
export const MAX_WRONG_CODES = 5;

/** Cognito's answer to a TOTP code used a second time (ExpiredCodeException). */
export const TOTP_REUSED = 'Your software token has already been used once.';

/**
 * Checks a TOTP code (RFC 6238, 30 s steps, one step either side, constant-time) and, when
 * `user` is given, refuses a code of a step at or before the last one the user spent, as
 * Cognito does ("Your software token has already been used once."). A good code spends its step.
 */
export function useTotp(
  ctx: EmulatorContext,
  secret: string,
  code: string,
  user?: UserRecord,
): 'ok' | 'mismatch' | 'reused' {
  const now = ctx.now();
  const current = Math.floor(now / 30_000);
  let matched: number | undefined;
  for (const step of [current - 1, current, current + 1]) {
    if (step >= 0 && timingSafeEqual(totp(secret, { time: step * 30_000 }), code.trim())) matched = step;
  }
  if (matched === undefined) return 'mismatch';
  if (user) {
    const last = user.extensions.totpLastStep;
    if (typeof last === 'number' && matched <= last) return 'reused';
    user.extensions.totpLastStep = matched;
  }
  return 'ok';
}

/**
 * Counts a wrong code against its challenge Session; after {@link MAX_WRONG_CODES} the session
 * is ended (the next answer gets "Invalid session for the user.").
 */
export function noteWrongCode(pool: PoolRecord, session: SessionRecord): void {
  const count = (Number(session.data.wrongCodes) || 0) + 1;
  session.data.wrongCodes = count;
  if (count >= MAX_WRONG_CODES) delete pool.sessions[session.id];
}

/** Cognito's answer to a wrong SMS or TOTP MFA code. */
export const INVALID_MFA_CODE = 'Invalid code received for user';
/** Cognito's answer to a wrong email one-time code. */
export const INVALID_EMAIL_CODE = 'Invalid code or auth state for the user.';

/** The MFA methods a pool offers. */
export function poolMfaMethods(pool: PoolRecord): MfaMethod[] {
  const mfa = pool.mfa;
  if (!mfa || mfa.MfaConfiguration === 'OFF') return [];
  const out: MfaMethod[] = [];
  const totp = mfa.SoftwareTokenMfaConfiguration?.Enabled === true;
  const email = mfa.EmailMfaConfiguration !== undefined;
  const sms = mfa.SmsMfaConfiguration !== undefined;
  if (sms) out.push('SMS_MFA');
  if (totp) out.push('SOFTWARE_TOKEN_MFA');
  if (email) out.push('EMAIL_OTP');
  return out;
}

/** What the MFA step of a sign-in is. */
export type MfaDecision =
  | { kind: 'none' }
  | { kind: 'challenge'; method: MfaMethod }
  | { kind: 'select'; methods: MfaMethod[] }
  | { kind: 'setup'; methods: MfaMethod[] };

/** Methods the user has enabled that the pool offers. */
export function userMfaMethods(pool: PoolRecord, user: UserRecord): MfaMethod[] {
  const offered = poolMfaMethods(pool);
  return ALL_METHODS.filter((m) => offered.includes(m) && user.mfa.enabled.includes(m));
}

/**
 * Decides the MFA step after the first factor.
 * - OFF: none. OPTIONAL: only when the user enabled a method.
 * - The preferred method when enabled; one method: that one; several: SELECT_MFA_TYPE.
 * - ON and nothing enabled: SMS to the user's phone number when SMS is on, else MFA_SETUP
 *   when TOTP is on, else an email code.
 */
export function decideMfa(pool: PoolRecord, user: UserRecord): MfaDecision {
  const offered = poolMfaMethods(pool);
  if (offered.length === 0) return { kind: 'none' };
  const enabled = userMfaMethods(pool, user);
  if (enabled.length > 0) {
    const preferred = user.mfa.preferred as MfaMethod | undefined;
    if (preferred && enabled.includes(preferred)) return { kind: 'challenge', method: preferred };
    if (enabled.length === 1) return { kind: 'challenge', method: enabled[0]! };
    return { kind: 'select', methods: enabled };
  }
  if (pool.mfa.MfaConfiguration !== 'ON') return { kind: 'none' };
  if (offered.includes('SMS_MFA') && user.attributes.phone_number) return { kind: 'challenge', method: 'SMS_MFA' };
  if (offered.includes('SOFTWARE_TOKEN_MFA')) return { kind: 'setup', methods: offered.filter((m) => m !== 'EMAIL_OTP') };
  if (offered.includes('EMAIL_OTP') && user.attributes.email) return { kind: 'challenge', method: 'EMAIL_OTP' };
  return { kind: 'setup', methods: offered };
}

/** Masks a phone number the way Cognito shows CODE_DELIVERY_DESTINATION (`+*******1234`). */
export function maskPhone(phone: string): string {
  return phone.length <= 4 ? phone : `+${'*'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-4)}`;
}

/** Masks an email address the way Cognito does (`j***@e***`). */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***@${email[at + 1] ?? ''}***`;
}

/**
 * The text of an authentication code message: the pool's SmsAuthenticationMessage /
 * SmsMfaConfiguration.SmsAuthenticationMessage or EmailMfaConfiguration.Message with `{####}`
 * replaced, else Cognito's default wording.
 */
export function authenticationMessage(pool: PoolRecord, channel: 'SMS' | 'EMAIL', code: string): string {
  const template =
    channel === 'SMS'
      ? (pool.mfa.SmsMfaConfiguration?.SmsAuthenticationMessage ?? (pool.config.SmsAuthenticationMessage as string | undefined))
      : pool.mfa.EmailMfaConfiguration?.Message;
  return template && template.includes('{####}')
    ? template.split('{####}').join(code)
    : `Your authentication code is ${code}. `;
}

/**
 * Sends a code by SMS or email to the user and returns the delivery parameters. A customMessage
 * trigger stand-in is asked for the text first (CustomMessage_Authentication, Cognito's event).
 */
export async function sendCode(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  channel: 'SMS' | 'EMAIL',
  purpose: string,
): Promise<{ code: string; parameters: Record<string, string> }> {
  const destination = channel === 'SMS' ? user.attributes.phone_number : user.attributes.email;
  if (!destination) {
    throw new EmulatorError(
      'InvalidParameterException',
      channel === 'SMS' ? 'User does not have a phone number.' : 'User does not have an email address.',
    );
  }
  const code = ctx.generateCode();
  let message = authenticationMessage(pool, channel, code);
  if (ctx.triggers(pool.id).customMessage) {
    const event = triggerEvent(ctx, pool, 'CustomMessage_Authentication', user.username, undefined, {
      userAttributes: Object.fromEntries(ctx.attributeList(user).map((a) => [a.Name, a.Value])),
      codeParameter: '{####}',
      usernameParameter: null,
      linkParameter: null,
      clientMetadata: {},
    }, { smsMessage: null, emailMessage: null, emailSubject: null });
    const out = await runTrigger(ctx, pool, 'customMessage', 'CustomMessage', event);
    const r = (out?.response ?? {}) as { smsMessage?: unknown; emailMessage?: unknown };
    const custom = channel === 'SMS' ? r.smsMessage : r.emailMessage;
    if (typeof custom === 'string' && custom !== '') {
      if (!custom.includes('{####}')) {
        throw new EmulatorError('UserLambdaValidationException', 'CustomMessage failed with error the message does not contain the code parameter {####}.');
      }
      message = custom.split('{####}').join(code);
    }
  }
  ctx.deliver({ userPoolId: pool.id, username: user.username, destination, channel, purpose, code, message });
  return {
    code,
    parameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: channel,
      CODE_DELIVERY_DESTINATION: channel === 'SMS' ? maskPhone(destination) : maskEmail(destination),
    },
  };
}

/** Issues one MFA challenge (delivering the code for SMS and email). */
export async function issueMfaChallenge(s: StepInput, method: MfaMethod): Promise<ChallengeResponse> {
  const { ctx, pool, client, user, progress } = s;
  let parameters: Record<string, string> = {};
  let code: string | undefined;
  if (method === 'SMS_MFA' || method === 'EMAIL_OTP') {
    ({ code, parameters } = await sendCode(ctx, pool, user, method === 'SMS_MFA' ? 'SMS' : 'EMAIL', 'MFA'));
  }
  const session = newFlowSession(ctx, pool, client, user, { challenge: method, progress, ...(code ? { code } : {}) });
  return {
    ChallengeName: method,
    Session: session.id,
    ChallengeParameters: { ...parameters, USER_ID_FOR_SRP: user.username },
  };
}

/** Issues the MFA step that {@link decideMfa} chose, or undefined when there is none. */
export async function issueMfaStep(s: StepInput): Promise<ChallengeResponse | undefined> {
  const decision = decideMfa(s.pool, s.user);
  switch (decision.kind) {
    case 'none':
      return undefined;
    case 'challenge':
      return issueMfaChallenge(s, decision.method);
    case 'select': {
      const session = newFlowSession(s.ctx, s.pool, s.client, s.user, { challenge: 'SELECT_MFA_TYPE', progress: s.progress });
      return {
        ChallengeName: 'SELECT_MFA_TYPE',
        Session: session.id,
        ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(decision.methods), USER_ID_FOR_SRP: s.user.username },
      };
    }
    case 'setup': {
      const session = newFlowSession(s.ctx, s.pool, s.client, s.user, {
        challenge: 'MFA_SETUP',
        progress: s.progress,
        stage: 'start',
      });
      return {
        ChallengeName: 'MFA_SETUP',
        Session: session.id,
        ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(decision.methods), USER_ID_FOR_SRP: s.user.username },
      };
    }
  }
}

/**
 * Checks an SMS_MFA / EMAIL_OTP / SOFTWARE_TOKEN_MFA answer. A wrong code throws
 * CodeMismatchException and leaves the session usable.
 */
export function checkMfaAnswer(
  ctx: EmulatorContext,
  user: UserRecord,
  challenge: string,
  data: Record<string, unknown>,
  responses: Record<string, unknown>,
): void {
  if (challenge === 'SOFTWARE_TOKEN_MFA') {
    const typed = responses.SOFTWARE_TOKEN_MFA_CODE;
    if (typeof typed !== 'string' || typed === '') {
      throw errors.invalidParameter('Missing required parameter SOFTWARE_TOKEN_MFA_CODE');
    }
    const secret = user.mfa.totpSecret;
    if (!secret) throw new EmulatorError('SoftwareTokenMFANotFoundException', 'Software token MFA has not been enabled by the user.');
    const verdict = useTotp(ctx, secret, typed, user);
    if (verdict === 'reused') throw new EmulatorError('ExpiredCodeException', TOTP_REUSED);
    if (verdict === 'mismatch') throw new EmulatorError('CodeMismatchException', INVALID_MFA_CODE);
    return;
  }
  const field = challenge === 'SMS_MFA' ? 'SMS_MFA_CODE' : challenge === 'EMAIL_OTP' ? 'EMAIL_OTP_CODE' : 'SMS_OTP_CODE';
  const typed = responses[field] ?? (challenge === 'SMS_OTP' ? responses.SMS_MFA_CODE : undefined);
  if (typeof typed !== 'string' || typed === '') throw errors.invalidParameter(`Missing required parameter ${field}`);
  if (typeof data.code !== 'string' || !timingSafeEqual(typed, data.code)) {
    throw new EmulatorError('CodeMismatchException', challenge === 'SMS_MFA' ? INVALID_MFA_CODE : INVALID_EMAIL_CODE);
  }
}

/** A new TOTP secret as Cognito hands it out: base32, no padding (32 characters). */
function newTotpSecret(ctx: EmulatorContext): string {
  return base32Encode(ctx.random(20), { padding: false });
}

function parseMfaSettings(name: string, value: unknown): { Enabled?: boolean; PreferredMfa?: boolean } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') throw errors.invalidParameter(`${name}: expected an object`);
  return value as { Enabled?: boolean; PreferredMfa?: boolean };
}

/** Applies SetUserMFAPreference / AdminSetUserMFAPreference settings to a user. */
export function applyMfaPreference(pool: PoolRecord, user: UserRecord, input: Record<string, unknown>): void {
  const settings: Array<[MfaMethod, ReturnType<typeof parseMfaSettings>]> = [
    ['SMS_MFA', parseMfaSettings('SMSMfaSettings', input.SMSMfaSettings)],
    ['SOFTWARE_TOKEN_MFA', parseMfaSettings('SoftwareTokenMfaSettings', input.SoftwareTokenMfaSettings)],
    ['EMAIL_OTP', parseMfaSettings('EmailMfaSettings', input.EmailMfaSettings)],
  ];
  for (const [method, s] of settings) {
    if (!s) continue;
    if (s.Enabled === true || s.PreferredMfa === true) {
      if (method === 'SOFTWARE_TOKEN_MFA' && !user.mfa.totpSecret) {
        throw errors.invalidParameter('User has not verified software token mfa');
      }
      if (method === 'EMAIL_OTP' && !poolMfaMethods(pool).includes('EMAIL_OTP')) {
        throw errors.invalidParameter('Email MFA is not enabled for the user pool.');
      }
      if (method === 'SMS_MFA' && !user.attributes.phone_number) {
        throw errors.invalidParameter('User does not have a phone number.');
      }
    }
  }
  for (const [method, s] of settings) {
    if (!s) continue;
    const on = s.Enabled === true || s.PreferredMfa === true;
    if (on && !user.mfa.enabled.includes(method)) user.mfa.enabled.push(method);
    if (s.Enabled === false) {
      user.mfa.enabled = user.mfa.enabled.filter((m) => m !== method);
      if (user.mfa.preferred === method) delete user.mfa.preferred;
    }
    if (s.PreferredMfa === true) user.mfa.preferred = method;
    else if (s.PreferredMfa === false && user.mfa.preferred === method) delete user.mfa.preferred;
  }
}

/** Applies the legacy SetUserSettings MFAOptions (SMS on phone_number, or none). */
function applyMfaOptions(user: UserRecord, options: unknown): void {
  if (!Array.isArray(options)) throw errors.invalidParameter('MFAOptions: expected a list');
  const sms = options.some((o) => o && (o as { DeliveryMedium?: string }).DeliveryMedium === 'SMS');
  if (sms) {
    if (!user.attributes.phone_number) throw errors.invalidParameter('User does not have a phone number.');
    if (!user.mfa.enabled.includes('SMS_MFA')) user.mfa.enabled.push('SMS_MFA');
  } else {
    user.mfa.enabled = user.mfa.enabled.filter((m) => m !== 'SMS_MFA');
    if (user.mfa.preferred === 'SMS_MFA') delete user.mfa.preferred;
  }
}

/**
 * Answers MFA_SETUP: after AssociateSoftwareToken + VerifySoftwareToken on the Session the
 * sign-in continues; with `EMAIL` in the answer (email MFA setup, as Amplify sends it) the
 * address is stored and an EMAIL_OTP code sent to it — the right code completes the sign-in
 * and turns email MFA on.
 */
export async function completeMfaSetup(
  s: StepInput,
  data: Record<string, unknown>,
  responses: Record<string, unknown>,
): Promise<ChallengeResponse> {
  const email = responses.EMAIL;
  if (email !== undefined) {
    if (!poolMfaMethods(s.pool).includes('EMAIL_OTP')) {
      throw errors.invalidParameter('Email MFA is not enabled for the user pool.');
    }
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw errors.invalidParameter('Invalid email address format.');
    }
    s.user.attributes.email = email;
    s.user.attributes.email_verified = 'false';
    s.user.updatedAt = s.ctx.now();
    const { code, parameters } = await sendCode(s.ctx, s.pool, s.user, 'EMAIL', 'MFA');
    const session = newFlowSession(s.ctx, s.pool, s.client, s.user, {
      challenge: 'EMAIL_OTP',
      progress: s.progress,
      code,
      enableEmailMfa: true,
    });
    return { ChallengeName: 'EMAIL_OTP', Session: session.id, ChallengeParameters: { ...parameters, USER_ID_FOR_SRP: s.user.username } };
  }
  if (data.stage !== 'verified') {
    throw errors.invalidParameter('Software token MFA setup is not complete: call AssociateSoftwareToken and VerifySoftwareToken first');
  }
  const progress: AuthProgress = { ...s.progress, mfaDone: true };
  return afterMfa({ ...s, progress });
}

/** After a code sent by MFA_SETUP (EMAIL) was answered: the address is verified and email MFA on. */
export function finishEmailSetup(user: UserRecord, data: Record<string, unknown>): void {
  if (data.enableEmailMfa !== true) return;
  user.attributes.email_verified = 'true';
  if (!user.mfa.enabled.includes('EMAIL_OTP')) user.mfa.enabled.push('EMAIL_OTP');
  if (!user.mfa.preferred) user.mfa.preferred = 'EMAIL_OTP';
}

/** Wire output of GetUserAuthFactors / AdminGetUserAuthFactors. */
function authFactors(pool: PoolRecord, user: UserRecord): Record<string, unknown> {
  const mfa = userMfaMethods(pool, user);
  const factors: string[] = [];
  if (user.password) factors.push('PASSWORD');
  if (user.attributes.email) factors.push('EMAIL_OTP');
  if (user.attributes.phone_number) factors.push('SMS_OTP');
  return {
    Username: user.username,
    ...(user.mfa.preferred && mfa.includes(user.mfa.preferred as MfaMethod) ? { PreferredMfaSetting: user.mfa.preferred } : {}),
    ...(mfa.length ? { UserMFASettingList: mfa } : {}),
    ConfiguredUserAuthFactors: factors,
  };
}

/** The MFA operations. */
export const mfaModule = defineModule({
  operations: defineOperations({
    async AssociateSoftwareToken(ctx, input) {
      if (input.AccessToken !== undefined && input.AccessToken !== null) {
        const { user } = await ctx.requireAccessToken(input.AccessToken);
        const secret = newTotpSecret(ctx);
        user.mfa.totpPendingSecret = secret;
        user.updatedAt = ctx.now();
        return { SecretCode: secret };
      }
      if (input.Session === undefined || input.Session === null) {
        throw errors.invalidParameter('Either AccessToken or Session must be provided');
      }
      const { pool, client, session } = findSessionAnywhere(ctx, input.Session);
      const data = flowData(session);
      if (data.challenge !== 'MFA_SETUP') throw errors.notAuthorized('Invalid session for the user.');
      const user = ctx.getUser(pool, session.username);
      ctx.assertUserEnabled(user);
      consume(session);
      const secret = newTotpSecret(ctx);
      const next = newFlowSession(ctx, pool, client, user, { challenge: 'MFA_SETUP', progress: data.progress, stage: 'associated', secret });
      return { SecretCode: secret, Session: next.id };
    },

    async VerifySoftwareToken(ctx, input) {
      const code = input.UserCode;
      if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) {
        throw errors.invalidParameter(
          "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+",
        );
      }
      const mismatch = () => new EmulatorError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
      if (input.AccessToken !== undefined && input.AccessToken !== null) {
        const { user } = await ctx.requireAccessToken(input.AccessToken);
        const secret = user.mfa.totpPendingSecret;
        if (!secret) throw new EmulatorError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated with the user.');
        if (useTotp(ctx, secret, code) !== 'ok') throw mismatch();
        // A new secret: the verifying code is the first one spent (signing in needs a later one).
        delete user.extensions.totpLastStep;
        useTotp(ctx, secret, code, user);
        user.mfa.totpSecret = secret;
        delete user.mfa.totpPendingSecret;
        if (typeof input.FriendlyDeviceName === 'string') user.mfa.totpFriendlyName = input.FriendlyDeviceName;
        user.updatedAt = ctx.now();
        return { Status: 'SUCCESS' };
      }
      if (input.Session === undefined || input.Session === null) {
        throw errors.invalidParameter('Either AccessToken or Session must be provided');
      }
      const { pool, client, session } = findSessionAnywhere(ctx, input.Session);
      const data = flowData(session);
      if (data.challenge !== 'MFA_SETUP' || typeof data.secret !== 'string') {
        throw errors.notAuthorized('Invalid session for the user.');
      }
      const user = ctx.getUser(pool, session.username);
      ctx.assertUserEnabled(user);
      if (useTotp(ctx, data.secret, code) !== 'ok') {
        noteWrongCode(pool, session);
        throw mismatch();
      }
      consume(session);
      delete user.extensions.totpLastStep;
      useTotp(ctx, data.secret, code, user);
      user.mfa.totpSecret = data.secret;
      delete user.mfa.totpPendingSecret;
      if (!user.mfa.enabled.includes('SOFTWARE_TOKEN_MFA')) user.mfa.enabled.push('SOFTWARE_TOKEN_MFA');
      if (!user.mfa.preferred) user.mfa.preferred = 'SOFTWARE_TOKEN_MFA';
      if (typeof input.FriendlyDeviceName === 'string') user.mfa.totpFriendlyName = input.FriendlyDeviceName;
      user.updatedAt = ctx.now();
      const next = newFlowSession(ctx, pool, client, user, { challenge: 'MFA_SETUP', progress: data.progress, stage: 'verified' });
      return { Status: 'SUCCESS', Session: next.id };
    },

    async GetUserAuthFactors(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      return authFactors(pool, user);
    },

    async AdminGetUserAuthFactors(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      return authFactors(pool, ctx.getUser(pool, input.Username));
    },

    async SetUserMFAPreference(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      applyMfaPreference(pool, user, input);
      user.updatedAt = ctx.now();
      return {};
    },

    async AdminSetUserMFAPreference(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      applyMfaPreference(pool, user, input);
      user.updatedAt = ctx.now();
      return {};
    },

    async SetUserSettings(ctx, input) {
      const { user } = await ctx.requireAccessToken(input.AccessToken);
      applyMfaOptions(user, input.MFAOptions);
      user.updatedAt = ctx.now();
      return {};
    },

    async AdminSetUserSettings(ctx, input) {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      applyMfaOptions(user, input.MFAOptions);
      user.updatedAt = ctx.now();
      return {};
    },
  }),
});
