// "Nothing happens on import": loading the SRP modules computes no constant (N, k, the g = 2
// table) and draws no randomness; the first use does, once.
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('SRP constants are lazy', () => {
  const RealBigInt = globalThis.BigInt;
  afterEach(() => {
    globalThis.BigInt = RealBigInt;
    vi.restoreAllMocks();
  });

  it('importing computes nothing; srpGroup() builds N and k on first call and then reuses them', async () => {
    vi.resetModules();
    // @noble/hashes builds its SHA-512 constants with BigInt when loaded: load it first.
    await import('@noble/hashes/sha2.js');
    await import('@noble/hashes/hmac.js');
    let calls = 0;
    globalThis.BigInt = new Proxy(RealBigInt, {
      apply(target, self, args) {
        calls++;
        return Reflect.apply(target, self, args);
      },
    });
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const core = { ...(await import('../../src/core/srp.js')), ...(await import('../../src/core/device-verifier.js')) };
    await import('../../src/core/secret-hash.js');
    expect(calls).toBe(0); // k = H(N | g) goes through BigInt('0x…'); N itself is BigInt arithmetic
    expect(random).not.toHaveBeenCalled();
    const g = core.srpGroup();
    expect(calls).toBeGreaterThan(0);
    const after = calls;
    expect(core.srpGroup()).toBe(g);
    expect(calls).toBe(after);
    expect(random).not.toHaveBeenCalled();
  });

  it('the g = 2 table is built by srpWarmUp one row at a time (64 calls), or by the first use', async () => {
    vi.resetModules();
    const core = await import('../../src/core/srp.js');
    const { modPow } = await import('../../src/core/modexp.js');
    const { N } = core.srpGroup(); // N and k only: no table yet
    const answers = Array.from({ length: 64 }, () => core.srpWarmUp());
    expect(answers.indexOf(true)).toBe(63);
    expect(core.srpWarmUp()).toBe(true);
    const e = 0xdeadbeefn << 300n;
    expect(core.srpGeneratorPow(e)).toBe(modPow(2n, e, N));

    vi.resetModules();
    const fresh = await import('../../src/core/srp.js');
    fresh.srpWarmUp();
    expect(fresh.srpGeneratorPow(e)).toBe(modPow(2n, e, N)); // completes the table itself
    expect(fresh.srpWarmUp()).toBe(true);
  });
});
