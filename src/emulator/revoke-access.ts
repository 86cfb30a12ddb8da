/**
 * Revoking a user's access tokens while keeping their refresh tokens (AdminDisableUser). Kept
 * apart from refresh.ts so that users.ts can use it without an import cycle.
 * @module
 */
import type { EmulatorContext } from './context.js';
import type { PoolRecord, UserRecord } from './state.js';
import { uuid } from './util.js';

/**
 * Revokes every access token issued to a user so far, leaving the refresh tokens alone
 * (AdminDisableUser: "Deactivates a user and revokes all access tokens for the user"; the docs
 * name access tokens only, so refresh tokens are refused while the user is disabled, by
 * checkUsable, and work again after AdminEnableUser).
 *
 * Access tokens are revoked by their origin; a refresh token of that origin moves to a fresh
 * origin (same client, auth_time and device), so the access tokens it mints later carry a new
 * `origin_jti` and are not caught by the old revocation.
 */
export function revokeAccessTokens(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord): void {
  const moved = new Map<string, string>();
  for (const origin of Object.values(pool.origins)) {
    if (origin.sub !== user.sub || origin.revoked) continue;
    origin.revoked = true;
    const fresh = { ...origin, jti: uuid(ctx.random), revoked: false, createdAt: ctx.now() };
    pool.origins[fresh.jti] = fresh;
    moved.set(origin.jti, fresh.jti);
  }
  for (const record of Object.values(pool.refreshTokens)) {
    const next = moved.get(record.originJti);
    if (next !== undefined) record.originJti = next;
  }
}
