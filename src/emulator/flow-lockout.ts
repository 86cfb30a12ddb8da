/**
 * Cognito's temporary lockout after repeated failed sign-ins, on the emulator's clock.
 *
 * As the Cognito developer guide describes it: after five failed sign-in attempts the user is
 * locked out for one second; each further failure doubles the lockout (2^(n-5) seconds for n
 * cumulative failures), up to about 15 minutes. Attempts during a lockout answer
 * `NotAuthorizedException: Password attempts exceeded` and do not count. The counter resets on
 * a successful sign-in, or after 15 minutes without a failure.
 *
 * The record lives on the user (`failedAttempts`, `lastFailedAt`), so it is per pool and per
 * emulator and survives `--data` restarts.
 *
 * An attempt is counted as failed when it starts (`reserveAttempt`), before anything is awaited,
 * and cleared when it succeeds: otherwise parallel guesses would all pass the lockout check
 * before any of them is counted.
 * @module
 */
import type { UserRecord } from './state.js';

/** Failures before the first lockout. */
export const LOCKOUT_THRESHOLD = 5;
/** Longest lockout, and the quiet period that resets the counter (15 minutes). */
export const LOCKOUT_MAX_MS = 15 * 60 * 1000;

/** The message Cognito answers during a lockout (NotAuthorizedException). */
export const PASSWORD_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';

type LockoutFields = Pick<UserRecord, 'failedAttempts' | 'lastFailedAt'>;

/** Lockout after `failures` cumulative failures, in ms (0 below the threshold). */
export function lockoutDuration(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  const exp = failures - LOCKOUT_THRESHOLD;
  return exp >= 20 ? LOCKOUT_MAX_MS : Math.min(LOCKOUT_MAX_MS, 1000 * 2 ** exp);
}

function expire(user: LockoutFields, now: number): void {
  if (user.failedAttempts > 0 && user.lastFailedAt !== undefined) {
    const lockedUntil = user.lastFailedAt + lockoutDuration(user.failedAttempts);
    if (now >= lockedUntil && now - user.lastFailedAt >= LOCKOUT_MAX_MS) {
      user.failedAttempts = 0;
      delete user.lastFailedAt;
    }
  }
}

/** True when the user is inside a lockout window at `now` (the attempt must be refused, uncounted). */
export function isLockedOut(user: LockoutFields, now: number): boolean {
  expire(user, now);
  if (!user.failedAttempts || user.lastFailedAt === undefined) return false;
  return now < user.lastFailedAt + lockoutDuration(user.failedAttempts);
}

/** Counts one failed password or SRP proof. */
export function recordFailure(user: LockoutFields, now: number): void {
  expire(user, now);
  user.failedAttempts = (user.failedAttempts || 0) + 1;
  user.lastFailedAt = now;
}

/** Clears the counter after a successful password or SRP proof. */
export function recordSuccess(user: LockoutFields): void {
  user.failedAttempts = 0;
  delete user.lastFailedAt;
}

/** An attempt counted as failed until it is settled (see {@link reserveAttempt}). */
export interface AttemptReservation {
  /** The password or proof was right: clears the counter. */
  succeeded(): void;
  /** The attempt ended before the password was judged (a trigger refused it): uncounts it. */
  withdrawn(): void;
}

/**
 * Counts an attempt as a failure now, synchronously; a wrong password needs nothing more.
 * Call it after the lockout check and before the first await.
 */
export function reserveAttempt(user: LockoutFields, now: number): AttemptReservation {
  recordFailure(user, now);
  let settled = false;
  return {
    succeeded() {
      if (settled) return;
      settled = true;
      recordSuccess(user);
    },
    withdrawn() {
      if (settled) return;
      settled = true;
      user.failedAttempts = Math.max(0, (user.failedAttempts || 0) - 1);
      if (user.failedAttempts === 0) delete user.lastFailedAt;
    },
  };
}
