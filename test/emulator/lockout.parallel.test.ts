/**
 * The wrong-password lockout holds against parallel guesses: each attempt is counted before
 * anything is awaited, so 30 guesses sent at once get at most five "Incorrect username or
 * password." answers, as 30 sent one after another do.
 */
import { describe, expect, it } from 'vitest';
import { computePasswordClaim, startSrp } from '../../src/core/srp.js';
import { fixture, PASSWORD } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;

function tally(messages: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of messages) out[m] = (out[m] ?? 0) + 1;
  return out;
}

const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: { message: string }) => e.message);

describe('lockout under parallel guesses', () => {
  it('USER_PASSWORD_AUTH: 30 parallel wrong passwords, then the right one, are throttled', async () => {
    const now = Date.UTC(2026, 0, 1);
    const f = await fixture({ emulator: { now: () => now } });
    const guess = (password: string) =>
      settle(f.sdk.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: password } }));
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(`wrong-${i}`)));
    expect(tally(answers)).toEqual({ 'Incorrect username or password.': 5, 'Password attempts exceeded': 25 });
    expect(await guess(PASSWORD)).toBe('Password attempts exceeded');
  });

  it('USER_SRP_AUTH: 12 parallel wrong proofs are throttled after five', async () => {
    const now = Date.UTC(2026, 0, 1);
    const f: F = await fixture({ emulator: { now: () => now } });
    // Start every sign-in first (InitiateAuth does not count), then answer them all at once.
    const pending = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const start = startSrp();
        const init = await f.sdk.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: start.SRP_A } });
        const cp = init.ChallengeParameters as { USER_ID_FOR_SRP: string; SRP_B: string; SALT: string; SECRET_BLOCK: string };
        const claim = await computePasswordClaim({ start, userPoolId: f.poolId, password: 'wrong', challengeParameters: cp });
        return { USERNAME: cp.USER_ID_FOR_SRP, ...claim };
      }),
    );
    const answers = await Promise.all(
      pending.map((ChallengeResponses) =>
        settle(f.sdk.respondToAuthChallenge({ ChallengeName: 'PASSWORD_VERIFIER', ClientId: f.clientId, ChallengeResponses })),
      ),
    );
    expect(tally(answers)).toEqual({ 'Incorrect username or password.': 5, 'Password attempts exceeded': 7 });
  });
});
