// Static credentials given to a client stay usable but never show when the client (or its
// options) is logged or serialised.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient, CognitoUnsignedClient } from '../../src/client/index.js';
import { json, scriptedFetch } from './fake-fetch.js';

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'SESSION-TOKEN-SECRET' };

describe('credentials are not printed', () => {
  it.each([
    ['full client', () => new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials })],
    ['lean client', () => new CognitoUnsignedClient({ region: 'eu-west-1', credentials })],
  ])('%s: JSON.stringify and util.inspect of the client and of its options hold no secret', (_label, make) => {
    const client = make();
    for (const text of [JSON.stringify(client), inspect(client, { depth: 10 }), JSON.stringify(client.options), inspect(client.options), String(client.options)]) {
      expect(text).not.toContain(credentials.secretAccessKey);
      expect(text).not.toContain(credentials.sessionToken);
    }
    // Still there for whoever reads it on purpose, and the other options still show.
    expect(client.options.credentials).toBe(credentials);
    expect(JSON.parse(JSON.stringify(client)).options).toEqual({ region: 'eu-west-1' });
  });

  it('the client still signs with them', async () => {
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    await client.listUsers({ UserPoolId: 'eu-west-1_a' });
    expect(calls[0]!.headers.authorization).toContain('Credential=AKIAEXAMPLE/');
    expect(calls[0]!.headers['x-amz-security-token']).toBe(credentials.sessionToken);
  });
});
