// Proves the edge helpers inside workerd (miniflare): the worker bundles src/edge with esbuild,
// talks to the emulator through workerd's own global fetch (routed by outboundService to the
// Node-side emulator, where faults are injected), keeps the cookie through transient failures,
// clears it only on NotAuthorizedException, and verifies access tokens with a cached JWKS.
import { describe, expect, it } from 'vitest';
import { bundleEntryPoint, nodeIsms, useWorkerd } from '../helpers/workerd.js';
import { SECRET, cookieJar, makeWorld, type World } from './edge.fixture.js';

const ORIGIN = 'https://app.example';

const WORKER = `
import { createEdgeAuth, accessTokenErrorResponse } from './src/edge/index.ts';
let edge;
export default {
  async fetch(request, env) {
    edge ??= createEdgeAuth({
      userPoolId: env.POOL_ID, clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET,
      cookieSecret: env.COOKIE_SECRET, endpoint: 'http://emulator.test/', jwksUri: env.JWKS_URI,
      maxAttempts: 1, timeout: 3000,
    });
    const handled = await edge.handle(request);
    if (handled) return handled;
    if (new URL(request.url).pathname === '/api/me') {
      try {
        const claims = await edge.verifyAccessToken(request);
        return Response.json({ username: claims.username, sub: claims.sub });
      } catch (err) {
        return accessTokenErrorResponse(err);
      }
    }
    return new Response('not found', { status: 404 });
  },
};
`;

let w: World;
const outbound = { jwks: 0, wire: 0 };

const worker = useWorkerd(async () => {
  w = await makeWorld({ secret: true, devices: true });
  return {
    entry: WORKER,
    sourcefile: 'edge-worker.js',
    bindings: { POOL_ID: w.poolId, CLIENT_ID: w.clientId, CLIENT_SECRET: w.clientSecret!, COOKIE_SECRET: SECRET, JWKS_URI: w.jwksUri },
    outboundService: async (req) => {
      const url = new URL(req.url);
      if (url.host !== 'emulator.test') return new Response('unexpected host', { status: 599 });
      if (url.pathname.endsWith('/jwks.json')) outbound.jwks++;
      else outbound.wire++;
      const body = req.method === 'GET' ? undefined : await req.text();
      // w.fetch applies the injected fault, then hands the request to the emulator
      return w.fetch(req.url, { method: req.method, headers: Object.fromEntries(req.headers), ...(body !== undefined ? { body } : {}) });
    },
  };
});

async function send(path: string, jar: ReturnType<typeof cookieJar>, o: { body?: unknown; headers?: Record<string, string>; method?: string } = {}) {
  const url = ORIGIN + path;
  const headers: Record<string, string> = { origin: ORIGIN, ...o.headers };
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  const res = await worker.dispatch(url, {
    method: o.method ?? 'POST',
    headers,
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  const text = await res.text();
  const setCookie = res.headers.getSetCookie();
  const r = new Response(text, { status: res.status });
  for (const c of setCookie) r.headers.append('set-cookie', c);
  return { status: res.status, setCookie, json: text.startsWith('{') ? JSON.parse(text) : text, response: r };
}

async function session() {
  const jar = cookieJar();
  const t = await w.signIn();
  const r = await send('/auth/session', jar, {
    body: { refreshToken: t.RefreshToken, accessToken: t.AccessToken, deviceKey: t.deviceKey },
    headers: { 'content-type': 'application/json' },
  });
  expect(r.status).toBe(200);
  jar.take(r.response);
  return { jar, t, r };
}

describe('edge helpers in workerd against the emulator', () => {
  it('the edge bundle has no Node built-ins, Buffer, process or global', async () => {
    const text = await bundleEntryPoint('src/edge/index.ts');
    expect(nodeIsms(text)).toEqual([]);
    expect(text).not.toMatch(/createEmulator/);
  });

  it('session + refresh (SECRET_HASH, DEVICE_KEY) over workerd fetch; the cookie is sealed and HttpOnly', async () => {
    const { jar, t, r } = await session();
    expect(r.setCookie[0]).toMatch(/^__Secure-cognito-edge=[A-Za-z0-9_-]+; Path=\/auth; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict$/);
    expect(r.setCookie[0]).not.toContain(t.RefreshToken.slice(0, 16));
    const before = outbound.wire;
    const refreshed = await send('/auth/refresh', jar);
    expect(refreshed.status).toBe(200);
    expect(outbound.wire - before).toBe(1);
    const me = await worker.dispatch(ORIGIN + '/api/me', { headers: { authorization: `Bearer ${refreshed.json.accessToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'alice' });
  });

  it('access tokens are verified with one JWKS fetch for many requests; bad tokens are 401', async () => {
    const t = await w.signIn();
    for (let i = 0; i < 4; i++) {
      const me = await worker.dispatch(ORIGIN + '/api/me', { headers: { authorization: `Bearer ${t.AccessToken}` } });
      expect(me.status).toBe(200);
      await me.text();
    }
    // one edge instance per isolate, one JWKS fetch for everything it verified so far
    expect(outbound.jwks).toBe(1);
    const id = await worker.dispatch(ORIGIN + '/api/me', { headers: { authorization: `Bearer ${t.IdToken}` } });
    expect(id.status).toBe(401);
    expect(((await id.json()) as { error: string }).error).toBe('JwtWrongTokenUse');
    const none = await worker.dispatch(ORIGIN + '/api/me');
    expect(none.status).toBe(401);
    await none.text();
  });

  for (const fault of ['network', 500] as const) {
    it(`a transient failure (${fault}) keeps the cookie; the next refresh works`, async () => {
      const { jar } = await session();
      w.fault.next = fault;
      const r = await send('/auth/refresh', jar);
      w.fault.next = false;
      expect([502, 503]).toContain(r.status);
      expect(r.setCookie).toEqual([]);
      expect((await send('/auth/refresh', jar)).status).toBe(200);
    });
  }

  it('NotAuthorizedException (revoked elsewhere) clears the cookie', async () => {
    const { jar } = await session();
    await w.emu.call('AdminUserGlobalSignOut', { UserPoolId: w.poolId, Username: 'alice' });
    const r = await send('/auth/refresh', jar);
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('NotAuthorizedException');
    expect(r.setCookie[0]).toMatch(/Max-Age=0/);
  });

  it('sign-out revokes (RevokeToken with ClientSecret) and clears; the old cookie is then refused', async () => {
    const { jar } = await session();
    const old = jar.header(ORIGIN + '/auth/refresh');
    const r = await send('/auth/sign-out', jar);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ signedOut: true, revoked: true });
    expect(r.setCookie[0]).toMatch(/Max-Age=0/);
    const replay = await worker.dispatch(ORIGIN + '/auth/refresh', { method: 'POST', headers: { cookie: old, origin: ORIGIN } });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: string }).error).toBe('NotAuthorizedException');
  });

  it('cross-origin POSTs are refused inside workerd too', async () => {
    const { jar } = await session();
    const r = await send('/auth/refresh', jar, { headers: { origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
  });
});
