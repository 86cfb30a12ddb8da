/**
 * Lambda-trigger stand-ins: run one with Cognito's event shape, and compose delivered messages
 * through the CustomMessage trigger.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError } from './errors.js';
import type { PoolRecord, UserRecord } from './state.js';

/**
 * Run a trigger stand-in, turning its failure into UserLambdaValidationException as Cognito does.
 * @returns the (possibly modified) event, or undefined when the trigger is not set.
 */
export async function runTrigger(
  ctx: EmulatorContext,
  pool: PoolRecord,
  name: string,
  label: string,
  event: Record<string, any>,
): Promise<Record<string, any> | undefined> {
  const fn = ctx.triggers(pool.id)[name];
  if (!fn) return undefined;
  try {
    const out = await fn(event);
    return (out && typeof out === 'object' ? out : event) as Record<string, any>;
  } catch (err) {
    throw new EmulatorError('UserLambdaValidationException', `${label} failed with error ${(err as Error)?.message ?? String(err)}.`);
  }
}

/** Base of a trigger event. */
export function triggerEvent(
  ctx: EmulatorContext,
  pool: PoolRecord,
  triggerSource: string,
  userName: string,
  clientId: string | undefined,
  request: Record<string, unknown>,
  response: Record<string, unknown> = {},
): Record<string, any> {
  return {
    version: '1',
    region: ctx.region,
    userPoolId: pool.id,
    userName,
    callerContext: { awsSdkVersion: 'cognito-edge-emulator', clientId: clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
    triggerSource,
    request,
    response,
  };
}

/**
 * The message for a delivered code: the pool's verification template (or `fallback`), then the
 * customMessage trigger when one is set (its message must contain the code placeholder).
 * @throws UserLambdaValidationException when the trigger fails or drops the code.
 */
export async function composeMessage(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  o: { triggerSource: string; channel: 'EMAIL' | 'SMS'; code: string; fallback: string; clientId?: string; username?: string },
): Promise<{ message: string; subject?: string }> {
  const template = pool.config.VerificationMessageTemplate as
    | { EmailMessage?: string; EmailSubject?: string; SmsMessage?: string }
    | undefined;
  const fromPool =
    o.triggerSource === 'CustomMessage_AdminCreateUser'
      ? undefined
      : o.channel === 'EMAIL'
        ? (template?.EmailMessage ?? (pool.config.EmailVerificationMessage as string | undefined))
        : (template?.SmsMessage ?? (pool.config.SmsVerificationMessage as string | undefined));
  let message = fromPool ?? o.fallback;
  // Invitations (AdminCreateUser) have their own template, handled by the caller as `fallback`.
  const invitation = o.triggerSource === 'CustomMessage_AdminCreateUser';
  let subject =
    o.channel === 'EMAIL' && !invitation ? (template?.EmailSubject ?? (pool.config.EmailVerificationSubject as string | undefined)) : undefined;
  if (ctx.triggers(pool.id).customMessage) {
    const event = triggerEvent(ctx, pool, o.triggerSource, user.username, o.clientId, {
      userAttributes: Object.fromEntries(ctx.attributeList(user).map((a) => [a.Name, a.Value])),
      codeParameter: '{####}',
      usernameParameter: o.username !== undefined ? '{username}' : null,
      linkParameter: '{##Click Here##}',
      clientMetadata: {},
    }, { smsMessage: null, emailMessage: null, emailSubject: null });
    const out = await runTrigger(ctx, pool, 'customMessage', 'CustomMessage', event);
    const r = (out?.response ?? {}) as { smsMessage?: string | null; emailMessage?: string | null; emailSubject?: string | null };
    const custom = o.channel === 'EMAIL' ? r.emailMessage : r.smsMessage;
    if (typeof custom === 'string' && custom !== '') {
      if (!custom.includes('{####}')) {
        throw new EmulatorError('UserLambdaValidationException', 'CustomMessage failed with error the message does not contain the code parameter {####}.');
      }
      message = custom;
    }
    if (o.channel === 'EMAIL' && typeof r.emailSubject === 'string' && r.emailSubject !== '') subject = r.emailSubject;
  }
  message = message.replace(/\{####\}/g, o.code);
  if (o.username !== undefined) message = message.replace(/\{username\}/g, o.username);
  return { message, ...(subject ? { subject } : {}) };
}
