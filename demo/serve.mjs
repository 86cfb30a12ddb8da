// `npm run demo`: starts the emulator with demo/seed.json on 127.0.0.1:9229 and serves the demo
// page on 127.0.0.1:5173. The page is bundled from demo/app.js against the built package (dist/),
// exactly as an app would use `cognito-edge`. Ctrl-C stops both.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startEmulator } from '../dist/emulator.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const emuPort = Number(arg('emulator-port', 9229));
const pagePort = Number(arg('port', 5173));

// The page server listens first, so the emulator can let this page's origin (and only it) read
// the outbox: the emulator refuses its private routes to every other page.
let appJs = '';
let html = '';
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/' || path === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  } else if (path === '/app.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(appJs);
  } else {
    res.writeHead(404).end('not found');
  }
});
await new Promise((resolve) => server.listen(pagePort, '127.0.0.1', resolve));
const actualPagePort = server.address().port;
const pageOrigins = [`http://127.0.0.1:${actualPagePort}`, `http://localhost:${actualPagePort}`];

const seed = JSON.parse(await readFile(here + 'seed.json', 'utf8'));
const emulator = await startEmulator({ port: emuPort, host: '127.0.0.1', seed, corsOrigins: pageOrigins });
const pool = seed.pools[0];

const bundle = await build({
  entryPoints: [here + 'app.js'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  write: false,
  minify: false,
  sourcemap: 'inline',
  alias: { 'cognito-edge': fileURLToPath(new URL('../dist/index.js', import.meta.url)) },
  define: {
    __DEMO_CONFIG__: JSON.stringify({ endpoint: emulator.url, userPoolId: pool.id, clientId: pool.clients[0].id }),
  },
});
appJs = bundle.outputFiles[0].text;
html = await readFile(here + 'index.html', 'utf8');

console.log(`emulator: ${emulator.url}  (pool ${pool.id}, client ${pool.clients[0].id})`);
console.log(`demo:     http://127.0.0.1:${actualPagePort}/  (sign in as demo / Passw0rd!demo)`);
const stop = async () => {
  server.close();
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
