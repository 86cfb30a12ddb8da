// Proves verifyCognitoJwt against tokens signed here with Web Crypto, with aws-jwt-verify and
// jose as oracles: the same tokens must be accepted/refused by them, and our error codes must
// say why (tampered signature, wrong kid, issuer, client, expiry, nbf, ID-vs-access, groups, scope).
import { beforeAll, describe, expect, it } from 'vitest';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import {
  cognitoIssuer,
  createCognitoJwtVerifier,
  createJwksCache,
  decodeJwt,
  isJwtError,
  JwtError,
  verifyCognitoJwt,
  type JwtErrorCode,
} from '../../src/core/index.js';
import { CLIENT, ISS, POOL, accessClaims, idClaims, jwksServer, makeKey, sign, type TestKey } from './jwt.helpers.js';

let key1: TestKey;
let key2: TestKey;
let other: TestKey; // not in the JWKS
let jwks: { keys: TestKey['publicJwk'][] };
const nowSec = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  [key1, key2, other] = await Promise.all([makeKey('kid-1'), makeKey('kid-2'), makeKey('kid-other')]);
  jwks = { keys: [key1.publicJwk, key2.publicJwk] };
});

async function ours(token: string, o: Record<string, unknown> = {}): Promise<true | JwtErrorCode> {
  try {
    await verifyCognitoJwt(token, { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, jwks, ...o } as never);
    return true;
  } catch (err) {
    if (isJwtError(err)) return err.code;
    throw err;
  }
}

async function awsOracle(token: string, o: Record<string, unknown> = {}): Promise<boolean> {
  const verifier = CognitoJwtVerifier.create({ userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, ...o } as never);
  verifier.cacheJwks(jwks as never);
  try {
    await verifier.verify(token as never);
    return true;
  } catch {
    return false;
  }
}

async function joseOracle(token: string, o: { tokenUse?: string; clientId?: string; graceSeconds?: number } = {}) {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks as never), {
      issuer: ISS,
      algorithms: ['RS256'],
      clockTolerance: o.graceSeconds ?? 0,
    });
    const use = o.tokenUse ?? 'access';
    if (payload.token_use !== use) return false;
    const client = o.clientId ?? CLIENT;
    return use === 'access' ? payload.client_id === client : payload.aud === client;
  } catch {
    return false;
  }
}

function tamper(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const flipped = (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
  return `${h}.${p}.${s.slice(0, 10)}${flipped}`;
}

function swapPayload(token: string, payload: Record<string, unknown>): string {
  const [h, , s] = token.split('.');
  const p = btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${h}.${p}.${s}`;
}

describe('verifyCognitoJwt agrees with aws-jwt-verify and jose', () => {
  type Case = { name: string; token: () => Promise<string>; opts?: Record<string, unknown>; want: true | JwtErrorCode; jose?: boolean };
  const cases: Case[] = [
    { name: 'valid access token', token: () => sign(key1, accessClaims(nowSec())), want: true },
    { name: 'valid access token signed by the second key', token: () => sign(key2, accessClaims(nowSec())), want: true },
    {
      name: 'valid ID token',
      token: () => sign(key1, idClaims(nowSec())),
      opts: { tokenUse: 'id' },
      want: true,
    },
    { name: 'tampered signature', token: async () => tamper(await sign(key1, accessClaims(nowSec()))), want: 'JwtInvalidSignature' },
    {
      name: 'payload swapped under a valid signature',
      token: async () => swapPayload(await sign(key1, accessClaims(nowSec())), accessClaims(nowSec(), { username: 'mallory' })),
      want: 'JwtInvalidSignature',
    },
    {
      name: 'signed by a key not in the JWKS, claiming a known kid',
      token: () => sign({ ...other, kid: 'kid-1' }, accessClaims(nowSec())),
      want: 'JwtInvalidSignature',
    },
    { name: 'unknown kid', token: () => sign(other, accessClaims(nowSec())), want: 'JwtUnknownKid' },
    {
      name: 'wrong issuer (another pool)',
      token: () => sign(key1, accessClaims(nowSec(), { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })),
      want: 'JwtWrongIssuer',
    },
    {
      name: 'wrong issuer (other region)',
      token: () => sign(key1, accessClaims(nowSec(), { iss: ISS.replace('eu-west-1.', 'us-east-1.') })),
      want: 'JwtWrongIssuer',
    },
    {
      name: 'wrong client (access token client_id)',
      token: () => sign(key1, accessClaims(nowSec(), { client_id: 'someoneelse' })),
      want: 'JwtWrongClient',
    },
    {
      name: 'wrong client (ID token aud)',
      token: () => sign(key1, idClaims(nowSec(), { aud: 'someoneelse' })),
      opts: { tokenUse: 'id' },
      want: 'JwtWrongClient',
    },
    {
      name: 'ID token where an access token is expected',
      token: () => sign(key1, idClaims(nowSec())),
      want: 'JwtWrongTokenUse',
    },
    {
      name: 'access token where an ID token is expected',
      token: () => sign(key1, accessClaims(nowSec())),
      opts: { tokenUse: 'id' },
      want: 'JwtWrongTokenUse',
    },
    {
      name: 'ID token with aud = client but token_use access forged? (aud is not client_id)',
      token: () => sign(key1, { ...idClaims(nowSec()), token_use: 'access' }),
      want: 'JwtWrongClient',
    },
    { name: 'expired', token: () => sign(key1, accessClaims(nowSec(), { exp: nowSec() - 120 })), want: 'JwtExpired' },
    {
      name: 'expired but within the grace',
      token: () => sign(key1, accessClaims(nowSec(), { exp: nowSec() - 120 })),
      opts: { graceSeconds: 300 },
      want: true,
    },
    {
      name: 'nbf in the future',
      token: () => sign(key1, accessClaims(nowSec(), { nbf: nowSec() + 600 })),
      want: 'JwtNotYetValid',
    },
    {
      name: 'nbf in the future but within the grace',
      token: () => sign(key1, accessClaims(nowSec(), { nbf: nowSec() + 60 })),
      opts: { graceSeconds: 300 },
      want: true,
    },
    {
      name: 'alg none is refused',
      token: async () => {
        const [, p] = (await sign(key1, accessClaims(nowSec()))).split('.');
        return `${btoa(JSON.stringify({ alg: 'none', kid: 'kid-1' })).replace(/=+$/, '')}.${p}.`;
      },
      want: 'JwtUnsupportedAlgorithm',
    },
    {
      name: 'HS256 header over the same payload is refused (key confusion)',
      token: async () => {
        const [, p, s] = (await sign(key1, accessClaims(nowSec()))).split('.');
        return `${btoa(JSON.stringify({ alg: 'HS256', kid: 'kid-1' })).replace(/=+$/, '')}.${p}.${s}`;
      },
      want: 'JwtUnsupportedAlgorithm',
    },
    {
      name: 'groups: member of one required group',
      token: () => sign(key1, accessClaims(nowSec())),
      opts: { groups: ['nobody', 'staff'] },
      want: true,
    },
    {
      name: 'groups: not a member',
      token: () => sign(key1, accessClaims(nowSec())),
      opts: { groups: 'superusers' },
      want: 'JwtMissingGroup',
    },
    {
      name: 'groups: no cognito:groups claim',
      token: () => sign(key1, accessClaims(nowSec(), { 'cognito:groups': undefined })),
      opts: { groups: 'admins' },
      want: 'JwtMissingGroup',
    },
    { name: 'scope: present', token: () => sign(key1, accessClaims(nowSec())), opts: { scope: 'openid' }, want: true },
    {
      name: 'scope: missing',
      token: () => sign(key1, accessClaims(nowSec())),
      opts: { scope: ['orders/write'] },
      want: 'JwtMissingScope',
    },
    {
      name: 'several allowed clients',
      token: () => sign(key1, accessClaims(nowSec())),
      opts: { clientId: ['other-client', CLIENT] },
      want: true,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const token = await c.token();
      const got = await ours(token, c.opts);
      expect(got).toBe(c.want);
      expect(await awsOracle(token, c.opts)).toBe(c.want === true);
      const o = (c.opts ?? {}) as { tokenUse?: string; clientId?: string | string[]; graceSeconds?: number; groups?: unknown; scope?: unknown };
      // jose knows nothing of groups/scopes or several clients: compare only where it can judge.
      if (!o.groups && !o.scope && !Array.isArray(o.clientId)) {
        expect(await joseOracle(token, o as never)).toBe(c.want === true);
      }
    });
  }
});

describe('verifyCognitoJwt details', () => {
  it('returns the verified claims', async () => {
    const claims = await verifyCognitoJwt(await sign(key1, accessClaims(nowSec())), {
      userPoolId: POOL,
      tokenUse: 'access',
      clientId: CLIENT,
      jwks,
    });
    expect(claims.username).toBe('alice');
    expect(claims['cognito:groups']).toEqual(['admins', 'staff']);
  });
  it('uses the injected clock for exp and nbf, with the grace on both sides', async () => {
    const t = 1_700_000_000;
    const token = await sign(key1, accessClaims(t, { exp: t + 100, nbf: t - 5 }));
    const at = (sec: number, graceSeconds = 0) => ours(token, { now: () => sec * 1000, graceSeconds });
    expect(await at(t)).toBe(true);
    expect(await at(t + 99)).toBe(true);
    expect(await at(t + 100)).toBe('JwtExpired');
    expect(await at(t + 100, 1)).toBe(true);
    expect(await at(t - 6)).toBe('JwtNotYetValid');
    expect(await at(t - 6, 1)).toBe(true);
  });
  it('groupsMatch and scopeMatch "all"', async () => {
    const token = await sign(key1, accessClaims(nowSec()));
    expect(await ours(token, { groups: ['admins', 'staff'], groupsMatch: 'all' })).toBe(true);
    expect(await ours(token, { groups: ['admins', 'root'], groupsMatch: 'all' })).toBe('JwtMissingGroup');
    expect(await ours(token, { scope: ['openid', 'profile'], scopeMatch: 'all' })).toBe(true);
    expect(await ours(token, { scope: ['openid', 'email'], scopeMatch: 'all' })).toBe('JwtMissingScope');
  });
  it('accepts an issuer override (emulator / custom endpoint) and derives the JWKS URI from it', async () => {
    const issuer = `http://127.0.0.1:9229/${POOL}`;
    const server = jwksServer(jwks);
    const urls: string[] = [];
    const cache = createJwksCache({
      fetch: (u, i) => {
        urls.push(u);
        return server.fetch(u);
      },
    });
    const token = await sign(key1, accessClaims(nowSec(), { iss: issuer }));
    const o = { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, jwks: cache } as const;
    await expect(verifyCognitoJwt(token, o)).rejects.toMatchObject({ code: 'JwtWrongIssuer' });
    await expect(verifyCognitoJwt(token, { ...o, issuer })).resolves.toMatchObject({ iss: issuer });
    expect(urls).toEqual([
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1/.well-known/jwks.json',
      `${issuer}/.well-known/jwks.json`,
    ]);
  });
  it('cognitoIssuer builds the pool issuer and rejects malformed pool ids', () => {
    expect(cognitoIssuer(POOL)).toBe(ISS);
    expect(() => cognitoIssuer('nope')).toThrow(/userPoolId/);
  });
  it('bad options fail naming the field, before any fetch', async () => {
    const server = jwksServer(jwks);
    const token = await sign(key1, accessClaims(nowSec()));
    const base = { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, fetch: server.fetch } as const;
    await expect(verifyCognitoJwt(token, { ...base, userPoolId: 'bad' })).rejects.toThrow(/userPoolId/);
    await expect(verifyCognitoJwt(token, { ...base, tokenUse: 'refresh' as never })).rejects.toThrow(/tokenUse/);
    await expect(verifyCognitoJwt(token, { ...base, clientId: [] })).rejects.toThrow(/clientId/);
    await expect(verifyCognitoJwt(token, { ...base, clientId: undefined as never })).rejects.toThrow(/clientId/);
    await expect(verifyCognitoJwt(token, { ...base, graceSeconds: -1 })).rejects.toThrow(/graceSeconds/);
    await expect(verifyCognitoJwt(token, { ...base, groups: [] })).rejects.toThrow(/groups/);
    expect(server.state.calls).toBe(0);
  });
  it('malformed tokens fail as JwtMalformed without fetching keys', async () => {
    const server = jwksServer(jwks);
    for (const bad of ['', 'a.b', 'a.b.c.d', '!!!.e30.', 'e30.e30.', 'bnVsbA.e30.', 'e30.W10.']) {
      await expect(
        verifyCognitoJwt(bad, { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, fetch: server.fetch }),
      ).rejects.toSatisfy((e: unknown) => e instanceof JwtError && (e.code === 'JwtMalformed' || e.code === 'JwtUnsupportedAlgorithm'));
    }
    expect(server.state.calls).toBe(0);
  });
  it('a JWKS fetch failure is a retryable JwksFetchFailed, not a verdict on the token', async () => {
    const server = jwksServer(jwks);
    server.state.fail = 'network';
    const token = await sign(key1, accessClaims(nowSec()));
    const err = await verifyCognitoJwt(token, { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, fetch: server.fetch }).catch((e) => e);
    expect(isJwtError(err, 'JwksFetchFailed')).toBe(true);
    expect(err.retryable).toBe(true);
    server.state.fail = 500;
    const err2 = await verifyCognitoJwt(token, { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, fetch: server.fetch }).catch((e) => e);
    expect(isJwtError(err2, 'JwksFetchFailed')).toBe(true);
  });
  it('createCognitoJwtVerifier keeps one cache: one JWKS fetch for many tokens', async () => {
    const server = jwksServer(jwks);
    const v = createCognitoJwtVerifier({ userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, fetch: server.fetch });
    for (let i = 0; i < 5; i++) await v.verify(await sign(i % 2 ? key1 : key2, accessClaims(nowSec())));
    expect(server.state.calls).toBe(1);
    await expect(v.verify(await sign(key1, idClaims(nowSec())), { tokenUse: 'id' })).resolves.toMatchObject({ token_use: 'id' });
    expect(() => createCognitoJwtVerifier({ userPoolId: 'x', tokenUse: 'access', clientId: CLIENT })).toThrow(/userPoolId/);
  });
});

describe('decodeJwt', () => {
  it('decodes header and payload without verifying', async () => {
    const token = await sign(key1, accessClaims(1000));
    const d = decodeJwt(token);
    expect(d.header).toEqual({ kid: 'kid-1', alg: 'RS256' });
    expect(d.payload.client_id).toBe(CLIENT);
    expect(d.signature.length).toBe(256);
    expect(new TextDecoder().decode(d.signingInput)).toBe(token.split('.').slice(0, 2).join('.'));
  });
  it.each([
    [42, /token: expected a string/],
    ['', /token: empty/],
    ['a.b', /3 dot-separated parts, got 2/],
    ['@@.e30.', /header is not base64url/],
    ['e30.@@.', /payload is not base64url/],
    ['e30.e30.@@', /signature is not base64url/],
    ['eyJ.e30.', /header is not valid JSON/],
    ['WzFd.e30.', /header is not a JSON object/],
    ['e30.bnVsbA.', /payload is not a JSON object/],
    ['e30./w.', /payload is not base64url|payload is not valid JSON/],
  ])('%j fails: %s', (token, msg) => {
    expect(() => decodeJwt(token as never)).toThrow(msg);
    try {
      decodeJwt(token as never);
    } catch (err) {
      expect(isJwtError(err, 'JwtMalformed')).toBe(true);
    }
  });
});
