// Test fixtures for the auth flows: an emulator reached either through its fetch handler or over
// real HTTP (startEmulator on port 0), a pool and an app client, and createAuth instances that
// share one storage (a fresh instance on the same storage is what a page reload looks like).
import { createEmulator, startEmulator } from '../../src/emulator/index.js';
import { createAuth, type CreateAuthOptions } from '../../src/session/create-auth.js';
import { memoryStorage, type AuthStorage } from '../../src/session/storage.js';

export type Transport = 'fetch' | 'http';
export const TRANSPORTS: Transport[] = ['fetch', 'http'];

export const ALL_FLOWS = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];

export interface Fixture {
  emu: ReturnType<typeof createEmulator>;
  poolId: string;
  clientId: string;
  clientSecret?: string;
  /** The endpoint createAuth is pointed at. */
  endpoint: string;
  storage: ReturnType<typeof recordingStorage>;
  /** A createAuth on the fixture's pool, client and storage. */
  auth(extra?: Partial<CreateAuthOptions>): ReturnType<typeof createAuth>;
  /** Wire requests the emulator has served, by operation name. */
  count(operation: string): number;
  close(): Promise<void>;
}

export interface FixtureOptions {
  transport: Transport;
  pool?: Record<string, unknown>;
  client?: Record<string, unknown>;
  fixedCode?: string;
  /**
   * Storage that keeps structured clones (like memoryStorage and IndexedDB), so the session
   * encrypts secrets at rest as it does in production. Default true; false stores plain records.
   */
  cloning?: boolean;
}

export async function fixture(o: FixtureOptions): Promise<Fixture> {
  let emu: ReturnType<typeof createEmulator>;
  let endpoint: string;
  let doFetch: CreateAuthOptions['fetch'];
  let close = async () => {};
  if (o.transport === 'http') {
    const server = await startEmulator({ port: 0, fixedCode: o.fixedCode });
    emu = server.emulator;
    endpoint = server.url;
    close = () => server.close();
  } else {
    emu = createEmulator({ fixedCode: o.fixedCode });
    endpoint = 'http://emulator.invalid/';
    doFetch = (url, init) => emu.fetch(url, init);
  }
  const pool = await emu.createUserPool({ PoolName: 'auth-tests', ...o.pool });
  const client = await emu.createUserPoolClient({
    UserPoolId: pool.Id,
    ClientName: 'web',
    ExplicitAuthFlows: ALL_FLOWS,
    ...o.client,
  });
  const storage = recordingStorage(o.cloning ?? true);
  const made: Array<ReturnType<typeof createAuth>> = [];
  const emuTarget = (op: string) => 'AWSCognitoIdentityProviderService.' + op;
  return {
    emu,
    poolId: pool.Id,
    clientId: client.ClientId,
    clientSecret: client.ClientSecret,
    endpoint,
    storage,
    auth: (extra = {}) => {
      const auth = createAuth({
        userPoolId: pool.Id,
        clientId: client.ClientId,
        clientSecret: client.ClientSecret,
        endpoint,
        fetch: doFetch,
        storage,
        ...extra,
      });
      made.push(auth);
      return auth;
    },
    count: (operation) => emu.requests.filter((r) => r.target === emuTarget(operation) || r.target === operation).length,
    close: async () => {
      for (const a of made) a.dispose();
      await close();
    },
  };
}

/** Everything a storage holds, for "state unchanged" checks. */
export async function dump(storage: AuthStorage, keys: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = await storage.get(k);
  return out;
}

/** A storage that records its keys, so tests can snapshot all of it. */
export function recordingStorage(cloning = true): AuthStorage & { keys: Set<string>; snapshot(): Promise<Record<string, unknown>> } {
  const inner = memoryStorage();
  const keys = new Set<string>();
  return {
    ...(cloning ? { structuredClone: true } : {}),
    keys,
    get: (k) => inner.get(k),
    async set(k, v) {
      keys.add(k);
      await inner.set(k, v);
    },
    async del(k) {
      keys.add(k);
      await inner.del(k);
    },
    async snapshot() {
      return dump(inner, [...keys].sort());
    },
  };
}
