// Checks that fail before any network call, each with a ConfigurationError naming what is wrong:
// timeouts a timer cannot hold, operation names that are no operation, input that is not JSON,
// signing without Web Crypto. And the one fetch option that keeps request bodies where they belong.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoIdentityProviderClient, CognitoUnsignedClient, isCognitoError, type CognitoError } from '../../src/client/index.js';
import { hang, json, scriptedFetch } from './fake-fetch.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: CognitoError) => e,
  );

/** A server that answers after `ms`, unless the request is aborted first. */
const slow =
  (ms: number, body: unknown) =>
  (init: RequestInit): Promise<Response> =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => resolve(json(200, body)), ms);
      init.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(init.signal!.reason ?? new DOMException('aborted', 'AbortError'));
      });
    });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('timeout', () => {
  it('refuses client timeouts a timer cannot hold (above 2^31-1 ms, NaN, not a number), naming options.timeout', () => {
    for (const timeout of [2 ** 31, 3e9, Number.MAX_SAFE_INTEGER, NaN, 0, -1, '5' as never]) {
      expect(() => new CognitoUnsignedClient({ region: 'eu-west-1', timeout }), String(timeout)).toThrow(/options\.timeout: expected 1 to 2147483647 ms/);
    }
    expect(() => new CognitoUnsignedClient({ region: 'eu-west-1', timeout: 2 ** 31 - 1 })).not.toThrow();
  });

  it('Infinity means no timeout (it used to time out every attempt at once)', async () => {
    const { fetch, calls } = scriptedFetch([slow(20, { Username: 'u' })]);
    const client = new CognitoUnsignedClient({ region: 'eu-west-1', fetch, timeout: Infinity });
    await expect(client.send('GetUser', { AccessToken: 't' })).resolves.toEqual({ Username: 'u' });
    expect(calls).toHaveLength(1);
  });

  it('a per-call Infinity lifts the client timeout', async () => {
    const { fetch } = scriptedFetch([slow(20, {})]);
    const client = new CognitoUnsignedClient({ region: 'eu-west-1', fetch, timeout: 1, maxAttempts: 1 });
    await expect(client.send('GetUser', { AccessToken: 't' }, { timeout: Infinity })).resolves.toEqual({});
  });

  it('checks the per-call timeout as the client option, before any request', async () => {
    for (const timeout of [0, -5, NaN, 2 ** 31, 3e9]) {
      const { fetch, calls } = scriptedFetch([hang]);
      const client = new CognitoUnsignedClient({ region: 'eu-west-1', fetch });
      const err = await rejection(client.send('GetUser', { AccessToken: 't' }, { timeout }));
      expect(err.name, String(timeout)).toBe('ConfigurationError');
      expect(err.message).toContain('GetUser: call options.timeout: expected 1 to 2147483647 ms');
      expect(err.$metadata.attempts).toBe(0);
      expect(calls).toHaveLength(0);
    }
  });
});

describe('send() by name', () => {
  it('refuses names that lowercase to members that are no operation, before any request', async () => {
    const { fetch, calls } = scriptedFetch([]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    for (const name of ['Send', 'Constructor', 'ToString', 'HasOwnProperty', 'ValueOf', 'IsPrototypeOf', '__proto__', 'initiateAuth', '']) {
      const err = await rejection(client.send(name as never, {} as never));
      expect(err.name, name).toBe('ConfigurationError');
      expect(err.message).toBe(`send: unknown operation ${JSON.stringify(name)}`);
    }
    expect(calls).toHaveLength(0);
  });

  it('still sends every real operation name', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {}), json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    await client.send('GetCSVHeader', { UserPoolId: 'eu-west-1_a' });
    await client.send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' });
    expect(calls.map((c) => c.headers['x-amz-target'])).toEqual([
      'AWSCognitoIdentityProviderService.GetCSVHeader',
      'AWSCognitoIdentityProviderService.InitiateAuth',
    ]);
  });
});

describe('input that is not JSON, and signing without Web Crypto', () => {
  it('a BigInt member is a ConfigurationError naming the operation and the member, before any request', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    const err = await rejection(client.listUsers({ UserPoolId: 'eu-west-1_a', Limit: 10n as never }));
    expect(isCognitoError(err, 'ConfigurationError')).toBe(true);
    expect(err.message).toBe('ListUsers: input is not JSON: Limit is a BigInt');
    expect(err.cause).toBeInstanceOf(TypeError);
    expect(err.$metadata.attempts).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('a cycle is a ConfigurationError naming the member that closes it', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoUnsignedClient({ region: 'eu-west-1', fetch });
    const input: Record<string, unknown> = { ClientId: 'c', Username: 'u' };
    input.ClientMetadata = { back: input };
    const err = await rejection(client.send('SignUp', input as never));
    expect(isCognitoError(err, 'ConfigurationError')).toBe(true);
    expect(err.message).toMatch(/^SignUp: input is not JSON: Converting circular structure to JSON/);
    expect(err.message).toContain("'back'");
    expect(calls).toHaveLength(0);
  });

  it('a signed call without crypto.subtle (a page over plain http) is a ConfigurationError, before any request', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    vi.stubGlobal('crypto', {});
    const err = await rejection(client.listUsers({ UserPoolId: 'eu-west-1_a' }));
    expect(isCognitoError(err, 'ConfigurationError')).toBe(true);
    expect(err.message).toContain('ListUsers: SigV4 needs Web Crypto (crypto.subtle)');
    expect(err.message).not.toContain('secret');
    expect(calls).toHaveLength(0);
  });
});

describe('secrets in messages', () => {
  it("a NetworkError names the endpoint without its query (a proxy's API key stays out)", async () => {
    const { fetch } = scriptedFetch([new TypeError('connect ECONNREFUSED')]);
    const client = new CognitoUnsignedClient({ endpoint: 'https://proxy.example/cognito?api_key=SECRET-KEY', fetch, maxAttempts: 1 });
    const err = await rejection(client.send('GetUser', { AccessToken: 't' }));
    expect(err.name).toBe('NetworkError');
    expect(err.message).toBe('GetUser: request to https://proxy.example/cognito failed: connect ECONNREFUSED');
    expect(err.message).not.toContain('SECRET-KEY');
  });
});

describe('redirects', () => {
  it("every request tells fetch not to follow redirects (redirect: 'manual'; workerd refuses 'error')", async () => {
    const seen: (RequestRedirect | undefined)[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      seen.push(init.redirect);
      return json(200, {});
    };
    await new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch }).adminGetUser({ UserPoolId: 'eu-west-1_a', Username: 'u' });
    await new CognitoUnsignedClient({ region: 'eu-west-1', fetch }).send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' });
    expect(seen).toEqual(['manual', 'manual']);
  });

  it('a 307 from the endpoint is an error, not retried: the body (a password here) never reaches the other origin', async () => {
    const received: string[] = [];
    const listen = (server: Server) => new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
    const other = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}');
      });
    });
    const otherPort = await listen(other);
    let hits = 0;
    const endpoint = createServer((_req, res) => {
      hits++;
      res.writeHead(307, { location: `http://127.0.0.1:${otherPort}/` }).end();
    });
    const port = await listen(endpoint);
    try {
      const client = new CognitoUnsignedClient({ endpoint: `http://127.0.0.1:${port}/` });
      const err = await rejection(
        client.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c', AuthParameters: { USERNAME: 'bob', PASSWORD: 'hunter2' } }),
      );
      expect(err.name).toBe('UnknownError');
      expect(err.message).toContain('HTTP 307');
      expect(err.message).not.toContain('hunter2');
      expect(err.retryable).toBe(false);
      expect(hits).toBe(1);
      expect(received).toEqual([]);
    } finally {
      endpoint.close();
      other.close();
    }
  });
});
