// The lean client inside workerd (miniflare), through workerd's own fetch: its request init is
// one workerd accepts (workerd throws on redirect: 'error' before sending anything), and a
// redirect from the endpoint is answered as an error, never followed to the other host.
import { describe, expect, it } from 'vitest';
import { useWorkerd } from '../helpers/workerd.js';

const WORKER = `
import { CognitoUnsignedClient } from './src/client/index.ts';
export default {
  async fetch(request) {
    const { endpoint } = await request.json();
    const client = new CognitoUnsignedClient({ endpoint, maxAttempts: 1 });
    try {
      const result = await client.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c', AuthParameters: { USERNAME: 'bob', PASSWORD: 'hunter2' } });
      return Response.json({ result });
    } catch (e) {
      return Response.json({ result: { error: e.name, message: e.message, cause: String(e.cause) } });
    }
  },
};
`;

const seen: { host: string; redirect: string; body: string }[] = [];

const worker = useWorkerd({
  entry: WORKER,
  sourcefile: 'client-worker.js',
  outboundService: async (req) => {
    const url = new URL(req.url);
    seen.push({ host: url.host, redirect: req.redirect, body: await req.text() });
    if (url.host === 'redirects.test') return new Response(null, { status: 307, headers: { location: 'http://elsewhere.test/' } });
    return new Response(JSON.stringify({ AuthenticationResult: { AccessToken: 'a' } }), { headers: { 'content-type': 'application/x-amz-json-1.1' } });
  },
});

describe('the client in workerd', () => {
  it('sends a request workerd accepts', async () => {
    seen.length = 0;
    expect(await worker.call({ endpoint: 'http://cognito.test/' })).toEqual({ AuthenticationResult: { AccessToken: 'a' } });
    expect(seen.map((s) => s.host)).toEqual(['cognito.test']);
  });

  it('does not follow a redirect: an UnknownError naming the status, nothing sent to the other host', async () => {
    seen.length = 0;
    const out = await worker.call({ endpoint: 'http://redirects.test/' });
    expect(out).toMatchObject({ error: 'UnknownError' });
    expect(out.message).toContain('HTTP 307');
    expect(seen.map((s) => s.host)).toEqual(['redirects.test']);
  });
});
