import type { CognitoExceptionName } from './generated/types.js';

/**
 * Names a {@link CognitoError} can carry: Cognito's own exception names, plus the client's own:
 * - `NetworkError`: fetch failed (DNS, connection refused, CORS...). Retryable.
 * - `TimeoutError`: an attempt took longer than `timeout`. Retryable.
 * - `AbortError`: the caller's `AbortSignal` fired; never retried. `cause` is the signal's reason.
 * - `ConfigurationError`: bad options or input, detected before any network call.
 * - `CredentialsError`: a signed operation was called without credentials (before the network).
 * - `UnknownError`: the service answered with an error we could not name (for example a proxy's HTML 502).
 * Any other string the service sends is passed through as is.
 */
export type CognitoErrorName =
  | CognitoExceptionName
  | 'NetworkError'
  | 'TimeoutError'
  | 'AbortError'
  | 'ConfigurationError'
  | 'CredentialsError'
  | 'UnknownError'
  | (string & {});

/** Response metadata, as the AWS SDK's `$metadata`. */
export interface ResponseMetadata {
  /** HTTP status; undefined when no response arrived. */
  httpStatusCode?: number;
  /** `x-amzn-RequestId` of the last response. */
  requestId?: string;
  /** Attempts made (1 when there was no retry). */
  attempts: number;
  /** Sum of the backoff delays waited, in ms. */
  totalRetryDelay: number;
}

// Symbol.for: the same brand in every copy of this library loaded in one realm.
const BRAND: unique symbol = Symbol.for('cognito-edge.CognitoError') as never;

/**
 * The one error type of cognito-edge: `name` is Cognito's exception name (e.g.
 * `NotAuthorizedException`) or one of the client's own names ({@link CognitoErrorName}).
 *
 * @example
 * try { await client.initiateAuth(input) } catch (e) {
 *   if (isCognitoError(e, 'NotAuthorizedException')) showWrongPassword();
 * }
 */
export class CognitoError<N extends CognitoErrorName = CognitoErrorName> extends Error {
  // `declare`: set in the constructor, no field initialisers to emit.
  declare name: N;
  /** Response metadata (status, request id, attempts). */
  declare $metadata: ResponseMetadata;
  /** Whether the client considers the failure transient (throttling, 5xx, network, timeout). */
  declare retryable: boolean;
  /** Brand for {@link isCognitoError}; works across duplicate bundles. */
  readonly [BRAND] = true;

  constructor(
    name: N,
    message: string,
    options: { cause?: unknown; $metadata?: Partial<ResponseMetadata>; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.$metadata = { attempts: 1, totalRetryDelay: 0, ...options.$metadata };
    this.retryable = options.retryable ?? false;
  }
}

/**
 * True when `err` is a {@link CognitoError} (from any copy of this library), and, when `name`
 * is given, has that name.
 */
export function isCognitoError<N extends CognitoErrorName>(err: unknown, name?: N): err is CognitoError<N> {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as Record<symbol, unknown>)[BRAND] === true &&
    (name === undefined || (err as Error).name === name)
  );
}

/**
 * Builds the error for a non-2xx response from its body text and headers. The name comes from
 * the body's `__type` or `code` (with any `namespace#` prefix removed) or from the
 * `x-amzn-ErrorType` header (with any `:suffix` removed, and only the first of a comma list); the message from `message` or `Message`.
 * A body that is not JSON (a proxy's HTML page) gives `UnknownError` with the status in the message.
 */
export function errorFromResponse(res: Response, text: string): CognitoError {
  const { status, headers } = res;
  let body: Record<string, unknown> = {};
  try {
    // Object(): a JSON null or primitive reads as an object without members.
    body = Object(JSON.parse(text));
  } catch {
    // not JSON (or empty): handled below
  }
  const raw = String(body.__type ?? body.code ?? headers.get('x-amzn-errortype') ?? '');
  // Cut at the first ',' (a repeated header reads "A, A"), then ':', as the SDK's sanitizeErrorCode.
  const name = raw.split(/[,:]/)[0]!.split('#').pop()!.trim();
  const msg = body.message ?? body.Message;
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  const message =
    typeof msg === 'string'
      ? msg
      : name
        ? `${name} (HTTP ${status})`
        : `HTTP ${status} with a response that is not a Cognito error${snippet ? ': ' + snippet : ''}`;
  return new CognitoError(name || 'UnknownError', message, { $metadata: responseMetadata(res) });
}

/** The status and request id of a response. */
export function responseMetadata(res: Response): Partial<ResponseMetadata> {
  return { httpStatusCode: res.status, requestId: res.headers.get('x-amzn-requestid') ?? undefined };
}
