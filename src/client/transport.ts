// The one request path of every operation: resolve the endpoint, serialize, sign (only when the
// caller hands in a signer), fetch with timeout and abort, parse, retry, correct clock skew.
import type { AwsCredentials } from '../core/sigv4.js';
import { CognitoError, errorFromResponse, responseMetadata } from './errors.js';
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
  /**
   * Endpoint URL (the emulator, a proxy). Default `https://cognito-idp.{region}.{suffix}/`, the
   * suffix of the region's partition as the AWS SDK resolves it (`amazonaws.com`, `amazonaws.com.cn`
   * for `cn-*`, `amazonaws.eu` for `eusc-de-*`, `c2s.ic.gov` for `us-iso-*`...).
   */
  endpoint?: string;
  /** Credentials for the operations that need SigV4 (the admin surface). */
  credentials?: CredentialsOption;
  /** fetch to use (default: the global fetch, looked up at call time). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Total attempts including the first (default 3). Same as `retry.maxAttempts`. */
  maxAttempts?: number;
  /** Retry tuning, and the injectable delay and random source. */
  retry?: RetryOptions;
  /**
   * Timeout of one attempt in ms, 1 to 2147483647 (the most a timer can wait); `Infinity` or unset
   * for none (the default). A timed-out attempt is retried.
   */
  timeout?: number;
  /** Clock in ms since the epoch, used to sign (default Date.now). */
  now?: () => number;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call (no retry); the call rejects with a CognitoError named `AbortError`. */
  signal?: AbortSignal;
  /** Timeout of one attempt in ms; overrides the client's `timeout`, and is checked as it is. */
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

// Regions of every partition: eu-west-1, cn-north-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.
const POOL_ID = /^([a-z]{2,4}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;
const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d+$/;

// DNS suffix of each partition other than aws and aws-us-gov (both amazonaws.com), keyed by what
// its `regionRegex` puts before `-\w+-\d+$` (cn, eusc-de, us-iso...): the partitions of the AWS
// SDK (@aws-sdk/core util-endpoints partitions.js), whose endpoint rules for cognito-idp give
// https://cognito-idp.{region}.{dnsSuffix}. Any other region is in aws (amazonaws.com), as there.
const DNS_SUFFIX: Record<string, string> = {
  cn: 'amazonaws.com.cn',
  'eusc-de': 'amazonaws.eu',
  'us-iso': 'c2s.ic.gov',
  'us-isob': 'sc2s.sgov.gov',
  'us-isof': 'csp.hci.ic.gov',
  'eu-isoe': 'cloud.adc-e.uk',
};

/** The default endpoint of a (checked) region, in its partition's domain, as the AWS SDK resolves it. */
const endpointOf = (region: string): string =>
  `https://cognito-idp.${region}.${DNS_SUFFIX[region.replace(/-\w+-\d+$/, '')] ?? 'amazonaws.com'}/`;

/** The region of a user pool id (`eu-west-1_AbC` → `eu-west-1`, `eusc-de-east-1_AbC` → `eusc-de-east-1`), or undefined. */
export function regionFromPoolId(poolId: unknown): string | undefined {
  return typeof poolId === 'string' ? POOL_ID.exec(poolId)?.[1] : undefined;
}

function configError(message: string, cause?: unknown): CognitoError {
  return new CognitoError('ConfigurationError', message, { cause, $metadata: { attempts: 0 } });
}

type Check = [what: string, ok: (v: any) => unknown];

// setTimeout fires at once for more than 2^31-1 ms, so larger values would time out every attempt.
const TIMEOUT: Check = ['1 to 2147483647 ms, or Infinity for none', (v) => typeof v == 'number' && v > 0 && (v <= 0x7fffffff || v == Infinity)];

/** Throws a ConfigurationError naming `field` unless `v` is undefined or passes the check. */
function check(field: string, v: unknown, [what, ok]: Check): void {
  if (v !== undefined && !ok(v)) throw configError(`${field}: expected ${what}, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
}

/** Each checked option (when set): what it must be, and the test. */
const OPTION_CHECKS: Array<[keyof ClientOptions, string, (v: any) => unknown]> = [
  ['region', 'a region like "eu-west-1"', (v) => REGION.test(v)],
  ['userPoolId', 'a pool id like "eu-west-1_AbC123"', regionFromPoolId],
  ['endpoint', 'an http(s) URL', (v) => /^https?:\/\/[^/]/.test(v)],
  ['maxAttempts', 'an integer >= 1', (v) => Number.isInteger(v) && v >= 1],
  ['timeout', ...TIMEOUT],
  ['fetch', 'a function', (v) => typeof v === 'function'],
];

/** Checks client options; throws a ConfigurationError naming the bad field. */
export function checkOptions(o: ClientOptions): void {
  for (const [k, ...c] of OPTION_CHECKS) check('options.' + k, k === 'maxAttempts' ? (o.maxAttempts ?? o.retry?.maxAttempts) : o[k], c);
}

/**
 * A client's own copy of its options, checked. The credentials are kept but not enumerable, so
 * logging or serialising the client (or its options) does not print the secret key.
 */
export function ownOptions(o: ClientOptions): ClientOptions {
  checkOptions(o);
  const { credentials, ...rest } = o;
  return Object.defineProperty(rest, 'credentials', { value: credentials });
}

/** What signing adds to the request path of one call (see {@link invoke}). */
interface Signing {
  /** The headers that sign one attempt. */
  sign(request: { url: string; headers: Record<string, string>; body: string }): Promise<Record<string, string>>;
  /** After an error response: true when the clock was corrected, so the attempt is repeated at once. */
  skewed(err: CognitoError, res: Response): boolean;
}

/**
 * Sends one operation: `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.{operation}`.
 * Signs only when `signer` is given (the full client passes it for signed operations): the
 * credentials are resolved once per call, and a clock-skew error corrects the clock once.
 *
 * @throws CognitoError: the service's exception, or NetworkError / TimeoutError / AbortError /
 *   ConfigurationError (bad call options, input that is not JSON, no Web Crypto to sign) /
 *   CredentialsError / UnknownError.
 */
export function invoke(
  ctx: TransportContext,
  operation: string,
  input: unknown,
  call: CallOptions = {},
  signer?: RequestSigner,
): Promise<unknown> {
  return send(
    ctx,
    operation,
    input,
    call,
    signer &&
      (async (region) => {
        const o = ctx.options;
        const c = o.credentials;
        const fail = (message: string, cause?: unknown) =>
          new CognitoError('CredentialsError', operation + message, { cause, $metadata: { attempts: 0 } });
        let credentials: AwsCredentials | undefined;
        try {
          credentials = typeof c === 'function' ? await c() : c;
        } catch (cause) {
          throw fail(': the credentials provider failed', cause);
        }
        if (!credentials?.accessKeyId || !credentials.secretAccessKey) throw fail(' needs AWS credentials (SigV4); pass options.credentials');
        // Pages served over plain http (not a secure context) have no crypto.subtle.
        if (!globalThis.crypto?.subtle) throw configError(`${operation}: SigV4 needs Web Crypto (crypto.subtle), which a page has only in a secure context (https)`);
        const now = o.now ?? Date.now;
        let corrected = false;
        return {
          sign: (request) => signer.sign(request, { credentials: credentials!, region, date: new Date(now() + ctx.skewMs) }),
          skewed(err, res) {
            // Clock skew: correct once from the server's Date header, then retry at once.
            const serverDate = Date.parse(res.headers.get('date') ?? '');
            if (corrected || !signer.isSkewError(err) || Number.isNaN(serverDate)) return false;
            const skew = serverDate - now();
            if (Math.abs(skew - ctx.skewMs) < 300_000) return false;
            ctx.skewMs = skew;
            return (corrected = true);
          },
        };
      }),
  );
}

/**
 * The request path of {@link invoke} without SigV4 (the lean client calls it directly, so its
 * bundles carry neither credentials nor clock-skew handling): `signing`, when given, resolves
 * what signing needs once the region is known.
 */
export async function send(
  ctx: TransportContext,
  operation: string,
  input: unknown,
  call: CallOptions = {},
  signing?: (region: string) => Promise<Signing>,
): Promise<unknown> {
  const o = ctx.options;
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw configError(`${operation}: input must be an object`);
  }
  check(operation + ': call options.timeout', call.timeout, TIMEOUT);
  let body: string;
  try {
    body = serializeInput(input);
  } catch (cause) {
    // A BigInt or a cycle: the message names the member (never its value).
    throw configError(`${operation}: input is not JSON: ${(cause as Error).message}`, cause);
  }
  const region = o.region ?? regionFromPoolId(o.userPoolId) ?? regionFromPoolId((input as { UserPoolId?: unknown })?.UserPoolId);
  if (!region && (!o.endpoint || signing)) {
    throw configError(`${operation}: no region; pass options.region or options.userPoolId${o.endpoint ? '' : ', or options.endpoint'}`);
  }
  const signed = await signing?.(region!);
  const url = o.endpoint ?? endpointOf(region!);
  const retry = o.retry ?? {};
  const maxAttempts = o.maxAttempts ?? retry.maxAttempts ?? 3;
  const timeout = call.timeout ?? o.timeout;
  const wait = retry.delay ?? sleep;
  const { signal } = call;
  const aborted = () => new CognitoError('AbortError', `${operation} aborted`, { cause: signal!.reason });
  // Requests sent (an abort before a request is not one).
  let attempts = 0;
  let retries = 0;
  let totalRetryDelay = 0;
  // One more attempt once the clock was corrected after a skew error.
  let extra = 0;

  for (;;) {
    // Set below, or replaced by the AbortError when the signal has fired.
    let err!: CognitoError;
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.' + operation,
    };
    if (signed) Object.assign(headers, await signed.sign({ url, headers, body }));
    // Checked after signing, which awaits: an abort during it has fired before the listener below.
    if (!signal?.aborted) {
      attempts++;
      // Aborted by the caller's signal or by the timeout (whichever the catch below finds).
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Infinity (or no timeout): no timer.
      const timer = timeout! < Infinity ? setTimeout(() => controller.abort(), timeout) : undefined;
      try {
        // Cognito never redirects; following one would re-post passwords and tokens elsewhere, so a
        // redirect is answered as the error it is. 'manual', not 'error': workerd refuses 'error'.
        const res = await (o.fetch ?? fetch)(url, { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' });
        const text = await res.text();
        if (res.ok) {
          try {
            return parseOutput(text, ctx.wire);
          } catch (cause) {
            // Not retried (a 2xx is not transient).
            err = new CognitoError('UnknownError', `${operation}: HTTP ${res.status} with a body that is not JSON`, {
              cause,
              $metadata: responseMetadata(res),
            });
          }
        } else {
          err = errorFromResponse(res, text);
          if (signed?.skewed(err, res)) {
            extra = 1;
            continue;
          }
        }
      } catch (cause) {
        // A CognitoError thrown by an injected fetch is passed on as it is.
        if (cause instanceof CognitoError) throw cause;
        // (A caller's abort is told apart below.)
        if (controller.signal.aborted) err = new CognitoError('TimeoutError', `${operation}: no response within ${timeout} ms`, { cause });
        // The endpoint without its query: a proxy's API key there stays out of messages and logs.
        else err = new CognitoError('NetworkError', `${operation}: request to ${url.split('?')[0]} failed: ${(cause as Error)?.message ?? cause}`, { cause });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    }
    // Aborted before the request, during it, or as it ended: reject now, with no backoff first.
    if (signal?.aborted) err = aborted();
    err.retryable = isRetryable(err);
    if (err.retryable && attempts < maxAttempts + extra) {
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
