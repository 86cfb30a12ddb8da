/**
 * Seed documents: pools, app clients, groups and users to create at start (the CLI's `--seed`
 * and `emulator.seed()`). Seeding is idempotent: a pool or client whose id already exists (for
 * example reloaded from `--data`) is left as it is, and so is an existing user.
 * @module
 */
import { createClient, describeClient } from './clients.js';
import type { EmulatorContext } from './context.js';
import { createPool } from './pools.js';
import type { UserStatus } from './state.js';
import { createUserRecord, markVerified } from './users.js';

/** A user in a seed document. */
export interface SeedUser {
  /** The username (in email/phone-as-username pools: the email or phone number). */
  username: string;
  password: string;
  /** Attributes by name, e.g. `{ "email": "demo@example.com", "email_verified": "true" }`. */
  attributes?: Record<string, string>;
  /** Default CONFIRMED. FORCE_CHANGE_PASSWORD makes the password temporary. */
  status?: Extract<UserStatus, 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED'>;
  enabled?: boolean;
  groups?: string[];
}

/** A pool in a seed document: CreateUserPool input members plus seed-only lowercase members. */
export interface SeedPool {
  /** Fixed pool id (`<region>_<alnum>`); random when left out. */
  id?: string;
  /** Pool name (or `PoolName`). */
  name?: string;
  clients?: Array<
    {
      /** Fixed client id; random when left out. */
      id?: string;
      /** Fixed client secret (implies a secret); or `GenerateSecret: true`. */
      secret?: string;
      /** Client name (or `ClientName`). */
      name?: string;
    } & Record<string, unknown>
  >;
  groups?: Array<{ name: string; description?: string; precedence?: number; roleArn?: string }>;
  users?: SeedUser[];
  [createUserPoolMember: string]: unknown;
}

/** The seed document. */
export interface SeedDocument {
  pools: SeedPool[];
}

/** What seeding created (or found). */
export interface SeedResult {
  pools: Array<{
    id: string;
    name: string;
    clients: Array<{ id: string; name: string; secret?: string }>;
    users: Array<{ username: string; sub: string }>;
  }>;
}

/**
 * Apply a seed document.
 * @throws TypeError naming the malformed member; EmulatorError for invalid settings.
 */
export async function applySeed(ctx: EmulatorContext, doc: SeedDocument): Promise<SeedResult> {
  return seedPools(ctx, doc);
}

/** Run `fn`, prefixing an emulator error's message with where in the seed it happened. */
async function at<T>(where: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TypeError) throw err;
    const e = err as { type?: string; message?: string };
    throw new TypeError(`${where}: ${e.type ? `${e.type}: ` : ''}${e.message ?? String(err)}`, { cause: err });
  }
}

async function seedPools(ctx: EmulatorContext, doc: SeedDocument): Promise<SeedResult> {
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.pools)) {
    throw new TypeError('seed.pools: expected an array of pools');
  }
  const result: SeedResult = { pools: [] };
  for (const [i, sp] of doc.pools.entries()) {
    if (typeof sp !== 'object' || sp === null) throw new TypeError(`seed.pools[${i}]: expected an object`);
    const { id, name, clients = [], groups = [], users = [], ...wire } = sp;
    let pool = id ? ctx.state.pools[id] : undefined;
    if (!pool) {
      pool = await at(`seed.pools[${i}]`, () => createPool(ctx, { ...wire, PoolName: name ?? wire.PoolName }, id));
    }
    const out: SeedResult['pools'][number] = { id: pool.id, name: pool.name, clients: [], users: [] };
    for (const [j, sc] of clients.entries()) {
      const { id: cid, secret, name: cname, ...cwire } = sc;
      let client = cid ? pool.clients[cid] : undefined;
      if (!client) {
        if (cname === undefined && cwire.ClientName === undefined) throw new TypeError(`seed.pools[${i}].clients[${j}].name: expected a string`);
        const target = pool;
        client = await at(`seed.pools[${i}].clients[${j}]`, () =>
          createClient(ctx, target, { ...cwire, ClientName: cname ?? cwire.ClientName, UserPoolId: target.id }, {
            ...(cid ? { id: cid } : {}),
            ...(typeof secret === 'string' ? { secret } : {}),
          }),
        );
      }
      const d = describeClient(client);
      out.clients.push({ id: client.id, name: client.name, ...(client.secret ? { secret: d.ClientSecret as string } : {}) });
    }
    for (const [j, g] of groups.entries()) {
      if (typeof g?.name !== 'string') throw new TypeError(`seed.pools[${i}].groups[${j}].name: expected a string`);
      if (pool.groups[g.name]) continue;
      const now = ctx.now();
      pool.groups[g.name] = {
        name: g.name,
        ...(g.description !== undefined ? { description: g.description } : {}),
        ...(g.precedence !== undefined ? { precedence: g.precedence } : {}),
        ...(g.roleArn !== undefined ? { roleArn: g.roleArn } : {}),
        createdAt: now,
        updatedAt: now,
      };
    }
    for (const [j, su] of users.entries()) {
      if (typeof su?.username !== 'string') throw new TypeError(`seed.pools[${i}].users[${j}].username: expected a string`);
      if (typeof su.password !== 'string') throw new TypeError(`seed.pools[${i}].users[${j}].password: expected a string`);
      let user = ctx.findUser(pool, su.username);
      if (!user) {
        const target = pool;
        user = await at(`seed.pools[${i}].users[${j}]`, () =>
          createUserRecord(ctx, target, {
            username: su.username,
            attributes: { ...(su.attributes ?? {}) },
            password: su.password,
            status: su.status ?? 'CONFIRMED',
            temporary: su.status === 'FORCE_CHANGE_PASSWORD',
            enforcePolicy: false,
          }),
        );
        for (const a of ['email', 'phone_number']) {
          if (user.attributes[`${a}_verified`] === 'true') markVerified(ctx, pool, user, a, true);
        }
        if (su.enabled === false) user.enabled = false;
        for (const g of su.groups ?? []) {
          if (!pool.groups[g]) throw new TypeError(`seed.pools[${i}].users[${j}].groups: group ${g} is not in seed.pools[${i}].groups`);
          if (!user.groups.includes(g)) user.groups.push(g);
        }
      }
      out.users.push({ username: user.username, sub: user.sub });
    }
    result.pools.push(out);
  }
  return result;
}
