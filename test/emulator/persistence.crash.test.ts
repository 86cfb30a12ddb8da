/**
 * `--data` persistence survives a crash: the CLI runs as a child process, many writes are in
 * flight, it is killed with SIGKILL in the middle of them, and after a restart every user whose
 * confirmation was acknowledged is there, confirmed, with a working password. The data file is
 * valid JSON after every crash (atomic writes). Remembered devices confirmed before a crash
 * are there too.
 */
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminListDevicesCommand,
  ConfirmDeviceCommand,
  GetUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeviceVerifier } from '../../src/core/device-verifier.js';
import { startEmulator } from '../../src/emulator/index.js';
import { sdkForUrl } from './sdk-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'emu-persist-'));
const dataFile = join(dir, 'state.json');
const seedFile = join(dir, 'seed.json');
const POOL = 'us-east-1_CrashTest1';
const CLIENT = 'crashclient000000000000001';
writeFileSync(
  seedFile,
  JSON.stringify({
    pools: [{ id: POOL, name: 'crash', DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false }, clients: [{ id: CLIENT, name: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }] }],
  }),
);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Start the CLI and wait for the JSON line with its URL. */
function startCli(): Promise<{ child: ChildProcess; url: string; seeded: Array<{ id: string }> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--data', dataFile, '--seed', seedFile, '--json'],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        const parsed = JSON.parse(line) as { url: string; pools: Array<{ id: string }> };
        resolve({ child, url: parsed.url, seeded: parsed.pools });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${err}`)));
  });
}

/** Sign in (the pool remembers devices) and confirm the new device; returns its key. */
async function confirmDevice(sdk: CognitoIdentityProviderClient, username: string): Promise<string> {
  const auth = await sdk.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT, AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' } }),
  );
  const meta = auth.AuthenticationResult!.NewDeviceMetadata!;
  const v = await createDeviceVerifier({ deviceGroupKey: meta.DeviceGroupKey!, deviceKey: meta.DeviceKey! });
  await sdk.send(
    new ConfirmDeviceCommand({
      AccessToken: auth.AuthenticationResult!.AccessToken!,
      DeviceKey: meta.DeviceKey!,
      DeviceSecretVerifierConfig: v.verifierConfig,
      DeviceName: `device-of-${username}`,
    }),
  );
  return meta.DeviceKey!;
}

async function signUpAndConfirm(sdk: CognitoIdentityProviderClient, username: string): Promise<void> {
  await sdk.send(new SignUpCommand({ ClientId: CLIENT, Username: username, Password: 'Passw0rd!' }));
  await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL, Username: username }));
}

describe('--data persistence', () => {
  it('keeps every acknowledged confirmed user across SIGKILL in the middle of writes', async () => {
    const confirmed: string[] = [];
    const devices: Array<[string, string]> = [];
    let early: { token: string; username: string } | undefined;
    let n = 0;
    for (let round = 0; round < 3; round++) {
      const { child, url, seeded } = await startCli();
      expect(seeded.map((p) => p.id)).toEqual([POOL]);
      const sdk = sdkForUrl(url, { accessKeyId: 'any', secretAccessKey: 'any' });
      // Users acknowledged before the crash must all be there, confirmed, with their password.
      for (const username of confirmed) {
        const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }));
        expect(u.UserStatus, username).toBe('CONFIRMED');
      }
      if (confirmed.length) {
        const last = confirmed[confirmed.length - 1]!;
        const auth = await sdk.send(
          new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT, AuthParameters: { USERNAME: last, PASSWORD: 'Passw0rd!' } }),
        );
        expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
        early ??= { token: auth.AuthenticationResult!.AccessToken!, username: last };
      }
      for (const [username, key] of devices) {
        const list = await sdk.send(new AdminListDevicesCommand({ UserPoolId: POOL, Username: username }));
        expect(list.Devices?.map((d) => d.DeviceKey), username).toContain(key);
      }
      // Eight writers in parallel; kill the process while they are mid-flight.
      let stop = false;
      const writers = Array.from({ length: 8 }, async () => {
        while (!stop) {
          const username = `user${round}-${n++}`;
          try {
            await signUpAndConfirm(sdk, username);
            confirmed.push(username);
            if (n % 3 === 0) devices.push([username, await confirmDevice(sdk, username)]);
          } catch {
            return; // connection dropped by the kill
          }
        }
      });
      await new Promise((r) => setTimeout(r, 400 + round * 150));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      stop = true;
      await exited;
      await Promise.all(writers);
      // Never a torn file: it parses and holds at least every acknowledged user.
      const state = JSON.parse(readFileSync(dataFile, 'utf8')) as { pools: Record<string, { users: Record<string, { status: string }> }> };
      const users = state.pools[POOL]!.users;
      for (const username of confirmed) expect(users[username]?.status, username).toBe('CONFIRMED');
    }
    expect(confirmed.length).toBeGreaterThan(10);
    expect(devices.length).toBeGreaterThan(2);

    // A final restart still finds everyone.
    const { child, url } = await startCli();
    const sdk = sdkForUrl(url, { accessKeyId: 'any', secretAccessKey: 'any' });
    for (const username of confirmed) {
      expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }))).UserStatus).toBe('CONFIRMED');
    }
    for (const [username, key] of devices) {
      const list = await sdk.send(new AdminListDevicesCommand({ UserPoolId: POOL, Username: username }));
      expect(list.Devices?.map((d) => d.DeviceKey), username).toContain(key);
    }
    // The signing key is persisted too: an access token issued two crashes ago still verifies.
    expect((await sdk.send(new GetUserCommand({ AccessToken: early!.token }))).Username).toBe(early!.username);
    child.kill('SIGTERM');
  }, 120_000);

  it('also saves what direct helpers change on a running emulator', async () => {
    const file = join(dir, 'direct.json');
    const first = await startEmulator({ port: 0, dataFile: file });
    const pool = await first.emulator.createUserPool({ PoolName: 'direct' });
    await first.emulator.createUser({ userPoolId: pool.Id, username: 'helper-made', password: 'Passw0rd!' });
    // Saved before the helper resolved: the file already has the user, without closing.
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { pools: Record<string, { users: Record<string, unknown> }> };
    expect(Object.keys(onDisk.pools[pool.Id]!.users)).toEqual(['helper-made']);
    await first.close();
    const second = await startEmulator({ port: 0, dataFile: file });
    expect((await second.emulator.call('AdminGetUser', { UserPoolId: pool.Id, Username: 'helper-made' })).UserStatus).toBe('CONFIRMED');
    await second.close();
  });
});
