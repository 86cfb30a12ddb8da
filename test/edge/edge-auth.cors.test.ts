// Proves `allowedOrigins` works from a browser: the CORS preflight of the auth endpoints from an
// allowed origin is answered (204, credentials allowed, POST with a JSON body), and every answer
// to an allowed origin carries Access-Control-Allow-Origin/-Credentials and Vary: Origin, so the
// page can read the tokens and the errors; no other origin (not even the worker's own) gets them.
import { describe, expect, it } from 'vitest';
import { ORIGIN, cookieJar, edgeFor, makeWorld, post } from './edge.fixture.js';

const ADMIN = 'https://admin.app.example';

const corsHeaders = (res: Response) => Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('access-control-') || k === 'vary'));

function preflight(path: string, origin: string) {
  return new Request(ORIGIN + path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
}

describe('CORS for allowedOrigins', () => {
  it.each(['/auth/session', '/auth/refresh', '/auth/sign-out'])('preflight of %s from an allowed origin: 204, without calling Cognito', async (path) => {
    const w = await makeWorld();
    const edge = edgeFor(w, { allowedOrigins: [ADMIN] });
    const n = w.emu.requests.length;
    const res = await edge.handle(preflight(path, ADMIN));
    expect(res!.status).toBe(204);
    expect(corsHeaders(res!)).toEqual({
      'access-control-allow-origin': ADMIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      vary: 'Origin',
    });
    expect(res!.headers.getSetCookie()).toEqual([]);
    expect(w.emu.requests.length).toBe(n);
  });

  it('preflight from any other origin gets no CORS headers', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { allowedOrigins: [ADMIN] });
    for (const origin of ['https://evil.example', ORIGIN, 'https://admin.app.example.evil.example']) {
      const res = await edge.handle(preflight('/auth/session', origin));
      expect(res!.status).not.toBe(204);
      expect(corsHeaders(res!)).toEqual({});
    }
    // and nothing without allowedOrigins
    const none = await edgeFor(w).handle(preflight('/auth/session', ADMIN));
    expect(none!.status).not.toBe(204);
    expect(corsHeaders(none!)).toEqual({});
  });

  it('answers to an allowed origin carry ACAO, ACAC and Vary: session, refresh, errors, sign-out', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { allowedOrigins: [ADMIN] });
    const t = await w.signIn();
    const jar = cookieJar();
    const expected = { 'access-control-allow-origin': ADMIN, 'access-control-allow-credentials': 'true', vary: 'Origin' };
    const session = await edge.handle(post('/auth/session', jar, { refreshToken: t.RefreshToken }, { origin: ADMIN }));
    expect(session!.status).toBe(200);
    expect(corsHeaders(session!)).toEqual(expected);
    jar.take(session!);
    const refreshed = await edge.handle(post('/auth/refresh', jar, undefined, { origin: ADMIN }));
    expect(refreshed!.status).toBe(200);
    expect(corsHeaders(refreshed!)).toEqual(expected);
    const noSession = await edge.handle(post('/auth/refresh', cookieJar(), undefined, { origin: ADMIN }));
    expect(noSession!.status).toBe(401);
    expect(corsHeaders(noSession!)).toEqual(expected);
    const out = await edge.handle(post('/auth/sign-out', jar, undefined, { origin: ADMIN }));
    expect(await out!.json()).toEqual({ signedOut: true, revoked: true });
    expect(corsHeaders(out!)).toEqual(expected);
  });

  it('answers to the worker\'s own origin, to requests without Origin and to refused origins carry none', async () => {
    const w = await makeWorld();
    const edge = edgeFor(w, { allowedOrigins: [ADMIN] });
    const own = await edge.handle(post('/auth/refresh', cookieJar()));
    expect(corsHeaders(own!)).toEqual({});
    const noOrigin = await edge.handleRefresh(new Request(ORIGIN + '/auth/refresh', { method: 'POST' }));
    expect(corsHeaders(noOrigin)).toEqual({});
    const evil = await edge.handle(post('/auth/refresh', cookieJar(), undefined, { origin: 'https://evil.example' }));
    expect(evil!.status).toBe(403);
    expect(corsHeaders(evil!)).toEqual({});
  });
});
