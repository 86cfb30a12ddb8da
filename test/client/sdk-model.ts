// Reads the service model as @aws-sdk/client-cognito-identity-provider exports it (the `<Name>$`
// schema values) and builds sample inputs and wire responses that fill every member. Test-only.
import * as sdk from '@aws-sdk/client-cognito-identity-provider';

export type Schema =
  | { kind: 'string' | 'number' | 'boolean' | 'timestamp' | 'document' | 'blob' | 'unit' }
  | { kind: 'list'; item: () => Schema }
  | { kind: 'map'; value: () => Schema }
  | { kind: 'structure'; name: string; members: () => { name: string; required: boolean; schema: Schema }[] };

function simple(n: number): Schema {
  if (n & 64) return { kind: 'list', item: () => simple(n & 63) };
  if (n & 128) return { kind: 'map', value: () => simple(n & 127) };
  const k = ({ 0: 'string', 1: 'number', 2: 'boolean', 4: 'timestamp', 5: 'timestamp', 6: 'timestamp', 7: 'timestamp', 15: 'document', 21: 'blob' } as const)[
    n as 0
  ];
  if (!k) throw new Error('unknown simple schema ' + n);
  return { kind: k };
}

export function resolve(s: unknown): Schema {
  while (typeof s === 'function') s = (s as () => unknown)();
  if (s === 'unit') return { kind: 'unit' };
  if (typeof s === 'number') return simple(s);
  const a = s as unknown[];
  if (typeof a[1] !== 'string') return resolve(a[0]);
  const kind = a[0] as number;
  if (kind === 0) return resolve(a[4]);
  if (kind === 1) return { kind: 'list', item: () => resolve(a[4]) };
  if (kind === 2) return { kind: 'map', value: () => resolve(a[5]) };
  if (kind === 3 || kind === -3) {
    const names = a[4] as string[];
    const schemas = a[5] as unknown[];
    const required = (a[6] as number | undefined) ?? 0;
    return {
      kind: 'structure',
      name: a[2] as string,
      members: () => names.map((name, i) => ({ name, required: i < required, schema: resolve(schemas[i]) })),
    };
  }
  throw new Error('unknown schema kind ' + kind);
}

export interface ModelOperation {
  name: string;
  input: Schema;
  output: Schema;
}

/** Every operation of the model, sorted by name. */
export function modelOperations(): ModelOperation[] {
  const all = sdk as unknown as Record<string, unknown>;
  return Object.keys(all)
    .filter((k) => k.endsWith('$') && Array.isArray(all[k]) && (all[k] as unknown[])[0] === 9)
    .map((k) => {
      const op = all[k] as unknown[];
      return { name: op[2] as string, input: resolve(op[4]), output: resolve(op[5]) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const SAMPLE_DATE = new Date(1_700_000_000_123); // fractional seconds on the wire: 1700000000.123
export const SAMPLE_BYTES = new Uint8Array([0, 1, 2, 250, 255]);

/**
 * A value for `schema` with every member filled (each structure once per path, to stop
 * recursion). `wire` gives the JSON wire form (epoch seconds, base64) instead of JS values.
 */
export function sample(schema: Schema, path: string, wire: boolean, seen: string[] = []): unknown {
  switch (schema.kind) {
    case 'string':
      return 's:' + path;
    case 'number':
      return path.length % 97;
    case 'boolean':
      return path.length % 2 === 0;
    case 'timestamp':
      return wire ? SAMPLE_DATE.getTime() / 1000 : SAMPLE_DATE;
    case 'blob':
      return wire ? Buffer.from(SAMPLE_BYTES).toString('base64') : SAMPLE_BYTES;
    case 'document':
      return { doc: [1, 'two', { three: true, CreationDate: 5 }], path };
    case 'unit':
      return {};
    case 'list':
      return [sample(schema.item(), path + '[0]', wire, seen), sample(schema.item(), path + '[1]', wire, seen)];
    case 'map':
      return { Key1: sample(schema.value(), path + '.Key1', wire, seen), CreationDate: sample(schema.value(), path + '.k', wire, seen) };
    case 'structure': {
      if (seen.includes(schema.name)) return {};
      const out: Record<string, unknown> = {};
      for (const m of schema.members()) out[m.name] = sample(m.schema, path + '.' + m.name, wire, [...seen, schema.name]);
      return out;
    }
  }
}
