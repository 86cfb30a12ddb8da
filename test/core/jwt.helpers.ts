// Test helpers: an RSA key pair made with Web Crypto and a signer producing Cognito-shaped
// tokens, so verification is tested against real signatures (nothing mocked).
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JsonWebKey & { kid: string; alg: string; use: string };
}

export async function makeKey(kid: string): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { kid, privateKey: pair.privateKey, publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } };
}

const b64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const json64 = (o: unknown) => b64url(new TextEncoder().encode(JSON.stringify(o)));

export async function sign(key: TestKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const input = `${json64({ kid: key.kid, alg: 'RS256', ...header })}.${json64(payload)}`;
  const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
}

export const POOL = 'eu-west-1_TestPool1';
export const ISS = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
export const CLIENT = '1example23456789abcdefghij';

export function accessClaims(nowSec: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'cognito:groups': ['admins', 'staff'],
    iss: ISS,
    client_id: CLIENT,
    origin_jti: 'o-1',
    event_id: 'e-1',
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin openid profile',
    auth_time: nowSec - 10,
    exp: nowSec + 3600,
    iat: nowSec - 10,
    jti: 'j-1',
    username: 'alice',
    ...extra,
  };
}

export function idClaims(nowSec: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'cognito:groups': ['admins'],
    email_verified: true,
    iss: ISS,
    'cognito:username': 'alice',
    origin_jti: 'o-1',
    aud: CLIENT,
    event_id: 'e-1',
    token_use: 'id',
    auth_time: nowSec - 10,
    exp: nowSec + 3600,
    iat: nowSec - 10,
    jti: 'j-2',
    email: 'alice@example.com',
    ...extra,
  };
}

/** A JWKS endpoint stand-in that counts requests (the fetch is ours to inject, the keys are real). */
export function jwksServer(initial: { keys: unknown[] }) {
  const state = { jwks: initial, calls: 0, fail: false as false | 'network' | 500, gate: undefined as Promise<void> | undefined };
  const fetch = async (input: string): Promise<Response> => {
    state.calls++;
    if (state.gate) await state.gate;
    if (state.fail === 'network') throw new TypeError('network down');
    if (state.fail === 500) return new Response('oops', { status: 500 });
    void input;
    return Response.json(state.jwks);
  };
  return { state, fetch };
}
