/**
 * Confirmation and verification codes: issue one to a user's email or phone (into the outbox),
 * check one, and mask destinations the way CodeDeliveryDetails does.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import type { PoolRecord, UserRecord } from './state.js';
import { composeMessage } from './triggers.js';

/** Code lifetimes, as Cognito documents them. */
export const CODE_TTL_MS = {
  SIGN_UP: 24 * 3600_000,
  FORGOT_PASSWORD: 3600_000,
  VERIFY: 24 * 3600_000,
} as const;

/** Wrong codes accepted for one code before LimitExceededException. */
export const CODE_FAILURE_LIMIT = 5;
/** Quiet period after the last wrong code that lifts the limit (15 minutes, as the password lockout). */
export const CODE_FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** Wire CodeDeliveryDetailsType. */
export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: string;
}

/** Mask an email (`j***@e***`) or phone number (`+*******1234`) as the service does. */
export function maskDestination(value: string, attribute: string): string {
  if (attribute === 'email') {
    const [local = '', domain = ''] = value.split('@');
    return `${local.charAt(0)}***@${domain.charAt(0)}***`;
  }
  return `+${'*'.repeat(Math.max(0, value.length - 5))}${value.slice(-4)}`;
}

/** Which attribute receives a code: email before phone, optionally only verified ones. */
export function codeDestination(
  user: UserRecord,
  options: { verifiedOnly: boolean; prefer?: readonly string[] },
): { attribute: 'email' | 'phone_number'; value: string } | undefined {
  for (const attribute of (options.prefer ?? ['email', 'phone_number']) as Array<'email' | 'phone_number'>) {
    const value = user.attributes[attribute];
    if (!value) continue;
    if (options.verifiedOnly && user.attributes[`${attribute}_verified`] !== 'true') continue;
    return { attribute, value };
  }
  return undefined;
}

/** customMessage trigger source for each purpose. */
const TRIGGER_SOURCE: Record<string, string> = {
  SIGN_UP: 'CustomMessage_SignUp',
  RESEND_CODE: 'CustomMessage_ResendCode',
  FORGOT_PASSWORD: 'CustomMessage_ForgotPassword',
  VERIFY_ATTRIBUTE: 'CustomMessage_VerifyUserAttribute',
  UPDATE_ATTRIBUTE: 'CustomMessage_UpdateUserAttribute',
};

/**
 * Generate a code, store it on the user under `slot` and deliver it (through the pool's
 * verification template and the customMessage trigger, when set).
 * @returns the CodeDeliveryDetails for the response.
 * @throws UserLambdaValidationException when the customMessage trigger fails.
 */
export async function issueCode(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  o: {
    purpose: string;
    slot: string;
    ttlMs: number;
    attribute: 'email' | 'phone_number';
    value: string;
    detail?: string;
    clientId?: string;
    /** customMessage trigger source when it differs from the purpose's (UpdateUserAttribute). */
    triggerSource?: string;
  },
): Promise<CodeDeliveryDetails> {
  const code = ctx.generateCode();
  const channel = o.attribute === 'email' ? 'EMAIL' : 'SMS';
  const composed = await composeMessage(ctx, pool, user, {
    triggerSource: o.triggerSource ?? TRIGGER_SOURCE[o.purpose] ?? 'CustomMessage_SignUp',
    channel,
    code,
    fallback: messageFor(o.purpose),
    ...(o.clientId ? { clientId: o.clientId } : {}),
  });
  user.codes[o.slot] = { code, expiresAt: ctx.now() + o.ttlMs, ...(o.detail ? { detail: o.detail } : {}) };
  // A new code starts a new count: the wrong guesses were against the code it replaces.
  clearFailures(user, o.slot);
  ctx.deliver({
    userPoolId: pool.id,
    username: user.username,
    destination: o.value,
    channel,
    purpose: o.purpose,
    code,
    message: composed.message,
    ...(composed.subject ? { subject: composed.subject } : {}),
  });
  return { Destination: maskDestination(o.value, o.attribute), DeliveryMedium: channel, AttributeName: o.attribute };
}

function messageFor(purpose: string): string {
  switch (purpose) {
    case 'FORGOT_PASSWORD':
      return 'Your password reset code is {####}';
    case 'VERIFY_ATTRIBUTE':
      return 'Your verification code is {####}';
    default:
      return 'Your confirmation code is {####}';
  }
}

/**
 * Check `code` against the one stored under `slot`; consumes it on success. Counts failures:
 * after 5 wrong codes the service answers LimitExceededException, until a new code is issued or
 * 15 minutes pass without a wrong code.
 * @throws CodeMismatchException, ExpiredCodeException, LimitExceededException.
 */
export function checkCode(ctx: EmulatorContext, user: UserRecord, slot: string, code: unknown): void {
  if (typeof code !== 'string' || code === '') {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'confirmationCode' failed to satisfy constraint: Member must not be null",
    );
  }
  const pending = user.codes[slot];
  if (!pending) throw errors.expiredCode();
  const now = ctx.now();
  // "please try after some time": the limit lifts after a quiet window, as the password lockout's.
  const lastFailedAt = Number(user.extensions[`codeFailedAt:${slot}`] ?? 0);
  if (now - lastFailedAt >= CODE_FAILURE_WINDOW_MS) clearFailures(user, slot);
  const failures = Number(user.extensions[`codeFailures:${slot}`] ?? 0);
  if (failures >= CODE_FAILURE_LIMIT) throw new EmulatorError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
  if (pending.code !== code) {
    user.extensions[`codeFailures:${slot}`] = failures + 1;
    user.extensions[`codeFailedAt:${slot}`] = now;
    throw errors.codeMismatch();
  }
  if (pending.expiresAt <= ctx.now()) {
    delete user.codes[slot];
    throw errors.expiredCode();
  }
  delete user.codes[slot];
  clearFailures(user, slot);
}

function clearFailures(user: UserRecord, slot: string): void {
  delete user.extensions[`codeFailures:${slot}`];
  delete user.extensions[`codeFailedAt:${slot}`];
}
