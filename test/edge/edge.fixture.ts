// Shared setup for the edge tests: an emulator pool + client + user, a browser stand-in that
// keeps cookies, and a fetch wrapper that can inject transient failures in front of the emulator.
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { CognitoUnsignedClient } from '../../src/client/index.js';
import { createEdgeAuth, type EdgeAuthOptions } from '../../src/edge/index.js';

export const ENDPOINT = 'http://emulator.test/';
export const SECRET = 'an application secret of at least 32 bytes!!';

export const ORIGIN = 'https://app.example';

/** A Cognito answer `{ __type, message }` with that HTTP status (default 400). */
export interface CognitoFault {
  type: string;
  message: string;
  status?: number;
}

export type Fault = false | 'network' | 500 | 'throttle' | 'hang' | CognitoFault;

export interface World {
  emu: Emulator;
  poolId: string;
  clientId: string;
  clientSecret?: string;
  jwksUri: string;
  fault: { next: Fault; count: number };
  fetch: (input: string | Request | URL, init?: RequestInit) => Promise<Response>;
  signIn(o?: { username?: string; password?: string }): Promise<{ AccessToken: string; IdToken: string; RefreshToken: string; deviceKey?: string; username: string }>;
}

export async function makeWorld(o: { secret?: boolean; devices?: boolean; rotation?: boolean } = {}): Promise<World> {
  const emu = createEmulator({ region: 'eu-west-1' });
  const pool = await emu.createUserPool({
    PoolName: 'edge',
    ...(o.devices ? { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } } : {}),
  });
  const client = await emu.createUserPoolClient({
    UserPoolId: pool.Id,
    ClientName: 'web',
    GenerateSecret: o.secret === true,
    // Cognito refuses ALLOW_REFRESH_TOKEN_AUTH together with refresh token rotation.
    ExplicitAuthFlows: o.rotation ? ['ALLOW_USER_PASSWORD_AUTH'] : ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...(o.rotation ? { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } } : {}),
  });
  await emu.createUser({ userPoolId: pool.Id, username: 'alice', password: 'Passw0rd!x', attributes: { email: 'alice@example.com' } });
  const fault = { next: false as Fault, count: 0 };
  const fetch = async (input: string | Request | URL, init?: RequestInit): Promise<Response> => {
    const f = fault.next;
    if (f) {
      fault.count++;
      if (f === 'network') throw new TypeError('fetch failed: connection reset');
      if (f === 500) return new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
      if (f === 'throttle') {
        return new Response(JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }), {
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
        });
      }
      if (typeof f === 'object') {
        return new Response(JSON.stringify({ __type: f.type, message: f.message }), {
          status: f.status ?? 400,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
        });
      }
      if (f === 'hang') {
        return new Promise((_, reject) => {
          const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
          signal?.addEventListener('abort', () => reject(signal.reason ?? new Error('aborted')));
        });
      }
    }
    return emu.fetch(input, init);
  };
  const cognito = new CognitoUnsignedClient({ endpoint: ENDPOINT, fetch: (i, init) => emu.fetch(i, init) });
  const world: World = {
    emu,
    poolId: pool.Id,
    clientId: client.ClientId,
    ...(client.ClientSecret ? { clientSecret: client.ClientSecret as string } : {}),
    jwksUri: `http://emulator.test/${pool.Id}/.well-known/jwks.json`,
    fault,
    fetch,
    async signIn({ username = 'alice', password = 'Passw0rd!x' } = {}) {
      const { secretHash } = await import('../../src/core/index.js');
      const out = await cognito.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: world.clientId,
        AuthParameters: {
          USERNAME: username,
          PASSWORD: password,
          ...(world.clientSecret ? { SECRET_HASH: secretHash(username, world.clientId, world.clientSecret) } : {}),
        },
      });
      const r = out.AuthenticationResult!;
      // As the page's sign-in library does: confirm the new device (Cognito refuses the
      // session's refreshes until then).
      if (r.NewDeviceMetadata?.DeviceKey) {
        const { createDeviceVerifier } = await import('../../src/core/index.js');
        const v = createDeviceVerifier({ deviceKey: r.NewDeviceMetadata.DeviceKey, deviceGroupKey: r.NewDeviceMetadata.DeviceGroupKey! });
        await cognito.send('ConfirmDevice', { AccessToken: r.AccessToken!, DeviceKey: v.deviceKey, DeviceSecretVerifierConfig: v.verifierConfig });
      }
      return {
        AccessToken: r.AccessToken!,
        IdToken: r.IdToken!,
        RefreshToken: r.RefreshToken!,
        username,
        ...(r.NewDeviceMetadata?.DeviceKey ? { deviceKey: r.NewDeviceMetadata.DeviceKey } : {}),
      };
    },
  };
  return world;
}

/** A minimal browser stand-in: remembers cookies from Set-Cookie, honours Max-Age=0 and Path. */
export function cookieJar() {
  const jar = new Map<string, { value: string; path: string; attrs: string }>();
  return {
    jar,
    take(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair, ...attrs] = line.split(';').map((s) => s.trim());
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq);
        const value = pair!.slice(eq + 1);
        const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
        if (attrs.some((a) => /^max-age=0$/i.test(a))) jar.delete(name);
        else jar.set(name, { value, path, attrs: attrs.join('; ') });
      }
    },
    header(url: string) {
      const path = new URL(url).pathname;
      const parts = [...jar].filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : c.path + '/'));
      return parts.map(([n, c]) => `${n}=${c.value}`).join('; ');
    },
  };
}

/** An edge instance for the world's pool and client (with its secret, if any), over the faulty fetch. */
export function edgeFor(w: World, extra: Partial<EdgeAuthOptions> = {}) {
  return createEdgeAuth({
    userPoolId: w.poolId,
    clientId: w.clientId,
    ...(w.clientSecret ? { clientSecret: w.clientSecret } : {}),
    cookieSecret: SECRET,
    endpoint: ENDPOINT,
    jwksUri: w.jwksUri,
    fetch: w.fetch as never,
    now: () => w.emu.now(),
    ...extra,
  } as EdgeAuthOptions);
}

/** A same-origin POST as a browser sends it, with the jar's cookies for that path. */
export function post(path: string, jar: ReturnType<typeof cookieJar>, body?: unknown, headers: Record<string, string> = {}) {
  const url = ORIGIN + path;
  const h: Record<string, string> = { origin: ORIGIN, ...headers };
  const cookie = jar.header(url);
  if (cookie) h.cookie = cookie;
  if (body !== undefined) h['content-type'] = 'application/json';
  return new Request(url, { method: 'POST', headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

/** Signs alice in and starts a cookie session with her refresh and access tokens. */
export async function startSession(w: World, edge: ReturnType<typeof edgeFor>, jar = cookieJar()) {
  const t = await w.signIn();
  const res = await edge.handle(
    post('/auth/session', jar, { refreshToken: t.RefreshToken, accessToken: t.AccessToken, ...(t.deviceKey ? { deviceKey: t.deviceKey } : {}) }),
  );
  if (res?.status !== 200) throw new Error(`session: ${res?.status} ${await res?.text()}`);
  jar.take(res);
  return { jar, tokens: t, res };
}

/** How many times Cognito was called with that operation. */
export const calls = (w: World, operation: string) => w.emu.requests.filter((r) => r.target === operation).length;
