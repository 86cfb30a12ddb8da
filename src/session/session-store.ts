import type { AuthStorage } from './storage.js';
import type { AtRestCipher } from './at-rest-cipher.js';

/** A remembered device's secrets, as ConfirmDevice left them. */
export interface DeviceSecrets {
  readonly deviceKey: string;
  readonly deviceGroupKey: string;
  readonly devicePassword: string;
}

/** Tokens as the session keeps them. */
export interface StoredTokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken?: string;
  /** Local clock minus the service's clock at receipt, ms. */
  readonly clockDrift: number;
  /** Expiry of the earlier token, on the service's clock, ms since the epoch. */
  readonly serverExpiresAt: number;
  /** Issue time of the earlier token, on the service's clock, ms since the epoch. */
  readonly serverIssuedAt: number;
}

/** Everything kept for one user of one pool client, written as one record (atomically). */
export interface UserSession {
  readonly username: string;
  /** Write counter; a higher number is a newer record. */
  readonly gen: number;
  readonly tokens?: StoredTokens;
  readonly device?: DeviceSecrets;
}

/** The stored form. Version 1. Secrets are sealed when a cipher is in use. */
interface RecordV1 {
  v: 1;
  username: string;
  gen: number;
  updatedAt: number;
  tokens?: { accessToken: string; idToken: string; clockDrift: number; serverExpiresAt: number; serverIssuedAt: number };
  secrets?: unknown;
}

interface Secrets {
  refreshToken?: string;
  device?: DeviceSecrets;
}

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions {
  storage: AuthStorage;
  /** Namespace of the keys: the pool client (and, inside it, the user). */
  namespace: string;
  /** Seals the refresh token and device secrets; omit to store them as they are. */
  cipher?: AtRestCipher;
  now?: () => number;
}

/** The versioned, namespaced session store; see {@link createSessionStore}. */
export interface SessionStore {
  /** Storage key of a user's record (also the encryption context). */
  keyFor(username: string): string;
  /** The last signed-in user of this pool client, if any. */
  readLastUser(): Promise<string | undefined>;
  writeLastUser(username: string | undefined): Promise<void>;
  /** One user's record; `undefined` when absent, corrupted, or of an unknown version. */
  read(username: string): Promise<UserSession | undefined>;
  /** Writes one user's record in one `set`; returns what was written (with `gen` + 1). */
  write(session: UserSession): Promise<UserSession>;
  /** Converts a record to the stored form (sealed), as `write` would store it. */
  toStored(session: UserSession): Promise<unknown>;
  /** Reads a stored-form record (from storage or a message); `undefined` when invalid. */
  fromStored(username: string, stored: unknown): Promise<UserSession | undefined>;
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function validDevice(d: unknown): DeviceSecrets | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const x = d as DeviceSecrets;
  return isStr(x.deviceKey) && isStr(x.deviceGroupKey) && isStr(x.devicePassword)
    ? { deviceKey: x.deviceKey, deviceGroupKey: x.deviceGroupKey, devicePassword: x.devicePassword }
    : undefined;
}

/**
 * The session's persistent form. One record per pool client and user holds tokens, device
 * secrets and clock drift, so a write is atomic (one `set`). Keys are
 * `cognito-edge:<namespace>:user:<username>` and `cognito-edge:<namespace>:last-user`.
 * Records carry a version; anything corrupted or of another version reads as absent, never throws.
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { storage, cipher } = options;
  const now = options.now ?? (() => Date.now());
  const prefix = `cognito-edge:${options.namespace}:`;
  const lastUserKey = `${prefix}last-user`;
  const keyFor = (username: string) => `${prefix}user:${username}`;

  const toStored = async (s: UserSession): Promise<RecordV1> => {
    const secrets: Secrets = {};
    if (s.tokens?.refreshToken) secrets.refreshToken = s.tokens.refreshToken;
    if (s.device) secrets.device = { ...s.device };
    const record: RecordV1 = { v: 1, username: s.username, gen: s.gen, updatedAt: now() };
    if (s.tokens) {
      const { accessToken, idToken, clockDrift, serverExpiresAt, serverIssuedAt } = s.tokens;
      record.tokens = { accessToken, idToken, clockDrift, serverExpiresAt, serverIssuedAt };
    }
    if (secrets.refreshToken || secrets.device) {
      record.secrets = cipher ? await cipher.seal(secrets, keyFor(s.username)) : { plain: secrets };
    }
    return record;
  };

  const fromStored = async (username: string, raw: unknown): Promise<UserSession | undefined> => {
    if (typeof raw !== 'object' || raw === null) return undefined;
    const r = raw as Partial<RecordV1>;
    if (r.v !== 1 || r.username !== username || !isNum(r.gen)) return undefined;
    let secrets: Secrets = {};
    if (typeof r.secrets === 'object' && r.secrets !== null) {
      const s = r.secrets as { plain?: unknown };
      const opened = 'plain' in s ? s.plain : cipher ? await cipher.open(s, keyFor(username)) : undefined;
      if (typeof opened === 'object' && opened !== null) secrets = opened as Secrets;
    }
    let tokens: StoredTokens | undefined;
    const t = r.tokens;
    if (t && isStr(t.accessToken) && isStr(t.idToken) && isNum(t.clockDrift) && isNum(t.serverExpiresAt) && isNum(t.serverIssuedAt)) {
      tokens = {
        accessToken: t.accessToken,
        idToken: t.idToken,
        clockDrift: t.clockDrift,
        serverExpiresAt: t.serverExpiresAt,
        serverIssuedAt: t.serverIssuedAt,
        ...(isStr(secrets.refreshToken) ? { refreshToken: secrets.refreshToken } : {}),
      };
    }
    const device = validDevice(secrets.device);
    return { username, gen: r.gen, ...(tokens ? { tokens } : {}), ...(device ? { device } : {}) };
  };

  return {
    keyFor,
    async readLastUser() {
      const raw = await storage.get<unknown>(lastUserKey);
      if (typeof raw !== 'object' || raw === null) return undefined;
      const r = raw as { v?: unknown; username?: unknown };
      return r.v === 1 && isStr(r.username) ? r.username : undefined;
    },
    async writeLastUser(username) {
      if (username === undefined) await storage.del(lastUserKey);
      else await storage.set(lastUserKey, { v: 1, username });
    },
    async read(username) {
      return fromStored(username, await storage.get<unknown>(keyFor(username)));
    },
    async write(session) {
      const next: UserSession = { ...session, gen: session.gen + 1 };
      await storage.set(keyFor(session.username), await toStored(next));
      return next;
    },
    toStored,
    fromStored,
  };
}
