import type { OperationMap, UnsignedOperationName } from './generated/types.js';
import { UNSIGNED_WIRE_TABLES } from './generated/wire-tables.js';
import { ownOptions, send, type CallOptions, type ClientOptions, type TransportContext } from './transport.js';

/**
 * The lean client: the 34 operations Cognito accepts without AWS credentials (sign-in, sign-up,
 * token refresh and revocation, a signed-in user's own account and devices, WebAuthn). It pulls
 * in neither the operation table nor SigV4, so a sign-in bundle stays small.
 *
 * @example
 * const client = new CognitoUnsignedClient({ userPoolId: 'eu-west-1_AbC123' });
 * const out = await client.send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId, AuthParameters });
 */
export class CognitoUnsignedClient implements TransportContext {
  /**
   * The options this client was made with. `credentials` is there but not enumerable, so that
   * logging or serialising the client does not print the secret key (a spread copy leaves it out).
   */
  readonly options: ClientOptions;
  /** Clock offset learned from the service (ms); per client. */
  skewMs = 0;
  /** @internal Response conversion table for the unsigned operations. */
  readonly wire = UNSIGNED_WIRE_TABLES;

  /** @throws CognitoError `ConfigurationError` naming a bad option. */
  constructor(options: ClientOptions = {}) {
    this.options = ownOptions(options);
  }

  /**
   * Sends an operation that needs no SigV4, by name.
   *
   * @throws CognitoError: the service's exception; NetworkError / TimeoutError / AbortError /
   *   UnknownError; ConfigurationError (no region, a bad per-call timeout, input that is not an
   *   object or not JSON) before any network call.
   */
  send<K extends UnsignedOperationName>(
    operation: K,
    input: OperationMap[K]['input'],
    options?: CallOptions,
  ): Promise<OperationMap[K]['output']> {
    return send(this, operation, input, options) as Promise<OperationMap[K]['output']>;
  }
}
