// Proves, property-style, that verifyCognitoJwt accepts exactly the tokens aws-jwt-verify
// accepts, over random combinations of issuer, token use, client, expiry, nbf, groups, scope
// and signing key (timing offsets stay clear of the exact boundaries, where the libraries'
// < vs <= may differ by design).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { isJwtError, verifyCognitoJwt } from '../../src/core/index.js';
import { CLIENT, ISS, POOL, accessClaims, idClaims, makeKey, sign, type TestKey } from './jwt.helpers.js';

let good: TestKey;
let stranger: TestKey;
let jwks: { keys: unknown[] };
beforeAll(async () => {
  [good, stranger] = await Promise.all([makeKey('good'), makeKey('stranger')]);
  jwks = { keys: [good.publicJwk] };
});

const caseArb = fc.record({
  kind: fc.constantFrom('access', 'id'),
  expect: fc.constantFrom('access', 'id'),
  iss: fc.constantFrom(ISS, ISS + 'x', 'https://cognito-idp.us-east-1.amazonaws.com/' + POOL),
  client: fc.constantFrom(CLIENT, 'other-client'),
  allowed: fc.constantFrom([CLIENT], ['other-client'], [CLIENT, 'third']),
  expOffset: fc.oneof(fc.integer({ min: -7200, max: -10 }), fc.integer({ min: 10, max: 7200 })),
  nbfOffset: fc.option(fc.oneof(fc.integer({ min: -600, max: -10 }), fc.integer({ min: 10, max: 600 })), { nil: undefined }),
  grace: fc.constantFrom(0, 5, 30, 3600),
  tokenGroups: fc.option(fc.subarray(['admins', 'staff', 'ops']), { nil: undefined }),
  wantGroups: fc.option(fc.subarray(['admins', 'staff', 'ops'], { minLength: 1 }), { nil: undefined }),
  wantScope: fc.option(fc.constantFrom('openid', 'orders/write'), { nil: undefined }),
  signer: fc.constantFrom('good', 'stranger-with-good-kid'),
});

describe('verifyCognitoJwt vs aws-jwt-verify on random claims', () => {
  it('same accept/reject verdict', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const now = Math.floor(Date.now() / 1000);
        const base = c.kind === 'access' ? accessClaims(now) : idClaims(now);
        const claims: Record<string, unknown> = { ...base, iss: c.iss, exp: now + c.expOffset, 'cognito:groups': c.tokenGroups };
        if (c.kind === 'access') claims.client_id = c.client;
        else claims.aud = c.client;
        if (c.nbfOffset !== undefined) claims.nbf = now + c.nbfOffset;
        const key = c.signer === 'good' ? good : { ...stranger, kid: 'good' };
        const token = await sign(key, claims);
        const opts = {
          userPoolId: POOL,
          tokenUse: c.expect,
          clientId: c.allowed,
          graceSeconds: c.grace,
          ...(c.wantGroups ? { groups: c.wantGroups } : {}),
          ...(c.wantScope ? { scope: c.wantScope } : {}),
        } as const;
        const ours = await verifyCognitoJwt(token, { ...opts, jwks }).then(
          () => true,
          (e) => {
            if (!isJwtError(e)) throw e;
            return false;
          },
        );
        const verifier = CognitoJwtVerifier.create(opts as never);
        verifier.cacheJwks(jwks as never);
        const theirs = await verifier.verify(token as never).then(
          () => true,
          () => false,
        );
        expect(ours).toBe(theirs);
      }),
      { numRuns: 150 },
    );
  });
});
