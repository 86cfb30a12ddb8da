/**
 * ListUsers with the documented Filter syntax (`attr = "value"`, `attr ^= "prefix"`), real
 * PaginationToken pagination and AttributesToGet.
 * @module
 */
import type { EmulatorContext } from './context.js';
import { errors } from './errors.js';
import { defineModule, defineOperations } from './operations.js';
import { page, pageSize } from './paginate.js';
import type { PoolRecord, UserRecord } from './state.js';
import { userType } from './users.js';

/** Attributes ListUsers can filter on. */
export const FILTERABLE = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;

/** A parsed filter. */
export interface UserFilter {
  attribute: (typeof FILTERABLE)[number];
  prefix: boolean;
  value: string;
}

/**
 * Parse `attr = "value"` / `attr ^= "value"` (quotes inside the value escaped with a backslash).
 * Empty or blank filter: `undefined` (all users).
 * @throws InvalidParameterException for anything else.
 */
export function parseFilter(filter: unknown): UserFilter | undefined {
  if (filter === undefined || filter === null) return undefined;
  if (typeof filter !== 'string') throw errors.invalidParameter('Filter must be a string.');
  if (filter.trim() === '') return undefined;
  const m = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!m) throw errors.invalidParameter('Error while parsing filter.');
  const attribute = m[1]!;
  if (!(FILTERABLE as readonly string[]).includes(attribute)) {
    throw errors.invalidParameter(`Invalid search attribute: ${attribute}`);
  }
  return { attribute: attribute as UserFilter['attribute'], prefix: m[2] === '^=', value: m[3]!.replace(/\\(.)/g, '$1') };
}

function valueOf(user: UserRecord, attribute: UserFilter['attribute']): string | undefined {
  switch (attribute) {
    case 'username':
      return user.username;
    case 'sub':
      return user.sub;
    case 'cognito:user_status':
      return user.status;
    case 'status':
      return user.enabled ? 'Enabled' : 'Disabled';
    default:
      return user.attributes[attribute];
  }
}

/** True when `user` matches `filter`. Username and status compare case-sensitively (username per pool setting). */
export function matchesFilter(pool: PoolRecord, user: UserRecord, filter: UserFilter): boolean {
  let actual = valueOf(user, filter.attribute);
  if (actual === undefined) return false;
  let wanted = filter.value;
  const sensitive = filter.attribute === 'status' || (filter.attribute === 'username' && pool.caseSensitive);
  if (!sensitive) {
    actual = actual.toLowerCase();
    wanted = wanted.toLowerCase();
  }
  return filter.prefix ? actual.startsWith(wanted) : actual === wanted;
}

function listUsers(ctx: EmulatorContext, input: Record<string, any>): Record<string, unknown> {
  const pool = ctx.getPool(input.UserPoolId);
  const filter = parseFilter(input.Filter);
  const limit = pageSize(input.Limit, 'limit', 60, 60);
  const toGet = input.AttributesToGet as unknown;
  if (toGet !== undefined && (!Array.isArray(toGet) || toGet.some((a) => typeof a !== 'string'))) {
    throw errors.invalidParameter('AttributesToGet must be a list of strings.');
  }
  if (Array.isArray(toGet)) {
    for (const name of toGet as string[]) {
      if (name !== 'sub' && !pool.schema.some((s) => s.Name === name)) {
        throw errors.invalidParameter(`One or more requested attributes do not exist.`);
      }
    }
  }
  const users = Object.values(pool.users).filter((u) => !filter || matchesFilter(pool, u, filter));
  // The token binds the filter too: a token from another query is refused.
  const p = page(users, (u) => ctx.userKey(pool, u.username), input.PaginationToken, limit, `users:${pool.id}:${String(input.Filter ?? '')}`);
  return {
    Users: p.items.map((u) => userType(ctx, u, toGet as string[] | undefined)),
    ...(p.next ? { PaginationToken: p.next } : {}),
  };
}

/** ListUsers. */
export const listUsersModule = defineModule({
  operations: defineOperations({ ListUsers: listUsers }),
});
