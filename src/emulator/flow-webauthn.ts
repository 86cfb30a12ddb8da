/**
 * Passkeys (WebAuthn) for the emulator: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
 * ListWebAuthnCredentials, DeleteWebAuthnCredential, and the WEB_AUTHN first factor of USER_AUTH
 * (CREDENTIAL_REQUEST_OPTIONS out, CREDENTIAL in), verified for real with Web Crypto.
 *
 * Scope: ES256 (COSE alg -7, P-256) credentials, any attestation format (the attestation
 * statement is not checked, as with 'none'). Checked at registration: the challenge, the type
 * `webauthn.create`, the origin's host against the relying party id, the rpIdHash and the
 * user-present flag. At sign-in: the credential belongs to the user, the challenge, the type
 * `webauthn.get`, the origin, the rpIdHash, the user-present flag, the signature over
 * authenticatorData || SHA-256(clientDataJSON), and a growing signature counter.
 * (W3C WebAuthn Level 2 §7.1 and §7.2, RFC 8152 §13.1.1, RFC 8949.)
 * @module
 */
import type { EmulatorContext } from './context.js';
import { EmulatorError, errors } from './errors.js';
import { newFlowSession } from './flow-sessions.js';
import type { ChallengeResponse, StepInput } from './flow-steps.js';
import { defineModule, defineOperations } from './operations.js';
import { page, pageSize } from './paginate.js';
import type { PoolRecord, UserRecord } from './state.js';
import { fromBase64, fromUtf8, sha256, toBase64Url, utf8 } from './util.js';

/** A stored passkey (JSON, persisted with the user). */
export interface StoredCredential {
  id: string;
  publicKeyJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  signCount: number;
  rpId: string;
  createdAt: number;
  friendlyName: string;
  attachment?: string;
  transports: string[];
}

interface WebAuthnUserData {
  credentials: StoredCredential[];
  pending?: { challenge: string; expiresAt: number };
}

const CHALLENGE_TTL_MS = 5 * 60 * 1000;

function userData(user: UserRecord): WebAuthnUserData {
  const existing = user.extensions.webauthn as WebAuthnUserData | undefined;
  if (existing) return existing;
  const fresh: WebAuthnUserData = { credentials: [] };
  user.extensions.webauthn = fresh;
  return fresh;
}

/** The user's registered passkeys. */
export function credentialsOf(user: UserRecord): StoredCredential[] {
  return (user.extensions.webauthn as WebAuthnUserData | undefined)?.credentials ?? [];
}

/** The relying party id: the pool's WebAuthnConfiguration.RelyingPartyId, else `localhost`. */
export function relyingPartyId(pool: PoolRecord): string {
  return pool.mfa.WebAuthnConfiguration?.RelyingPartyId ?? 'localhost';
}

/** Authenticator data flags (WebAuthn §6.1): user present, user verified. */
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;

function userVerification(pool: PoolRecord): string {
  return pool.mfa.WebAuthnConfiguration?.UserVerification ?? 'preferred';
}

// ---------------------------------------------------------------- minimal CBOR (RFC 8949 §3)

type CborValue = number | bigint | string | Uint8Array | CborValue[] | Map<CborValue, CborValue> | boolean | null | undefined;

/** Decodes one CBOR item starting at `start`; returns it and where it ends. */
function decodeCborAt(bytes: Uint8Array, start: number): { value: CborValue; end: number } {
  let pos = start;
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new TypeError('CBOR: truncated');
  };
  const readLength = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
    if (size < 0) throw new TypeError('CBOR: indefinite lengths are not supported');
    need(size);
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + bytes[pos++]!;
    return n;
  };
  const item = (depth: number): CborValue => {
    if (depth > 16) throw new TypeError('CBOR: nested too deeply');
    need(1);
    const first = bytes[pos++]!;
    const major = first >> 5;
    const info = first & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      if (info === 23) return undefined;
      throw new TypeError('CBOR: unsupported simple value');
    }
    const n = readLength(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        need(n);
        return bytes.slice(pos, (pos += n));
      case 3:
        need(n);
        return fromUtf8(bytes.slice(pos, (pos += n)));
      case 4:
        return Array.from({ length: n }, () => item(depth + 1));
      case 5: {
        const map = new Map<CborValue, CborValue>();
        for (let i = 0; i < n; i++) map.set(item(depth + 1), item(depth + 1));
        return map;
      }
      default:
        throw new TypeError('CBOR: tags are not supported');
    }
  };
  const value = item(0);
  return { value, end: pos };
}

function decodeCbor(bytes: Uint8Array): CborValue {
  return decodeCborAt(bytes, 0).value;
}

// ---------------------------------------------------------------- authenticator data (§6.1)

interface AuthData {
  rpIdHash: Uint8Array;
  flags: number;
  signCount: number;
  credentialId?: Uint8Array;
  coseKey?: Map<CborValue, CborValue>;
}

function parseAuthData(data: Uint8Array): AuthData {
  if (data.length < 37) throw new TypeError('authenticatorData: too short');
  const flags = data[32]!;
  const signCount = ((data[33]! << 24) >>> 0) + (data[34]! << 16) + (data[35]! << 8) + data[36]!;
  const out: AuthData = { rpIdHash: data.slice(0, 32), flags, signCount };
  if (flags & 0x40) {
    if (data.length < 55) throw new TypeError('authenticatorData: attested credential data too short');
    const idLength = (data[53]! << 8) + data[54]!;
    out.credentialId = data.slice(55, 55 + idLength);
    const { value } = decodeCborAt(data, 55 + idLength);
    if (!(value instanceof Map)) throw new TypeError('credentialPublicKey: expected a COSE map');
    out.coseKey = value;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** ASN.1 DER ECDSA signature → the fixed-size r||s Web Crypto verifies. */
function derToRaw(der: Uint8Array): Uint8Array | undefined {
  if (der[0] !== 0x30) return undefined;
  let pos = 2;
  const out = new Uint8Array(64);
  for (let i = 0; i < 2; i++) {
    if (der[pos] !== 0x02) return undefined;
    const len = der[pos + 1]!;
    let int = der.slice(pos + 2, pos + 2 + len);
    pos += 2 + len;
    while (int.length > 32 && int[0] === 0) int = int.slice(1);
    if (int.length > 32) return undefined;
    out.set(int, i * 32 + (32 - int.length));
  }
  return out;
}

function b64urlBytes(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || value === '') throw errors.invalidParameter(`${field}: expected base64url`);
  try {
    return fromBase64(value);
  } catch {
    throw errors.invalidParameter(`${field}: expected base64url`);
  }
}

interface ClientData {
  type?: string;
  challenge?: string;
  origin?: string;
}

function parseClientData(bytes: Uint8Array): ClientData {
  try {
    return JSON.parse(fromUtf8(bytes)) as ClientData;
  } catch {
    throw errors.invalidParameter('clientDataJSON: not JSON');
  }
}

function checkOrigin(origin: unknown, rpId: string): void {
  let host = '';
  try {
    host = new URL(String(origin)).hostname;
  } catch {
    /* handled below */
  }
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    throw new EmulatorError('WebAuthnOriginNotAllowedException', `The origin ${String(origin)} does not match the relying party ${rpId}.`);
  }
}

// ---------------------------------------------------------------- sign-in (USER_AUTH WEB_AUTHN)

/** Issues the WEB_AUTHN challenge of USER_AUTH. */
export function issueWebAuthnChallenge(s: StepInput): ChallengeResponse {
  const creds = credentialsOf(s.user);
  const challenge = toBase64Url(s.ctx.random(32));
  const rpId = relyingPartyId(s.pool);
  const session = newFlowSession(s.ctx, s.pool, s.client, s.user, {
    challenge: 'WEB_AUTHN',
    progress: { ...s.progress, passwordless: true },
    webauthnChallenge: challenge,
  });
  const options = {
    challenge,
    timeout: 180000,
    rpId,
    allowCredentials: creds.map((c) => ({ type: 'public-key', id: c.id, ...(c.transports.length ? { transports: c.transports } : {}) })),
    userVerification: userVerification(s.pool),
  };
  return {
    ChallengeName: 'WEB_AUTHN',
    Session: session.id,
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
    AvailableChallenges: ['WEB_AUTHN'],
  };
}

/**
 * Verifies the CREDENTIAL answer to WEB_AUTHN.
 * @throws NotAuthorizedException for an unknown credential or a failed check.
 */
export async function verifyWebAuthnAnswer(s: StepInput, data: Record<string, unknown>, responses: Record<string, unknown>): Promise<void> {
  const raw = responses.CREDENTIAL;
  let credential: { id?: unknown; rawId?: unknown; response?: Record<string, unknown> };
  try {
    credential = typeof raw === 'string' ? JSON.parse(raw) : (raw as typeof credential);
  } catch {
    throw errors.invalidParameter('CREDENTIAL: expected the JSON of a PublicKeyCredential');
  }
  if (!credential || typeof credential !== 'object' || !credential.response) {
    throw errors.invalidParameter('Missing required parameter CREDENTIAL');
  }
  const refused = () => errors.notAuthorized('Incorrect username or password.');
  const stored = credentialsOf(s.user).find((c) => c.id === credential.id || c.id === credential.rawId);
  if (!stored) throw refused();
  const clientDataBytes = b64urlBytes(credential.response.clientDataJSON, 'clientDataJSON');
  const authDataBytes = b64urlBytes(credential.response.authenticatorData, 'authenticatorData');
  const signature = derToRaw(b64urlBytes(credential.response.signature, 'signature'));
  const clientData = parseClientData(clientDataBytes);
  if (clientData.type !== 'webauthn.get' || clientData.challenge !== data.webauthnChallenge) throw refused();
  checkOrigin(clientData.origin, stored.rpId);
  const auth = parseAuthData(authDataBytes);
  if (!equalBytes(auth.rpIdHash, await sha256(stored.rpId)) || !(auth.flags & FLAG_UP)) throw refused();
  // UserVerification "required": "users can only ... sign in users with passkeys that are capable
  // of user verification" (WebAuthnConfigurationType); WebAuthn §7.2 step 17 checks the UV flag.
  if (userVerification(s.pool) === 'required' && !(auth.flags & FLAG_UV)) throw refused();
  if (!signature) throw refused();
  const key = await crypto.subtle.importKey('jwk', { ...stored.publicKeyJwk, ext: true }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const signed = new Uint8Array(authDataBytes.length + 32);
  signed.set(authDataBytes);
  signed.set(await sha256(clientDataBytes), authDataBytes.length);
  const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature as BufferSource, signed as BufferSource);
  if (!ok) throw refused();
  // A counter that does not grow means a cloned authenticator (§7.2 step 21).
  if ((auth.signCount !== 0 || stored.signCount !== 0) && auth.signCount <= stored.signCount) throw refused();
  stored.signCount = auth.signCount;
}

// ---------------------------------------------------------------- registration operations

function requireWebAuthnPool(pool: PoolRecord): void {
  const allowed = (pool.config.Policies as { SignInPolicy?: { AllowedFirstAuthFactors?: unknown } } | undefined)?.SignInPolicy
    ?.AllowedFirstAuthFactors;
  if (!pool.mfa.WebAuthnConfiguration && !(Array.isArray(allowed) && allowed.includes('WEB_AUTHN'))) {
    throw new EmulatorError('WebAuthnNotEnabledException', 'WebAuthn is not enabled for the user pool.');
  }
}

async function completeRegistration(ctx: EmulatorContext, pool: PoolRecord, user: UserRecord, input: Record<string, any>): Promise<void> {
  const store = userData(user);
  const pending = store.pending;
  if (!pending || pending.expiresAt <= ctx.now()) {
    throw new EmulatorError('WebAuthnChallengeNotFoundException', 'No WebAuthn registration is in progress: call StartWebAuthnRegistration first.');
  }
  let credential = input.Credential as { id?: unknown; response?: Record<string, unknown>; authenticatorAttachment?: unknown } | string;
  if (typeof credential === 'string') {
    try {
      credential = JSON.parse(credential) as typeof credential;
    } catch {
      throw errors.invalidParameter('Credential: expected a RegistrationResponseJSON');
    }
  }
  if (!credential || typeof credential !== 'object' || !credential.response) {
    throw errors.invalidParameter('Credential: expected a RegistrationResponseJSON');
  }
  const rpId = relyingPartyId(pool);
  const clientData = parseClientData(b64urlBytes(credential.response.clientDataJSON, 'clientDataJSON'));
  if (clientData.type !== 'webauthn.create' || clientData.challenge !== pending.challenge) {
    throw new EmulatorError('WebAuthnChallengeNotFoundException', 'The credential does not answer the registration challenge.');
  }
  checkOrigin(clientData.origin, rpId);
  let attestation: CborValue;
  try {
    attestation = decodeCbor(b64urlBytes(credential.response.attestationObject, 'attestationObject'));
  } catch (err) {
    if (err instanceof EmulatorError) throw err;
    throw errors.invalidParameter('attestationObject: not CBOR');
  }
  const authDataBytes = attestation instanceof Map ? attestation.get('authData') : undefined;
  if (!(authDataBytes instanceof Uint8Array)) throw errors.invalidParameter('attestationObject: missing authData');
  const auth = parseAuthData(authDataBytes);
  if (!equalBytes(auth.rpIdHash, await sha256(rpId))) {
    throw new EmulatorError('WebAuthnRelyingPartyMismatchException', `The credential was made for another relying party than ${rpId}.`);
  }
  if (!(auth.flags & FLAG_UP) || !auth.credentialId || !auth.coseKey) {
    throw errors.invalidParameter('authenticatorData: no attested credential');
  }
  // UserVerification "required": only passkeys that verify the user register (§7.1 step 15).
  if (userVerification(pool) === 'required' && !(auth.flags & FLAG_UV)) {
    throw new EmulatorError(
      'WebAuthnCredentialNotSupportedException',
      'The user pool requires user verification, and the passkey did not verify the user.',
    );
  }
  const k = auth.coseKey;
  const x = k.get(-2);
  const y = k.get(-3);
  if (k.get(1) !== 2 || k.get(3) !== -7 || k.get(-1) !== 1 || !(x instanceof Uint8Array) || !(y instanceof Uint8Array)) {
    throw new EmulatorError('WebAuthnCredentialNotSupportedException', 'Only ES256 (P-256) passkeys are supported by the emulator.');
  }
  const id = toBase64Url(auth.credentialId);
  if (credentialsOf(user).some((c) => c.id === id)) throw errors.invalidParameter('This credential is already registered.');
  const transports = Array.isArray(credential.response.transports)
    ? (credential.response.transports as unknown[]).filter((t): t is string => typeof t === 'string')
    : [];
  store.credentials.push({
    id,
    publicKeyJwk: { kty: 'EC', crv: 'P-256', x: toBase64Url(x), y: toBase64Url(y) },
    signCount: auth.signCount,
    rpId,
    createdAt: ctx.now(),
    friendlyName: `Passkey ${store.credentials.length + 1}`,
    ...(typeof credential.authenticatorAttachment === 'string' ? { attachment: credential.authenticatorAttachment } : {}),
    transports,
  });
  delete store.pending;
  user.updatedAt = ctx.now();
}

/** The passkey operations. */
export const webAuthnModule = defineModule({
  operations: defineOperations({
    async StartWebAuthnRegistration(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      requireWebAuthnPool(pool);
      const challenge = toBase64Url(ctx.random(32));
      userData(user).pending = { challenge, expiresAt: ctx.now() + CHALLENGE_TTL_MS };
      const rpId = relyingPartyId(pool);
      return {
        CredentialCreationOptions: {
          challenge,
          rp: { id: rpId, name: rpId },
          user: { id: toBase64Url(utf8(user.sub)), name: user.username, displayName: user.attributes.name ?? user.username },
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          timeout: 180000,
          excludeCredentials: credentialsOf(user).map((c) => ({ type: 'public-key', id: c.id })),
          authenticatorSelection: { residentKey: 'required', userVerification: userVerification(pool) },
        },
      };
    },

    async CompleteWebAuthnRegistration(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      requireWebAuthnPool(pool);
      await completeRegistration(ctx, pool, user, input);
      return {};
    },

    async ListWebAuthnCredentials(ctx, input) {
      const { pool, user } = await ctx.requireAccessToken(input.AccessToken);
      const p = page(credentialsOf(user), (c) => c.id, input.NextToken, pageSize(input.MaxResults, 'maxResults', 20, 20) || 20, `${pool.id}/${user.sub}/webauthn`);
      return {
        Credentials: p.items.map((c) => ({
          CredentialId: c.id,
          FriendlyCredentialName: c.friendlyName,
          RelyingPartyId: c.rpId,
          ...(c.attachment ? { AuthenticatorAttachment: c.attachment } : {}),
          AuthenticatorTransports: c.transports,
          CreatedAt: c.createdAt / 1000,
        })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },

    async DeleteWebAuthnCredential(ctx, input) {
      const { user } = await ctx.requireAccessToken(input.AccessToken);
      const store = userData(user);
      const index = store.credentials.findIndex((c) => c.id === input.CredentialId);
      if (index < 0) throw errors.resourceNotFound('Credential does not exist.');
      store.credentials.splice(index, 1);
      return {};
    },
  }),
});
