// Every operation is here: the SDK package's commands, the boto3 reference's methods, the
// model's operations; and the generated files are what the generator writes today.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient } from '../../src/client/index.js';
import { OPERATION_NAMES } from '../../src/client/generated/operation-names.js';
import { PAGINATION_TOKENS, UNSIGNED_OPERATIONS } from '../../src/client/generated/operations.js';

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);
const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
const hasMethod = (op: string) => typeof (client as unknown as Record<string, unknown>)[lowerFirst(op)] === 'function';

describe('operation coverage', () => {
  const sdkCommands = Object.keys(sdk)
    .filter((k) => k.endsWith('Command') && k !== '$Command')
    .map((k) => k.slice(0, -'Command'.length))
    .sort();

  it('has a method and a send() target for every command of @aws-sdk/client-cognito-identity-provider', () => {
    expect(sdkCommands.length).toBeGreaterThanOrEqual(140);
    const missing = sdkCommands.filter((op) => !hasMethod(op) || !OPERATION_NAMES.includes(op));
    expect(missing).toEqual([]);
  });

  it('has no operation the SDK does not know', () => {
    expect(OPERATION_NAMES.filter((op) => !sdkCommands.includes(op))).toEqual([]);
  });

  it('names methods like the SDK aggregated client (first letter lowercased)', () => {
    const aggregated = sdk.CognitoIdentityProvider.prototype as unknown as Record<string, unknown>;
    for (const op of OPERATION_NAMES) expect(typeof aggregated[lowerFirst(op)], op).toBe('function');
    expect(hasMethod('GetCSVHeader') && hasMethod('AdminSetUserMFAPreference')).toBe(true);
  });

  // The names come from a fixture extracted from the boto3 reference, so any clone can run this;
  // where the reference itself sits beside the repo (as in CI), the fixture is checked against it.
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/boto3-reference.json', import.meta.url), 'utf8')) as {
    methods: string[];
    paginators: string[];
  };
  const reference = new URL('../../../shared/reference/cognito-idp-boto3-api-reference.txt', import.meta.url);

  it.runIf(existsSync(reference))('the fixture matches the boto3 reference beside the repo', async () => {
    const { extractBoto3Names } = await import('../../scripts/extract-boto3-ops.mjs');
    const fresh = extractBoto3Names(readFileSync(reference, 'utf8'));
    expect(fresh.methods).toEqual(fixture.methods);
    expect(fresh.paginators).toEqual(fixture.paginators);
  });

  it('covers every operation of the boto3 reference', () => {
    expect(fixture.methods.length).toBe(101);
    const ours = new Map(OPERATION_NAMES.map((op) => [op.toLowerCase(), op]));
    const missing = fixture.methods.filter((m) => !ours.has(m.replace(/_/g, '')));
    expect(missing).toEqual([]);
    for (const m of fixture.methods) expect(hasMethod(ours.get(m.replace(/_/g, ''))!), m).toBe(true);
  });

  it('paginates the 9 paginators of the boto3 reference', () => {
    expect(fixture.paginators.length).toBe(9);
    for (const p of fixture.paginators) expect(PAGINATION_TOKENS[lowerFirst(p)], p).toMatch(/^(NextToken|PaginationToken)$/);
  });

  it('signs exactly the operations the model does not mark noAuth (34 unsigned)', () => {
    expect(UNSIGNED_OPERATIONS.size).toBe(34);
    for (const op of ['InitiateAuth', 'RespondToAuthChallenge', 'SignUp', 'GetUser', 'ConfirmDevice', 'RevokeToken']) {
      expect(UNSIGNED_OPERATIONS.has(op), op).toBe(true);
    }
    for (const op of ['AdminCreateUser', 'AdminInitiateAuth', 'ListUsers', 'CreateUserPool']) expect(UNSIGNED_OPERATIONS.has(op), op).toBe(false);
  });

  it('the generated files are up to date with the model (gen-client --check)', () => {
    const out = execFileSync(process.execPath, ['scripts/gen-client.mjs', '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  });
});
