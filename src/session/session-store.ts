import type { AuthStorage } from './storage.js';
import type { AtRestCipher } from './at-rest-cipher.js';
import { isFiniteNumber, isNonEmptyString, isObject } from './guards.js';

/** A remembered device's secrets, as ConfirmDevice left them. */
export interface DeviceSecrets {
  readonly deviceKey: string;
  readonly deviceGroupKey: string;
  readonly devicePassword: string;
  /** The verifier of a ConfirmDevice still owed (see createAuth): kept with the secrets. */
  readonly unconfirmed?: { readonly PasswordVerifier: string; readonly Salt: string };
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
  /**
   * One user's record; `undefined` when absent, corrupted, of an unknown version, or when its
   * sealed secrets cannot be opened (wrong or lost key): the caller keeps what it already has.
   */
  read(username: string): Promise<UserSession | undefined>;
  /** Writes one user's record in one `set`; returns what was written (with `gen` + 1). (The session manager writes by `update`.) */
  write(session: UserSession): Promise<UserSession>;
  /** Converts a record to the stored form (sealed), to be written under `keyFor(username)` in one `set` or `update`. */
  toStored(session: UserSession): Promise<unknown>;
  /** Reads a stored-form record (from storage or a message); `undefined` when invalid or its secrets do not open, as for `read`. */
  fromStored(username: string, stored: unknown): Promise<UserSession | undefined>;
}

const TOKEN_STRINGS = ['accessToken', 'idToken'] as const;
const TOKEN_NUMBERS = ['clockDrift', 'serverExpiresAt', 'serverIssuedAt'] as const;
const DEVICE_FIELDS = ['deviceKey', 'deviceGroupKey', 'devicePassword'] as const;

/** A copy of `keys` of `v`, or `undefined` unless `v` is an object and each of them passes `ok`. */
function pick(v: unknown, keys: readonly string[], ok: (x: unknown) => boolean): Record<string, unknown> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (!ok(v[k])) return undefined;
    out[k] = v[k];
  }
  return out;
}

/**
 * The device secrets in `d` (the three fields, and a well-formed `unconfirmed` verifier when
 * there is one), or `undefined` unless the three are non-empty strings.
 */
export const readDevice = (d: unknown): DeviceSecrets | undefined => {
  const device = pick(d, DEVICE_FIELDS, isNonEmptyString);
  const owed = device && pick((d as { unconfirmed?: unknown }).unconfirmed, ['PasswordVerifier', 'Salt'], isNonEmptyString);
  return (owed ? { ...device, unconfirmed: owed } : device) as DeviceSecrets | undefined;
};

/**
 * The session's persistent form. One record per pool client and user holds tokens, device
 * secrets and clock drift, so a write is atomic (one `set` or `update` of `toStored`). Keys are
 * `cognito-edge:<namespace>:user:<username>` and `cognito-edge:<namespace>:last-user`.
 * Records carry a version; anything corrupted, of another version, or with secrets this key
 * cannot open reads as absent, never throws.
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { storage, cipher } = options;
  const now = options.now ?? (() => Date.now());
  const prefix = `cognito-edge:${options.namespace}:`;
  const lastUserKey = `${prefix}last-user`;
  const keyFor = (username: string) => `${prefix}user:${username}`;

  const toStored = async (s: UserSession): Promise<RecordV1> => {
    const t = s.tokens;
    const secrets: Secrets = {};
    if (t?.refreshToken) secrets.refreshToken = t.refreshToken;
    if (s.device) secrets.device = { ...s.device };
    const record: RecordV1 = { v: 1, username: s.username, gen: s.gen, updatedAt: now() };
    if (t) record.tokens = pick(t, [...TOKEN_STRINGS, ...TOKEN_NUMBERS], () => true) as RecordV1['tokens'];
    if (secrets.refreshToken || secrets.device) {
      record.secrets = cipher ? await cipher.seal(secrets, keyFor(s.username)) : { plain: secrets };
    }
    return record;
  };

  const fromStored = async (username: string, raw: unknown): Promise<UserSession | undefined> => {
    if (!isObject(raw) || raw.v !== 1 || raw.username !== username || !isFiniteNumber(raw.gen)) return undefined;
    const sealed = raw.secrets;
    // Secrets that do not open (another key, a lost key, tampering) make the record unreadable:
    // read as "tokens without a refresh token", it would end the session with no request.
    const secrets = (sealed === undefined ? {} : isObject(sealed) && 'plain' in sealed ? sealed.plain : await cipher?.open(sealed, keyFor(username))) as Secrets;
    if (!isObject(secrets)) return undefined;
    const strings = pick(raw.tokens, TOKEN_STRINGS, isNonEmptyString);
    const numbers = pick(raw.tokens, TOKEN_NUMBERS, isFiniteNumber);
    const tokens = strings && numbers && ({ ...strings, ...numbers, ...(isNonEmptyString(secrets.refreshToken) ? { refreshToken: secrets.refreshToken } : {}) } as StoredTokens);
    const device = readDevice(secrets.device);
    return { username, gen: raw.gen, ...(tokens ? { tokens } : {}), ...(device ? { device } : {}) };
  };

  return {
    keyFor,
    async readLastUser() {
      const r = await storage.get<unknown>(lastUserKey);
      return isObject(r) && r.v === 1 && isNonEmptyString(r.username) ? r.username : undefined;
    },
    async writeLastUser(username) {
      if (username === undefined) await storage.del(lastUserKey);
      else await storage.set(lastUserKey, { v: 1, username });
    },
    async read(username) {
      return fromStored(username, await storage.get<unknown>(keyFor(username)));
    },
    async write(s) {
      await storage.set(keyFor(s.username), await toStored((s = { ...s, gen: s.gen + 1 })));
      return s;
    },
    toStored,
    fromStored,
  };
}
