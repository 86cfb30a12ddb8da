// Retry policy of the AWS SDK's standard mode (as in @smithy/core 3.x shipped with
// @aws-sdk/client-cognito-identity-provider 3.1169): at most 3 attempts; exponential backoff with
// full jitter, delay = random * min(base * 2^retry, 20 s), base 50 ms (1 s for throttling);
// retried: throttling error names and HTTP 429, HTTP 500/502/503/504, timeouts, network
// failures. Never: other 4xx client faults and aborts.
// Throttling names: of the SDK's THROTTLING_ERROR_CODES (@smithy/core service-error-classification)
// we keep those Cognito can send (its own TooManyRequestsException and LimitExceededException, and
// the AWS front end's ThrottlingException / Throttling / RequestLimitExceeded); the others are other
// services' (EC2, DynamoDB, S3...) and would only cost bytes in every sign-in bundle.
import type { CognitoError } from './errors.js';

/** Retry settings. */
export interface RetryOptions {
  /** Total attempts including the first (default 3; 1 disables retries). */
  maxAttempts?: number;
  /** Base delay in ms for transient errors (default 50). */
  baseDelayMs?: number;
  /** Base delay in ms for throttling errors (default 1000). */
  throttlingBaseDelayMs?: number;
  /** Upper bound of one delay in ms (default 20000). */
  maxDelayMs?: number;
  /** Waits `ms`; tests inject one that does not sleep. Receives the call's signal. */
  delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random number in [0, 1) for the jitter (default Math.random). */
  random?: () => number;
}

const THROTTLING = /^(TooManyRequestsException|LimitExceededException|ThrottlingException|Throttling|RequestLimitExceeded)$/;
const TRANSIENT = /^(TimeoutError|NetworkError|RequestTimeout|RequestTimeoutException)$/;

/** True for the throttling errors of the SDK's standard retry mode. */
export function isThrottling(err: CognitoError): boolean {
  return err.$metadata.httpStatusCode === 429 || THROTTLING.test(err.name);
}

/** Whether the standard retry mode retries this error (an AbortError is none of these: never retried). */
export function isRetryable(err: CognitoError): boolean {
  return isThrottling(err) || TRANSIENT.test(err.name) || [500, 502, 503, 504].includes(err.$metadata.httpStatusCode!);
}

/** Backoff before retry number `retry` (0 for the first retry), with full jitter. */
export function backoffDelay(err: CognitoError, retry: number, o: RetryOptions): number {
  const base = isThrottling(err) ? (o.throttlingBaseDelayMs ?? 1000) : (o.baseDelayMs ?? 50);
  return Math.floor((o.random ?? Math.random)() * Math.min(base * 2 ** retry, o.maxDelayMs ?? 20_000));
}

/** Default delay: a timer that an abort cuts short (an already-aborted signal: no wait at all). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
