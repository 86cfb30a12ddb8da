/**
 * AWS Signature Version 4 (header signing), on Web Crypto: no dependency, and `crypto.subtle`
 * exists in browsers (secure contexts), workerd, Deno and Node 20+. Pure: the time comes in as
 * an argument. Follows the published algorithm
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html) and is checked
 * against AWS's SigV4 test suite and against @smithy/signature-v4 (test/core/sigv4*).
 *
 * Web Crypto over @noble/hashes: the signer is only needed by the admin surface, and Web Crypto
 * costs no bytes in the bundle (bench/client-size.bench.mjs prints what noble would add).
 */

/** AWS credentials used to sign a request. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Session token of temporary credentials; sent as `X-Amz-Security-Token` and signed. */
  sessionToken?: string;
}

/** A request to sign. Header names are case-insensitive; a repeated name keeps every value. */
export interface SignableRequest {
  method: string;
  /** Absolute URL; path and query are canonicalized (non-S3 rules: the path is normalized). */
  url: string | URL;
  /** Headers as a record or as [name, value] pairs (pairs allow repeated names). */
  headers?: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  body?: string | Uint8Array;
}

/** Signing parameters. */
export interface SignOptions {
  credentials: AwsCredentials;
  region: string;
  service: string;
  /** Signing time; defaults to now. Pass the skew-corrected time. */
  date?: Date;
}

/** The signature and the intermediate strings (useful to debug a mismatch). */
export interface SignResult {
  /** Headers to add to the request: `authorization`, `x-amz-date`, maybe `x-amz-security-token`. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedHeaders: string;
}

// Headers that proxies or the runtime may change: never signed (the list of @smithy/signature-v4).
const UNSIGNABLE =
  /^(authorization|cache-control|connection|expect|from|keep-alive|max-forwards|pragma|referer|te|trailer|transfer-encoding|upgrade|user-agent|x-amzn-trace-id|proxy-.*|sec-.*)$/;

const enc = /* @__PURE__ */ new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(buf)) s += b.toString(16).padStart(2, '0');
  return s;
}

async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? enc.encode(data) : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

async function hmac(key: string | ArrayBuffer | Uint8Array, data: string): Promise<ArrayBuffer> {
  const raw = typeof key === 'string' ? enc.encode(key) : key;
  const k = await crypto.subtle.importKey('raw', raw as ArrayBuffer, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, enc.encode(data));
}

/** RFC 3986 encoding: everything but the unreserved characters `A-Z a-z 0-9 - _ . ~`. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function canonicalPath(pathname: string): string {
  // Non-S3 services: remove empty and '.' segments, resolve '..', keep a trailing slash.
  const out: string[] = [];
  for (const seg of pathname.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(uriEncode(decode(seg)));
  }
  return '/' + out.join('/') + (out.length && pathname.endsWith('/') ? '/' : '');
}

function canonicalQuery(search: string): string {
  const pairs: [string, string][] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    pairs.push([uriEncode(decode(k.replace(/\+/g, ' '))), uriEncode(decode(v.replace(/\+/g, ' ')))]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([k, v]) => k + '=' + v).join('&');
}

/** `20150830T123600Z` for a Date. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/**
 * Signs a request with SigV4 and returns the headers to add.
 *
 * @throws TypeError naming the missing field when credentials, region or service are missing, and
 *   when there is no Web Crypto (`crypto.subtle`: a page served over plain http).
 * @example
 * const { headers } = await signRequest(
 *   { method: 'POST', url: 'https://cognito-idp.eu-west-1.amazonaws.com/', headers: { 'content-type': 'application/x-amz-json-1.1' }, body },
 *   { credentials, region: 'eu-west-1', service: 'cognito-idp' },
 * );
 */
export async function signRequest(request: SignableRequest, options: SignOptions): Promise<SignResult> {
  const { credentials, region, service } = options;
  if (!credentials?.accessKeyId || !credentials.secretAccessKey) {
    throw new TypeError('signRequest: credentials.accessKeyId and credentials.secretAccessKey are required');
  }
  if (!region) throw new TypeError('signRequest: region is required');
  if (!service) throw new TypeError('signRequest: service is required');
  if (!globalThis.crypto?.subtle) throw new TypeError('signRequest: needs Web Crypto (crypto.subtle); a page has it only in a secure context (https)');
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  const date = amzDate(options.date ?? new Date());
  const day = date.slice(0, 8);

  const added: Record<string, string> = { 'x-amz-date': date };
  if (credentials.sessionToken) added['x-amz-security-token'] = credentials.sessionToken;

  const values = new Map<string, string[]>();
  const input = request.headers ?? {};
  const pairs = Array.isArray(input) ? input : Object.entries(input);
  let hasHost = false;
  for (const [name, value] of pairs as Iterable<readonly [string, string]>) {
    const key = name.toLowerCase();
    // hasOwn, not `in`: `constructor` or `__proto__` are header names too, and must be signed.
    if (UNSIGNABLE.test(key) || Object.hasOwn(added, key)) continue;
    if (key === 'host') hasHost = true;
    // Line breaks become spaces, runs of spaces and tabs collapse, ends are trimmed
    // (the test suite's get-header-value-trim).
    const v = String(value).replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
    const list = values.get(key);
    if (list) list.push(v);
    else values.set(key, [v]);
  }
  if (!hasHost) values.set('host', [url.host]);
  for (const [k, v] of Object.entries(added)) values.set(k, [v]);
  const names = [...values.keys()].sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((n) => n + ':' + values.get(n)!.join(',') + '\n').join('');

  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(url.pathname),
    canonicalQuery(url.search),
    canonicalHeaders,
    signedHeaders,
    // A caller-supplied x-amz-content-sha256 is the payload hash (S3-style and the test suite).
    values.get('x-amz-content-sha256')?.[0] ?? (await sha256Hex(request.body ?? '')),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, await sha256Hex(canonicalRequest)].join('\n');

  let key = await hmac('AWS4' + credentials.secretAccessKey, day);
  key = await hmac(key, region);
  key = await hmac(key, service);
  key = await hmac(key, 'aws4_request');
  const signature = toHex(await hmac(key, stringToSign));

  return {
    headers: {
      ...added,
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    canonicalRequest,
    stringToSign,
    signature,
    signedHeaders,
  };
}
