// SECRET_HASH = base64(HMAC-SHA256(clientSecret, username + clientId)), with Node's HMAC as the oracle.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretHash } from '../../src/core/index.js';

describe('secretHash', () => {
  it('is base64 HMAC-SHA256 keyed by the client secret over username + clientId', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'binary' }), fc.string({ minLength: 1 }), fc.string({ minLength: 1, maxLength: 200 }), (user, client, secret) => {
        const want = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(user + client, 'utf8')).digest('base64');
        expect(secretHash(user, client, secret)).toBe(want);
      }),
      { numRuns: 300 },
    );
  });

  it('is not symmetric in its arguments and refuses empty ones by name', () => {
    expect(secretHash('alice', 'client', 'secret')).not.toBe(secretHash('client', 'alice', 'secret'));
    expect(() => secretHash('', 'c', 's')).toThrow(/username/);
    expect(() => secretHash('u', '', 's')).toThrow(/clientId/);
    expect(() => secretHash('u', 'c', undefined as unknown as string)).toThrow(/clientSecret/);
  });
});
