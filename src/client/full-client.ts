import { signRequest } from '../core/sigv4.js';
import { CognitoError } from './errors.js';
import { OPERATION_NAMES } from './generated/operation-names.js';
import { UNSIGNED_OPERATIONS } from './generated/operations.js';
import type { OperationMap, OperationName } from './generated/types.js';
import { WIRE_TABLES } from './generated/wire-tables.js';
import { ownOptions, invoke, type CallOptions, type ClientOptions, type RequestSigner, type TransportContext } from './transport.js';

// Names after which the AWS SDK corrects its clock (CLOCK_SKEW_ERROR_CODES of @smithy/core).
const SKEW = /^(AccessDeniedException|AuthFailure|InvalidSignatureException|RequestExpired|RequestInTheFuture|RequestTimeTooSkewed|SignatureDoesNotMatch)$/;

const sigv4: RequestSigner = {
  sign: async (req, o) =>
    (await signRequest({ method: 'POST', url: req.url, headers: req.headers, body: req.body }, { ...o, service: 'cognito-idp' })).headers,
  isSkewError: (err) => SKEW.test(err.name),
};

/**
 * Base of the generated {@link CognitoIdentityProviderClient}: `send` for every operation,
 * signing with SigV4 the operations the model does not mark as unauthenticated.
 */
export class FullClientBase implements TransportContext {
  /**
   * The options this client was made with. `credentials` is there but not enumerable, so that
   * logging or serialising the client does not print the secret key (a spread copy leaves it out).
   */
  readonly options: ClientOptions;
  /** Clock offset learned from the service (ms); per client. */
  skewMs = 0;
  /** @internal Response conversion table for every operation. */
  readonly wire = WIRE_TABLES;

  /** @throws CognitoError `ConfigurationError` naming a bad option. */
  constructor(options: ClientOptions = {}) {
    this.options = ownOptions(options);
  }

  /**
   * Sends any operation by name (`client.send('AdminCreateUser', input)`).
   *
   * @throws CognitoError `ConfigurationError` for an unknown operation name, a bad per-call
   *   timeout, input that is not an object or not JSON (a BigInt, a cycle), or signing without Web
   *   Crypto; `CredentialsError` when a signed operation is called without credentials (all before
   *   any network call); else the service's exception or NetworkError / TimeoutError / AbortError.
   */
  send<K extends OperationName>(operation: K, input: OperationMap[K]['input'], options?: CallOptions): Promise<OperationMap[K]['output']> {
    // The generated list, not the methods: `Send`, `Constructor`, `ToString`... lowercase to
    // members that are no operation.
    if (!OPERATION_NAMES.includes(operation)) {
      return Promise.reject(
        new CognitoError('ConfigurationError', `send: unknown operation ${JSON.stringify(operation)}`, { $metadata: { attempts: 0 } }),
      );
    }
    return invoke(this, operation, input, options, UNSIGNED_OPERATIONS.has(operation) ? undefined : sigv4) as Promise<
      OperationMap[K]['output']
    >;
  }
}
