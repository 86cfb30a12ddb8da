/**
 * The built-in feature modules, merged by `createEmulator`. Each file contributes one
 * `defineModule({ operations, onPasswordSet? })` object. Flow modules (emu-flows) append
 * their import and entry here.
 * @module
 */
import { clientsModule } from './clients.js';
import type { EmulatorModule } from './operations.js';
import { poolsModule } from './pools.js';
import { usersModule } from './users.js';
import { userSelfModule } from './user-self.js';
import { listUsersModule } from './list-users.js';
import { groupsModule } from './groups.js';
import { poolExtrasModule } from './pool-extras.js';
import { authFlowsModule } from './auth-flows.js';
import { devicesModule } from './devices.js';
import { mfaModule } from './mfa.js';
import { refreshModule } from './refresh.js';
import { webAuthnModule } from './flow-webauthn.js';

/** Modules every emulator gets. */
export const builtinModules: readonly EmulatorModule[] = [
  poolsModule,
  clientsModule,
  usersModule,
  userSelfModule,
  listUsersModule,
  groupsModule,
  poolExtrasModule,
  // emu-base modules above; emu-flows modules below this line.
  authFlowsModule,
  devicesModule,
  mfaModule,
  refreshModule,
  webAuthnModule,
];
