// A software WebAuthn authenticator for tests (ES256 on Web Crypto): creates a passkey from
// CredentialCreationOptions JSON ('none' attestation) and signs assertions for
// CredentialRequestOptions JSON, returning the JSON forms the browser's toJSON() gives.
// Standard: W3C WebAuthn Level 2 §6.1 (authenticator data), §6.5.4 (attestation 'none'),
// RFC 8152 §13.1.1 (COSE EC2 key), RFC 8949 (CBOR, only the types used here).

const b64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
const utf8 = (s: string) => new TextEncoder().encode(s);
const sha256 = async (b: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', b as BufferSource));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

// CBOR: unsigned/negative ints, byte and text strings, maps (RFC 8949 §3.1).
function cborHead(major: number, n: number): Uint8Array {
  if (n < 24) return Uint8Array.of((major << 5) | n);
  if (n < 256) return Uint8Array.of((major << 5) | 24, n);
  return Uint8Array.of((major << 5) | 25, n >> 8, n & 255);
}
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;
function cbor(v: Cbor): Uint8Array {
  if (typeof v === 'number') return v >= 0 ? cborHead(0, v) : cborHead(1, -1 - v);
  if (typeof v === 'string') return concat(cborHead(3, utf8(v).length), utf8(v));
  if (v instanceof Uint8Array) return concat(cborHead(2, v.length), v);
  const parts = [cborHead(5, v.size)];
  for (const [k, x] of v) parts.push(cbor(k), cbor(x));
  return concat(...parts);
}

// Web Crypto signs ECDSA as r||s; WebAuthn wants an ASN.1 DER SEQUENCE of two INTEGERs.
function derSignature(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const x = b.slice(i);
    const body = x[0]! & 0x80 ? concat(Uint8Array.of(0), x) : x;
    return concat(Uint8Array.of(0x02, body.length), body);
  };
  const seq = concat(int(raw.slice(0, 32)), int(raw.slice(32)));
  return concat(Uint8Array.of(0x30, seq.length), seq);
}

export interface SoftAuthenticator {
  /** Answers navigator.credentials.create(): the RegistrationResponseJSON. */
  create(options: any, origin: string): Promise<Record<string, any>>;
  /** Answers navigator.credentials.get(): the AuthenticationResponseJSON. */
  get(options: any, origin: string): Promise<Record<string, any>>;
}

/** `userVerified: false` makes an authenticator without user verification (UP only, no UV flag). */
export function softAuthenticator(o: { userVerified?: boolean } = {}): SoftAuthenticator {
  const uv = o.userVerified === false ? 0 : 0x04;
  const creds = new Map<string, { key: CryptoKeyPair; rpId: string; userHandle: string; count: number }>();
  const authData = async (rpId: string, flags: number, count: number, attested = new Uint8Array()) =>
    concat(await sha256(utf8(rpId)), Uint8Array.of(flags), Uint8Array.of(count >>> 24, (count >> 16) & 255, (count >> 8) & 255, count & 255), attested);
  return {
    async create(o, origin) {
      const pk = o.publicKey ?? o;
      const rpId: string = pk.rp?.id ?? new URL(origin).hostname;
      const key = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
      const jwk = await crypto.subtle.exportKey('jwk', key.publicKey);
      const id = crypto.getRandomValues(new Uint8Array(16));
      const cose = cbor(new Map<Cbor, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, fromB64url(jwk.x!)], [-3, fromB64url(jwk.y!)]]));
      const attested = concat(new Uint8Array(16), Uint8Array.of(0, id.length), id, cose);
      const data = await authData(rpId, 0x41 | uv, 0, attested); // UP | (UV) | AT
      const clientDataJSON = utf8(JSON.stringify({ type: 'webauthn.create', challenge: pk.challenge, origin, crossOrigin: false }));
      const attestationObject = cbor(new Map<Cbor, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', data]]));
      creds.set(b64url(id), { key, rpId, userHandle: pk.user?.id ?? '', count: 0 });
      return {
        id: b64url(id),
        rawId: b64url(id),
        type: 'public-key',
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
        response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal'] },
      };
    },
    async get(o, origin) {
      const pk = o.publicKey ?? o;
      const allowed: string[] = (pk.allowCredentials ?? []).map((c: { id: string }) => c.id);
      const id = [...creds.keys()].find((k) => allowed.length === 0 || allowed.includes(k));
      if (!id) throw new Error('NotAllowedError: no credential for these options');
      const c = creds.get(id)!;
      c.count++;
      const data = await authData(pk.rpId ?? c.rpId, 0x01 | uv, c.count); // UP | (UV)
      const clientDataJSON = utf8(JSON.stringify({ type: 'webauthn.get', challenge: pk.challenge, origin, crossOrigin: false }));
      const raw = new Uint8Array(
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, c.key.privateKey, concat(data, await sha256(clientDataJSON)) as BufferSource),
      );
      return {
        id,
        rawId: id,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(data),
          signature: b64url(derSignature(raw)),
          userHandle: c.userHandle,
        },
      };
    },
  };
}
