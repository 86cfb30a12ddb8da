// The README's Workers example, taken from README.md and run as written (bundled by esbuild with
// `cognito-edge/edge` pointing at src/), against the emulator standing in for Cognito at its real
// URLs: it creates one edge instance per isolate, so its JWKS cache serves many requests with
// one fetch, and its routes answer.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SECRET, cookieJar, makeWorld, post } from './edge.fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The first ```ts block of the README's Workers section. */
function workersExample(): string {
  const readme = readFileSync(root + 'README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Workers (`cognito-edge/edge`)'));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('no ts example in the README Workers section');
  return m[1]!;
}

async function loadWorker(source: string): Promise<{ fetch(request: Request, env: Record<string, string>): Promise<Response> }> {
  const out = await build({
    stdin: { contents: source, loader: 'ts', resolveDir: root, sourcefile: 'README-workers.ts' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    alias: { 'cognito-edge/edge': './src/edge/index.ts' },
    logLevel: 'silent',
  });
  const module = { exports: {} as { default?: unknown } };
  new Function('module', 'exports', out.outputFiles[0]!.text)(module, module.exports);
  return module.exports.default as never;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('README Workers example', () => {
  it('keeps one edge instance per isolate: one JWKS fetch for many requests', async () => {
    const w = await makeWorld();
    let jwks = 0;
    // Cognito's real URLs, answered by the emulator (it issues tokens with Cognito's issuer)
    vi.stubGlobal('fetch', async (input: string | Request | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      expect(url.host).toBe('cognito-idp.eu-west-1.amazonaws.com');
      if (url.pathname.endsWith('/.well-known/jwks.json')) jwks++;
      return w.emu.fetch(input, init);
    });
    const worker = await loadWorker(workersExample());
    const env = { POOL_ID: w.poolId, CLIENT_ID: w.clientId, COOKIE_SECRET: SECRET };
    const t = await w.signIn();
    for (let i = 0; i < 5; i++) {
      const res = await worker.fetch(new Request('https://app.example/api/me', { headers: { authorization: `Bearer ${t.AccessToken}` } }), env);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('alice');
    }
    expect(jwks).toBe(1);
    const jar = cookieJar();
    const session = await worker.fetch(post('/auth/session', jar, { refreshToken: t.RefreshToken, accessToken: t.AccessToken }), env);
    expect(session.status).toBe(200);
    jar.take(session);
    expect((await worker.fetch(post('/auth/refresh', jar), env)).status).toBe(200);
  });
});
