// One way to measure what users ship: bundle an entry module with esbuild the way an app's
// bundler would (ESM, tree-shaken, dependencies included, minified by default) and gzip it at
// level 9. Used by scripts/check-size.mjs (budgets) and the size benches.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** The repository root: entries resolve their imports from here unless told otherwise. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles `code` (the source of an entry module) and returns the bundle's text.
 *
 * @param {string} code
 * @param {object} [o]
 * @param {string} [o.resolveDir] where the entry's imports resolve from (default: the repository root)
 * @param {'ts' | 'js'} [o.loader] the entry's language (default 'ts')
 * @param {'browser' | 'neutral'} [o.platform] 'browser' (default) or 'neutral' (then the
 *   `module` / `main` fields pick a dependency's file, and no browser field is read)
 * @param {string} [o.target] esbuild target (default 'es2022')
 * @param {boolean} [o.minify] default true
 * @param {string[]} [o.external] modules left out (not counted)
 * @param {Record<string, string>} [o.define] esbuild `define`
 * @param {'silent' | 'error'} [o.logLevel] default 'silent' (errors still throw)
 * @returns {Promise<string>}
 */
export async function bundle(code, o = {}) {
  const { resolveDir = root, loader = 'ts', platform = 'browser', target = 'es2022', minify = true, external = [], define, logLevel = 'silent' } = o;
  const out = await build({
    stdin: { contents: code, resolveDir, loader, sourcefile: `entry.${loader}` },
    bundle: true,
    minify,
    format: 'esm',
    platform,
    ...(platform === 'neutral' ? { mainFields: ['module', 'main'] } : {}),
    target,
    external,
    ...(define ? { define } : {}),
    write: false,
    logLevel,
  });
  return out.outputFiles[0].text;
}

/**
 * Bundles `code` as {@link bundle} does and measures it.
 *
 * @param {string} code
 * @param {Parameters<typeof bundle>[1]} [o]
 * @returns {Promise<{ text: string; raw: number; gzip: number }>} the bundle, its size in UTF-8
 *   bytes and its gzip -9 size in bytes
 */
export async function bundleSize(code, o = {}) {
  const text = await bundle(code, o);
  const bytes = Buffer.from(text, 'utf8');
  return { text, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
