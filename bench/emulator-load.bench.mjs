// Emulator throughput: complete USER_SRP_AUTH sign-ins (InitiateAuth + PASSWORD_VERIFIER, the
// server verifying the proof for real) per second, at 1, 10 and 100 concurrent clients, over
// HTTP (startEmulator) and in-process (emu.fetch). The clients' SRP math runs in the same
// process, so the figures are for "client + server on one core", a floor for the server alone.
//
// Runs on the shared 2-core dev box (26 Nov 2026, other jobs running): 34–67 HTTP sign-ins/s at
// 1 client, 42–74 at 10, 51–64 at 100; 7.6–12 ms of emulator time per sign-in at concurrency 1
// (server SRP ~7.5 ms: B = k·v + g^b, then (A·v^u)^b; plus two RS256 signatures). The rest is the
// clients' SRP math in the same process. Under concurrency the per-sign-in column is wall time
// including the wait for the CPU.
//
// Run: node bench/run.mjs emulator-load   (or node bench/emulator-load.bench.mjs)
// src/ is bundled on the fly with esbuild (no build step).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = await build({
  stdin: {
    contents: `export { createEmulator, startEmulator } from './src/emulator/index.ts';
               export { startSrp, computePasswordClaim } from './src/core/srp.ts';`,
    resolveDir: root,
    loader: 'ts',
    sourcefile: 'bench-entry.ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const dir = mkdtempSync(join(tmpdir(), 'emu-bench-'));
const file = join(dir, 'bundle.mjs');
writeFileSync(file, out.outputFiles[0].text);
const { createEmulator, startEmulator, startSrp, computePasswordClaim } = await import(pathToFileURL(file).href);

const PASSWORD = 'Passw0rd!';
const USERS = 100;

async function setup(emu) {
  const pool = await emu.createUserPool({ PoolName: 'bench' });
  const client = await emu.createUserPoolClient({ UserPoolId: pool.Id, ClientName: 'bench' });
  for (let i = 0; i < USERS; i++) await emu.createUser({ userPoolId: pool.Id, username: `u${i}`, password: PASSWORD });
  return { poolId: pool.Id, clientId: client.ClientId };
}

function caller(fetchFn, url) {
  return async (target, body) => {
    const res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status !== 200) throw new Error(`${target}: ${json.__type} ${json.message}`);
    return json;
  };
}

async function signIn(call, ids, username) {
  const start = startSrp();
  const init = await call('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: ids.clientId,
    AuthParameters: { USERNAME: username, SRP_A: start.SRP_A },
  });
  const cp = init.ChallengeParameters;
  const claim = computePasswordClaim({ start, userPoolId: ids.poolId, password: PASSWORD, challengeParameters: cp });
  const done = await call('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: ids.clientId,
    ChallengeResponses: { USERNAME: cp.USER_ID_FOR_SRP, ...claim },
  });
  if (!done.AuthenticationResult?.AccessToken) throw new Error('no tokens');
}

/** Runs `total` sign-ins with `concurrency` workers; returns sign-ins per second. */
async function run(call, ids, concurrency, total) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await signIn(call, ids, `u${i % USERS}`);
      }
    }),
  );
  return (total / (performance.now() - t)) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];

const server = await startEmulator({ port: 0 });
const httpIds = await setup(server.emulator);
const http = caller(fetch, server.url);
const emu = createEmulator();
const localIds = await setup(emu);
let serverMs = 0;
const local = caller(async (url, init) => {
  const t = performance.now();
  try {
    return await emu.fetch(url, init);
  } finally {
    serverMs += performance.now() - t;
  }
}, 'http://emulator.local/');

await run(http, httpIds, 10, 50); // warm-up (JIT, g-table, keep-alive sockets)
await run(local, localIds, 10, 50);
for (const concurrency of [1, 10, 100]) {
  const total = Math.max(100, concurrency * 2);
  const h = [];
  const l = [];
  const server = [];
  for (let round = 0; round < 3; round++) {
    h.push(await run(http, httpIds, concurrency, total));
    serverMs = 0;
    l.push(await run(local, localIds, concurrency, total));
    server.push(serverMs / total);
  }
  rows.push({
    concurrency,
    'HTTP sign-ins/s': median(h).toFixed(0),
    'in-process sign-ins/s': median(l).toFixed(0),
    // wall time inside emu.fetch per sign-in; under concurrency it includes waiting for the CPU
    'emulator ms/sign-in': median(server).toFixed(1),
  });
}
await server.close();
rmSync(dir, { recursive: true, force: true });

console.log(`USER_SRP_AUTH sign-ins per second (median of 3 rounds; client SRP math in the same process; ${USERS} users)`);
console.table(rows);
