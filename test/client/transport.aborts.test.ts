// Aborts at every point of a call: before it, while a signed request is being signed, as an
// attempt ends, during the backoff. An aborted call rejects at once with AbortError, sends no
// further request, and reports only the requests it sent. Delays are injected: no test sleeps.
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient, CognitoUnsignedClient, type CognitoError } from '../../src/client/index.js';
import { sleep } from '../../src/client/retry.js';
import { json, scriptedFetch } from './fake-fetch.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: CognitoError) => e,
  );

describe('aborts', () => {
  it('an abort while the request is being signed is not lost: no request goes out', async () => {
    const controller = new AbortController();
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({
      region: 'eu-west-1',
      credentials,
      fetch,
      // The signer reads the clock as it starts, then awaits Web Crypto: abort right there.
      now: () => {
        controller.abort(new Error('user left'));
        return Date.now();
      },
    });
    const err = await rejection(client.adminDeleteUser({ UserPoolId: 'eu-west-1_abc', Username: 'alice' }, { signal: controller.signal }));
    expect(err.name).toBe('AbortError');
    expect((err.cause as Error).message).toBe('user left');
    expect(calls).toHaveLength(0);
    expect(err.$metadata.attempts).toBe(0);
  });

  it('an abort as an attempt ends rejects at once: no backoff, no second request', async () => {
    const controller = new AbortController();
    const delays: number[] = [];
    // A fetch that ignores the signal: the abort lands while it answers a retryable 429.
    const { fetch, calls } = scriptedFetch([
      async () => {
        controller.abort(new Error('cancelled'));
        return json(400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' });
      },
      json(200, {}),
    ]);
    const client = new CognitoUnsignedClient({ region: 'eu-west-1', fetch, retry: { delay: async (ms) => void delays.push(ms) } });
    const err = await rejection(client.send('GetUser', { AccessToken: 't' }, { signal: controller.signal }));
    expect(err.name).toBe('AbortError');
    expect(err.retryable).toBe(false);
    expect(delays).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(err.$metadata).toMatchObject({ attempts: 1, totalRetryDelay: 0 });
  });

  it('an abort during the backoff reports the requests sent, not one more', async () => {
    const controller = new AbortController();
    const { fetch, calls } = scriptedFetch([json(500, {}), json(200, {})]);
    const client = new CognitoUnsignedClient({ region: 'eu-west-1', fetch, retry: { delay: async () => controller.abort('stop') } });
    const err = await rejection(client.send('GetUser', { AccessToken: 't' }, { signal: controller.signal }));
    expect(err.name).toBe('AbortError');
    expect(calls).toHaveLength(1);
    expect(err.$metadata.attempts).toBe(1);
  });

  it('an already aborted signal: no request, attempts 0', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    const err = await rejection(client.listUsers({ UserPoolId: 'eu-west-1_abc' }, { signal: AbortSignal.abort('gone') }));
    expect(err.name).toBe('AbortError');
    expect(err.cause).toBe('gone');
    expect(err.$metadata.attempts).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('the default sleep returns at once for an already aborted signal', async () => {
    let done = false;
    const p = sleep(60_000, AbortSignal.abort()).then(() => (done = true));
    // A few microtask turns, no timer.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(done).toBe(true);
    await p;
  });

  it('the default sleep is cut short by an abort during it', async () => {
    const controller = new AbortController();
    const p = sleep(60_000, controller.signal);
    controller.abort();
    await expect(p).resolves.toBeUndefined();
  });
});
