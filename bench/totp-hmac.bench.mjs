// Why totp() hashes with @noble/hashes (sync) rather than Web Crypto: one TOTP code is one HMAC
// over 8 bytes, where Web Crypto's importKey + sign promise round trip costs more than the hash.
// Bundles src/core/totp.ts with esbuild on the fly, so this measures our code as shipped.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = await build({
  entryPoints: [root + 'src/core/totp.ts'],
  bundle: true,
  format: 'esm',
  write: false,
  platform: 'neutral',
  mainFields: ['module', 'main'],
});
const { totp, verifyTotp } = await import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));

const secret = new TextEncoder().encode('12345678901234567890');

async function webCryptoTotp(key, time, algorithm = 'SHA-1') {
  const counter = Math.floor(time / 30000);
  const msg = new Uint8Array(8);
  new DataView(msg.buffer).setUint32(4, counter);
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: algorithm }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', k, msg));
  const o = mac[mac.length - 1] & 15;
  const bin = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(bin % 1e6).padStart(6, '0');
}

// Sanity: both give the same codes before anything is timed.
for (const t of [59_000, 1_111_111_109_000, 2_000_000_000_000]) {
  const a = totp(secret, { time: t });
  const b = await webCryptoTotp(secret, t);
  if (a !== b) throw new Error(`mismatch at ${t}: ${a} vs ${b}`);
}

async function median(fn, batch = 200, rounds = 31) {
  for (let i = 0; i < batch; i++) await fn(i); // warm up
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn(i);
    times.push(((performance.now() - t0) * 1000) / batch);
  }
  times.sort((x, y) => x - y);
  return times[rounds >> 1];
}

const rows = [
  ['totp() @noble/hashes SHA-1 (sync)', await median((i) => totp(secret, { time: i * 30_000 }))],
  ['Web Crypto SHA-1 importKey+sign', await median((i) => webCryptoTotp(secret, i * 30_000))],
  ['totp() @noble/hashes SHA-256', await median((i) => totp(secret, { time: i * 30_000, algorithm: 'SHA-256' }))],
  ['Web Crypto SHA-256 importKey+sign', await median((i) => webCryptoTotp(secret, i * 30_000, 'SHA-256'))],
  ['verifyTotp() window 1 (3 HMACs)', await median((i) => verifyTotp(secret, '123456', { time: i * 30_000 }))],
];
const base = rows[0][1];
console.log('| implementation | median µs per code | ratio to ours |');
console.log('|---|---|---|');
for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(2)} | ${(us / base).toFixed(2)} |`);
