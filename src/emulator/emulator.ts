/**
 * `createEmulator`: an in-memory Cognito user-pools service behind a fetch-compatible handler
 * (Request in, Response out), usable in Node, browsers and workerd, plus direct helpers for
 * tests (seed pools, clients and users, read the outbox, move the clock).
 * @module
 */
import { createContext, type ContextRuntime, type EmulatorContext, type OutboxMessage, type RequestLogEntry, type Triggers } from './context.js';
import { EmulatorError, isEmulatorError } from './errors.js';
import { builtinModules } from './modules.js';
import { ALL_OPERATIONS, UNSIGNED_OPERATIONS } from './operation-names.js';
import { mergeModules, type EmulatorModule, type OperationInput } from './operations.js';
import { createUserRecord } from './users.js';
import { applySeed, type SeedDocument, type SeedResult } from './seed.js';
import { verifySigV4 } from './sigv4-verify.js';
import { emptyState, parseState, type EmulatorState, type UserStatus } from './state.js';
import { generateSigningKey, importSigningKey, jwksDocument, type SigningKeys } from './tokens.js';
import { cloneJson, uuid, webRandom, type RandomSource } from './util.js';

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** Every delivered code is this value (tests only). */
  fixedCode?: string;
  /** Clock in epoch milliseconds (default `Date.now`); `advanceTime` adds to it. */
  now?: () => number;
  /** Random source (default `crypto.getRandomValues`). */
  random?: RandomSource;
  /** When given, admin (signed) operations must carry a valid SigV4 signature by these credentials. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * Origins (`http://localhost:5173`, exactly as browsers send them) whose pages may use the
   * private routes: the outbox (`/_emulator/*`) and signed (admin) operations. Default none: any
   * page may call the unsigned operations (sign-in, sign-up... as on Cognito) and read the JWKS,
   * but no other site open in the developer's browser can read delivered codes or, when no
   * `credentials` are set, call admin operations with a made-up Authorization header.
   */
  corsOrigins?: readonly string[];
  /** Region used in pool ids and issuers (default `us-east-1`; a restored state keeps its own). */
  region?: string;
  /** A snapshot to start from (from `snapshot()` or a `--data` file). */
  state?: unknown;
  /**
   * Token issuer for a pool. Default: Cognito's `https://cognito-idp.{region}.amazonaws.com/{poolId}`,
   * so verifiers configured for Cognito accept the tokens (point their JWKS URI at the emulator).
   */
  issuer?: (poolId: string) => string;
  /** Extra feature modules (operations and hooks) on top of the built-in ones. */
  modules?: readonly EmulatorModule[];
  /** Called after each wire request is handled, before its response is returned (persistence uses it). */
  afterRequest?: (entry: RequestLogEntry) => void | Promise<void>;
  /**
   * Called after each direct helper that may change the state (createUserPool, createUserPoolClient,
   * createUser, call, seed), before it resolves — persistence uses it, like `afterRequest`.
   */
  afterDirectCall?: () => void | Promise<void>;
}

/** Input of {@link Emulator.createUser}. */
export interface CreateUserInput {
  userPoolId: string;
  username: string;
  password: string;
  attributes?: Record<string, string>;
  /** Default CONFIRMED. FORCE_CHANGE_PASSWORD makes `password` temporary. */
  status?: Extract<UserStatus, 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED'>;
  enabled?: boolean;
  groups?: string[];
}

/** The emulator handle. */
export interface Emulator {
  /** Fetch-compatible handler: POST / (cognito-idp JSON 1.1), JWKS, openid-configuration, outbox, CORS preflight. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** CreateUserPool without the wire; returns the `UserPool` of the output. */
  createUserPool(input: OperationInput): Promise<Record<string, any>>;
  /** CreateUserPoolClient without the wire; returns the `UserPoolClient` of the output. */
  createUserPoolClient(input: OperationInput): Promise<Record<string, any>>;
  /** Create a user with a password (CONFIRMED unless `status` says otherwise). Does not deliver messages. */
  createUser(input: CreateUserInput): Promise<{ username: string; sub: string }>;
  /** Run any operation directly (no signature, no wire). Throws {@link EmulatorError}. */
  call(operation: string, input: OperationInput): Promise<Record<string, any>>;
  /** Messages delivered so far (email and SMS), oldest first. */
  readonly outbox: ReadonlyArray<OutboxMessage>;
  /** The code last delivered, optionally to `username` and/or for `purpose`. */
  lastCode(filter?: { username?: string; purpose?: string; userPoolId?: string }): string | undefined;
  /** Move the clock forward. */
  advanceTime(ms: number): void;
  /** Current emulator time (epoch ms). */
  now(): number;
  /** Wire requests served so far. */
  readonly requests: ReadonlyArray<RequestLogEntry>;
  /** Install Lambda-trigger stand-ins for a pool (merged with those already set; `undefined` removes one). */
  setTriggers(userPoolId: string, triggers: Triggers): void;
  /** Create what a seed document describes; returns the ids. */
  seed(seed: SeedDocument): Promise<SeedResult>;
  /** A JSON-compatible deep copy of the state (for persistence and `state` option). */
  snapshot(): EmulatorState;
  /** The live state (tests may inspect it; mutate only if you know what you do). */
  readonly state: EmulatorState;
  /** The JWKS document (the same for every pool). */
  jwks(): Promise<{ keys: Array<Record<string, unknown>> }>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** Request headers that carry SigV4 credentials (only trusted origins may send them). */
const SIGNING_HEADERS = new Set(['authorization', 'x-amz-security-token']);

/**
 * CORS headers of the public routes (unsigned operations, JWKS, openid-configuration). Private
 * routes (outbox, signed operations) get `access-control-allow-origin` only for a trusted origin
 * (the `corsOrigins` option).
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers':
    'content-type,x-amz-target,x-amz-user-agent,x-amz-date,x-amz-security-token,x-amz-content-sha256,authorization,amz-sdk-invocation-id,amz-sdk-request,cache-control',
  'access-control-expose-headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,date',
  'access-control-max-age': '86400',
};

/**
 * Create an emulator.
 * @example
 * const emu = createEmulator({ fixedCode: '123456' });
 * const pool = await emu.createUserPool({ PoolName: 'test' });
 * const client = new CognitoIdentityProviderClient({ region: 'us-east-1', fetch: emu.fetch });
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const state = options.state !== undefined ? parseState(cloneJson(options.state)) : emptyState(options.region ?? 'us-east-1');
  const random = options.random ?? webRandom;
  const baseNow = options.now ?? (() => Date.now());
  let offset = 0;
  const now = () => baseNow() + offset;
  const outbox: OutboxMessage[] = [];
  const requests: RequestLogEntry[] = [];
  const triggers = new Map<string, Triggers>();
  const { operations, passwordHooks } = mergeModules([...builtinModules, ...(options.modules ?? [])]);
  const issuer = options.issuer ?? ((poolId: string) => `https://cognito-idp.${state.region}.amazonaws.com/${poolId}`);

  let keysPromise: Promise<SigningKeys> | undefined;
  const keys = (): Promise<SigningKeys> => {
    keysPromise ??= (async () => {
      state.signingKey ??= await generateSigningKey(uuid(random));
      return importSigningKey(state.signingKey);
    })();
    return keysPromise;
  };

  const runtime: ContextRuntime = {
    state,
    now,
    random,
    ...(options.fixedCode !== undefined ? { fixedCode: options.fixedCode } : {}),
    outbox,
    triggers,
    keys,
    issuer,
    passwordHooks,
  };

  const run = async (operation: string, input: OperationInput, headers: Headers): Promise<Record<string, any>> => {
    const handler = operations[operation];
    if (!handler) {
      if (ALL_OPERATIONS.has(operation)) {
        throw new EmulatorError(
          'UnsupportedOperationException',
          `The cognito-edge emulator does not support the operation ${operation}.`,
        );
      }
      throw new EmulatorError('UnknownOperationException', `Unknown operation ${operation}.`);
    }
    const ctx: EmulatorContext = createContext(runtime, operation, headers);
    return ((await handler(ctx, input)) ?? {}) as Record<string, any>;
  };

  const trustedOrigins = new Set(options.corsOrigins ?? []);
  /** CORS headers for a request from `origin` to a public or a private route. */
  const corsFor = (origin: string | null, scope: 'public' | 'private'): Record<string, string> => {
    const { 'access-control-allow-origin': _any, ...rest } = CORS_HEADERS;
    const base = { ...rest, vary: 'Origin' };
    if (origin !== null && trustedOrigins.has(origin)) return { ...base, 'access-control-allow-origin': origin };
    return scope === 'public' ? { ...base, 'access-control-allow-origin': '*' } : base;
  };
  /** Refuses a browser request to a private route from an origin not in `corsOrigins`. */
  const assertTrusted = (origin: string | null, what: string): void => {
    if (origin === null || trustedOrigins.has(origin)) return;
    throw new EmulatorError(
      'AccessDeniedException',
      `A page from ${origin} may not use ${what}: start the emulator with corsOrigins (CLI: --cors-origin ${origin}) to allow it.`,
      403,
    );
  };

  const respond = (status: number, body: unknown, cors: Record<string, string>, extra: Record<string, string> = {}): Response =>
    new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: {
        'content-type': status === 204 ? 'text/plain' : 'application/x-amz-json-1.1',
        'x-amzn-requestid': uuid(random),
        ...cors,
        ...extra,
      },
    });

  const errorResponse = (err: EmulatorError, cors: Record<string, string>): Response =>
    respond(err.status, err.toBody(), cors, { 'x-amzn-errortype': err.type });

  const handleWire = async (request: Request): Promise<{ response: Response; entry: RequestLogEntry }> => {
    const target = request.headers.get('x-amz-target') ?? '';
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    const at = now();
    const origin = request.headers.get('origin');
    // Signed (admin) operations, and anything that is not a known unsigned one, are private.
    const cors = corsFor(origin, UNSIGNED_OPERATIONS.has(operation) ? 'public' : 'private');
    try {
      if (!target.startsWith(TARGET_PREFIX)) {
        throw new EmulatorError('UnknownOperationException', target ? `Unknown operation ${target}.` : 'Missing X-Amz-Target header.');
      }
      if (!UNSIGNED_OPERATIONS.has(operation)) assertTrusted(origin, `the signed operation ${operation}`);
      const text = await request.text();
      if (!UNSIGNED_OPERATIONS.has(operation) && ALL_OPERATIONS.has(operation)) {
        await checkSignature(request, text);
      }
      let input: unknown;
      try {
        input = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new EmulatorError('SerializationException', 'Start of structure or map found where not expected.');
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new EmulatorError('SerializationException', 'Start of structure or map found where not expected.');
      }
      const output = await run(operation, input as OperationInput, request.headers);
      return { response: respond(200, output, cors), entry: { target: operation, status: 200, at } };
    } catch (err) {
      const e = isEmulatorError(err)
        ? err
        : new EmulatorError('InternalErrorException', `Internal error in the emulator: ${(err as Error)?.message ?? String(err)}`, 500);
      if (!isEmulatorError(err)) console.error('[cognito-edge emulator]', err);
      return { response: errorResponse(e, cors), entry: { target: operation, status: e.status, errorType: e.type, at } };
    }
  };

  const checkSignature = async (request: Request, body: string): Promise<void> => {
    const authorization = request.headers.get('authorization');
    if (!authorization) {
      throw new EmulatorError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    }
    if (!options.credentials) return;
    // Clients sign with the wall clock, so the 15-minute window is measured against it, not against
    // the emulator's (advanceable) clock: advanceTime must not break admin calls.
    await verifySigV4({ request, body, credentials: options.credentials, service: 'cognito-idp', now: Date.now() });
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    const publicCors = corsFor(origin, 'public');
    const respondPublic = (status: number, body: unknown, extra: Record<string, string> = {}) => respond(status, body, publicCors, extra);
    if (request.method === 'OPTIONS') {
      // Echo what the browser asks to send (SDKs add their own x-amz-*/amz-sdk-* headers), except,
      // for an untrusted origin, the headers that carry SigV4 credentials: its pages may not send
      // signed (admin) requests at all.
      const asked = request.headers.get('access-control-request-headers') ?? publicCors['access-control-allow-headers']!;
      const trusted = origin !== null && trustedOrigins.has(origin);
      const allowed = trusted
        ? asked
        : asked
            .split(',')
            .map((h) => h.trim())
            .filter((h) => h !== '' && !SIGNING_HEADERS.has(h.toLowerCase()))
            .join(',');
      return respond(204, null, trusted ? corsFor(origin, 'private') : publicCors, { 'access-control-allow-headers': allowed });
    }
    if (request.method === 'GET') {
      if (url.pathname.startsWith('/_emulator/')) {
        const cors = corsFor(origin, 'private');
        try {
          assertTrusted(origin, url.pathname);
        } catch (err) {
          return errorResponse(err as EmulatorError, cors);
        }
        if (url.pathname === '/_emulator/outbox') return respond(200, { messages: outbox }, cors);
        return respond(404, { __type: 'NotFound', message: `No route for GET ${url.pathname}` }, cors);
      }
      const m = /^\/([^/]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(url.pathname);
      if (m) {
        const poolId = decodeURIComponent(m[1]!);
        if (!state.pools[poolId]) {
          return respondPublic(404, { __type: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
        }
        if (m[2] === 'jwks.json') return respondPublic(200, jwksDocument(await keys()), { 'content-type': 'application/json' });
        const base = `${url.origin}/${poolId}`;
        return respondPublic(
          200,
          {
            issuer: issuer(poolId),
            jwks_uri: `${base}/.well-known/jwks.json`,
            authorization_endpoint: `${url.origin}/oauth2/authorize`,
            token_endpoint: `${url.origin}/oauth2/token`,
            userinfo_endpoint: `${url.origin}/oauth2/userInfo`,
            response_types_supported: ['code', 'token'],
            scopes_supported: ['openid', 'email', 'phone', 'profile'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          },
          { 'content-type': 'application/json' },
        );
      }
      return respondPublic(404, { __type: 'NotFound', message: `No route for GET ${url.pathname}` });
    }
    if (request.method !== 'POST') {
      return respondPublic(405, { __type: 'MethodNotAllowed', message: `Method ${request.method} is not supported.` });
    }
    const { response, entry } = await handleWire(request);
    requests.push(entry);
    if (options.afterRequest) await options.afterRequest(entry);
    return response;
  };

  /** Run a direct helper, then let the host persist (even when the helper failed half-way). */
  const changed = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } finally {
      if (options.afterDirectCall) await options.afterDirectCall();
    }
  };
  const direct = (operation: string, input: OperationInput) => changed(() => run(operation, input, new Headers()));

  const emulator: Emulator = {
    fetch: async (input, init) => handle(input instanceof Request && init === undefined ? input : new Request(input, init)),
    createUserPool: async (input) => (await direct('CreateUserPool', input)).UserPool,
    createUserPoolClient: async (input) => (await direct('CreateUserPoolClient', input)).UserPoolClient,
    createUser: (input) => changed(async () => {
      const ctx = createContext(runtime, 'direct', new Headers());
      const user = await createUserRecord(ctx, ctx.getPool(input.userPoolId), {
        username: input.username,
        attributes: input.attributes ?? {},
        password: input.password,
        status: input.status ?? 'CONFIRMED',
        temporary: input.status === 'FORCE_CHANGE_PASSWORD',
        enforcePolicy: false,
      });
      if (input.enabled === false) user.enabled = false;
      for (const g of input.groups ?? []) if (!user.groups.includes(g)) user.groups.push(g);
      return { username: user.username, sub: user.sub };
    }),
    call: direct,
    outbox,
    lastCode: (filter = {}) => {
      for (let i = outbox.length - 1; i >= 0; i--) {
        const m = outbox[i]!;
        if (m.code === undefined) continue;
        if (filter.username !== undefined && m.username !== filter.username) continue;
        if (filter.purpose !== undefined && m.purpose !== filter.purpose) continue;
        if (filter.userPoolId !== undefined && m.userPoolId !== filter.userPoolId) continue;
        return m.code;
      }
      return undefined;
    },
    advanceTime: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError('advanceTime: ms must be a non-negative number');
      offset += ms;
    },
    now,
    requests,
    setTriggers: (userPoolId, t) => {
      const merged = { ...triggers.get(userPoolId) };
      for (const [k, v] of Object.entries(t)) {
        if (v === undefined) delete merged[k];
        else merged[k] = v;
      }
      triggers.set(userPoolId, merged);
    },
    seed: (doc) => changed(() => applySeed(createContext(runtime, 'seed', new Headers()), doc)),
    snapshot: () => cloneJson(state),
    state,
    jwks: async () => jwksDocument(await keys()),
  };
  return emulator;
}
