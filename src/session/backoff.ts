/** Retry timing for transient refresh failures. */
export interface BackoffOptions {
  /** First delay, ms; default 1000. */
  baseMs?: number;
  /** Largest delay, ms; default 60000. */
  maxMs?: number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a uniform delay in [base/2, min(max, base * 2^attempt)], so tabs retrying together
 * spread out. `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const cap = Math.min(max, base * 2 ** Math.max(0, attempt));
  const floor = Math.min(cap, base / 2);
  return Math.round(floor + random() * (cap - floor));
}
