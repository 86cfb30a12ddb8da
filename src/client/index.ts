/**
 * `cognito-edge/client`: a typed client for every cognito-idp operation, generated from the
 * service model (scripts/gen-client.mjs), with one shared serializer, retries, timeouts, aborts
 * and SigV4 for the admin surface.
 *
 * Sign-in code should import `CognitoUnsignedClient` (no operation table, no SigV4); admin code
 * `CognitoIdentityProviderClient`.
 */
export { CognitoIdentityProviderClient } from './generated/client.js';
export { CognitoUnsignedClient } from './unsigned-client.js';
export { paginate } from './paginate.js';
export { CognitoError, isCognitoError, type CognitoErrorName, type ResponseMetadata } from './errors.js';
export { regionFromPoolId, type CallOptions, type ClientOptions, type CredentialsOption } from './transport.js';
export type { RetryOptions } from './retry.js';
export type { AwsCredentials } from '../core/sigv4.js';
export type * from './generated/types.js';
