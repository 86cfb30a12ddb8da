// The one request path of every operation: resolve the endpoint, serialize, sign (only when the
// caller hands in a signer), fetch with timeout and abort, parse, retry, correct clock skew.
import type { AwsCredentials } from '../core/sigv4.js';
import { CognitoError, errorFromResponse } from './errors.js';
import { backoffDelay, isRetryable, sleep, type RetryOptions } from './retry.js';
import type { WireTables } from './generated/wire-tables.js';
import { parseOutput, serializeInput } from './serde.js';

/** Static credentials, or a function that returns them (called once per operation call). */
export type CredentialsOption = AwsCredentials | (() => AwsCredentials | Promise<AwsCredentials>);

/** Options of a client. Every field is optional. */
export interface ClientOptions {
  /** AWS region, e.g. `eu-west-1`. Else taken from `userPoolId`, else from the input's `UserPoolId`. */
  region?: string;
  /** A user pool id (`eu-west-1_AbC123`) to take the region from. */
  userPoolId?: string;
  /** Endpoint URL (the emulator, a proxy). Default `https://cognito-idp.{region}.amazonaws.com/`. */
  endpoint?: string;
  /** Credentials for the operations that need SigV4 (the admin surface). */
  credentials?: CredentialsOption;
  /** fetch to use (default: the global fetch, looked up at call time). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Total attempts including the first (default 3). Same as `retry.maxAttempts`. */
  maxAttempts?: number;
  /** Retry tuning, and the injectable delay and random source. */
  retry?: RetryOptions;
  /** Timeout of one attempt in ms (default none). A timed-out attempt is retried. */
  timeout?: number;
  /** Clock in ms since the epoch, used to sign (default Date.now). */
  now?: () => number;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call (no retry); the call rejects with a CognitoError named `AbortError`. */
  signal?: AbortSignal;
  /** Timeout of one attempt in ms; overrides the client's `timeout`. */
  timeout?: number;
}

/**
 * Signs requests for {@link invoke}: `sign` returns the headers to add; `isSkewError` says which
 * errors mean "your clock is off" (kept here so that unsigned bundles do not carry the list).
 */
export interface RequestSigner {
  sign(
    request: { url: string; headers: Record<string, string>; body: string },
    o: { credentials: AwsCredentials; region: string; date: Date },
  ): Promise<Record<string, string>>;
  isSkewError(err: CognitoError): boolean;
}

/** What a client hands to {@link invoke}: its options and its own mutable state. */
export interface TransportContext {
  readonly options: ClientOptions;
  /** Clock offset (server minus local, ms), learned after a clock-skew error. Per client. */
  skewMs: number;
  /** Which response members to convert (timestamps, blobs) or leave alone. */
  readonly wire: WireTables;
}

const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The region of a user pool id (`eu-west-1_AbC` → `eu-west-1`), or undefined. */
export function regionFromPoolId(poolId: unknown): string | undefined {
  return typeof poolId === 'string' ? POOL_ID.exec(poolId)?.[1] : undefined;
}

function configError(message: string): CognitoError {
  return new CognitoError('ConfigurationError', message, { $metadata: { attempts: 0 } });
}

/** Checks client options; throws a ConfigurationError naming the bad field. */
export function checkOptions(o: ClientOptions): void {
  if (o.region !== undefined && !REGION.test(o.region)) throw configError(`options.region: expected a region like "eu-west-1", got ${JSON.stringify(o.region)}`);
  if (o.userPoolId !== undefined && !regionFromPoolId(o.userPoolId)) throw configError(`options.userPoolId: expected a pool id like "eu-west-1_AbC123", got ${JSON.stringify(o.userPoolId)}`);
  if (o.endpoint !== undefined && !/^https?:\/\/[^/]/.test(o.endpoint)) throw configError(`options.endpoint: expected an http(s) URL, got ${JSON.stringify(o.endpoint)}`);
  const n = o.maxAttempts ?? o.retry?.maxAttempts;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) throw configError(`options.maxAttempts: expected an integer >= 1, got ${n}`);
  if (o.timeout !== undefined && !(o.timeout > 0)) throw configError(`options.timeout: expected a positive number of ms, got ${o.timeout}`);
  if (o.fetch !== undefined && typeof o.fetch !== 'function') throw configError('options.fetch: expected a function');
}

/**
 * Sends one operation: `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.{operation}`.
 * Signs only when `signer` is given (the full client passes it for signed operations).
 *
 * @throws CognitoError: the service's exception, or NetworkError / TimeoutError / AbortError /
 *   ConfigurationError / CredentialsError / UnknownError.
 */
export async function invoke(
  ctx: TransportContext,
  operation: string,
  input: unknown,
  call: CallOptions = {},
  signer?: RequestSigner,
): Promise<unknown> {
  const o = ctx.options;
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw configError(`${operation}: input must be an object`);
  }
  const region = o.region ?? regionFromPoolId(o.userPoolId) ?? regionFromPoolId((input as { UserPoolId?: unknown })?.UserPoolId);
  if (!region && (!o.endpoint || signer)) {
    throw configError(`${operation}: no region; pass options.region or options.userPoolId${o.endpoint ? '' : ', or options.endpoint'}`);
  }
  let credentials: AwsCredentials | undefined;
  if (signer) {
    const c = o.credentials;
    try {
      credentials = typeof c === 'function' ? await c() : c;
    } catch (cause) {
      throw new CognitoError('CredentialsError', `${operation}: the credentials provider failed`, { cause, $metadata: { attempts: 0 } });
    }
    if (!credentials?.accessKeyId || !credentials.secretAccessKey) {
      throw new CognitoError('CredentialsError', `${operation} needs AWS credentials (SigV4); pass options.credentials`, {
        $metadata: { attempts: 0 },
      });
    }
  }
  const url = o.endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`;
  const body = serializeInput(input);
  const retry = o.retry ?? {};
  const maxAttempts = o.maxAttempts ?? retry.maxAttempts ?? 3;
  const timeout = call.timeout ?? o.timeout;
  const now = o.now ?? Date.now;
  const wait = retry.delay ?? sleep;
  const { signal } = call;
  let attempts = 0;
  let retries = 0;
  let totalRetryDelay = 0;
  let skewCorrected = false;

  for (;;) {
    attempts++;
    let err: CognitoError;
    if (signal?.aborted) {
      err = new CognitoError('AbortError', `${operation} aborted`, { cause: signal.reason });
    } else {
      const headers: Record<string, string> = {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.' + operation,
      };
      if (signer) {
        Object.assign(headers, await signer.sign({ url, headers, body }, { credentials: credentials!, region: region!, date: new Date(now() + ctx.skewMs) }));
      }
      const controller = new AbortController();
      let timedOut = false;
      const onAbort = () => controller.abort(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        timeout === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              controller.abort();
            }, timeout);
      try {
        const doFetch = o.fetch ?? fetch;
        const res = await doFetch(url, { method: 'POST', headers, body, signal: controller.signal });
        const text = await res.text();
        if (res.ok) {
          try {
            return parseOutput(text, ctx.wire);
          } catch (cause) {
            throw new CognitoError('UnknownError', `${operation}: HTTP ${res.status} with a body that is not JSON`, {
              cause,
              $metadata: { httpStatusCode: res.status, requestId: res.headers.get('x-amzn-requestid') ?? undefined, attempts, totalRetryDelay },
            });
          }
        }
        err = errorFromResponse(res.status, res.headers, text);
        // Clock skew: correct once from the server's Date header, then retry at once.
        const serverDate = Date.parse(res.headers.get('date') ?? '');
        if (signer && !skewCorrected && signer.isSkewError(err) && !Number.isNaN(serverDate)) {
          const skew = serverDate - now();
          if (Math.abs(skew - ctx.skewMs) >= 300_000) {
            ctx.skewMs = skew;
            skewCorrected = true;
            continue;
          }
        }
      } catch (cause) {
        if (cause instanceof CognitoError) throw cause;
        if (signal?.aborted) err = new CognitoError('AbortError', `${operation} aborted`, { cause: signal.reason });
        else if (timedOut) err = new CognitoError('TimeoutError', `${operation}: no response within ${timeout} ms`, { cause });
        else err = new CognitoError('NetworkError', `${operation}: request to ${url} failed: ${(cause as Error)?.message ?? cause}`, { cause });
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    }
    err.retryable = isRetryable(err);
    if (err.retryable && attempts < maxAttempts + (skewCorrected ? 1 : 0)) {
      const ms = backoffDelay(err, retries++, retry);
      totalRetryDelay += ms;
      await wait(ms, signal);
      continue;
    }
    err.$metadata.attempts = attempts;
    err.$metadata.totalRetryDelay = totalRetryDelay;
    throw err;
  }
}
