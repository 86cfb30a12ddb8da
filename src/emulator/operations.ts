/**
 * The operation registry: plain objects mapping an operation name to its handler. Each feature
 * file exports one `defineOperations({...})` object; `createEmulator` merges them. There is no
 * module-level registry, so two emulators never share anything.
 * @module
 */
import type { EmulatorContext } from './context.js';
import type { PoolRecord, UserRecord } from './state.js';

/** Wire input of an operation: the parsed JSON body. */
export type OperationInput = Record<string, any>;
/** Wire output of an operation: serialized to the JSON body (`{}` when nothing to say). */
export type OperationOutput = Record<string, unknown> | void;

/** A handler: gets the request context and the parsed input, returns the output or throws an `EmulatorError`. */
export type OperationHandler = (ctx: EmulatorContext, input: OperationInput) => OperationOutput | Promise<OperationOutput>;

/** A set of handlers keyed by operation name (`InitiateAuth`, `AdminCreateUser`...). */
export type OperationMap = Readonly<Record<string, OperationHandler>>;

/**
 * A feature module: its operations plus optional hooks the base calls.
 * `onPasswordSet` runs whenever a user's password changes (SignUp, AdminCreateUser,
 * AdminSetUserPassword, ConfirmForgotPassword, ChangePassword, seeding...) with the clear
 * password, so the SRP module can store `user.password.srpSalt/srpVerifier`.
 */
export interface EmulatorModule {
  operations: OperationMap;
  onPasswordSet?: (ctx: EmulatorContext, pool: PoolRecord, user: UserRecord, password: string) => void | Promise<void>;
}

/** Identity function that types a handler map (keeps editors helpful). */
export function defineOperations<T extends Record<string, OperationHandler>>(ops: T): T {
  return ops;
}

/** Identity function that types a module. */
export function defineModule(module: EmulatorModule): EmulatorModule {
  return module;
}

/**
 * Merge modules into one registry.
 * @throws Error when two modules define the same operation (a wiring bug, caught at start).
 */
export function mergeModules(modules: readonly EmulatorModule[]): {
  operations: Record<string, OperationHandler>;
  passwordHooks: NonNullable<EmulatorModule['onPasswordSet']>[];
} {
  const operations: Record<string, OperationHandler> = {};
  const passwordHooks: NonNullable<EmulatorModule['onPasswordSet']>[] = [];
  for (const m of modules) {
    for (const [name, handler] of Object.entries(m.operations)) {
      if (operations[name]) throw new Error(`emulator: operation ${name} is defined twice`);
      operations[name] = handler;
    }
    if (m.onPasswordSet) passwordHooks.push(m.onPasswordSet);
  }
  return { operations, passwordHooks };
}
