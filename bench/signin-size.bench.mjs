// Gzip size of a sign-in bundle, measured in one run against the official clients' sign-in bundles.
// Each entry is bundled with esbuild (minified, ESM, browser platform, tree-shaken) and gzipped
// (level 9). Target (issues 5 and 6): createAuth with SRP and memory storage <= 8 KB, against
// amazon-cognito-identity-js (CognitoUserPool + CognitoUser.authenticateUser, ~26.7 KB) and
// Amplify (signIn from aws-amplify/auth, ~40.5 KB).
//   node bench/signin-size.bench.mjs
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const entries = {
  'cognito-edge: createAuth + signIn (SRP) + memoryStorage': `import { createAuth, memoryStorage } from './src/index.ts';
export const go = async (o, u, p) => { const a = createAuth({ ...o, storage: memoryStorage() }); let s = await a.signIn({ username: u, password: p }); return [s, await a.getTokens()]; };`,
  'cognito-edge: createAuth + signIn (SRP), default storage (IndexedDB)': `import { createAuth } from './src/index.ts';
export const go = async (o, u, p) => { const a = createAuth(o); let s = await a.signIn({ username: u, password: p }); return [s, await a.getTokens()]; };`,
  '  of which session manager (store, events, cross-tab, refresh) alone': `export { createSessionManager } from './src/session/session-manager.ts';`,
  '  of which lean client (CognitoUnsignedClient) alone': `export { CognitoUnsignedClient } from './src/client/unsigned-client.ts';`,
  '  of which core SRP + device verifier + secret hash alone': `export { startSrp, computePasswordClaim, computeDeviceClaim } from './src/core/srp.ts'; export { createDeviceVerifier } from './src/core/device-verifier.ts'; export { secretHash } from './src/core/secret-hash.ts';`,
  // The floor under any createAuth: what it carries before a line of its own code. The SRP
  // core with @noble/hashes (sync hashing: issue 3's after-SRP_B target needs it), the lean
  // client sending InitiateAuth and RespondToAuthChallenge with typed errors, and idb-keyval.
  'floor: SRP core + @noble/hashes + lean client (2 operations, typed errors)': `export { startSrp, computePasswordClaim, computeDeviceClaim } from './src/core/srp.ts'; export { createDeviceVerifier } from './src/core/device-verifier.ts'; import { CognitoUnsignedClient, isCognitoError } from './src/client/index.ts';
export const go = async (o, i, r) => { const c = new CognitoUnsignedClient(o); try { await c.send('InitiateAuth', i); return await c.send('RespondToAuthChallenge', r); } catch (e) { return isCognitoError(e, 'NotAuthorizedException'); } };`,
  'floor, + idb-keyval (the IndexedDB default)': `export { startSrp, computePasswordClaim, computeDeviceClaim } from './src/core/srp.ts'; export { createDeviceVerifier } from './src/core/device-verifier.ts'; import { CognitoUnsignedClient, isCognitoError } from './src/client/index.ts'; export { get, set, del, createStore } from 'idb-keyval';
export const go = async (o, i, r) => { const c = new CognitoUnsignedClient(o); try { await c.send('InitiateAuth', i); return await c.send('RespondToAuthChallenge', r); } catch (e) { return isCognitoError(e, 'NotAuthorizedException'); } };`,
  'amazon-cognito-identity-js: CognitoUserPool + CognitoUser.authenticateUser': `import { CognitoUserPool, CognitoUser, AuthenticationDetails } from 'amazon-cognito-identity-js';
export const go = (o, u, p) => new Promise((res, rej) => { const pool = new CognitoUserPool(o); new CognitoUser({ Username: u, Pool: pool }).authenticateUser(new AuthenticationDetails({ Username: u, Password: p }), { onSuccess: res, onFailure: rej }); });`,
  'Amplify: signIn from aws-amplify/auth (+ Amplify.configure)': `import { Amplify } from 'aws-amplify'; import { signIn } from 'aws-amplify/auth';
export const go = (o, u, p) => { Amplify.configure(o); return signIn({ username: u, password: p }); };`,
};

async function size(code) {
  const r = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    treeShaking: true,
    // amazon-cognito-identity-js pulls Node's buffer polyfill name; let bundlers' usual shims stand in.
    define: { global: 'globalThis' },
  });
  const bytes = r.outputFiles[0].contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kb = (n) => (n / 1024).toFixed(2).padStart(7) + ' KB';
const results = {};
for (const [name, code] of Object.entries(entries)) {
  try {
    results[name] = await size(code);
  } catch (e) {
    results[name] = { error: e.message.split('\n').slice(0, 3).join(' ') };
  }
}
console.log('bundle'.padEnd(78) + 'minified'.padStart(11) + 'gzip'.padStart(11));
for (const [name, r] of Object.entries(results)) {
  console.log(name.padEnd(78) + (r.error ? '  ' + r.error : kb(r.raw) + ' ' + kb(r.gzip)));
}
const names = Object.keys(entries);
const ours = results[names[0]];
console.log('');
for (const other of names.filter((n) => !n.startsWith('cognito-edge') && !n.startsWith(' ') && !n.startsWith('floor'))) {
  const r = results[other];
  if (ours?.gzip && r?.gzip) console.log(`${names[0]} vs ${other}: ${(r.gzip / ours.gzip).toFixed(1)}x smaller`);
}
const target = 8 * 1024;
if (ours?.gzip) console.log(`\ntarget <= 8 KB gzip: ${ours.gzip <= target ? 'met' : 'NOT met'} (${kb(ours.gzip).trim()})`);
const floor = results[names.find((n) => n.startsWith('floor, +'))];
const floorLean = results[names.find((n) => n.startsWith('floor:'))];
if (floor?.gzip && floorLean?.gzip) {
  console.log(`room left under 8 KB for sign-in flows, challenges, devices, tokens, refresh, events and cross-tab:`);
  console.log(`  with memory storage ${kb(target - floorLean.gzip).trim()}, with IndexedDB ${kb(target - floor.gzip).trim()}`);
}
