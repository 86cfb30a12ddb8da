// Proves, property-style, that verifyCognitoJwt accepts exactly the tokens aws-jwt-verify
// accepts, over random combinations of issuer, token use, client, expiry, nbf, groups, scope
// and signing key (timing offsets stay clear of the exact boundaries, where the libraries'
// < vs <= may differ by design).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { isJwtError, verifyCognitoJwt, type JwksDocument } from '../../src/core/index.js';
import { CLIENT, ISS, POOL, accessClaims, idClaims, makeKey, sign, type TestKey } from './jwt.helpers.js';

let good: TestKey;
let stranger: TestKey;
let jwks: JwksDocument;
beforeAll(async () => {
  [good, stranger] = await Promise.all([makeKey('good'), makeKey('stranger')]);
  jwks = { keys: [good.publicJwk] };
});

// Each dimension is right most of the time, so that most tokens get past the earlier checks and
// the later ones (expiry, nbf, groups, scope) are really compared. fast-check's option `freq` n
// makes undefined come one time in n.
const mostly = <T>(good: T, ...bad: T[]) =>
  fc.oneof({ arbitrary: fc.constant(good), weight: 5 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });

const caseArb = fc.record({
  kind: fc.constantFrom('access', 'id'),
  confuse: mostly(false, true), // expect the other token use
  iss: mostly(ISS, ISS + 'x', 'https://cognito-idp.us-east-1.amazonaws.com/' + POOL),
  client: mostly(CLIENT, 'other-client'),
  allowed: mostly<string[]>([CLIENT], ['other-client'], [CLIENT, 'third']),
  expOffset: fc.oneof({ arbitrary: fc.integer({ min: 10, max: 7200 }), weight: 3 }, { arbitrary: fc.integer({ min: -7200, max: -10 }), weight: 1 }),
  nbfOffset: fc.option(fc.oneof(fc.integer({ min: -600, max: -10 }), fc.integer({ min: 10, max: 600 })), { nil: undefined, freq: 2 }),
  grace: fc.constantFrom(0, 5, 30, 3600),
  tokenGroups: fc.option(fc.subarray(['admins', 'staff', 'ops']), { nil: undefined, freq: 4 }),
  wantGroups: fc.option(fc.subarray(['admins', 'staff', 'ops'], { minLength: 1 }), { nil: undefined, freq: 2 }),
  wantScope: fc.option(fc.constantFrom('openid', 'orders/write'), { nil: undefined, freq: 3 }),
  signer: mostly('good', 'stranger-with-good-kid'),
});

describe('verifyCognitoJwt vs aws-jwt-verify on random claims', () => {
  it('same accept/reject verdict', async () => {
    let accepted = 0;
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
          tokenUse: c.confuse ? (c.kind === 'access' ? 'id' : 'access') : c.kind,
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
        accepted += ours ? 1 : 0;
      }),
      // A fixed seed: the verdict counts below must not depend on the run.
      { numRuns: 200, seed: 20261126 },
    );
    // the property is only worth something if both verdicts occur often
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(195);
  });
});
