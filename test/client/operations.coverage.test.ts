// Every operation is here: the SDK package's commands, the boto3 reference's methods, the
// model's operations; and the generated files are what the generator writes today.
import { readFileSync } from 'node:fs';
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

  it('covers every operation of the boto3 reference', () => {
    const text = readFileSync(new URL('../../../shared/reference/cognito-idp-boto3-api-reference.txt', import.meta.url), 'utf8');
    const start = text.indexOf('These are the available methods:');
    const methods = [...text.slice(start).matchAll(/^([a-z_0-9]+)\(\)$/gm)]
      .map((m) => m[1]!)
      .filter((m) => !['can_paginate', 'close', 'get_paginator', 'get_waiter'].includes(m));
    const unique = [...new Set(methods)];
    expect(unique.length).toBe(101);
    const ours = new Map(OPERATION_NAMES.map((op) => [op.toLowerCase(), op]));
    const missing = unique.filter((m) => !ours.has(m.replace(/_/g, '')));
    expect(missing).toEqual([]);
    for (const m of unique) expect(hasMethod(ours.get(m.replace(/_/g, ''))!), m).toBe(true);
  });

  it('paginates the 9 paginators of the boto3 reference', () => {
    const text = readFileSync(new URL('../../../shared/reference/cognito-idp-boto3-api-reference.txt', import.meta.url), 'utf8');
    const paginators = [...text.matchAll(/^CognitoIdentityProvider\.Paginator\.(\w+)$/gm)].map((m) => m[1]!);
    expect(new Set(paginators).size).toBe(9);
    for (const p of paginators) expect(PAGINATION_TOKENS[lowerFirst(p)], p).toMatch(/^(NextToken|PaginationToken)$/);
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
