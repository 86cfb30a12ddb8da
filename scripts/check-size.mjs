// Size budgets, checked in CI on what users bundle: each case is a tiny app that imports from
// the built dist/ files, bundled by esbuild (minified, dependencies included, tree-shaken) and
// gzipped. A case over budget, or a sign-in bundle that pulls in the admin surface or the
// emulator, fails the run. The side-by-side comparisons with the official clients live in bench/.
//
// `budget` is enforced: it stops regressions. `target`, where given, is the goal an issue set
// and is not met yet; the line says so plainly rather than pretending the budget is the goal.
import { bundleSize } from '../bench/lib/bundle-size.mjs';

/** Bundles `code` (an ES module importing from ./dist) and returns the bundle and its gzip size. */
const measure = (code, external = []) => bundleSize(code, { loader: 'js', external: ['node:*', ...external] });

const KB = 1024;
const cases = [
  {
    name: 'client: every operation (cognito-edge/client)',
    budget: 15 * KB,
    code: `export * from './dist/client.js';`,
  },
  {
    name: 'client: InitiateAuth only',
    budget: 3 * KB,
    code: `import { CognitoUnsignedClient } from './dist/client.js';
      export const run = (i) => new CognitoUnsignedClient({ region: 'eu-west-1' }).send('InitiateAuth', i);`,
    mustNotContain: ['AdminCreateUser', 'AWS4-HMAC-SHA256'],
  },
  {
    name: 'core: SRP (startSrp + computePasswordClaim)',
    budget: 2.5 * KB,
    // The hashes come from @noble/hashes, which every sign-in bundle shares; the budget is for
    // our SRP code, so the hash functions are left out here as they are in the target.
    code: `export { startSrp, computePasswordClaim } from './dist/core.js';`,
    external: ['@noble/hashes/*'],
  },
  {
    name: 'core: otpauthUri only (an MFA-setup screen)',
    budget: 1.2 * KB,
    code: `export { otpauthUri } from './dist/core.js';`,
  },
  {
    name: 'core: totp + verifyTotp (with @noble/hashes)',
    budget: 7 * KB,
    code: `export { totp, verifyTotp } from './dist/core.js';`,
  },
  {
    name: 'core: verifyCognitoJwt + createJwksCache',
    budget: 3.5 * KB,
    code: `export { verifyCognitoJwt, createJwksCache } from './dist/core.js';`,
  },
  {
    name: 'edge: createEdgeAuth',
    // 13 → 13.5 KB (third session): the edge review's fixes (refusal classes, duplicate
    // cookies, CORS for allowedOrigins) and the JWT hardening (crit, key strength, token length).
    budget: 13.5 * KB,
    code: `export { createEdgeAuth } from './dist/edge.js';`,
    mustNotContain: ['AdminCreateUser', 'createEmulator'],
  },
  // 20.0 → 21.25 KB (November 2026, third session): review fixes that add code on purpose,
  // among them the owed ConfirmDevice retried at refresh, global sign-out after a sleep, aborts
  // honoured while signing, endpoints for every AWS partition in the lean client, and the
  // session review's cross-tab fixes (per-user refresh flights, atomic generation writes,
  // write-through of records adopted from other tabs, the at-rest key re-checked before sealing).
  {
    name: 'sign-in: createAuth + SRP + memory storage',
    budget: 21.25 * KB,
    target: 8 * KB,
    code: `import { createAuth, memoryStorage } from './dist/index.js';
      export const run = (o) => createAuth({ ...o, storage: memoryStorage() }).signIn(o);`,
    mustNotContain: ['AdminCreateUser', 'createEmulator', 'AWS4-HMAC-SHA256'],
  },
  {
    name: 'session: createAuth + SRP + IndexedDB + events + cross-tab',
    budget: 21.25 * KB,
    target: 8 * KB,
    code: `import { createAuth } from './dist/index.js';
      export const run = (o) => { const a = createAuth(o); a.on('signedIn', () => {}); a.subscribe(() => {}); return a.signIn(o); };`,
    mustNotContain: ['AdminCreateUser', 'createEmulator'],
  },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = 0;
  for (const c of cases) {
    let r;
    try {
      r = await measure(c.code, c.external);
    } catch (e) {
      console.log(`FAIL ${c.name}: could not bundle (${e.message.split('\n')[0]})`);
      failed++;
      continue;
    }
    const leaks = (c.mustNotContain ?? []).filter((s) => r.text.includes(s));
    const ok = r.gzip <= c.budget && leaks.length === 0;
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${c.name}: ${(r.gzip / KB).toFixed(2)} KB gzip (budget ${(c.budget / KB).toFixed(1)} KB)` +
        (c.target && r.gzip > c.target ? `; target ${(c.target / KB).toFixed(1)} KB NOT MET (${(r.gzip / c.target).toFixed(1)}x)` : '') +
        (leaks.length ? `; pulls in ${leaks.join(', ')}` : ''),
    );
  }
  process.exit(failed ? 1 : 0);
}

