/**
 * Refresh-token rotation with RetryGracePeriodSeconds 0: "a successful request immediately
 * invalidates the submitted refresh token" (RefreshTokenRotationType), so of two concurrent
 * GetTokensFromRefreshToken calls with one token only one may succeed. Within a grace period,
 * a concurrent retry is allowed.
 */
import { describe, expect, it } from 'vitest';
import { fixture, srpSignIn } from './flows-helpers.js';

type F = Awaited<ReturnType<typeof fixture>>;

function getTokens(f: F, token: string): Promise<Record<string, any>> {
  return f.emu
    .fetch(
      new Request('http://emulator.local/', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
        },
        body: JSON.stringify({ ClientId: f.clientId, RefreshToken: token }),
      }),
    )
    .then((r) => r.json() as Promise<Record<string, any>>);
}

async function rotatingFixture(grace: number): Promise<{ f: F; token: string }> {
  const f = await fixture({
    client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: grace } },
  });
  const { out } = await srpSignIn(f);
  return { f, token: out.AuthenticationResult!.RefreshToken! };
}

describe('refresh-token rotation under concurrency', () => {
  it('grace 0: of two concurrent refreshes with one token, exactly one succeeds', async () => {
    const { f, token } = await rotatingFixture(0);
    const answers = await Promise.all([getTokens(f, token), getTokens(f, token)]);
    const ok = answers.filter((a) => a.AuthenticationResult?.RefreshToken);
    const refused = answers.filter((a) => a.__type);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ __type: 'RefreshTokenReuseException' });
    // The winner's new token works; the old one stays refused.
    expect((await getTokens(f, ok[0]!.AuthenticationResult.RefreshToken)).AuthenticationResult).toBeDefined();
    expect((await getTokens(f, token)).__type).toBe('RefreshTokenReuseException');
  });

  it('grace 30: a concurrent retry within the grace period succeeds', async () => {
    const { f, token } = await rotatingFixture(30);
    const answers = await Promise.all([getTokens(f, token), getTokens(f, token)]);
    for (const a of answers) expect(a.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
