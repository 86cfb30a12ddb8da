/**
 * `cognito-edge/emulator`: a local Cognito user pool speaking the cognito-idp wire protocol.
 * `createEmulator` runs anywhere (Node, browsers, workerd); `startEmulator` serves it over HTTP
 * on Node and is loaded only when called, so this entry has no Node imports.
 * @module
 */
export { createEmulator, CORS_HEADERS } from './emulator.js';
export type { Emulator, EmulatorOptions, CreateUserInput } from './emulator.js';
export type { OutboxMessage, RequestLogEntry, Triggers, EmulatorContext, AuthenticationResult, MintOptions } from './context.js';
export { EmulatorError, isEmulatorError } from './errors.js';
export { defineModule, defineOperations } from './operations.js';
export type { EmulatorModule, OperationHandler, OperationMap } from './operations.js';
export type { EmulatorState } from './state.js';
export type { SeedDocument, SeedResult } from './seed.js';
export type { StartEmulatorOptions, RunningEmulator } from './server.js';

import type { RunningEmulator, StartEmulatorOptions } from './server.js';

/**
 * Serve an emulator over HTTP (Node only).
 * @example
 * const { url, emulator, close } = await startEmulator({ port: 0, fixedCode: '123456' });
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { startEmulator: start } = await import('./server.js');
  return start(options);
}
