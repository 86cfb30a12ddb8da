// The default endpoint of every partition agrees with what @aws-sdk/client-cognito-identity-provider
// resolves (its endpoint rules over @aws-sdk/core's partitions), and regions of every partition are
// accepted as `region` and inside pool ids.
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient, CognitoUnsignedClient, regionFromPoolId } from '../../src/client/index.js';
import { json, scriptedFetch } from './fake-fetch.js';

async function sdkUrl(region: string): Promise<string> {
  let url = '';
  const client = new sdk.CognitoIdentityProviderClient({
    region,
    maxAttempts: 1,
    requestHandler: {
      handle: async (req: { protocol: string; hostname: string; path: string }) => {
        url = `${req.protocol}//${req.hostname}${req.path}`;
        throw new Error('stop');
      },
    } as never,
  });
  await client.send(new sdk.GetUserCommand({ AccessToken: 't' })).catch(() => {});
  return url;
}

async function ourUrl(region: string): Promise<string> {
  const { fetch, calls } = scriptedFetch([json(200, {})]);
  await new CognitoUnsignedClient({ region, fetch }).send('GetUser', { AccessToken: 't' });
  return calls[0]!.url;
}

// The regions the SDK's partitions list, one or two per partition, and made-up ones that only its
// regex matches (and a near miss that falls back to aws, as in the SDK).
const regions = [
  'eu-west-1', 'us-east-1', 'ap-southeast-5', 'mx-central-1',
  'cn-north-1', 'cn-northwest-1', 'cn-south-7',
  'us-gov-west-1', 'us-gov-east-1',
  'us-iso-east-1', 'us-iso-west-1',
  'us-isob-east-1', 'us-isob-west-9',
  'us-isof-south-1', 'us-isof-east-1',
  'eu-isoe-west-1',
  'eusc-de-east-1', 'eusc-de-west-2', 'eusc-fr-east-1',
  'cn-north-east-1',
];

describe('endpoints by partition', () => {
  it.each(regions)('%s: the same host as the AWS SDK', async (region) => {
    const theirs = await sdkUrl(region);
    expect(theirs).toMatch(/^https:\/\/cognito-idp\./);
    expect(await ourUrl(region)).toBe(theirs);
  });

  it('pins the suffix of each partition', async () => {
    expect(await ourUrl('cn-north-1')).toBe('https://cognito-idp.cn-north-1.amazonaws.com.cn/');
    expect(await ourUrl('us-gov-west-1')).toBe('https://cognito-idp.us-gov-west-1.amazonaws.com/');
    expect(await ourUrl('us-iso-east-1')).toBe('https://cognito-idp.us-iso-east-1.c2s.ic.gov/');
    expect(await ourUrl('us-isob-east-1')).toBe('https://cognito-idp.us-isob-east-1.sc2s.sgov.gov/');
    expect(await ourUrl('eu-isoe-west-1')).toBe('https://cognito-idp.eu-isoe-west-1.cloud.adc-e.uk/');
    expect(await ourUrl('us-isof-south-1')).toBe('https://cognito-idp.us-isof-south-1.csp.hci.ic.gov/');
    expect(await ourUrl('eusc-de-east-1')).toBe('https://cognito-idp.eusc-de-east-1.amazonaws.eu/');
  });

  it('takes regions of every partition from pool ids, and signs with them', async () => {
    expect(regionFromPoolId('eusc-de-east-1_AbC123')).toBe('eusc-de-east-1');
    expect(regionFromPoolId('us-isob-east-1_AbC123')).toBe('us-isob-east-1');
    expect(regionFromPoolId('cn-north-1_AbC123')).toBe('cn-north-1');
    expect(regionFromPoolId('abcde-east-1_AbC123')).toBeUndefined();
    const { fetch, calls } = scriptedFetch([json(200, {})]);
    const client = new CognitoIdentityProviderClient({ userPoolId: 'eusc-de-east-1_AbC123', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' }, fetch });
    await client.listUsers({ UserPoolId: 'eusc-de-east-1_AbC123' });
    expect(calls[0]!.url).toBe('https://cognito-idp.eusc-de-east-1.amazonaws.eu/');
    expect(calls[0]!.headers.authorization).toContain('/eusc-de-east-1/cognito-idp/aws4_request');
  });

  it('still refuses what is not a region', () => {
    for (const region of ['eu-west-1/../evil', 'EU-WEST-1', 'eu-west', 'abcde-east-1', 'eu-west-1.evil.com']) {
      expect(() => new CognitoUnsignedClient({ region }), region).toThrow(/options\.region/);
    }
  });
});
