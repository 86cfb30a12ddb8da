/**
 * The emulator's in-memory model. Everything here is plain JSON (times are epoch milliseconds)
 * so `snapshot()` and `--data` persistence are a `JSON.stringify` away. Runtime-only things
 * (trigger functions, the request log, the outbox) live in the emulator's closure instead.
 * @module
 */

/** Schema attribute as in CreateUserPool's `Schema` (wire-shaped). */
export interface SchemaAttribute {
  Name: string;
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

/** Password policy (wire-shaped `PasswordPolicyType`). */
export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  PasswordHistorySize?: number;
  TemporaryPasswordValidityDays: number;
}

/** Device configuration (wire-shaped `DeviceConfigurationType`). */
export interface DeviceConfiguration {
  ChallengeRequiredOnNewDevice?: boolean;
  DeviceOnlyRememberedOnUserPrompt?: boolean;
}

/** Pool-level MFA settings, as SetUserPoolMfaConfig stores them. */
export interface PoolMfaConfig {
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  SmsMfaConfiguration?: { SmsAuthenticationMessage?: string; SmsConfiguration?: Record<string, unknown> };
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  EmailMfaConfiguration?: { Message?: string; Subject?: string };
  WebAuthnConfiguration?: { RelyingPartyId?: string; UserVerification?: string };
}

/**
 * A user pool. `config` holds the wire-shaped settings DescribeUserPool returns (everything
 * CreateUserPool/UpdateUserPool accept that the emulator does not interpret is kept verbatim).
 */
export interface PoolRecord {
  id: string;
  name: string;
  arn: string;
  createdAt: number;
  updatedAt: number;
  passwordPolicy: PasswordPolicy;
  mfa: PoolMfaConfig;
  deviceConfiguration?: DeviceConfiguration;
  /** `UsernameAttributes`: attributes that replace the username (email and/or phone_number). */
  usernameAttributes: string[];
  /** `AliasAttributes`: attributes that can also be used to sign in (email, phone_number, preferred_username). */
  aliasAttributes: string[];
  autoVerifiedAttributes: string[];
  /** `UsernameConfiguration.CaseSensitive` (true when not given, as the API does). */
  caseSensitive: boolean;
  schema: SchemaAttribute[];
  /** Other wire settings, returned verbatim by DescribeUserPool (LambdaConfig, AdminCreateUserConfig...). */
  config: Record<string, unknown>;
  clients: Record<string, ClientRecord>;
  /** Users keyed by their canonical username (lowercased when the pool is case-insensitive). */
  users: Record<string, UserRecord>;
  groups: Record<string, GroupRecord>;
  /** Refresh tokens keyed by the opaque token value. */
  refreshTokens: Record<string, RefreshTokenRecord>;
  /**
   * One record per authentication (the `origin_jti` shared by the access, id and refresh tokens
   * of one sign-in). Access tokens are valid only while their origin is not revoked.
   */
  origins: Record<string, OriginRecord>;
  /** Challenge sessions (owned by the auth flows), keyed by the opaque Session value. */
  sessions: Record<string, SessionRecord>;
  /** Free space for flow modules that need more persisted per-pool data. */
  extensions: Record<string, unknown>;
  /** Stored configuration with no behaviour in the emulator (resource servers, identity providers, domain...), wire-shaped. */
  resourceServers?: Record<string, Record<string, unknown>>;
  identityProviders?: Record<string, Record<string, unknown>>;
  domain?: Record<string, unknown>;
}

/** An app client. `config` keeps the remaining wire fields verbatim. */
export interface ClientRecord {
  id: string;
  name: string;
  userPoolId: string;
  /** The client secret (the oldest active one when there are two). */
  secret?: string;
  /** Id and creation time of `secret` (ListUserPoolClientSecrets). */
  secretId?: string;
  secretCreatedAt?: number;
  /** A second active secret added by AddUserPoolClientSecret (rotation): SECRET_HASH may use either. */
  additionalSecrets?: Array<{ id: string; value: string; createdAt: number }>;
  createdAt: number;
  updatedAt: number;
  /** `ExplicitAuthFlows` (ALLOW_* names; legacy names are translated on write). */
  explicitAuthFlows: string[];
  /** Token validity in the units below. Defaults: access/id 60 minutes, refresh 30 days. */
  accessTokenValidity: number;
  idTokenValidity: number;
  refreshTokenValidity: number;
  tokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit };
  /** Auth session (challenge Session) validity in minutes, 3 by default. */
  authSessionValidity: number;
  enableTokenRevocation: boolean;
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  /** `RefreshTokenRotation` (Feature ENABLED|DISABLED, RetryGracePeriodSeconds). */
  refreshTokenRotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
  readAttributes?: string[];
  writeAttributes?: string[];
  config: Record<string, unknown>;
}

/** Token validity unit. */
export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** Cognito's user statuses. */
export type UserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'ARCHIVED'
  | 'COMPROMISED'
  | 'UNKNOWN'
  | 'RESET_REQUIRED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'EXTERNAL_PROVIDER';

/** Stored password: salted SHA-256 for password checks and the SRP salt/verifier. */
export interface PasswordRecord {
  /** hex salt for `hash`. */
  salt: string;
  /** hex SHA-256(salt || password). */
  hash: string;
  /** When set (ms); temporary passwords expire after TemporaryPasswordValidityDays. */
  setAt: number;
  temporary: boolean;
  /** Earlier passwords (most recent first), kept for Policies.PasswordPolicy.PasswordHistorySize. */
  history?: Array<{ salt: string; hash: string }>;
  /** SRP salt (hex) and verifier (hex), filled by the flow module's `onPasswordSet` hook. */
  srpSalt?: string;
  srpVerifier?: string;
}

/** One user's MFA state. */
export interface UserMfaRecord {
  /** Methods the user enabled (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP). */
  enabled: string[];
  preferred?: string;
  /** Verified TOTP secret (base32). */
  totpSecret?: string;
  /** Secret handed out by AssociateSoftwareToken and not yet verified. */
  totpPendingSecret?: string;
  totpFriendlyName?: string;
}

/** A device the user signed in from. */
export interface DeviceRecord {
  key: string;
  groupKey: string;
  /** DeviceSecretVerifierConfig from ConfirmDevice: base64 as sent. */
  passwordVerifier?: string;
  salt?: string;
  confirmed: boolean;
  status: 'remembered' | 'not_remembered';
  name?: string;
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt?: number;
}

/** A pending code (sign-up confirmation, forgot password, attribute verification, MFA...). */
export interface PendingCode {
  code: string;
  expiresAt: number;
  /** e.g. the attribute being verified. */
  detail?: string;
}

/** A user. */
export interface UserRecord {
  username: string;
  sub: string;
  /** Attributes other than `sub` (always returned with `sub` first by the operations). */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  password?: PasswordRecord;
  mfa: UserMfaRecord;
  devices: Record<string, DeviceRecord>;
  /** Group names, in the order they were joined. */
  groups: string[];
  /** Pending codes keyed by purpose (SIGN_UP, FORGOT_PASSWORD, VERIFY:email, ...). */
  codes: Record<string, PendingCode>;
  /** Failed sign-in counter for throttling. */
  failedAttempts: number;
  lastFailedAt?: number;
  /** Free space for flow modules. */
  extensions: Record<string, unknown>;
}

/** A group. */
export interface GroupRecord {
  name: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  createdAt: number;
  updatedAt: number;
}

/** One authentication: tokens of the same sign-in share `origin_jti`. */
export interface OriginRecord {
  jti: string;
  clientId: string;
  username: string;
  sub: string;
  authTime: number;
  deviceKey?: string;
  revoked: boolean;
  createdAt: number;
}

/** A refresh token. */
export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  username: string;
  sub: string;
  originJti: string;
  deviceKey?: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
  /** When rotated: the successor token and until when this one is still accepted. */
  replacedBy?: string;
  graceUntil?: number;
}

/** A challenge session: single-use, expires (3 minutes by default). */
export interface SessionRecord {
  id: string;
  clientId: string;
  username: string;
  createdAt: number;
  expiresAt: number;
  used: boolean;
  /** Flow-defined data (challenge name, SRP state...). */
  data: Record<string, unknown>;
}

/** The signing key: RS256, JWKs kept in the state so tokens survive restarts. */
export interface SigningKeyRecord {
  kid: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}

/** The whole emulator state. */
export interface EmulatorState {
  version: 1;
  region: string;
  signingKey?: SigningKeyRecord;
  pools: Record<string, PoolRecord>;
}

/** An empty state. */
export function emptyState(region: string): EmulatorState {
  return { version: 1, region, pools: {} };
}

/** Cognito's default password policy. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/**
 * Validate and return a parsed snapshot.
 * @throws TypeError naming what is wrong when `value` is not an emulator snapshot.
 */
export function parseState(value: unknown): EmulatorState {
  if (typeof value !== 'object' || value === null) throw new TypeError('state: expected an object');
  const v = value as Partial<EmulatorState>;
  if (v.version !== 1) throw new TypeError(`state.version: expected 1, got ${String(v.version)}`);
  if (typeof v.region !== 'string') throw new TypeError('state.region: expected a string');
  if (typeof v.pools !== 'object' || v.pools === null) throw new TypeError('state.pools: expected an object');
  return v as EmulatorState;
}
