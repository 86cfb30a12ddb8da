/**
 * The HTTP emulator keeps its private routes (the outbox and signed admin operations) away from
 * web pages: only origins given in `corsOrigins` / `--cors-origin` get CORS access to them, a
 * page from another origin is refused and cannot even send an Authorization header (preflight),
 * and a Host header other than a loopback name (DNS rebinding) is refused. Unsigned operations
 * and the JWKS stay open to every page, as on Cognito.
 */
import { request as httpRequest } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const TRUSTED = 'http://localhost:5173';
const EVIL = 'https://evil.example';
let running: RunningEmulator;
let poolId = '';
let clientId = '';

beforeAll(async () => {
  // As the CLI starts it by default: no credentials, so any Authorization header passes the signature check.
  running = await startEmulator({ port: 0, fixedCode: '123456', corsOrigins: [TRUSTED], allowedHosts: ['cognito'] });
  poolId = (await running.emulator.createUserPool({ PoolName: 'origins' })).Id;
  clientId = (await running.emulator.createUserPoolClient({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })).ClientId;
  await running.emulator.createUser({ userPoolId: poolId, username: 'bob', password: 'Passw0rd!', attributes: { email: 'bob@example.com' } });
});
afterAll(async () => {
  await running?.close();
});

const wire = (operation: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${running.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, ...headers },
    body: JSON.stringify(body),
  });

/** A GET with a chosen Host header (fetch does not let a caller set Host). */
function getWithHost(path: string, host: string): Promise<number> {
  const { port } = new URL(running.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('private routes and origins', () => {
  it('the outbox: refused to other origins, without CORS access; served to the trusted origin and to non-browser clients', async () => {
    const evil = await fetch(`${running.url}/_emulator/outbox`, { headers: { origin: EVIL } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(JSON.stringify(await evil.json())).not.toContain('messages');
    const trusted = await fetch(`${running.url}/_emulator/outbox`, { headers: { origin: TRUSTED } });
    expect(trusted.status).toBe(200);
    expect(trusted.headers.get('access-control-allow-origin')).toBe(TRUSTED);
    expect(trusted.headers.get('vary')).toMatch(/Origin/);
    expect((await fetch(`${running.url}/_emulator/outbox`)).status).toBe(200);
  });

  it('signed operations: a page from another origin is refused even with an Authorization header', async () => {
    const evil = await wire('AdminGetUser', { UserPoolId: poolId, Username: 'bob' }, { origin: EVIL, authorization: 'x' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await evil.json()) as Record<string, unknown>;
    expect(body.__type).toBe('AccessDeniedException');
    expect(JSON.stringify(body)).not.toContain('bob@example.com');
    const trusted = await wire('AdminGetUser', { UserPoolId: poolId, Username: 'bob' }, { origin: TRUSTED, authorization: 'x' });
    expect(trusted.status).toBe(200);
    expect(trusted.headers.get('access-control-allow-origin')).toBe(TRUSTED);
  });

  it('preflight: other origins may not send Authorization; the trusted origin may', async () => {
    const preflight = (origin: string) =>
      fetch(`${running.url}/`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-amz-target' },
      });
    const evil = await preflight(EVIL);
    expect(evil.status).toBe(204);
    expect(evil.headers.get('access-control-allow-headers')).toBe('content-type,x-amz-target');
    const trusted = await preflight(TRUSTED);
    expect(trusted.headers.get('access-control-allow-origin')).toBe(TRUSTED);
    expect(trusted.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-amz-target');
  });

  it('unsigned operations and the JWKS stay open to every page', async () => {
    const res = await wire('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'bob', PASSWORD: 'Passw0rd!' } }, { origin: EVIL });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const jwks = await fetch(`${running.url}/${poolId}/.well-known/jwks.json`, { headers: { origin: EVIL } });
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('Host header (DNS rebinding)', () => {
  it('refuses a foreign Host; accepts loopback names and allowedHosts', async () => {
    const { port } = new URL(running.url);
    expect(await getWithHost('/_emulator/outbox', `attacker.example:${port}`)).toBe(403);
    expect(await getWithHost(`/${poolId}/.well-known/jwks.json`, `attacker.example:${port}`)).toBe(403);
    expect(await getWithHost('/_emulator/outbox', `127.0.0.1.attacker.example:${port}`)).toBe(403);
    expect(await getWithHost('/_emulator/outbox', `localhost:${port}`)).toBe(200);
    expect(await getWithHost('/_emulator/outbox', `127.0.0.1:${port}`)).toBe(200);
    expect(await getWithHost('/_emulator/outbox', `[::1]:${port}`)).toBe(200);
    expect(await getWithHost('/_emulator/outbox', `cognito:${port}`)).toBe(200);
  });
});

describe('CLI flags', () => {
  const cli = (args: string[]) => [process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', ...args]] as const;

  it('--cors-origin must be an origin', () => {
    const [cmd, args] = cli(['--port', '0', '--cors-origin', 'http://localhost:5173/app']);
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--cors-origin');
  }, 60_000);

  it('--cors-origin and --allowed-host reach the server', async () => {
    const [cmd, args] = cli(['--port', '0', '--cors-origin', TRUSTED, '--allowed-host', 'cognito']);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('admin operations')) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const ok = await fetch(`${url}/_emulator/outbox`, { headers: { origin: TRUSTED } });
      expect(ok.headers.get('access-control-allow-origin')).toBe(TRUSTED);
      expect((await fetch(`${url}/_emulator/outbox`, { headers: { origin: EVIL } })).status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
