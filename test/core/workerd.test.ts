// Proves the core bundles for workerd without Node built-ins, and computes the same results
// inside workerd (miniflare) as in Node: TOTP, base32, otpauth, JWT verification (with the
// JWKS fetched through workerd's own global fetch), and SRP once src/core/srp.ts exports it.
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';
import { bundleEntryPoint, nodeIsms, useWorkerd } from '../helpers/workerd.js';
import { CLIENT, POOL, accessClaims, idClaims, makeKey, sign, type TestKey } from './jwt.helpers.js';

const JWKS_URL = 'https://jwks.test/pool/.well-known/jwks.json';

// The worker answers POST { op, args } by calling the named core function with JSON-able args.
const WORKER_ENTRY = `
import * as core from './src/core/index.ts';
const hex = (h) => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));
const ops = {
  totp: ([secret, o]) => core.totp(secret, o),
  totpBytes: ([hexSecret, o]) => core.totp(hex(hexSecret), o),
  verifyTotp: ([secret, code, o]) => core.verifyTotp(secret, code, o),
  base32: ([hexBytes]) => core.base32Encode(hex(hexBytes)),
  otpauth: ([o]) => core.otpauthUri(o),
  verifyJwt: async ([token, o]) => {
    try { return { ok: await core.verifyCognitoJwt(token, o) }; }
    catch (e) { return { err: e.name, retryable: e.retryable }; }
  },
  verifyJwtCached: async ([tokens, o]) => {
    // one cache, default (global) fetch: exercises workerd's fetch and the cache together
    const jwks = core.createJwksCache({ minRefetchIntervalMs: 60000 });
    const out = [];
    for (const t of tokens) {
      try { await core.verifyCognitoJwt(t, { ...o, jwks }); out.push('ok'); } catch (e) { out.push(e.name); }
    }
    return { out, fetches: jwks.fetchCount(o.jwksUri) };
  },
  srp: ([o]) => {
    const start = core.startSrp({ random: (n) => new Uint8Array(n).fill(o.aByte) });
    const claim = core.computePasswordClaim({ start, userPoolId: o.userPoolId, password: o.password,
      challengeParameters: o.challengeParameters, now: new Date(o.now) });
    return { SRP_A: start.SRP_A, ...claim };
  },
};
export default {
  async fetch(request) {
    const { op, args } = await request.json();
    try { return Response.json({ result: await ops[op](args) }); }
    catch (e) { return Response.json({ error: String(e && e.message) }, { status: 500 }); }
  },
};
`;

let key: TestKey;
let jwks: { keys: unknown[] };
let jwksFetches = 0;

const worker = useWorkerd(async () => {
  key = await makeKey('wk-1');
  jwks = { keys: [key.publicJwk] };
  return {
    entry: WORKER_ENTRY,
    outboundService: async (req) => {
      if (req.url === JWKS_URL) {
        jwksFetches++;
        return new Response(JSON.stringify(jwks), { headers: { 'content-type': 'application/json' } });
      }
      return new Response('not found', { status: 404 });
    },
  };
});

const call = (op: string, ...args: unknown[]): Promise<any> => worker.call({ op, args });

describe('core bundle', () => {
  it('has no Node built-ins, Buffer, process or global', async () => {
    // bundle the public entry alone (not the test worker) and look for Node-isms
    const text = await bundleEntryPoint('src/core/index.ts');
    expect(text.length).toBeGreaterThan(1000);
    expect(nodeIsms(text)).toEqual([]);
  });
});

describe('core in workerd matches Node', () => {
  it('TOTP codes (RFC 6238 seeds, all three hashes) and verifyTotp', async () => {
    const seeds = {
      'SHA-1': '12345678901234567890',
      'SHA-256': '12345678901234567890123456789012',
      'SHA-512': '1234567890123456789012345678901234567890123456789012345678901234',
    } as const;
    for (const algorithm of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
      const bytes = new TextEncoder().encode(seeds[algorithm]);
      const hexSecret = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      for (const time of [59_000, 1_111_111_109_000, 20_000_000_000_000]) {
        const o = { time, digits: 8, algorithm };
        expect(await call('totpBytes', hexSecret, o)).toBe(core.totp(bytes, o));
      }
    }
    const secret = core.base32Encode(new TextEncoder().encode('workerd secret!'));
    const code = core.totp(secret, { time: 1_700_000_000_000 });
    expect(await call('totp', secret, { time: 1_700_000_000_000 })).toBe(code);
    expect(await call('verifyTotp', secret, code, { time: 1_700_000_030_000 })).toBe(true);
    expect(await call('verifyTotp', secret, code, { time: 1_700_000_090_000 })).toBe(false);
  });

  it('base32 and otpauth URIs', async () => {
    expect(await call('base32', '666f6f626172')).toBe('MZXW6YTBOI======');
    const o = { secret: 'JBSWY3DPEHPK3PXP', accountName: 'a b+c@x', issuer: 'ACME & EU' };
    expect(await call('otpauth', o)).toBe(core.otpauthUri(o));
  });

  it('JWT verification with an inline JWKS: same verdicts as Node', async () => {
    const now = 1_700_000_000;
    const o = { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, jwks };
    const tokens = [
      await sign(key, accessClaims(now)),
      await sign(key, accessClaims(now, { exp: now - 1 })),
      await sign(key, accessClaims(now, { client_id: 'x' })),
      await sign(key, idClaims(now)),
    ];
    for (const t of tokens) {
      // A function cannot cross into the worker, so both sides use the real clock: the 2023
      // tokens are expired on both, the wrong-client and ID tokens are refused on both.
      const nodeResult = await core
        .verifyCognitoJwt(t, o as never)
        .then((ok) => ({ ok }), (e) => ({ err: e.name, retryable: e.retryable }));
      expect(await call('verifyJwt', t, o)).toEqual(nodeResult);
    }
    const fresh = Math.floor(Date.now() / 1000);
    const good = await sign(key, accessClaims(fresh));
    expect(await call('verifyJwt', good, o)).toEqual({ ok: JSON.parse(JSON.stringify(await core.verifyCognitoJwt(good, o as never))) });
    const tampered = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await call('verifyJwt', tampered, o)).toEqual({ err: 'JwtInvalidSignature', retryable: false });
  });

  it('JWKS cache over workerd fetch: one fetch, unknown kids rate-limited', async () => {
    const fresh = Math.floor(Date.now() / 1000);
    const stranger = await makeKey('not-in-jwks');
    const tokens = [
      await sign(key, accessClaims(fresh)),
      await sign(key, accessClaims(fresh)),
      await sign(stranger, accessClaims(fresh)),
      await sign(stranger, accessClaims(fresh)),
      await sign(key, idClaims(fresh)),
    ];
    const before = jwksFetches;
    const r = await call('verifyJwtCached', tokens, { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, jwksUri: JWKS_URL });
    expect(r).toEqual({ out: ['ok', 'ok', 'JwtUnknownKid', 'JwtUnknownKid', 'JwtWrongTokenUse'], fetches: 1 });
    expect(jwksFetches - before).toBe(1);
  });

  it('SRP password claim (A, session key, signature) matches Node', async () => {
    const c = core as any;
    const aByte = 0xa5;
    const N = c.srpGroup().N as bigint;
    // B = g^b + k*v is not needed to compare: any B in [1, N) with u != 0 exercises the same math
    const B = (N - 12345n).toString(16);
    const o = {
      aByte,
      userPoolId: 'eu-west-1_Pool1',
      password: 'Corr3ct horse!',
      now: Date.UTC(2023, 8, 5, 7, 4, 11),
      challengeParameters: { USER_ID_FOR_SRP: 'alice-id', SRP_B: B, SALT: '0a1b2c3d', SECRET_BLOCK: btoa('secret-block') },
    };
    const start = c.startSrp({ random: (n: number) => new Uint8Array(n).fill(aByte) });
    const nodeClaim = c.computePasswordClaim({ start, userPoolId: o.userPoolId, password: o.password, challengeParameters: o.challengeParameters, now: new Date(o.now) });
    expect(await call('srp', o)).toEqual({ SRP_A: start.SRP_A, ...nodeClaim });
    expect(nodeClaim.TIMESTAMP).toBe('Tue Sep 5 07:04:11 UTC 2023');
  });
});
