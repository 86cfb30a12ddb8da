// Header names that are also Object.prototype members (constructor, toString, __proto__...) are
// signed like any other, as @smithy/signature-v4 signs them; and signing without Web Crypto fails
// with a message that says what is missing.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signRequest } from '../../src/core/sigv4.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const date = new Date('2026-01-01T12:00:00Z');

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('header names that are Object.prototype members', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf'])('%s is signed, as smithy signs it', async (name) => {
    const pairs: [string, string][] = [
      ['content-type', 'application/x-amz-json-1.1'],
      [name, 'x'],
    ];
    const ours = await signRequest({ method: 'POST', url: 'https://cognito-idp.eu-west-1.amazonaws.com/', headers: pairs, body: '{}' }, { credentials, region: 'eu-west-1', service: 'cognito-idp', date });
    expect(ours.signedHeaders.split(';')).toContain(name.toLowerCase());
    const headers = Object.create(null) as Record<string, string>;
    for (const [k, v] of pairs) headers[k] = v;
    headers.host = 'cognito-idp.eu-west-1.amazonaws.com';
    const smithy = new SignatureV4({ credentials, region: 'eu-west-1', service: 'cognito-idp', sha256: Sha256, applyChecksum: false });
    const signed = (await smithy.sign({ method: 'POST', protocol: 'https:', hostname: 'cognito-idp.eu-west-1.amazonaws.com', path: '/', headers, body: '{}' }, { signingDate: date })) as {
      headers: Record<string, string>;
    };
    expect(ours.headers.authorization).toBe(signed.headers.authorization);
  });

  it('a caller header still cannot replace x-amz-date or x-amz-security-token', async () => {
    const r = await signRequest(
      { method: 'POST', url: 'https://cognito-idp.eu-west-1.amazonaws.com/', headers: { 'X-Amz-Date': '19990101T000000Z', 'X-Amz-Security-Token': 'forged' } },
      { credentials: { ...credentials, sessionToken: 'real' }, region: 'eu-west-1', service: 'cognito-idp', date },
    );
    expect(r.canonicalRequest).toContain('x-amz-date:20260101T120000Z\n');
    expect(r.canonicalRequest).toContain('x-amz-security-token:real\n');
    expect(r.canonicalRequest).not.toContain('forged');
  });
});

describe('without Web Crypto', () => {
  it('throws a TypeError that names crypto.subtle (not "reading \'digest\'")', async () => {
    vi.stubGlobal('crypto', {});
    await expect(
      signRequest({ method: 'POST', url: 'https://cognito-idp.eu-west-1.amazonaws.com/' }, { credentials, region: 'eu-west-1', service: 'cognito-idp', date }),
    ).rejects.toThrow(/^signRequest: needs Web Crypto \(crypto\.subtle\)/);
  });
});
