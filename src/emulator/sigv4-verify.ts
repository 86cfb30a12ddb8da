/**
 * Server-side AWS Signature Version 4 check for admin operations: re-signs the request with
 * core's `signRequest` and compares in constant time.
 * Reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 * @module
 */
import { EmulatorError } from './errors.js';
import { signRequest } from '../core/sigv4.js';
import { timingSafeEqual } from './util.js';

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
  // Re-sign with core's signer (one SigV4 implementation in the project), over exactly the
  // headers the client says it signed, at the time it says it signed.
  const signedHeaders = signedHeadersRaw.split(';');
  const headers: Array<[string, string]> = [];
  let sessionToken: string | undefined;
  for (const name of signedHeaders) {
    if (name === 'x-amz-date') continue;
    const value = o.request.headers.get(name);
    if (value === null) {
      if (name === 'host') continue; // the signer falls back to the URL's host, as clients do
      throw invalidSignature();
    }
    if (name === 'x-amz-security-token') sessionToken = value;
    else headers.push([name, value]);
  }
  const { signature: expected, signedHeaders: resigned } = await signRequest(
    { method: o.request.method, url: o.request.url, headers, body: o.body },
    {
      credentials: { ...o.credentials, ...(sessionToken !== undefined ? { sessionToken } : {}) },
      region,
      service,
      date: new Date(signedAt),
    },
  );
  if (resigned !== signedHeadersRaw) throw invalidSignature();
  if (!timingSafeEqual(expected, signature)) throw invalidSignature();
}
