/**
 * ListUsers' Filter parser and matcher: values with quotes and backslashes round-trip through
 * the documented escaping (property test), `=` is exact and `^=` is a prefix match, and
 * malformed filters are refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { parseFilter } from '../../src/emulator/list-users.js';

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

describe('ListUsers Filter', () => {
  it('parses any escaped value back to itself', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('=', '^='), (value, op) => {
        const f = parseFilter(`given_name ${op} "${escape(value)}"`);
        expect(f).toEqual({ attribute: 'given_name', prefix: op === '^=', value });
      }),
    );
  });

  it('finds exactly the users whose value equals / starts with the filter value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', '"', '\\', ' ', 'é') }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (names, pick) => {
          const emu = createEmulator();
          const pool = (await emu.createUserPool({ PoolName: 'p' })).Id;
          for (const [i, n] of names.entries()) {
            await emu.createUser({ userPoolId: pool, username: `u${i}`, password: 'Passw0rd!', attributes: { family_name: n } });
          }
          const target = names[pick % names.length]!;
          const list = async (Filter: string) => {
            const out = await emu.call('ListUsers', { UserPoolId: pool, Filter });
            return (out.Users as Array<{ Username: string }>).map((u) => u.Username).sort();
          };
          const idx = (pred: (n: string) => boolean) => names.flatMap((n, i) => (pred(n) ? [`u${i}`] : [])).sort();
          const lower = (s: string) => s.toLowerCase();
          expect(await list(`family_name = "${escape(target)}"`)).toEqual(idx((n) => lower(n) === lower(target)));
          const prefix = target.slice(0, 1);
          expect(await list(`family_name ^= "${escape(prefix)}"`)).toEqual(idx((n) => lower(n).startsWith(lower(prefix))));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('pages stay consistent while users are added and deleted between pages; tokens are bound to their query', async () => {
    const emu = createEmulator();
    const pool = (await emu.createUserPool({ PoolName: 'p' })).Id;
    for (const u of ['b', 'd', 'f', 'h']) await emu.createUser({ userPoolId: pool, username: u, password: 'Passw0rd!' });
    const first = await emu.call('ListUsers', { UserPoolId: pool, Limit: 2 });
    expect(first.Users.map((u: { Username: string }) => u.Username)).toEqual(['b', 'd']);
    await emu.createUser({ userPoolId: pool, username: 'a', password: 'Passw0rd!' }); // before the cursor: not seen now
    await emu.createUser({ userPoolId: pool, username: 'e', password: 'Passw0rd!' }); // after it: seen
    await emu.call('AdminDeleteUser', { UserPoolId: pool, Username: 'f' });
    const second = await emu.call('ListUsers', { UserPoolId: pool, Limit: 2, PaginationToken: first.PaginationToken });
    expect(second.Users.map((u: { Username: string }) => u.Username)).toEqual(['e', 'h']);
    expect(second.PaginationToken).toBeUndefined();
    await expect(
      emu.call('ListUsers', { UserPoolId: pool, Limit: 2, PaginationToken: first.PaginationToken, Filter: 'username ^= "h"' }),
    ).rejects.toMatchObject({ type: 'InvalidParameterException' });
  });

  it('refuses malformed filters and unsupported attributes', () => {
    for (const bad of ['email', 'email = x', 'email = "x', 'email != "x"', 'email = "a" extra', 'custom:tier = "x"', 'address = "x"']) {
      expect(() => parseFilter(bad), bad).toThrow(expect.objectContaining({ type: 'InvalidParameterException' }));
    }
    expect(parseFilter('')).toBeUndefined();
    expect(parseFilter('   ')).toBeUndefined();
    expect(parseFilter('cognito:user_status = "CONFIRMED"')).toEqual({ attribute: 'cognito:user_status', prefix: false, value: 'CONFIRMED' });
  });
});
