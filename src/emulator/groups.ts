/**
 * Groups and membership: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
 * AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup.
 * Tokens read membership when they are minted (`cognito:groups`).
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { defineModule, defineOperations } from './operations.js';
import { page, pageSize } from './paginate.js';
import type { GroupRecord, PoolRecord } from './state.js';
import { userType } from './users.js';

/** Wire GroupType. */
export function groupType(pool: PoolRecord, g: GroupRecord): Record<string, unknown> {
  return {
    GroupName: g.name,
    UserPoolId: pool.id,
    ...(g.description !== undefined ? { Description: g.description } : {}),
    ...(g.roleArn !== undefined ? { RoleArn: g.roleArn } : {}),
    ...(g.precedence !== undefined ? { Precedence: g.precedence } : {}),
    LastModifiedDate: g.updatedAt / 1000,
    CreationDate: g.createdAt / 1000,
  };
}

function groupName(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 128 || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(value)) {
    throw errors.invalidParameter(
      "1 validation error detected: Value null at 'groupName' failed to satisfy constraint: Member must not be null",
    );
  }
  return value;
}

function getGroup(ctx: EmulatorContext, input: Record<string, any>): { pool: PoolRecord; group: GroupRecord } {
  const pool = ctx.getPool(input.UserPoolId);
  const group = pool.groups[groupName(input.GroupName)];
  if (!group) throw errors.resourceNotFound('Group not found.');
  return { pool, group };
}

function precedence(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2147483647) {
    throw errors.invalidParameter('Precedence must be a non-negative integer.');
  }
  return value;
}

/** Group operations. */
export const groupsModule = defineModule({
  operations: defineOperations({
    CreateGroup: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const name = groupName(input.GroupName);
      if (pool.groups[name]) throw new EmulatorError('GroupExistsException', `A group with the name ${name} already exists.`);
      const now = ctx.now();
      const p = precedence(input.Precedence);
      const g: GroupRecord = {
        name,
        ...(typeof input.Description === 'string' ? { description: input.Description } : {}),
        ...(typeof input.RoleArn === 'string' ? { roleArn: input.RoleArn } : {}),
        ...(p !== undefined ? { precedence: p } : {}),
        createdAt: now,
        updatedAt: now,
      };
      pool.groups[name] = g;
      return { Group: groupType(pool, g) };
    },

    GetGroup: (ctx, input) => {
      const { pool, group } = getGroup(ctx, input);
      return { Group: groupType(pool, group) };
    },

    UpdateGroup: (ctx, input) => {
      const { pool, group } = getGroup(ctx, input);
      if (input.Description !== undefined) group.description = String(input.Description);
      if (input.RoleArn !== undefined) group.roleArn = String(input.RoleArn);
      const p = precedence(input.Precedence);
      if (p !== undefined) group.precedence = p;
      group.updatedAt = ctx.now();
      return { Group: groupType(pool, group) };
    },

    DeleteGroup: (ctx, input) => {
      const { pool, group } = getGroup(ctx, input);
      delete pool.groups[group.name];
      for (const u of Object.values(pool.users)) u.groups = u.groups.filter((g) => g !== group.name);
      return {};
    },

    ListGroups: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const limit = pageSize(input.Limit, 'limit', 60, 60);
      const p = page(Object.values(pool.groups), (g) => g.name, input.NextToken, limit, `groups:${pool.id}`);
      return { Groups: p.items.map((g) => groupType(pool, g)), ...(p.next ? { NextToken: p.next } : {}) };
    },

    AdminAddUserToGroup: (ctx, input) => {
      const { pool, group } = getGroup(ctx, input);
      const user = ctx.getUser(pool, input.Username);
      if (!user.groups.includes(group.name)) user.groups.push(group.name);
      return {};
    },

    AdminRemoveUserFromGroup: (ctx, input) => {
      const { pool, group } = getGroup(ctx, input);
      const user = ctx.getUser(pool, input.Username);
      user.groups = user.groups.filter((g) => g !== group.name);
      return {};
    },

    AdminListGroupsForUser: (ctx, input) => {
      const pool = ctx.getPool(input.UserPoolId);
      const user = ctx.getUser(pool, input.Username);
      const limit = pageSize(input.Limit, 'limit', 60, 60);
      const groups = user.groups.map((n) => pool.groups[n]).filter((g): g is GroupRecord => g !== undefined);
      const p = page(groups, (g) => g.name, input.NextToken, limit, `user-groups:${pool.id}:${user.sub}`);
      return { Groups: p.items.map((g) => groupType(pool, g)), ...(p.next ? { NextToken: p.next } : {}) };
    },

    ListUsersInGroup: (ctx, input) => {
      const { pool, group } = getGroup(ctx, input);
      const limit = pageSize(input.Limit, 'limit', 60, 60);
      const users = Object.values(pool.users).filter((u) => u.groups.includes(group.name));
      const p = page(users, (u) => ctx.userKey(pool, u.username), input.NextToken, limit, `group-users:${pool.id}:${group.name}`);
      return { Users: p.items.map((u) => userType(ctx, u)), ...(p.next ? { NextToken: p.next } : {}) };
    },
  }),
});
