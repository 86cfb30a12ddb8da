// Where the sign-in bundle's bytes come from: bundles createAuth (+ SRP, default storage, events)
// from src/ with esbuild, minified, and lists each module's minified bytes, largest first, with
// the whole bundle's gzip size. For planning size work; scripts/check-size.mjs enforces budgets.
//
// Run: node scripts/size-report.mjs [entry code]   (default: the session case of check-size)
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { root } from '../bench/lib/bundle-size.mjs';

const code =
  process.argv[2] ??
  `import { createAuth } from './src/index.ts';
   export const run = (o) => { const a = createAuth(o); a.on('signedIn', () => {}); a.subscribe(() => {}); return a.signIn(o); };`;
const out = await build({
  stdin: { contents: code, resolveDir: root, loader: 'ts' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  external: ['node:*'],
});
const text = out.outputFiles[0].text;
console.log(`bundle: ${text.length} B minified, ${gzipSync(Buffer.from(text), { level: 9 }).length} B gzip -9`);
const inputs = Object.entries(Object.values(out.metafile.outputs)[0].inputs);
for (const [file, { bytesInOutput }] of inputs.sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
  if (bytesInOutput > 0) console.log(`${String(bytesInOutput).padStart(7)}  ${file}`);
}
