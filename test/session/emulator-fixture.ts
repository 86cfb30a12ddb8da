import { createEmulator, type Emulator } from '../../src/emulator/index.js';

/** A pool with two app clients (plain refresh and rotating refresh tokens) and users, on an in-process emulator. */
export async function emulatorFixture(o: { now?: () => number; users?: number; grace?: number } = {}) {
  const emu: Emulator = createEmulator({ ...(o.now ? { now: o.now } : {}) });
  const pool = (await emu.createUserPool({ PoolName: 'session-tests' })) as { Id: string };
  const validity = {
    AccessTokenValidity: 5,
    IdTokenValidity: 5,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' },
    EnableTokenRevocation: true,
  };
  const plain = (await emu.createUserPoolClient({
    UserPoolId: pool.Id,
    ClientName: 'plain',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...validity,
  })) as { ClientId: string };
  const rotating = (await emu.createUserPoolClient({
    UserPoolId: pool.Id,
    ClientName: 'rotating',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'],
    RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: o.grace ?? 60 },
    ...validity,
  })) as { ClientId: string };
  const usernames: string[] = [];
  for (let i = 0; i < (o.users ?? 1); i++) {
    const username = `user${i}`;
    await emu.createUser({ userPoolId: pool.Id, username, password: 'Passw0rd!' });
    usernames.push(username);
  }
  return { emu, userPoolId: pool.Id, plainClientId: plain.ClientId, rotatingClientId: rotating.ClientId, usernames, password: 'Passw0rd!' };
}

/** Refresh requests in the emulator's own log, by outcome. */
export function refreshLog(emu: Emulator, since = 0) {
  const entries = emu.requests.slice(since).filter((r) => r.target === 'GetTokensFromRefreshToken' || r.target === 'InitiateAuth');
  return {
    entries,
    reuse: entries.filter((r) => r.errorType === 'RefreshTokenReuseException').length,
  };
}
