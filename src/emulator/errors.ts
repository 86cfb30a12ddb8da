/**
 * The emulator's error type: Cognito's exception name, its message and the HTTP status the
 * service answers with. Serialized as the service does: `{"__type": name, "message": ...}`
 * with an `x-amzn-ErrorType` header.
 * @module
 */

/** An error a handler throws to answer the request with a Cognito exception. */
export class EmulatorError extends Error {
  /** Cognito's exception name, e.g. `NotAuthorizedException`. */
  readonly type: string;
  /** HTTP status of the response (400 for nearly every Cognito exception). */
  readonly status: number;

  /**
   * @param type - Cognito's exception name, used as `__type` and `x-amzn-ErrorType`.
   * @param message - the message, as the service words it.
   * @param status - HTTP status, 400 unless the service uses another.
   */
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }

  /** The JSON body the service sends for this error. */
  toBody(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

/**
 * Shorthand constructors for the exceptions the emulator raises most, with the service's wording
 * where it is fixed.
 */
export const errors = {
  /** `NotAuthorizedException` with the given message. */
  notAuthorized: (message = 'Incorrect username or password.'): EmulatorError =>
    new EmulatorError('NotAuthorizedException', message),
  /** `UserNotFoundException: User does not exist.` */
  userNotFound: (message = 'User does not exist.'): EmulatorError =>
    new EmulatorError('UserNotFoundException', message),
  /** `InvalidParameterException` with the given message. */
  invalidParameter: (message: string): EmulatorError => new EmulatorError('InvalidParameterException', message),
  /** `ResourceNotFoundException` with the given message. */
  resourceNotFound: (message: string): EmulatorError => new EmulatorError('ResourceNotFoundException', message),
  /** `NotAuthorizedException: User is disabled.` */
  userDisabled: (): EmulatorError => new EmulatorError('NotAuthorizedException', 'User is disabled.'),
  /** `NotAuthorizedException: Invalid Access Token` */
  invalidAccessToken: (): EmulatorError => new EmulatorError('NotAuthorizedException', 'Invalid Access Token'),
  /** `NotAuthorizedException: Access Token has been revoked` */
  revokedAccessToken: (): EmulatorError =>
    new EmulatorError('NotAuthorizedException', 'Access Token has been revoked'),
  /** `NotAuthorizedException: Access Token has expired` */
  expiredAccessToken: (): EmulatorError => new EmulatorError('NotAuthorizedException', 'Access Token has expired'),
  /** `NotAuthorizedException: Unable to verify secret hash for client <id>` */
  secretHash: (clientId: string): EmulatorError =>
    new EmulatorError('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`),
  /** `CodeMismatchException: Invalid verification code provided, please try again.` */
  codeMismatch: (): EmulatorError =>
    new EmulatorError('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  /** `ExpiredCodeException: Invalid code provided, please request a code again.` */
  expiredCode: (): EmulatorError =>
    new EmulatorError('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  /** `InvalidPasswordException` with the given message. */
  invalidPassword: (message: string): EmulatorError => new EmulatorError('InvalidPasswordException', message),
  /** `UsernameExistsException: User already exists` (or a custom message). */
  usernameExists: (message = 'User already exists'): EmulatorError =>
    new EmulatorError('UsernameExistsException', message),
  /** `SerializationException` for a body that is not the JSON the operation expects. */
  serialization: (message: string): EmulatorError => new EmulatorError('SerializationException', message),
};

/** True when `err` is an {@link EmulatorError} (also across duplicate bundles). */
export function isEmulatorError(err: unknown): err is EmulatorError {
  return (
    err instanceof EmulatorError ||
    (typeof err === 'object' &&
      err !== null &&
      typeof (err as { type?: unknown }).type === 'string' &&
      typeof (err as { status?: unknown }).status === 'number' &&
      typeof (err as { toBody?: unknown }).toBody === 'function')
  );
}
