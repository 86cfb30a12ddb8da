/**
 * The emulator runs inside workerd (miniflare): the AWS SDK talks to a worker whose fetch
 * handler is `createEmulator().fetch`, creates a pool, a client and a user, signs in (RS256
 * tokens made with workerd's Web Crypto) and reads the user back with the access token. Also
 * checks that the `cognito-edge/emulator` entry reaches Node only through startEmulator's
 * dynamic import.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { root, useWorkerd } from '../helpers/workerd.js';
import { fetchRequestHandler } from './sdk-helpers.js';

const WORKER_ENTRY = `
import { createEmulator } from './src/emulator/index.ts';
let emu;
export default {
  fetch(request) {
    emu ??= createEmulator({ fixedCode: '424242' });
    return emu.fetch(request);
  },
};
`;

// startEmulator's dynamic import of the Node server stays out of the worker.
const worker = useWorkerd({ entry: WORKER_ENTRY, external: ['node:*', './server.js'] });

describe('emulator in workerd', () => {
  it('serves the admin and sign-in surface to the AWS SDK', async () => {
    const sdk = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: 'https://emulator.worker',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
      requestHandler: fetchRequestHandler(async (r) => {
        const res = await worker.dispatch(r.url, {
          method: r.method,
          headers: Object.fromEntries(r.headers.entries()),
          body: await r.text(),
        });
        return new Response(await res.text(), { status: res.status, headers: Object.fromEntries(res.headers.entries()) });
      }) as never,
      maxAttempts: 1,
    });
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'edge' }));
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'w', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: 'worker-user', MessageAction: 'SUPPRESS' }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool!.Id!, Username: 'worker-user', Password: 'Passw0rd!', Permanent: true }));
    const auth = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: UserPoolClient!.ClientId!,
        AuthParameters: { USERNAME: 'worker-user', PASSWORD: 'Passw0rd!' },
      }),
    );
    const me = await sdk.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult!.AccessToken }));
    expect(me.Username).toBe('worker-user');
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: UserPoolClient!.ClientId!,
          AuthParameters: { USERNAME: 'worker-user', PASSWORD: 'Wrong000!' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('keeps Node out of the static import graph of the emulator entry', async () => {
    const out = await build({
      entryPoints: [root + 'src/emulator/index.ts'],
      bundle: true,
      splitting: true,
      outdir: root + '.cache/emulator-entry-check',
      format: 'esm',
      platform: 'neutral',
      external: ['node:*'],
      write: false,
      logLevel: 'silent',
    });
    const entry = out.outputFiles.find((f) => f.path.endsWith('/index.js'))!;
    expect(entry.text).toMatch(/createEmulator/);
    // Static imports of the entry (and what they import statically) never name node:.
    const byPath = new Map(out.outputFiles.map((f) => [f.path.split('/').pop()!, f.text]));
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = byPath.get(name)!;
      expect(text, name).not.toMatch(/^\s*import[^()]*?from\s*["']node:/m);
      expect(text, name).not.toMatch(/\bBuffer\s*[.(]|\bprocess\s*\./);
      for (const m of text.matchAll(/^\s*import[^()]*?from\s*["']\.\/([^"']+)["']/gm)) visit(m[1]!);
    };
    visit('index.js');
    // ...while startEmulator still reaches the Node server lazily.
    expect(entry.text).toMatch(/import\(\s*["']\.\/server-[\w-]+\.js["']\s*\)|import\(\s*["']\.\/[\w-]+\.js["']\s*\)/);
  });
});
