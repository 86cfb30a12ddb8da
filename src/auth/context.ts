/**
 * What every flow in `auth/` needs from the outside world, gathered in one object that
 * `createAuth` builds once per instance (so two pools in one page never share anything).
 * @module
 */
import { secretHash } from '../core/secret-hash.js';
import type { RandomSource } from '../core/random.js';
import type { SrpClaim } from '../core/srp.js';
import type { Flight } from './sign-in.js';
import type { DeviceSecrets } from './types.js';

/**
 * Sends one cognito-idp operation (wire-shaped input and output) and resolves its output,
 * or rejects with a `CognitoError`.
 */
export type Send = (operation: string, input: Record<string, unknown>, signal?: AbortSignal) => Promise<any>;

/** Cognito's `UserContextDataType` (advanced security): passed through untouched. */
export interface UserContextData {
  /** The device fingerprint collected by Cognito's advanced-security script. */
  EncodedData?: string;
  /** The end user's IP address, when a server sends the request on their behalf. */
  IpAddress?: string;
}

/** Cognito's `AnalyticsMetadataType`: passed through untouched. */
export interface AnalyticsMetadata {
  /** The Amazon Pinpoint endpoint id. */
  AnalyticsEndpointId?: string;
}

/** Where the flows keep each user's remembered-device secrets. */
export interface DeviceVault {
  /** The device of `username` (the canonical user name, or an alias that was signed in with). */
  get(username: string): Promise<DeviceSecrets | undefined>;
  /** Stores the device of a user, under its canonical name and the alias it signed in with. */
  set(username: string, device: DeviceSecrets, alias?: string): Promise<void>;
  /** Forgets the device of a user (and its alias). */
  del(username: string, alias?: string): Promise<void>;
  /** Forgets the device of a user only if it is still `unconfirmed` (a newer sign-in replaced its session). */
  dropUnconfirmed(username: string): Promise<void>;
}

/** Everything the flows use; built by `createAuth`. */
export interface FlowContext {
  /** Sends one operation. */
  send: Send;
  /** The user pool id, e.g. `eu-west-1_AbC123`. */
  userPoolId: string;
  /** The app client id. */
  clientId: string;
  /** The app client secret, for confidential clients (servers, edge workers). */
  clientSecret?: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Random bytes for SRP and device passwords. */
  random?: RandomSource;
  /** Advanced-security data for a user, sent with every call that accepts it. */
  userContextData?: (username: string) => UserContextData | undefined;
  /** Pinpoint analytics metadata, sent with every call that accepts it. */
  analyticsMetadata?: AnalyticsMetadata;
  /** The name ConfirmDevice gives new devices. */
  deviceName: string;
  /** Remembered-device secrets per user. */
  devices: DeviceVault;
}

// Members left undefined (no secret, no advanced-security data, no device) are simply left out:
// the client's JSON serializer drops them.

/**
 * SECRET_HASH (HMAC-SHA256 of username + client id under the client secret), which Cognito
 * requires on the user calls of an app client with a secret; undefined without a secret.
 */
export async function secretHashFor(ctx: FlowContext, username: string): Promise<string | undefined> {
  // `await`: the core may compute HMACs with Web Crypto (async) or synchronously.
  return ctx.clientSecret ? await secretHash(username, ctx.clientId, ctx.clientSecret) : undefined;
}

/**
 * Sends an unauthenticated call of a user with what every such call carries: ClientId,
 * ClientMetadata, and the pass-through UserContextData and AnalyticsMetadata.
 */
export function userCall(
  ctx: FlowContext,
  op: string,
  username: string,
  clientMetadata: Record<string, string> | undefined,
  input: Record<string, unknown>,
): Promise<any> {
  return ctx.send(op, {
    ClientId: ctx.clientId,
    ClientMetadata: clientMetadata,
    UserContextData: ctx.userContextData?.(username) || undefined,
    AnalyticsMetadata: ctx.analyticsMetadata,
    ...input,
  });
}

/** AuthParameters or ChallengeResponses (an SRP claim is one). */
export type AuthParams = Record<string, string | undefined> | SrpClaim;

/**
 * Sends a sign-in's InitiateAuth (no `challenge`: its AuthFlow and AuthParameters) or its
 * RespondToAuthChallenge (ChallengeName, Session, ChallengeResponses). USERNAME, the device's
 * DEVICE_KEY and SECRET_HASH join the parameters; the sign-in's ClientMetadata goes along.
 */
export async function authCall(
  f: Flight,
  params: AuthParams,
  challenge?: string,
  session?: string,
  user = f.username,
): Promise<any> {
  const hash = await secretHashFor(f.ctx, user);
  return userCall(f.ctx, challenge ? 'RespondToAuthChallenge' : 'InitiateAuth', user, f.input.clientMetadata, {
    ...(challenge ? { ChallengeName: challenge, Session: session } : { AuthFlow: f.input.flow ?? 'USER_SRP_AUTH' }),
    [challenge ? 'ChallengeResponses' : 'AuthParameters']: {
      USERNAME: user,
      ...params,
      DEVICE_KEY: f.device?.deviceKey,
      // Only when the client has a secret: an app's own SECRET_HASH in a raw answer survives.
      ...(hash && { SECRET_HASH: hash }),
    },
  });
}
