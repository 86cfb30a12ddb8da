// Fails when anything that ships to browsers or workers reaches for Node: a `node:` import, a
// bare Node built-in, Buffer, process or global. Only the emulator's Node server and CLI may.
// Checks the built files in dist/ (what users get), following each entry's chunks.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const browserEntries = ['index.js', 'client.js', 'core.js', 'edge.js', 'emulator.js'];
const builtins = /^(assert|buffer|child_process|crypto|fs|http|https|net|os|path|stream|url|util|zlib|worker_threads|events)(\/|$)/;
const forbidden = [
  [/\bBuffer\s*[.(]/, 'Buffer'],
  [/\bprocess\s*\.\s*(env|argv|exit|nextTick|version|platform|cwd|on)\b/, 'process'],
  [/(^|[^.\w$])global\s*\./, 'global'],
];

const seen = new Set();
const problems = [];
function visit(file, entry) {
  if (seen.has(file)) return;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  // Static imports are always followed. The emulator entry may reach Node lazily, inside
  // startEmulator, through a dynamic import(); every other entry may not even do that.
  const statics = [...src.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?['"]([^'"]+)['"]/g)].map((m) => m[1]);
  const dynamics = [...src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  const specs = entry === 'emulator.js' ? statics : [...statics, ...dynamics];
  for (const spec of specs) {
    if (spec.startsWith('node:') || builtins.test(spec)) problems.push(`${entry}: ${relative(dist, file)} imports ${spec}`);
    else if (spec.startsWith('.')) visit(join(dirname(file), spec), entry);
  }
  for (const [re, name] of forbidden) {
    if (re.test(src)) problems.push(`${entry}: ${relative(dist, file)} uses ${name}`);
  }
}
for (const e of browserEntries) {
  const f = join(dist, e);
  try { statSync(f); } catch { problems.push(`missing build output ${e}`); continue; }
  visit(f, e);
}
if (problems.length) {
  console.error('Node built-ins in browser/edge code:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log(`no Node built-ins in ${browserEntries.length} entries (${seen.size} files checked)`);
