// The Node-ism scan used by the workerd bundle checks finds each thing it looks for, and only that.
import { describe, expect, it } from 'vitest';
import { nodeIsms } from './workerd.js';

describe('nodeIsms', () => {
  it('names each Node built-in a bundle mentions', () => {
    expect(nodeIsms(`import { x } from "node:crypto";`)).toEqual(['node: import or require()']);
    expect(nodeIsms(`await import('node:fs')`)).toEqual(['node: import or require()']);
    expect(nodeIsms(`const z = require("zlib");`)).toEqual(['node: import or require()']);
    expect(nodeIsms(`Buffer.from(s)`)).toEqual(['Buffer']);
    expect(nodeIsms(`if (process.env.X) f()`)).toEqual(['process.']);
    expect(nodeIsms(`global.fetch = f`)).toEqual(['global.']);
  });

  it('passes worker-safe code, including look-alike names', () => {
    expect(nodeIsms(`globalThis.fetch(u); const processed = 1; a.global.x = 2; new ArrayBuffer(8);`)).toEqual([]);
  });
});
