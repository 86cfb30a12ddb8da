// What the client sends for a signed operation is exactly what @smithy/signature-v4 (the AWS
// SDK's signer) would sign for the same request and time.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient } from '../../src/client/index.js';
import { json, scriptedFetch } from './fake-fetch.js';

describe('client signing', () => {
  it.each([
    ['static credentials', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
    ['temporary credentials', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'FwoGZXIvYXdzE//token==' }],
  ])('%s: Authorization equals @smithy/signature-v4 on the same request', async (_l, credentials) => {
    const now = Date.UTC(2026, 10, 26, 15, 0, 0);
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-central-1', credentials, fetch, now: () => now });
    await client.adminCreateUser({ UserPoolId: 'eu-central-1_AbC', Username: 'ünïcode user', UserAttributes: [{ Name: 'email', Value: 'a@b.c' }] });
    const sent = calls[0]!;
    const smithy = new SignatureV4({ credentials, region: 'eu-central-1', service: 'cognito-idp', sha256: Sha256, applyChecksum: false });
    const { authorization: _a, 'x-amz-date': _d, 'x-amz-security-token': _t, ...unsigned } = sent.headers;
    const signed = (await smithy.sign(
      { method: 'POST', protocol: 'https:', hostname: 'cognito-idp.eu-central-1.amazonaws.com', path: '/', headers: { ...unsigned, host: 'cognito-idp.eu-central-1.amazonaws.com' }, body: sent.body },
      { signingDate: new Date(now) },
    )) as { headers: Record<string, string> };
    expect(sent.url).toBe('https://cognito-idp.eu-central-1.amazonaws.com/');
    expect(sent.headers.authorization).toBe(signed.headers.authorization);
    expect(sent.headers['x-amz-date']).toBe('20261126T150000Z');
    expect(sent.headers['x-amz-security-token']).toBe(signed.headers['x-amz-security-token']);
  });
});
