// SRP client math per sign-in (A, session key, signature): ours vs amazon-cognito-identity-js's
// AuthenticationHelper vs OpenSSL's modexp (Node's DiffieHellman) at the same exponent sizes,
// medians of interleaved rounds in one process; then the gzip size of the SRP core.
//
// Run: node bench/run.mjs srp   (or node bench/srp.bench.mjs)
// Our code is bundled from src/ on the fly with esbuild (no build step, no tsx).
import { createDiffieHellman, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { bundle, bundleSize, root } from './lib/bundle-size.mjs';

const require = createRequire(import.meta.url);
// Platform-neutral ESM bundles of src/, no down-levelling.
const neutral = { platform: 'neutral', target: 'esnext', logLevel: 'error' };

// ---------------------------------------------------------------- ours (fresh module: nothing warmed)
const code = await bundle(`export * from './src/core/srp.ts'; export { modPow } from './src/core/modexp.ts';`, { ...neutral, minify: false });
const ours = await import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
const { N } = ours.srpGroup();
const poolId = 'eu-west-1_AbCdEf123';
const challenge = () => ({
  USER_ID_FOR_SRP: '2b5c4a7e-4f61-4c0e-9d2a-0f6f3e0e8a11',
  SRP_B: (BigInt('0x' + randomBytes(384).toString('hex')) % N).toString(16),
  SALT: randomBytes(16).toString('hex'),
  SECRET_BLOCK: randomBytes(1100).toString('base64'),
});
const password = 'Correct-Horse-9!';

// (No forced gc() between samples: it shrinks V8's young generation and then taxes the
// allocation-heavy BigInt code of both JS contenders several-fold.)
const ms = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
// Cold: the first sign-in in a fresh page pays the one-off g = 2 table (and N, k).
const cold = {};
let coldStart;
cold.startSrp = ms(() => (coldStart = ours.startSrp()));
cold.claim = ms(() => ours.computePasswordClaim({ start: coldStart, userPoolId: poolId, password, challengeParameters: challenge() }));

// ---------------------------------------------------------------- amazon-cognito-identity-js
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper').default;
const { Sha256 } = createRequire(require.resolve('amazon-cognito-identity-js'))('@aws-crypto/sha256-js');
// What CognitoUser.authenticateUserDefaultAuth does: the helper (a, A), the key, then the
// signature with the same hash library and timestamp helper.
function acij(p) {
  const helper = new AuthenticationHelper('AbCdEf123'); // draws a (1024 bits) and computes A
  let key;
  helper.getPasswordAuthenticationKey(p.USER_ID_FOR_SRP, password, new BigInteger(p.SRP_B, 16), new BigInteger(p.SALT, 16), (e, k) => {
    if (e) throw e;
    key = k;
  });
  const msg = Buffer.concat([Buffer.from('AbCdEf123'), Buffer.from(p.USER_ID_FOR_SRP), Buffer.from(p.SECRET_BLOCK, 'base64'), Buffer.from(new DateHelper().getNowString())]);
  const h = new Sha256(key);
  h.update(msg);
  return Buffer.from(h.digestSync()).toString('base64');
}

// ---------------------------------------------------------------- Amplify v6 (context only)
// @aws-amplify/auth's own SRP helpers (deep files of a package with an exports map: by path).
const amplifySrp = root + 'node_modules/@aws-amplify/auth/dist/cjs/providers/cognito/utils/srp/';
const { getAuthenticationHelper, getNowString, getSignatureString } = require(amplifySrp + 'index.js');
const { BigInteger: AmplifyBigInteger } = require(amplifySrp + 'BigInteger/index.js');
async function amplify(p) {
  const helper = await getAuthenticationHelper('AbCdEf123');
  const hkdf = await helper.getPasswordAuthenticationKey({
    username: p.USER_ID_FOR_SRP,
    password,
    serverBValue: new AmplifyBigInteger(p.SRP_B, 16),
    salt: new AmplifyBigInteger(p.SALT, 16),
  });
  return getSignatureString({ userPoolName: 'AbCdEf123', username: p.USER_ID_FOR_SRP, challengeParameters: p, dateNow: getNowString(), hkdf });
}
const msAsync = async (f) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

// ---------------------------------------------------------------- OpenSSL reference
// base^exp mod N as OpenSSL does it: setPrivateKey(exp) + computeSecret(base). Same three
// exponentiations as one sign-in: g^a (a as ours: 512 bits), g^x (256), β^(a + u·x) (~513).
const dh = createDiffieHellman(Buffer.from(N.toString(16), 'hex'), Buffer.from([2]));
const two = Buffer.from([2]);
const bytesOf = (n) => Buffer.from(n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, '0'), 'hex');
function openssl(aBits) {
  const a = randomBytes(aBits / 8);
  a[0] |= 0x80;
  const x = randomBytes(32);
  const e = bytesOf(BigInt('0x' + a.toString('hex')) + BigInt('0x' + randomBytes(32).toString('hex')) * BigInt('0x' + x.toString('hex')));
  const beta = randomBytes(384);
  beta[0] &= 0x7f;
  return () => {
    dh.setPrivateKey(a);
    dh.computeSecret(two);
    dh.setPrivateKey(x);
    dh.computeSecret(two);
    dh.setPrivateKey(e);
    dh.computeSecret(beta);
  };
}
const opensslOurs = openssl(512);
const openssl256 = openssl(256);
const opensslAcij = openssl(1024);

// ---------------------------------------------------------------- interleaved rounds
const samples = { full: [], afterB: [], startSrp: [], acij: [], amplify: [], openssl: [], openssl256: [], opensslAcij: [] };
const rounds = Number(process.env.SRP_BENCH_ROUNDS ?? 40);
for (let i = 0; i < 3; i++) {
  acij(challenge()); // warm up every contender
  await amplify(challenge());
}
for (let r = 0; r < rounds; r++) {
  samples.acij.push(ms(() => acij(challenge())));
  if (r % 2 === 0) samples.amplify.push(await msAsync(() => amplify(challenge())));
  for (let j = 0; j < 5; j++) {
    const p = challenge();
    samples.full.push(ms(() => ours.computePasswordClaim({ start: ours.startSrp(), userPoolId: poolId, password, challengeParameters: p })));
    let start;
    samples.startSrp.push(ms(() => (start = ours.startSrp())));
    const q = challenge();
    samples.afterB.push(ms(() => ours.computePasswordClaim({ start, userPoolId: poolId, password, challengeParameters: q })));
    samples.openssl.push(ms(opensslOurs));
    samples.openssl256.push(ms(openssl256));
    samples.opensslAcij.push(ms(opensslAcij));
  }
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const f = (x) => x.toFixed(2).padStart(8);
const row = (name, v, note = '') => console.log(`${name.padEnd(58)}${f(v)} ms  ${note}`);
console.log(`SRP client math per sign-in, Node ${process.version}, medians of ${rounds} interleaved rounds (ours and OpenSSL ×5 per round)`);
// Other processes on the machine slow the JS contenders (V8's parallel GC waits for its helper
// threads) more than OpenSSL: read the ratios with the load in mind.
console.log(`load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the end of the run\n`);
row('ours, full (startSrp + computePasswordClaim)', m.full);
row('ours, startSrp only (ahead of time: a, A)', m.startSrp);
row('ours, after SRP_B only (computePasswordClaim)', m.afterB);
row('amazon-cognito-identity-js AuthenticationHelper (1024-bit a)', m.acij);
row('Amplify v6 SRP helpers (1024-bit a; context, every other round)', m.amplify);
row('OpenSSL modexp, our sizes (a 512, x 256, a+ux ~513 bits)', m.openssl);
row('OpenSSL modexp, a 256 bits (x 256, a+ux ~513)', m.openssl256);
row('OpenSSL modexp, acij sizes (a 1024, x 256, a+ux ~1024)', m.opensslAcij);
console.log(`\none-off first use in a fresh module: startSrp ${cold.startSrp.toFixed(2)} ms (builds N, k and the g = 2 table), then claim ${cold.claim.toFixed(2)} ms`);
const ratio = (label, v, target, ok) => console.log(`${label.padEnd(58)}${v.toFixed(1).padStart(8)}    target ${target}  ${ok ? 'OK' : 'MISSED'}`);
console.log('\nratios');
ratio('acij / ours full', m.acij / m.full, '≥ 20', m.acij / m.full >= 20);
ratio('acij / ours after SRP_B', m.acij / m.afterB, '≥ 30', m.acij / m.afterB >= 30);
ratio('ours full / OpenSSL at equal exponent sizes', m.full / m.openssl, '≤ 3', m.full / m.openssl <= 3);

// ---------------------------------------------------------------- where the after-SRP_B time goes
// With B unknown until it arrives, S = (B - k·g^x)^(a + u·x) needs one squaring per bit of the
// ~513-bit exponent whatever the method; the lever left is the cost of one 3072-bit multiply
// and reduction. Measured here three ways on native BigInt: V8's own `%`, Barrett (two extra
// products instead of a division) and Montgomery (REDC with R = 2^3072: two extra products and
// masks). Each of the ~650 multiplies after SRP_B (513 squarings, ~100 window multiplies, 39
// for g^x with the 8-column comb) costs what the fastest of these costs, which puts a floor under "after SRP_B".
{
  const rand3072 = () => BigInt('0x' + randomBytes(384).toString('hex')) % N;
  const xs = Array.from({ length: 64 }, rand3072);
  const K = 3072n;
  const mu = (1n << (2n * K)) / N;
  const barrett = (x, y) => {
    const t = x * y;
    let r = t - (((t >> (K - 1n)) * mu) >> (K + 1n)) * N;
    while (r >= N) r -= N;
    return r;
  };
  const inverseMod2k = (n) => {
    // Newton's iteration for n^-1 mod 2^3072 (n odd): each step doubles the correct low bits.
    let inv = 1n;
    for (let bits = 1n; bits < K; bits *= 2n) inv = BigInt.asUintN(3072, inv * (2n - n * inv));
    return inv;
  };
  const nPrime = BigInt.asUintN(3072, -inverseMod2k(N));
  const montgomery = (x, y) => {
    const t = x * y;
    const m = BigInt.asUintN(3072, BigInt.asUintN(3072, t) * nPrime);
    const r = (t + m * N) >> K;
    return r >= N ? r - N : r;
  };
  const a0 = xs[1], b0 = xs[2];
  if (barrett(a0, b0) !== (a0 * b0) % N) throw new Error('Barrett reduction disagrees with %');
  if (montgomery((a0 << K) % N, (b0 << K) % N) !== ((a0 * b0) << K) % N) throw new Error('Montgomery disagrees with %');
  const perOp = (f) => {
    const n = 4000;
    const runs = [];
    for (let r = 0; r < 7; r++) {
      let acc = xs[0];
      const t = performance.now();
      for (let i = 0; i < n; i++) acc = f(acc, xs[i & 63]);
      runs.push(((performance.now() - t) / n) * 1000);
      if (acc < 0n) throw new Error('unreachable');
    }
    return median(runs);
  };
  const mod = perOp((x, y) => (x * y) % N);
  const bar = perOp(barrett);
  const mon = perOp(montgomery);
  const best = Math.min(mod, bar, mon);
  const e = (BigInt('0x' + randomBytes(64).toString('hex')) | (1n << 511n)) + BigInt('0x' + randomBytes(32).toString('hex')) * BigInt('0x' + randomBytes(32).toString('hex'));
  const modPowMs = median(Array.from({ length: 30 }, () => ms(() => ours.modPow(xs[3], e, N))));
  const gxMs = median(Array.from({ length: 30 }, () => ms(() => ours.srpGeneratorPow(BigInt('0x' + randomBytes(32).toString('hex'))))));
  console.log('\nwhere the after-SRP_B time goes (one 3072-bit multiply + reduction, µs, medians)');
  const us = (label, v) => console.log(`  ${label.padEnd(56)}${v.toFixed(2).padStart(8)} µs`);
  us('a·b % N (V8 division)', mod);
  us('Barrett (two more products, no division)', bar);
  us('Montgomery, R = 2^3072 (two more products)', mon);
  row('  modPow(β, a + u·x) alone (~513-bit exponent)', modPowMs);
  row('  g^x alone (256-bit x, 8-column comb)', gxMs);
  const floor = (513 + 513 / 6 + 16 + 39) * best / 1000;
  row('  floor: (513 squarings + ~86 window + 16 table + 39 comb) × fastest', floor, `→ acij / floor = ${(m.acij / floor).toFixed(1)}`);
}

// ---------------------------------------------------------------- size
const signIn = `export { startSrp, computePasswordClaim, computeDeviceClaim } from './src/core/srp.ts'; export { createDeviceVerifier } from './src/core/device-verifier.ts';`;
const everything = `export * from './src/core/srp.ts'; export * from './src/core/device-verifier.ts';`;
const gz = async (entry, external = ['@noble/hashes']) => (await bundleSize(entry, { ...neutral, external })).gzip;
const sizes = {
  signIn: await gz(signIn),
  everything: await gz(everything),
  signInWithNoble: await gz(signIn, []),
  noble: await gz(`export { hmac } from '@noble/hashes/hmac.js'; export { sha256 } from '@noble/hashes/sha2.js';`, []),
};
console.log('\nSRP core size (esbuild bundle, minified, gzip -9; @noble/hashes external: the package shares it with TOTP, JWT, SECRET_HASH)');
const sizeRow = (label, n, note) => console.log(`  ${label.padEnd(74)}${String(n).padStart(6)} B  ${note}`);
sizeRow('sign-in entry points: startSrp, computePasswordClaim, computeDeviceClaim, createDeviceVerifier', sizes.signIn, `target ≤ 2560  ${sizes.signIn <= 2560 ? 'OK' : 'MISSED'}`);
sizeRow('every export of srp.ts and device-verifier.ts (the primitives too)', sizes.everything, '');
sizeRow('sign-in entry points with @noble/hashes sha256 + hmac bundled in', sizes.signInWithNoble, `(noble's sha256 + hmac alone: ${sizes.noble} B)`);
