/**
 * `startEmulator`: serve an emulator over HTTP with Node's http module, with optional
 * persistence of the state to a JSON file (atomic writes after each request that changed it).
 * Node-only.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
import { loadState, createPersister } from './persistence.js';
import type { SeedDocument, SeedResult } from './seed.js';

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions extends Omit<EmulatorOptions, 'state' | 'afterRequest' | 'afterDirectCall'> {
  /** Port (0 or absent: any free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Persist the state to this JSON file, reloading it at start. */
  dataFile?: string;
  /** Seed applied after loading (idempotent for fixed ids). */
  seed?: SeedDocument;
  /**
   * Host names (without port) accepted in the Host header besides `localhost`, `127.0.0.1`,
   * `[::1]` and `host`: a name the emulator is reached by, e.g. a container name. Any other
   * Host is refused (403), so a page on a domain rebound to 127.0.0.1 (DNS rebinding) cannot
   * talk to the emulator as if it were same-origin.
   */
  allowedHosts?: readonly string[];
}

/** A running HTTP emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:9229`. */
  url: string;
  port: number;
  emulator: Emulator;
  /** What the seed created (empty when no seed). */
  seeded: SeedResult;
  /** Stop listening and flush pending writes. */
  close(): Promise<void>;
}

/** The Host header's name, lowercased and without port ('[::1]' keeps its brackets); undefined when unparsable. */
function hostName(header: string): string | undefined {
  try {
    const url = new URL(`http://${header}`);
    return url.username || url.password || url.pathname !== '/' ? undefined : url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Host names a request may name: loopback, the listening interface, and `allowedHosts`. */
function acceptedHosts(host: string, allowedHosts: readonly string[] = []): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  if (!wildcard) names.add(hostName(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host) ?? host.toLowerCase());
  for (const h of allowedHosts) names.add(hostName(h.includes(':') && !h.startsWith('[') ? `[${h}]` : h) ?? h.toLowerCase());
  return names;
}

/** Largest request body accepted (Cognito requests are small; this bounds memory). */
const MAX_BODY = 1024 * 1024;

class BodyTooLarge extends Error {}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', base), { method, headers, ...(body ? { body } : {}) });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Start an HTTP emulator.
 * @throws when the data file exists but is not a valid snapshot, or the port is taken.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', dataFile, seed, allowedHosts, ...emuOptions } = options;
  const hosts = acceptedHosts(host, allowedHosts);
  const state = dataFile ? await loadState(dataFile) : undefined;
  const persister = dataFile ? createPersister(dataFile) : undefined;
  // eslint-disable-next-line prefer-const
  let emulator: Emulator;
  emulator = createEmulator({
    ...emuOptions,
    ...(state !== undefined ? { state } : {}),
    ...(persister
      ? {
          afterRequest: () => persister.save(() => emulator.state),
          afterDirectCall: () => persister.save(() => emulator.state),
        }
      : {}),
  });
  const seeded: SeedResult = seed ? await emulator.seed(seed) : { pools: [] };
  // Create the signing key now so it is in the first write: JWKS fetched before any token stays valid.
  await emulator.jwks();
  if (persister) await persister.save(() => emulator.state);
  const server = createServer((req, res) => {
    // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches this
    // server as same-origin, but its requests still say `Host: evil.example`.
    const named = req.headers.host === undefined ? undefined : hostName(req.headers.host);
    if (req.headers.host !== undefined && (named === undefined || !hosts.has(named))) {
      res.writeHead(403, { 'content-type': 'application/json', connection: 'close' });
      res.end(
        JSON.stringify({
          __type: 'AccessDeniedException',
          message: `Host ${JSON.stringify(req.headers.host)} is not accepted: the emulator answers requests to localhost, 127.0.0.1 or [::1] (add others with allowedHosts / --allowed-host).`,
        }),
      );
      req.resume();
      return;
    }
    const base = `http://${req.headers.host ?? `${host}:${port}`}`;
    toRequest(req, base)
      .then((request) => emulator.fetch(request))
      .then((response) => send(res, response))
      .catch((err: unknown) => {
        if (res.headersSent) return void res.destroy();
        const tooLarge = err instanceof BodyTooLarge;
        // The unread rest of an oversized body makes the socket unusable: close it after answering.
        res.writeHead(tooLarge ? 413 : 500, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
          ...(tooLarge ? { connection: 'close' } : {}),
        });
        res.end(
          JSON.stringify(
            tooLarge
              ? { __type: 'SerializationException', message: `Request body larger than ${MAX_BODY} bytes.` }
              : { __type: 'InternalErrorException', message: String((err as Error)?.message ?? err) },
          ),
        );
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    port: actualPort,
    emulator,
    seeded,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      if (persister) await persister.flush();
    },
  };
}
