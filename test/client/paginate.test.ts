// paginate() follows each operation's own token member until the service returns none.
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient, paginate } from '../../src/client/index.js';
import { json, scriptedFetch } from './fake-fetch.js';

const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };

describe('paginate', () => {
  it('listUsers follows PaginationToken', async () => {
    const { fetch, calls } = scriptedFetch([
      json(200, { Users: [{ Username: 'a', UserCreateDate: 1 }], PaginationToken: 't1' }),
      json(200, { Users: [{ Username: 'b' }], PaginationToken: 't2' }),
      json(200, { Users: [{ Username: 'c' }] }),
    ]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    const names: string[] = [];
    for await (const page of paginate(client, 'listUsers', { UserPoolId: 'eu-west-1_p', Limit: 1 })) {
      names.push(...(page.Users ?? []).map((u) => u.Username!));
    }
    expect(names).toEqual(['a', 'b', 'c']);
    expect(calls.map((c) => JSON.parse(c.body))).toEqual([
      { UserPoolId: 'eu-west-1_p', Limit: 1 },
      { UserPoolId: 'eu-west-1_p', Limit: 1, PaginationToken: 't1' },
      { UserPoolId: 'eu-west-1_p', Limit: 1, PaginationToken: 't2' },
    ]);
  });

  it('adminListGroupsForUser follows NextToken and starts from a given token', async () => {
    const { fetch, calls } = scriptedFetch([json(200, { Groups: [], NextToken: 'n2' }), json(200, { Groups: [{ GroupName: 'g', CreationDate: 1700000000 }] })]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    const pages = [];
    for await (const p of paginate(client, 'adminListGroupsForUser', { UserPoolId: 'eu-west-1_p', Username: 'u', NextToken: 'n1' })) pages.push(p);
    expect(pages).toHaveLength(2);
    expect(pages[1]!.Groups![0]!.CreationDate).toEqual(new Date(1_700_000_000_000));
    expect(calls.map((c) => JSON.parse(c.body).NextToken)).toEqual(['n1', 'n2']);
    expect(calls.map((c) => c.headers['x-amz-target'])).toEqual([
      'AWSCognitoIdentityProviderService.AdminListGroupsForUser',
      'AWSCognitoIdentityProviderService.AdminListGroupsForUser',
    ]);
  });

  it('stops when the service repeats a token instead of looping forever', async () => {
    const { fetch, calls } = scriptedFetch([json(200, { NextToken: 'same' }), json(200, { NextToken: 'same' }), json(200, { NextToken: 'same' })]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    let n = 0;
    for await (const _ of paginate(client, 'listGroups', { UserPoolId: 'eu-west-1_p' })) n++;
    expect(n).toBe(2);
    expect(calls).toHaveLength(2);
  });

  it('yields one page when the service answers the starting token again (as the SDK, stopOnSameToken)', async () => {
    const { fetch, calls } = scriptedFetch([json(200, { Groups: [{ GroupName: 'a' }], NextToken: 'T0' }), json(200, { NextToken: 'T0' })]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    const pages = [];
    for await (const page of paginate(client, 'listGroups', { UserPoolId: 'eu-west-1_p', NextToken: 'T0' })) pages.push(page);
    expect(pages).toEqual([{ Groups: [{ GroupName: 'a' }], NextToken: 'T0' }]);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.body).NextToken).toBe('T0');
  });

  it('is lazy: breaking out early sends no further request', async () => {
    const { fetch, calls } = scriptedFetch([json(200, { UserPools: [], NextToken: 'x' }), json(200, {})]);
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials, fetch });
    for await (const _ of paginate(client, 'listUserPools', { MaxResults: 10 })) break;
    expect(calls).toHaveLength(1);
  });

  it('refuses an operation that is not paginated', async () => {
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials });
    const it = paginate(client, 'adminGetUser' as never, {} as never);
    await expect(it.next()).rejects.toThrow(/not a paginated operation/);
  });
});

describe('paginate with the lean client', () => {
  it('listDevices through CognitoUnsignedClient.send, unsigned', async () => {
    const { CognitoUnsignedClient } = await import('../../src/client/index.js');
    const { fetch, calls } = scriptedFetch([json(200, { Devices: [{ DeviceKey: 'd1' }], PaginationToken: 'p' }), json(200, { Devices: [{ DeviceKey: 'd2', DeviceCreateDate: 2 }] })]);
    const lean = new CognitoUnsignedClient({ region: 'eu-west-1', fetch });
    const keys: string[] = [];
    for await (const page of paginate(lean, 'listDevices', { AccessToken: 't' })) keys.push(...page.Devices!.map((d) => d.DeviceKey!));
    expect(keys).toEqual(['d1', 'd2']);
    expect(calls.map((c) => [c.headers['x-amz-target'], c.headers.authorization, JSON.parse(c.body).PaginationToken])).toEqual([
      ['AWSCognitoIdentityProviderService.ListDevices', undefined, undefined],
      ['AWSCognitoIdentityProviderService.ListDevices', undefined, 'p'],
    ]);
  });
});
