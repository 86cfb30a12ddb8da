// The SRP building blocks on their own: group constants, pool name, TIMESTAMP format, startSrp.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatSrpTimestamp, padHex, poolNameFromId, srpGroup, startSrp } from '../../src/core/index.js';

const require = createRequire(import.meta.url);
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper').default;

// RFC 3526 §4, copied from the RFC text.
const RFC3526_3072 =
  'FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD ' +
  'EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED ' +
  'EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D C2007CB8 A163BF05 98DA4836 1C55D39A 69163FA8 FD24CF5F ' +
  '83655D23 DCA3AD96 1C62F356 208552BB 9ED52907 7096966D 670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B ' +
  'E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9 DE2BCBF6 95581718 3995497C EA956AE5 15D22618 98FA0510 ' +
  '15728E5A 8AAAC42D AD33170D 04507A33 A85521AB DF1CBA64 ECFB8504 58DBEF0A 8AEA7157 5D060C7D B3970F85 A6E1E4C7 ' +
  'ABF5AE8C DB0933D7 1E8C94E0 4A25619D CEE3D226 1AD2EE6B F12FFA06 D98A0864 D8760273 3EC86A64 521F2B18 177B200C ' +
  'BBE11757 7A615D6C 770988C0 BAD946E2 08E24FA0 74E5AB31 43DB5BFC E0FD108E 4B82D120 A93AD2CA FFFFFFFF FFFFFFFF';

describe('srpGroup', () => {
  it('is RFC 3526 group 15 with g = 2 and k = H(padHex(N) | padHex(g))', () => {
    const { N, g, k } = srpGroup();
    expect(N).toBe(BigInt('0x' + RFC3526_3072.replace(/ /g, '')));
    expect(g).toBe(2n);
    const h = createHash('sha256').update(Buffer.from(padHex(N) + '02', 'hex')).digest('hex');
    expect(k).toBe(BigInt('0x' + h));
    expect(srpGroup()).toBe(srpGroup()); // built once
  });
});

describe('poolNameFromId', () => {
  it('takes the part after the underscore', () => {
    expect(poolNameFromId('eu-west-1_AbC')).toBe('AbC');
    expect(poolNameFromId('us-gov-west-1_x9Y8z7')).toBe('x9Y8z7');
    for (const bad of ['AbC', 'eu-west-1_', '_AbC', 'eu west_1', 'eu-west-1_Ab-C', 42]) {
      expect(() => poolNameFromId(bad as string)).toThrow(/userPoolId/);
    }
  });
});

describe('formatSrpTimestamp', () => {
  afterEach(() => vi.useRealTimers());

  it('matches the documented example: day not zero-padded, time zero-padded', () => {
    expect(formatSrpTimestamp(new Date(Date.UTC(2023, 8, 5, 7, 4, 11)))).toBe('Tue Sep 5 07:04:11 UTC 2023');
    expect(formatSrpTimestamp(new Date(Date.UTC(2024, 1, 29, 0, 0, 0)))).toBe('Thu Feb 29 00:00:00 UTC 2024');
    expect(formatSrpTimestamp(new Date(Date.UTC(2026, 11, 31, 23, 59, 59, 999)))).toBe('Thu Dec 31 23:59:59 UTC 2026');
  });

  it('equals amazon-cognito-identity-js DateHelper for any instant (UTC, whatever the local zone)', () => {
    vi.useFakeTimers();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }), (ms) => {
        vi.setSystemTime(ms);
        expect(formatSrpTimestamp(new Date(ms))).toBe(new DateHelper().getNowString());
      }),
      { numRuns: 500 },
    );
  });
});

describe('startSrp', () => {
  it('draws a 512-bit private value from the injected source and computes A = g^a mod N', () => {
    const { N } = srpGroup();
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255);
    const calls: number[] = [];
    const s = startSrp({ random: (n) => (calls.push(n), bytes.slice(0, n)) });
    expect(calls).toEqual([64]);
    expect(s.a).toBe(BigInt('0x' + Buffer.from(bytes).toString('hex')));
    let A = 1n;
    for (const bit of s.a.toString(2)) A = (A * A * (bit === '1' ? 2n : 1n)) % N; // plain square-and-multiply
    expect(s.A).toBe(A);
    expect(s.SRP_A).toBe(A.toString(16));
  });

  it('uses crypto.getRandomValues by default: fresh values every time', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const one = startSrp();
    const two = startSrp();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(one.a).not.toBe(two.a);
    expect(one.a < 1n << 512n && one.a > 0n).toBe(true);
    expect(one.SRP_A).not.toBe(two.SRP_A);
  });
});

describe('formatSrpTimestamp limits', () => {
  it('refuses invalid dates and years outside 1000-9999', () => {
    expect(() => formatSrpTimestamp(new Date(NaN))).toThrow(/^now: /);
    expect(() => formatSrpTimestamp(new Date(Date.UTC(10000, 0, 1)))).toThrow(/^now: /);
    expect(() => formatSrpTimestamp(new Date(Date.UTC(-5, 0, 1)))).toThrow(/^now: /);
    expect(() => formatSrpTimestamp('2023-09-05' as unknown as Date)).toThrow(/^now: /);
    expect(formatSrpTimestamp(new Date(Date.UTC(1000, 0, 1, 1, 1, 1)))).toBe('Wed Jan 1 01:01:01 UTC 1000');
  });
});

describe('formatSrpTimestamp in another process locale and time zone', () => {
  it('prints the same English UTC text under TZ=Pacific/Kiritimati (UTC+14) and a Japanese/German locale', async () => {
    const { buildSync } = await import('esbuild');
    const { spawnSync } = await import('node:child_process');
    const code = buildSync({
      entryPoints: [new URL('../../src/core/srp.ts', import.meta.url).pathname],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'error',
    }).outputFiles[0]!.text;
    const script = `const m = await import('data:text/javascript;base64,${Buffer.from(code).toString('base64')}');
      console.log(m.formatSrpTimestamp(new Date(Date.UTC(2023, 8, 5, 23, 4, 11))));`;
    for (const env of [{ TZ: 'Pacific/Kiritimati', LC_ALL: 'ja_JP.UTF-8', LANG: 'ja_JP.UTF-8' }, { TZ: 'America/Adak', LC_ALL: 'de_DE.UTF-8' }]) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('Tue Sep 5 23:04:11 UTC 2023');
    }
  });
});
