// Structure, not timing: a sign-in bundle built from the lean client carries neither the
// operation table, nor the full client's methods, nor SigV4; the full client carries all three.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(code: string): Promise<string> {
  const r = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

describe('tree-shaking of cognito-edge/client', () => {
  it('the lean sign-in import leaves out the admin surface and SigV4', async () => {
    const text = await bundle(`import { CognitoUnsignedClient, isCognitoError } from './src/client/index.ts';
      export const run = (i) => new CognitoUnsignedClient({ region: 'eu-west-1' }).send('InitiateAuth', i).catch((e) => isCognitoError(e));`);
    expect(text).toContain('AWSCognitoIdentityProviderService.');
    for (const absent of ['AdminCreateUser', 'adminCreateUser', 'AWS4-HMAC-SHA256', 'aws4_request', 'crypto.subtle', 'PaginationToken', 'UserCreateDate']) {
      expect(text, absent).not.toContain(absent);
    }
  });

  it('the full client has every method, the unsigned set and SigV4', async () => {
    const text = await bundle(`export * from './src/client/index.ts';`);
    for (const present of ['adminCreateUser', 'getCSVHeader', 'AWS4-HMAC-SHA256', 'RespondToAuthChallenge', 'PaginationToken', 'UserCreateDate']) {
      expect(text, present).toContain(present);
    }
  });
});
