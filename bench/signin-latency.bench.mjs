// Sign-in latency with the SRP start computed ahead of time (createAuth's default in pages) against
// computing it inside signIn (precomputeSrp: false), over the emulator's fetch handler in one
// process, one run: the median of N sign-ins each. The emulator's own SRP work is in both.
//   node bench/signin-latency.bench.mjs
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = root + '.cache/signin-latency.bundle.mjs';
mkdirSync(root + '.cache', { recursive: true });
const r = await build({
  stdin: {
    contents: `export { createAuth } from './src/session/create-auth.ts'; export { memoryStorage } from './src/session/storage.ts'; export { createEmulator } from './src/emulator/index.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
});
writeFileSync(out, r.outputFiles[0].contents);
const { createAuth, memoryStorage, createEmulator } = await import(pathToFileURL(out).href);

const emu = createEmulator();
const pool = await emu.createUserPool({ PoolName: 'bench' });
const client = await emu.createUserPoolClient({ UserPoolId: pool.Id, ClientName: 'b', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
await emu.createUser({ userPoolId: pool.Id, username: 'bench', password: 'Corr3ct-Horse!' });

const N = 25;
const idle = () => new Promise((res) => setTimeout(res, 20)); // the page is idle between creation and the click
async function run(precomputeSrp) {
  const times = [];
  for (let i = 0; i < N; i++) {
    const auth = createAuth({
      userPoolId: pool.Id, clientId: client.ClientId, endpoint: 'http://emulator.invalid/', fetch: (u, o) => emu.fetch(u, o),
      storage: memoryStorage(), precomputeSrp, crossTab: false,
    });
    await idle();
    const t0 = performance.now();
    const res = await auth.signIn({ username: 'bench', password: 'Corr3ct-Horse!' });
    times.push(performance.now() - t0);
    if (!res.signedIn) throw new Error('not signed in');
    auth.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(N / 2)];
}
await run(true); // warm-up (JIT)
const ahead = await run(true);
const inline = await run(false);
console.log(`signIn (USER_SRP_AUTH over emu.fetch), median of ${N}:`);
console.log(`  precomputeSrp: true (default in pages): ${ahead.toFixed(1)} ms`);
console.log(`  precomputeSrp: false (inside signIn):    ${inline.toFixed(1)} ms`);
console.log(`  saved on the critical path:             ${(inline - ahead).toFixed(1)} ms`);
