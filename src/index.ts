/**
 * cognito-edge: Amazon Cognito user pools for browsers and edge workers. The main entry:
 * `createAuth`, the storage adapters, the step and event types, and the error types.
 * @module
 */
export { createAuth } from './session/create-auth.js';
export type { Auth, CreateAuthOptions } from './session/create-auth.js';
export { memoryStorage, indexedDbStorage } from './session/storage.js';
export type { AuthStorage } from './session/storage.js';
export type { AuthEventMap, AuthEventName, AuthState } from './session/auth-events.js';
export { SessionError, isSessionError } from './session/session-errors.js';
export type { SessionErrorCode } from './session/session-errors.js';
export { CognitoError, isCognitoError } from './client/errors.js';
export type { CognitoErrorName } from './client/errors.js';
export { InvalidStepError } from './auth/types.js';
export type {
  CodeDelivery,
  CodeStep,
  CustomChallengeStep,
  FirstFactor,
  MfaSetupAnswer,
  MfaSetupStep,
  MfaType,
  NewPasswordRequiredStep,
  PasswordStep,
  SelectChallengeAnswer,
  SelectChallengeStep,
  SelectMfaTypeStep,
  SignedIn,
  SignInFlow,
  SignInInput,
  SignInResult,
  SignInStep,
  SoftwareTokenStep,
  Tokens,
  WebAuthnStep,
} from './auth/types.js';
export type { UserContextData, AnalyticsMetadata } from './auth/context.js';
export type { DeviceInfo } from './auth/devices.js';
export type { CodeDeliveryDetails, MfaPreferenceInput, MfaSetting, SignUpInput, SignUpResult, UserInfo } from './auth/account.js';
