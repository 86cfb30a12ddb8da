// Fault behaviour of the one request path: retries (count, backoff bounds, what is and is not
// retried), timeouts, aborts, every error shape Cognito and proxies send, clock-skew correction,
// and the checks that fail before any network call. Delays are injected: no test sleeps.
import { describe, expect, it, vi } from 'vitest';
import { CognitoIdentityProviderClient, CognitoUnsignedClient, isCognitoError, type ClientOptions } from '../../src/client/index.js';
import { hang, json, scriptedFetch, type Step } from './fake-fetch.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

function setup(steps: Step[], options: ClientOptions = {}) {
  const { fetch, calls } = scriptedFetch(steps);
  const delays: number[] = [];
  const client = new CognitoIdentityProviderClient({
    region: 'eu-west-1',
    credentials,
    fetch,
    ...options,
    retry: { delay: async (ms) => void delays.push(ms), random: () => 0.999, ...options.retry },
  });
  return { client, calls, delays };
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as import('../../src/client/index.js').CognitoError;
  }
  throw new Error('expected a rejection');
}

const getUser = { AccessToken: 'token' };

describe('retries (AWS SDK standard mode)', () => {
  it('retries 5xx and returns the first success; backoff is full jitter below base * 2^retry', async () => {
    const { client, calls, delays } = setup([json(500, { __type: 'InternalErrorException' }), json(503, ''), json(200, { Username: 'u' })]);
    await expect(client.getUser(getUser)).resolves.toEqual({ Username: 'u' });
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([Math.floor(0.999 * 50), Math.floor(0.999 * 100)]);
  });

  it('uses the throttling base (1 s) for throttling names, whatever the status', async () => {
    const { client, delays } = setup([
      json(400, { __type: 'TooManyRequestsException', message: 'slow down' }),
      json(400, { __type: 'LimitExceededException', message: 'limit' }),
      json(200, {}),
    ]);
    await client.getUser(getUser);
    expect(delays).toEqual([Math.floor(0.999 * 1000), Math.floor(0.999 * 2000)]);
  });

  it('jitter spans [0, cap): random 0 gives 0 ms, and delays never exceed 20 s', async () => {
    const steps = Array.from({ length: 12 }, () => json(429, {}));
    const { client, delays } = setup(steps, { maxAttempts: 12 });
    await failure(client.getUser(getUser));
    expect(delays).toHaveLength(11);
    expect(Math.max(...delays)).toBeLessThanOrEqual(20_000);
    expect(delays.at(-1)).toBe(Math.floor(0.999 * 20_000));
    const zero = setup([json(500, {}), json(200, {})], { retry: { random: () => 0 } });
    await zero.client.getUser(getUser);
    expect(zero.delays).toEqual([0]);
  });

  it('gives up after maxAttempts (3) with attempts, total delay and retryable in the error', async () => {
    const { client, calls, delays } = setup([json(502, ''), json(502, ''), json(502, ''), json(200, {})]);
    const err = await failure(client.getUser(getUser));
    expect(calls).toHaveLength(3);
    expect(err.$metadata).toMatchObject({ httpStatusCode: 502, attempts: 3, totalRetryDelay: delays[0]! + delays[1]! });
    expect(err.retryable).toBe(true);
  });

  it('never retries 4xx client faults', async () => {
    for (const name of ['NotAuthorizedException', 'UserNotFoundException', 'InvalidParameterException', 'CodeMismatchException']) {
      const { client, calls, delays } = setup([json(400, { __type: name, message: 'no' }), json(200, {})]);
      const err = await failure(client.getUser(getUser));
      expect(err.name).toBe(name);
      expect(err.retryable).toBe(false);
      expect(err.$metadata.attempts).toBe(1);
      expect(calls).toHaveLength(1);
      expect(delays).toEqual([]);
    }
  });

  it('maxAttempts: 1 disables retries', async () => {
    const { client, calls } = setup([json(500, {}), json(200, {})], { maxAttempts: 1 });
    await failure(client.getUser(getUser));
    expect(calls).toHaveLength(1);
  });

  it('retries network failures and reports NetworkError with the cause', async () => {
    const boom = new TypeError('Failed to fetch');
    const { client, calls } = setup([boom, boom, boom]);
    const err = await failure(client.getUser(getUser));
    expect(calls).toHaveLength(3);
    expect(err.name).toBe('NetworkError');
    expect(err.cause).toBe(boom);
    expect(err.retryable).toBe(true);
    expect(err.$metadata.httpStatusCode).toBeUndefined();
  });
});

describe('timeouts and aborts', () => {
  it('a timed-out attempt becomes TimeoutError and is retried', async () => {
    const { client, calls } = setup([hang, hang, json(200, { Username: 'late' })], { timeout: 5 });
    await expect(client.getUser(getUser)).resolves.toEqual({ Username: 'late' });
    expect(calls).toHaveLength(3);
    const again = setup([hang, hang], { maxAttempts: 2 });
    const err = await failure(again.client.getUser(getUser, { timeout: 5 }));
    expect(err.name).toBe('TimeoutError');
    expect(err.message).toContain('5 ms');
    expect(err.$metadata.attempts).toBe(2);
  });

  it('an abort in flight rejects with AbortError carrying the reason, and is not retried', async () => {
    const controller = new AbortController();
    const { client, calls } = setup([
      (init) => {
        setTimeout(() => controller.abort(new Error('user left')), 0);
        return hang(init);
      },
      json(200, {}),
    ]);
    const err = await failure(client.getUser(getUser, { signal: controller.signal }));
    expect(err.name).toBe('AbortError');
    expect((err.cause as Error).message).toBe('user left');
    expect(err.retryable).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('an already aborted signal fails before the network', async () => {
    const { client, calls } = setup([json(200, {})]);
    const err = await failure(client.getUser(getUser, { signal: AbortSignal.abort() }));
    expect(err.name).toBe('AbortError');
    expect(calls).toHaveLength(0);
  });

  it('an abort during the backoff stops the retries', async () => {
    const controller = new AbortController();
    const { fetch, calls } = scriptedFetch([json(500, {}), json(200, {})]);
    const client = new CognitoUnsignedClient({
      region: 'eu-west-1',
      fetch,
      retry: { delay: async () => controller.abort('stop') },
    });
    const err = await failure(client.send('GetUser', getUser, { signal: controller.signal }));
    expect(err.name).toBe('AbortError');
    expect(calls).toHaveLength(1);
  });
});

describe('error shapes', () => {
  const cases: [string, Response, string, string][] = [
    ['__type with a namespace', json(400, { __type: 'com.amazonaws.cognito.identity.idp.model#UserNotFoundException', message: 'User does not exist.' }), 'UserNotFoundException', 'User does not exist.'],
    ['plain __type', json(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }), 'NotAuthorizedException', 'Incorrect username or password.'],
    ['Message with a capital M', json(400, { __type: 'InvalidParameterException', Message: 'bad param' }), 'InvalidParameterException', 'bad param'],
    ['x-amzn-ErrorType header with :suffix', json(400, '{}', { 'x-amzn-ErrorType': 'CodeMismatchException:http://internal.amazon.com/coral/com.amazonaws.cognito.identity.idp.model/' }), 'CodeMismatchException', 'CodeMismatchException (HTTP 400)'],
    ['code member', json(400, { code: 'ExpiredCodeException', message: 'expired' }), 'ExpiredCodeException', 'expired'],
  ];
  it.each(cases)('%s', async (_label, response, name, message) => {
    const { client } = setup([response]);
    const err = await failure(client.getUser(getUser));
    expect(isCognitoError(err, name)).toBe(true);
    expect(err.message).toBe(message);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('carries the request id', async () => {
    const { client } = setup([json(400, { __type: 'NotAuthorizedException', message: 'x' }, { 'x-amzn-RequestId': 'req-123' })]);
    expect((await failure(client.getUser(getUser))).$metadata.requestId).toBe('req-123');
  });

  it("a proxy's HTML 502 becomes a clear UnknownError (retried as a 5xx), never a JSON crash", async () => {
    const html = () => new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
    const { client, calls } = setup([html(), html(), html()]);
    const err = await failure(client.getUser(getUser));
    expect(err.name).toBe('UnknownError');
    expect(err.message).toContain('HTTP 502');
    expect(err.message).toContain('502 Bad Gateway');
    expect(err).not.toBeInstanceOf(SyntaxError);
    expect(calls).toHaveLength(3);
  });

  it('a 200 with a body that is not JSON is an UnknownError with the parse error as cause', async () => {
    const { client } = setup([new Response('<html>captive portal</html>', { status: 200 })]);
    const err = await failure(client.getUser(getUser));
    expect(err.name).toBe('UnknownError');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('isCognitoError recognises errors from another copy of the library', async () => {
    vi.resetModules();
    const copy: string = '../../src/client/errors.js?copy'; // a second module instance, as a duplicate bundle would have
    const other = (await import(/* @vite-ignore */ copy)) as typeof import('../../src/client/errors.js');
    const { isCognitoError: guard, CognitoError } = await import('../../src/client/errors.js');
    expect(other.CognitoError).not.toBe(CognitoError);
    const foreign = new other.CognitoError('NotAuthorizedException', 'x');
    expect(foreign instanceof CognitoError).toBe(false);
    expect(guard(foreign, 'NotAuthorizedException')).toBe(true);
    expect(guard(foreign, 'UserNotFoundException')).toBe(false);
    const lookalike = Object.assign(new Error('x'), { name: 'NotAuthorizedException' });
    expect(guard(lookalike)).toBe(false);
  });
});

describe('SigV4 and clock skew', () => {
  it('signs admin operations and leaves the unauthenticated ones unsigned', async () => {
    const { client, calls } = setup([json(200, {}), json(200, {})]);
    await client.adminGetUser({ UserPoolId: 'eu-west-1_abc', Username: 'u' });
    await client.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' });
    expect(calls[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/cognito-idp\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
    expect(calls[1]!.headers.authorization).toBeUndefined();
  });

  it('a signed operation without credentials fails before the network, naming the operation', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', fetch });
    const err = await failure(client.adminCreateUser({ UserPoolId: 'eu-west-1_abc', Username: 'u' }));
    expect(err.name).toBe('CredentialsError');
    expect(err.message).toContain('AdminCreateUser');
    expect(calls).toHaveLength(0);
  });

  it('takes credentials from an async provider, with a session token', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const provider = vi.fn(async () => ({ ...credentials, sessionToken: 'tok' }));
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', fetch, credentials: provider });
    await client.listUsers({ UserPoolId: 'eu-west-1_abc' });
    expect(provider).toHaveBeenCalledOnce();
    expect(calls[0]!.headers['x-amz-security-token']).toBe('tok');
    expect(calls[0]!.headers.authorization).toContain('x-amz-security-token');
  });

  it('a failing credentials provider becomes a CredentialsError with the cause, before the network', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const boom = new Error('sso expired');
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', fetch, credentials: async () => Promise.reject(boom) });
    const err = await failure(client.listUsers({ UserPoolId: 'eu-west-1_abc' }));
    expect(err.name).toBe('CredentialsError');
    expect(err.cause).toBe(boom);
    expect(err.message).toContain('ListUsers');
    expect(calls).toHaveLength(0);
  });

  it('corrects the clock once from the Date header after a skew error, then keeps the offset', async () => {
    const local = Date.UTC(2026, 0, 1, 12, 0, 0);
    const server = new Date(local + 3_600_000); // the server is one hour ahead
    const skewed = () => json(400, { __type: 'InvalidSignatureException', message: 'Signature expired: 20260101T120000Z is now earlier than ...' }, { date: server.toUTCString() });
    const { client, calls } = setup([skewed(), json(200, {}), json(200, {})], { now: () => local });
    await client.adminGetUser({ UserPoolId: 'eu-west-1_abc', Username: 'u' });
    expect(calls.map((c) => c.headers['x-amz-date'])).toEqual(['20260101T120000Z', '20260101T130000Z']);
    expect(client.skewMs).toBe(3_600_000);
    await client.adminGetUser({ UserPoolId: 'eu-west-1_abc', Username: 'u' });
    expect(calls[2]!.headers['x-amz-date']).toBe('20260101T130000Z');
  });

  it('corrects only once per call: a second skew error is thrown', async () => {
    const local = Date.UTC(2026, 0, 1, 12, 0, 0);
    const skewed = (offset: number) => json(400, { __type: 'RequestTimeTooSkewed', message: 'skew' }, { date: new Date(local + offset).toUTCString() });
    const { client, calls } = setup([skewed(3_600_000), skewed(7_200_000), json(200, {})], { now: () => local });
    const err = await failure(client.adminGetUser({ UserPoolId: 'eu-west-1_abc', Username: 'u' }));
    expect(err.name).toBe('RequestTimeTooSkewed');
    expect(calls).toHaveLength(2);
  });

  it('does not touch the clock for a skew-named error when the clocks agree', async () => {
    const local = Date.UTC(2026, 0, 1, 12, 0, 0);
    const { client, calls } = setup([json(403, { __type: 'AccessDeniedException', message: 'no' }, { date: new Date(local + 1000).toUTCString() })], { now: () => local });
    const err = await failure(client.adminGetUser({ UserPoolId: 'eu-west-1_abc', Username: 'u' }));
    expect(err.name).toBe('AccessDeniedException');
    expect(client.skewMs).toBe(0);
    expect(calls).toHaveLength(1);
  });
});

describe('endpoint, region and input checks (before any network call)', () => {
  it('derives the region from options.userPoolId or the input UserPoolId', async () => {
    const a = scriptedFetch([json(200, {})]);
    await new CognitoUnsignedClient({ userPoolId: 'ap-southeast-2_AbC123', fetch: a.fetch }).send('SignUp', { ClientId: 'c', Username: 'u' });
    expect(a.calls[0]!.url).toBe('https://cognito-idp.ap-southeast-2.amazonaws.com/');
    const b = scriptedFetch([json(200, {})]);
    await new CognitoIdentityProviderClient({ fetch: b.fetch, credentials }).listUsers({ UserPoolId: 'us-west-2_xyz' });
    expect(b.calls[0]!.url).toBe('https://cognito-idp.us-west-2.amazonaws.com/');
    expect(b.calls[0]!.headers.authorization).toContain('/us-west-2/cognito-idp/');
  });

  it('posts to a custom endpoint (no region needed for unsigned calls)', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    await new CognitoUnsignedClient({ endpoint: 'http://127.0.0.1:9229/', fetch }).send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' });
    expect(calls[0]!.url).toBe('http://127.0.0.1:9229/');
    expect(calls[0]!.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
  });

  it('fails without a region, naming the options to set', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const err = await failure(new CognitoUnsignedClient({ fetch }).send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' }));
    expect(err.name).toBe('ConfigurationError');
    expect(err.message).toContain('options.region');
    expect(calls).toHaveLength(0);
  });

  it('rejects bad options in the constructor, naming the field', () => {
    expect(() => new CognitoUnsignedClient({ region: 'eu-west-1/../evil' })).toThrow(/options\.region/);
    expect(() => new CognitoUnsignedClient({ userPoolId: 'nope' })).toThrow(/options\.userPoolId/);
    expect(() => new CognitoUnsignedClient({ endpoint: 'ftp://x' })).toThrow(/options\.endpoint/);
    expect(() => new CognitoUnsignedClient({ maxAttempts: 0 })).toThrow(/options\.maxAttempts/);
    expect(() => new CognitoUnsignedClient({ timeout: -1 })).toThrow(/options\.timeout/);
  });

  it('rejects a non-object input and an unknown operation name', async () => {
    const { client, calls } = setup([json(200, {})]);
    expect((await failure(client.getUser('token' as never))).message).toContain('GetUser: input must be an object');
    expect((await failure(client.send('DropAllTables' as never, {} as never))).name).toBe('ConfigurationError');
    expect(calls).toHaveLength(0);
  });

  it('two clients keep separate clock offsets', async () => {
    const local = Date.UTC(2026, 0, 1);
    const a = setup([json(400, { __type: 'RequestTimeTooSkewed' }, { date: new Date(local + 600_000).toUTCString() }), json(200, {})], { now: () => local });
    const b = setup([json(200, {})], { now: () => local });
    await a.client.listUsers({ UserPoolId: 'eu-west-1_a' });
    await b.client.listUsers({ UserPoolId: 'eu-west-1_a' });
    expect(a.client.skewMs).toBe(600_000);
    expect(b.client.skewMs).toBe(0);
  });
});
