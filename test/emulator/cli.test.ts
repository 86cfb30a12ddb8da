/**
 * The `cognito-edge-emulator` command: prints the endpoint and the seeded ids, serves requests,
 * and refuses bad flags with a message naming the flag.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) => [process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', ...args]] as const;

describe('cognito-edge-emulator', () => {
  it('prints the endpoint and seeded pool, client and user, then serves them', async () => {
    const seed = join(dir, 'seed.json');
    writeFileSync(
      seed,
      JSON.stringify({
        pools: [
          {
            id: 'us-east-1_CliPool001',
            name: 'demo',
            clients: [{ id: 'cliclient00000000000000001', name: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'] }],
            users: [{ username: 'demo', password: 'Passw0rd!' }],
          },
        ],
      }),
    );
    const [cmd, args] = cli(['--port', '0', '--seed', seed, '--fixed-code', '123456']);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('user demo')) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeTruthy();
      expect(out).toContain('pool us-east-1_CliPool001 (demo)');
      expect(out).toContain('client cliclient00000000000000001 (web)');
      expect(out).toContain('fixed code: 123456');
      const res = await fetch(`${url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'cliclient00000000000000001', AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' } }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { AuthenticationResult: { TokenType: string } }).AuthenticationResult.TokenType).toBe('Bearer');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('refuses unknown flags and bad values, naming them', () => {
    const [cmd, a1] = cli(['--prot', '9229']);
    const r1 = spawnSync(cmd, a1, { encoding: 'utf8' });
    expect(r1.status).toBe(2);
    expect(r1.stderr).toContain('unknown option --prot');
    const [, a2] = cli(['--fixed-code', 'abc']);
    const r2 = spawnSync(cmd, a2, { encoding: 'utf8' });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain('--fixed-code');
    const bad = join(dir, 'bad-seed.json');
    writeFileSync(bad, JSON.stringify({ pools: [{ name: 'x', users: [{ username: 'u', password: 'p', attributes: { nope: '1' } }] }] }));
    const [, a3] = cli(['--port', '0', '--seed', bad]);
    const r3 = spawnSync(cmd, a3, { encoding: 'utf8' });
    expect(r3.status).toBe(1);
    expect(r3.stderr).toContain('seed.pools[0].users[0]: InvalidParameterException');
  }, 60_000);

  // The published bin (built by `npx rollup -c`; npm test builds first, so CI always runs this).
  it.skipIf(!existsSync('dist/emulator-cli.js'))('the built bin starts and prints its endpoint as JSON', async () => {
    const child = spawn(process.execPath, ['dist/emulator-cli.js', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          const l = text.split('\n').find((x) => x.startsWith('{'));
          if (l) resolve(l);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const { url, pools } = JSON.parse(line) as { url: string; pools: unknown[] };
      expect(pools).toEqual([]);
      const res = await fetch(`${url}/`, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools', authorization: 'AWS4-HMAC-SHA256 x' },
        body: '{"MaxResults":5}',
      });
      expect(await res.json()).toEqual({ UserPools: [] });
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
