/**
 * Server-side AWS Signature Version 4 check for admin operations (Web Crypto only).
 * Reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 * @module
 */
import { EmulatorError } from './errors.js';
import { hmacSha256, sha256, timingSafeEqual, toHex, utf8 } from './util.js';

/** Input of {@link verifySigV4}. */
export interface VerifySigV4Options {
  request: Request;
  /** The body text already read from the request. */
  body: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  service: string;
  /** Server time in epoch ms (requests more than 15 minutes off are refused). */
  now: number;
}

const invalidSignature = () =>
  new EmulatorError(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Verify the request's `Authorization` header.
 * @throws IncompleteSignatureException, UnrecognizedClientException, InvalidSignatureException.
 */
export async function verifySigV4(o: VerifySigV4Options): Promise<void> {
  const auth = o.request.headers.get('authorization') ?? '';
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(auth);
  if (!m) {
    throw new EmulatorError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth.split(' ')[0] ?? ''}`,
    );
  }
  const [, credential, signedHeadersRaw, signature] = m as unknown as [string, string, string, string];
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || service === undefined || terminator !== 'aws4_request') {
    throw new EmulatorError('IncompleteSignatureException', 'Credential should be scoped to a valid region.');
  }
  if (accessKeyId !== o.credentials.accessKeyId) {
    throw new EmulatorError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (service !== o.service) {
    throw new EmulatorError('InvalidSignatureException', `Credential should be scoped to correct service: '${o.service}'.`);
  }
  const amzDate = o.request.headers.get('x-amz-date') ?? '';
  const dm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!dm || !amzDate.startsWith(date)) {
    throw new EmulatorError('IncompleteSignatureException', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
  }
  const signedAt = Date.UTC(+dm[1]!, +dm[2]! - 1, +dm[3]!, +dm[4]!, +dm[5]!, +dm[6]!);
  if (Math.abs(o.now - signedAt) > 15 * 60_000) {
    throw new EmulatorError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${new Date(o.now - 15 * 60_000).toISOString().replace(/[-:]|\.\d{3}/g, '')} (${new Date(o.now).toISOString().replace(/[-:]|\.\d{3}/g, '')} - 15 min.)`,
    );
  }
  const url = new URL(o.request.url);
  const signedHeaders = signedHeadersRaw.split(';');
  const headerLines = signedHeaders.map((name) => {
    let value = o.request.headers.get(name);
    if (value === null && name === 'host') value = url.host;
    if (value === null) throw invalidSignature();
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  });
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const payloadHash = o.request.headers.get('x-amz-content-sha256') ?? toHex(await sha256(o.body));
  const path = url.pathname.split('/').map((seg) => uriEncode(decodeURIComponent(seg))).join('/') || '/';
  const canonical = ['POST' === o.request.method ? 'POST' : o.request.method, path, query, headerLines.join(''), signedHeadersRaw, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, toHex(await sha256(canonical))].join('\n');
  let key = await hmacSha256(utf8(`AWS4${o.credentials.secretAccessKey}`), date);
  key = await hmacSha256(key, region);
  key = await hmacSha256(key, service);
  key = await hmacSha256(key, 'aws4_request');
  const expected = toHex(await hmacSha256(key, toSign));
  if (!timingSafeEqual(expected, signature)) throw invalidSignature();
}
