// Bundle sizes of cognito-edge/client against the AWS SDK v3 client, measured in one run:
// each entry is bundled from source with esbuild (minified, ESM, browser platform, tree-shaken)
// and gzipped (level 9). Budgets from issue 2: full client <= 15 KB, InitiateAuth-only <= 3 KB.
//   node bench/client-size.bench.mjs
import { bundleSize } from './lib/bundle-size.mjs';

const client = './src/client/index.ts';

const entries = {
  'cognito-edge/client, every operation': `export * from '${client}';`,
  'AWS SDK, aggregated client (every operation)': `export { CognitoIdentityProvider } from '@aws-sdk/client-cognito-identity-provider';`,
  'AWS SDK, bare client + every command': `export * from '@aws-sdk/client-cognito-identity-provider';`,
  'cognito-edge/client, InitiateAuth only (CognitoUnsignedClient)': `import { CognitoUnsignedClient } from '${client}';
export const signIn = (o, i) => new CognitoUnsignedClient(o).send('InitiateAuth', i);`,
  'cognito-edge/client, InitiateAuth + RespondToAuthChallenge + isCognitoError': `import { CognitoUnsignedClient, isCognitoError } from '${client}';
export const go = async (o, i, r) => { const c = new CognitoUnsignedClient(o); try { await c.send('InitiateAuth', i); return await c.send('RespondToAuthChallenge', r); } catch (e) { return isCognitoError(e, 'NotAuthorizedException'); } };`,
  'AWS SDK, InitiateAuthCommand + client': `import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
export const signIn = (o, i) => new CognitoIdentityProviderClient(o).send(new InitiateAuthCommand(i));`,
  'for reference: @noble/hashes sha256 + hmac (not used: SigV4 runs on Web Crypto)': `export { sha256 } from '@noble/hashes/sha2.js'; export { hmac } from '@noble/hashes/hmac.js';`,
};

const kb = (n) => (n / 1024).toFixed(2).padStart(7) + ' KB';
const results = {};
for (const [name, code] of Object.entries(entries)) {
  try {
    results[name] = await bundleSize(code);
  } catch (e) {
    results[name] = { error: e.message.split('\n')[0] };
  }
}
console.log('bundle'.padEnd(80) + 'minified'.padStart(11) + 'gzip'.padStart(11));
for (const [name, r] of Object.entries(results)) {
  console.log(name.padEnd(80) + (r.error ? '  ' + r.error : kb(r.raw) + ' ' + kb(r.gzip)));
}
const ratio = (a, b) => (results[a]?.gzip && results[b]?.gzip ? (results[b].gzip / results[a].gzip).toFixed(1) + 'x smaller' : 'n/a');
const full = results['cognito-edge/client, every operation'];
const lean = results['cognito-edge/client, InitiateAuth only (CognitoUnsignedClient)'];
console.log('');
console.log(`full client vs AWS SDK aggregated client: ${ratio('cognito-edge/client, every operation', 'AWS SDK, aggregated client (every operation)')}`);
console.log(`InitiateAuth-only vs AWS SDK InitiateAuthCommand: ${ratio('cognito-edge/client, InitiateAuth only (CognitoUnsignedClient)', 'AWS SDK, InitiateAuthCommand + client')}`);
const budgets = [
  ['full client <= 15 KB gzip', full?.gzip, 15 * 1024],
  ['InitiateAuth-only <= 3 KB gzip', lean?.gzip, 3 * 1024],
];
let over = 0;
for (const [label, got, max] of budgets) {
  const ok = got !== undefined && got <= max;
  if (!ok) over++;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${label}: ${got === undefined ? 'n/a' : kb(got).trim()}`);
}
process.exitCode = over ? 1 : 0;
