// Builds every public entry to ESM with its own .d.ts. Runtime dependencies stay external.
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';

const entries = {
  index: 'src/index.ts',
  client: 'src/client/index.ts',
  core: 'src/core/index.ts',
  edge: 'src/edge/index.ts',
  emulator: 'src/emulator/index.ts',
};
const external = (id) => /^(node:|@noble\/|idb-keyval)/.test(id);

export default [
  {
    input: { ...entries, 'emulator-cli': 'src/emulator/cli.ts' },
    external,
    plugins: [esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' })],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      hoistTransitiveImports: false,
      banner: (chunk) => (chunk.name === 'emulator-cli' ? '#!/usr/bin/env node' : ''),
    },
  },
  {
    input: entries,
    external,
    plugins: [dts()],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
  },
];
