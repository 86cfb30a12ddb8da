import type { TabChannel, TabChannelFactory } from '../../src/session/tab-channel.js';

const b64url = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An unsigned JWT-shaped token (the session reads claims, it does not verify). */
export function makeJwt(claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', kid: 'test' }))}.${b64url(JSON.stringify(claims))}.c2ln`;
}

let counter = 0;
/** Access + ID tokens issued at `iatMs` (server clock) valid `ttlMs`. */
export function tokenPair(o: { username?: string; iatMs: number; ttlMs?: number; refreshToken?: string }) {
  const iat = Math.floor(o.iatMs / 1000);
  const exp = iat + Math.floor((o.ttlMs ?? 3_600_000) / 1000);
  const username = o.username ?? 'alice';
  const n = ++counter;
  return {
    accessToken: makeJwt({ sub: `sub-${username}`, username, token_use: 'access', iat, exp, jti: `a${n}` }),
    idToken: makeJwt({ sub: `sub-${username}`, 'cognito:username': username, token_use: 'id', iat, exp, jti: `i${n}` }),
    ...(o.refreshToken ? { refreshToken: o.refreshToken } : {}),
  };
}

/** An in-process BroadcastChannel stand-in: delivers to every other channel of the same name, asynchronously. */
export function channelHub(): TabChannelFactory & { posted: unknown[] } {
  const byName = new Map<string, Set<(m: unknown) => void>>();
  const posted: unknown[] = [];
  const factory = ((name: string): TabChannel => {
    const fns = new Set<(m: unknown) => void>();
    const members = byName.get(name) ?? new Set();
    byName.set(name, members);
    const deliver = (m: unknown) => {
      for (const fn of [...fns]) fn(structuredClone(m));
    };
    members.add(deliver);
    return {
      post(m) {
        posted.push(m);
        for (const other of [...members]) if (other !== deliver) queueMicrotask(() => other(m));
      },
      subscribe(fn) {
        fns.add(fn);
        return () => fns.delete(fn);
      },
      close() {
        members.delete(deliver);
        fns.clear();
      },
    };
  }) as TabChannelFactory & { posted: unknown[] };
  factory.posted = posted;
  return factory;
}

/** Lets pending promise callbacks run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * Drives vitest fake timers (setTimeout/Date only) until `p` settles, yielding real event-loop
 * turns between steps so real async work (Web Crypto, fake-indexeddb's setImmediate) proceeds.
 */
export async function drive<T>(
  p: Promise<T>,
  advance: (ms: number) => Promise<unknown>,
  o: { stepMs?: number; maxSteps?: number } = {},
): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  const max = o.maxSteps ?? 100_000;
  for (let i = 0; !done && i < max; i++) {
    await new Promise((r) => setImmediate(r));
    if (done) break;
    await advance(o.stepMs ?? 50);
  }
  return p;
}
