/**
 * One way to run code under test inside workerd (miniflare): bundle a worker module with esbuild
 * from the repository root (so it can import './src/...ts'), start Miniflare on it, dispatch
 * requests, and dispose of it after the suite.
 *
 * @example
 * const worker = useWorkerd({ entry: `export default { fetch: () => new Response('hi') };` });
 * it('answers', async () => expect(await (await worker.dispatch('https://worker.test/')).text()).toBe('hi'));
 */
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/** The repository root: worker sources resolve their imports from here. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** What to run in workerd. */
export interface WorkerdOptions {
  /** The worker's ES module source; imports resolve from the repository root. */
  entry: string;
  /** Name shown in esbuild errors and stack traces (default 'worker-entry.js'). */
  sourcefile?: string;
  /** Modules to leave out of the bundle (for example a Node-only file behind a dynamic import). */
  external?: string[];
  /** String bindings, read by the worker as `env.NAME`. */
  bindings?: Record<string, string>;
  /** Answers the worker's outbound fetches (default: Miniflare's, which goes to the network). */
  outboundService?: (request: Request) => Response | Promise<Response>;
}

/** A running worker. */
export interface Workerd {
  readonly mf: Miniflare;
  /** The bundled worker source. */
  readonly bundle: string;
  /** `mf.dispatchFetch`: a request to the worker, answered by its fetch handler. */
  dispatch(url: string, init?: RequestInit): Promise<Response>;
  /**
   * POSTs `body` as JSON to https://worker.test/ and returns the reply's `result`; a reply with
   * an `error` field throws `worker: <error>` (the convention of the RPC-style test workers).
   */
  call<T = any>(body: unknown): Promise<T>;
  dispose(): Promise<void>;
}

/** Bundles a worker module (ESM, neutral platform, worker/browser export conditions). */
export async function bundleWorker(entry: string, o: { sourcefile?: string; external?: string[] } = {}): Promise<string> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'js', sourcefile: o.sourcefile ?? 'worker-entry.js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['worker', 'browser', 'import'],
    ...(o.external ? { external: o.external } : {}),
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/**
 * Bundles one of the package's entry files (path relative to the repository root) as a neutral
 * ESM bundle, without export conditions: the text to search for Node-isms.
 */
export async function bundleEntryPoint(path: string): Promise<string> {
  const out = await build({
    entryPoints: [root + path],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

const NODE_ISMS: ReadonlyArray<readonly [string, RegExp]> = [
  ['node: import or require()', /from\s*["']node:|import\(\s*["']node:|require\(/],
  ['Buffer', /\bBuffer\b/],
  ['process.', /\bprocess\s*\./],
  ['global.', /(?<![.\w])global\s*\./],
];

/** The Node built-ins a bundle mentions (node: imports, require, Buffer, process, global); [] when none. */
export function nodeIsms(bundle: string): string[] {
  return NODE_ISMS.filter(([, re]) => re.test(bundle)).map(([name]) => name);
}

/** Bundles `o.entry` and starts it in Miniflare (ES modules, compatibility date 2025-01-01). */
export async function startWorkerd(o: WorkerdOptions): Promise<Workerd> {
  const bundle = await bundleWorker(o.entry, o);
  const mf = new Miniflare({
    modules: true,
    script: bundle,
    compatibilityDate: '2025-01-01',
    ...(o.bindings ? { bindings: o.bindings } : {}),
    ...(o.outboundService ? { outboundService: o.outboundService } : {}),
  } as never);
  await mf.ready;
  const dispatch = (url: string, init?: RequestInit) => mf.dispatchFetch(url, init as never) as unknown as Promise<Response>;
  return {
    mf,
    bundle,
    dispatch,
    async call(body) {
      const res = await dispatch('https://worker.test/', { method: 'POST', body: JSON.stringify(body) });
      const reply = (await res.json()) as { result?: unknown; error?: unknown };
      if (reply.error !== undefined) throw new Error(`worker: ${String(reply.error)}`);
      return reply.result as never;
    },
    dispose: () => mf.dispose(),
  };
}

/**
 * Starts the worker in the suite's `beforeAll` (options may be computed there, after other
 * set-up) and disposes of it in `afterAll`. The returned handle forwards to the running worker.
 */
export function useWorkerd(options: WorkerdOptions | (() => WorkerdOptions | Promise<WorkerdOptions>)): Workerd {
  let current: Workerd | undefined;
  const running = (): Workerd => {
    if (!current) throw new Error('useWorkerd: the worker is not running (use it inside tests)');
    return current;
  };
  const dispose = async () => {
    const c = current;
    current = undefined;
    await c?.dispose();
  };
  beforeAll(async () => {
    current = await startWorkerd(typeof options === 'function' ? await options() : options);
  }, 120_000);
  afterAll(dispose);
  return {
    get mf() {
      return running().mf;
    },
    get bundle() {
      return running().bundle;
    },
    dispatch: (url, init) => running().dispatch(url, init),
    call: (body) => running().call(body),
    dispose,
  };
}
