// AWS's SigV4 test suite (cases transcribed into test/core/sigv4-suite/*.json, each citing its
// source file in awslabs/aws-c-auth): our signer must add exactly the suite's X-Amz-Date and
// Authorization (which pins the canonical request, string to sign and signing key).
//
// Not transcribed, on purpose:
// - the *-unnormalized cases (get-space, get-slash, get-slashes, get-slash-dot-slash,
//   get-slash-pointless-dot, get-relative, get-relative-relative): context.json normalize false is
//   S3's path rule; the signer always normalizes, as every other service (cognito-idp) expects;
// - post-sts-header-after: the token is added after signing and left unsigned (omit_session_token),
//   a mode the signer does not have (Cognito signs the token); without it the case is post-vanilla;
// - post-header-key-case, get-vanilla-query-order-key, get-vanilla-query-order-value: no
//   header-signed-request.txt for them in aws-c-auth's v4 suite as available to us (only the 2011
//   suite's versions, which sign a Date header instead of X-Amz-Date).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/core/sigv4.js';

interface SuiteCase {
  name: string;
  source: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  service: string;
  timestamp: string;
  request: { method: string; host: string; path: string; headers: [string, string][]; body: string };
  expected: { 'x-amz-date': string; authorization: string };
}

const dir = new URL('./sigv4-suite/', import.meta.url);
const cases: SuiteCase[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')));

describe("AWS SigV4 test suite", () => {
  it('has the transcribed cases, each with its source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    for (const c of cases) expect(c.source).toMatch(/^https:\/\/github\.com\/awslabs\/aws-c-auth\/blob\/[0-9a-f]{40}\/tests\/aws-signing-test-suite\/v4\//);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await signRequest(
      { method: c.request.method, url: `https://${c.request.host}${c.request.path}`, headers: c.request.headers, body: c.request.body },
      { credentials: c.credentials, region: c.region, service: c.service, date: new Date(c.timestamp) },
    );
    expect(result.headers['x-amz-date']).toBe(c.expected['x-amz-date']);
    expect(result.headers.authorization).toBe(c.expected.authorization);
    if (c.credentials.sessionToken) expect(result.headers['x-amz-security-token']).toBe(c.credentials.sessionToken);
  });

  it('post-sts-header-before: the token as credentials.sessionToken signs like the same token sent as a header', async () => {
    const c = cases.find((x) => x.name === 'post-sts-header-before')!;
    const token = c.request.headers.find(([n]) => n.toLowerCase() === 'x-amz-security-token')![1];
    const result = await signRequest(
      { method: c.request.method, url: `https://${c.request.host}${c.request.path}`, headers: c.request.headers.filter(([n]) => n.toLowerCase() !== 'x-amz-security-token'), body: c.request.body },
      { credentials: { ...c.credentials, sessionToken: token }, region: c.region, service: c.service, date: new Date(c.timestamp) },
    );
    expect(result.headers.authorization).toBe(c.expected.authorization);
    expect(result.headers['x-amz-security-token']).toBe(token);
  });

  it('exposes the canonical request and string to sign it signed (scope, sorted query)', async () => {
    const r = await signRequest(
      { method: 'GET', url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } },
      { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, region: 'us-east-1', service: 'iam', date: new Date('2015-08-30T12:36:00Z') },
    );
    expect(r.stringToSign.split('\n').slice(0, 3)).toEqual(['AWS4-HMAC-SHA256', '20150830T123600Z', '20150830/us-east-1/iam/aws4_request']);
    expect(r.canonicalRequest.split('\n').slice(0, 3)).toEqual(['GET', '/', 'Action=ListUsers&Version=2010-05-08']);
  });

  it('names the missing field', async () => {
    await expect(signRequest({ method: 'GET', url: 'https://x/' }, { credentials: { accessKeyId: '', secretAccessKey: 's' }, region: 'r', service: 's' })).rejects.toThrow(/credentials\.accessKeyId/);
    await expect(signRequest({ method: 'GET', url: 'https://x/' }, { credentials: { accessKeyId: 'a', secretAccessKey: 's' }, region: '', service: 's' })).rejects.toThrow(/region/);
  });
});
