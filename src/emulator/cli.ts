/**
 * The `cognito-edge-emulator` command:
 * `cognito-edge-emulator --port 9229 [--host 127.0.0.1] [--seed seed.json] [--data state.json] [--fixed-code 123456] [--region us-east-1]
 *   [--cors-origin http://localhost:5173]... [--allowed-host name]...`.
 * Prints the endpoint and the seeded ids, then serves until killed.
 * @module
 */
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import type { SeedDocument } from './seed.js';
import { startEmulator, type StartEmulatorOptions } from './server.js';

const USAGE = `usage: cognito-edge-emulator [--port 9229] [--host 127.0.0.1] [--seed seed.json] [--data state.json] [--fixed-code 123456] [--region us-east-1]
       [--cors-origin http://localhost:5173]... [--allowed-host name]...
  --cors-origin   a page origin that may read the outbox and call admin operations (repeat or comma-separate)
  --allowed-host  a Host name accepted besides localhost/127.0.0.1/[::1] (repeat or comma-separate)`;

/** A browser origin as sent in the Origin header: scheme://host[:port], nothing more. */
function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--cors-origin: expected an origin like http://localhost:5173, got ${value}`);
  }
  if (url.origin === 'null' || url.origin !== value.replace(/\/$/, '')) {
    throw new Error(`--cors-origin: expected an origin like http://localhost:5173 (scheme, host and port only), got ${value}`);
  }
  return url.origin;
}

const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Parse argv into start options (throws with a message naming the bad flag). */
export async function parseArgs(argv: readonly string[]): Promise<StartEmulatorOptions & { json: boolean }> {
  const out: StartEmulatorOptions & { json: boolean } = { port: 9229, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? (flag.split(/=(.*)/s, 2) as [string, string]) : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name}: expected a value\n${USAGE}`);
      return v;
    };
    switch (name) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0-65535`);
        out.port = port;
        break;
      }
      case '--host':
        out.host = value();
        break;
      case '--data':
        out.dataFile = value();
        break;
      case '--fixed-code': {
        const code = value();
        if (!/^\d{4,8}$/.test(code)) throw new Error('--fixed-code: expected 4 to 8 digits');
        out.fixedCode = code;
        break;
      }
      case '--region':
        out.region = value();
        break;
      case '--cors-origin':
        out.corsOrigins = [...(out.corsOrigins ?? []), ...list(value()).map(parseOrigin)];
        break;
      case '--allowed-host':
        out.allowedHosts = [...(out.allowedHosts ?? []), ...list(value())];
        break;
      case '--seed': {
        const file = value();
        let doc: unknown;
        try {
          doc = JSON.parse(await readFile(file, 'utf8'));
        } catch (err) {
          throw new Error(`--seed: cannot read ${file}: ${(err as Error).message}`);
        }
        out.seed = doc as SeedDocument;
        break;
      }
      case '--json':
        out.json = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  let options: Awaited<ReturnType<typeof parseArgs>>;
  try {
    options = await parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const { json, ...start } = options;
  let running: Awaited<ReturnType<typeof startEmulator>>;
  try {
    running = await startEmulator(start);
  } catch (err) {
    console.error(`cognito-edge-emulator: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  }
  if (json) {
    console.log(JSON.stringify({ url: running.url, pools: running.seeded.pools }));
  } else {
    console.log(`cognito-edge emulator listening on ${running.url}`);
    if (start.dataFile) console.log(`  data: ${start.dataFile}`);
    if (start.fixedCode) console.log(`  fixed code: ${start.fixedCode} (every delivered code; tests only)`);
    if (start.corsOrigins?.length) console.log(`  pages that may read the outbox and call admin operations: ${start.corsOrigins.join(', ')}`);
    for (const p of running.seeded.pools) {
      console.log(`  pool ${p.id} (${p.name})  jwks: ${running.url}/${p.id}/.well-known/jwks.json`);
      for (const c of p.clients) console.log(`    client ${c.id} (${c.name})${c.secret ? ` secret ${c.secret}` : ''}`);
      for (const u of p.users) console.log(`    user ${u.username}`);
    }
  }
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
