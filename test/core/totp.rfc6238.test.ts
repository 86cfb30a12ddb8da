// Proves totp()/hotp()/verifyTotp() against RFC 6238 Appendix B and RFC 4226 Appendix D,
// and that bad parameters fail naming the field.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { base32Encode, hotp, totp, verifyTotp } from '../../src/core/index.js';
import { RFC6238, RFC6238_SEEDS } from './hmac-hkdf-totp.rfc-vectors.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('RFC 6238 Appendix B', () => {
  for (const row of RFC6238) {
    for (const algorithm of ['SHA-1', 'SHA-256', 'SHA-512'] as const) {
      it(`T=${row.time} ${algorithm} -> ${row[algorithm]}`, () => {
        const seed = enc(RFC6238_SEEDS[algorithm]);
        expect(totp(seed, { time: row.time * 1000, digits: 8, algorithm })).toBe(row[algorithm]);
        // the same secret given as base32 text, as Cognito's SecretCode is
        expect(totp(base32Encode(seed), { time: row.time * 1000, digits: 8, algorithm })).toBe(row[algorithm]);
        // the 6-digit code is the last 6 digits of the 8-digit one (same truncated integer)
        expect(totp(seed, { time: row.time * 1000, algorithm })).toBe(row[algorithm].slice(2));
        expect(verifyTotp(seed, row[algorithm], { time: row.time * 1000, digits: 8, algorithm, window: 0 })).toBe(true);
      });
    }
  }
});

describe('RFC 4226 Appendix D (HOTP)', () => {
  const codes = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  codes.forEach((code, counter) => {
    it(`counter ${counter} -> ${code}`, () => {
      expect(hotp(enc('12345678901234567890'), counter)).toBe(code);
    });
  });
});

describe('counters above 32 bits (OpenSSL HMAC as the reference)', () => {
  const key = enc('12345678901234567890');
  const reference = (counter: bigint, digits: number) => {
    const msg = new Uint8Array(8);
    new DataView(msg.buffer).setBigUint64(0, counter);
    const mac = createHmac('sha1', key).update(msg).digest();
    const o = mac[mac.length - 1]! & 15;
    return String((mac.readUInt32BE(o) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
  };
  for (const c of [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 40 + 123, Number.MAX_SAFE_INTEGER]) {
    it(`counter ${c}`, () => {
      expect(hotp(key, c, { digits: 8 })).toBe(reference(BigInt(c), 8));
    });
  }
  it('totp with period 1 far in the future uses the same 64-bit counter', () => {
    const seconds = 2 ** 33 + 7;
    expect(totp(key, { time: seconds * 1000, period: 1 })).toBe(reference(BigInt(seconds), 6));
  });
});

describe('totp defaults and parameters', () => {
  const seed = enc(RFC6238_SEEDS['SHA-1']);
  it('defaults to SHA-1, 30 s, 6 digits', () => {
    expect(totp(seed, { time: 59_000 })).toBe('287082');
    expect(totp(seed, { time: 59_000 })).toBe(totp(seed, { time: 30_000, period: 30, digits: 6, algorithm: 'SHA-1' }));
    expect(totp(seed, { time: 59_000 })).not.toBe(totp(seed, { time: 60_000 }));
  });
  it('uses Date.now() when no time is given', () => {
    const before = totp(seed, { time: Date.now() });
    const now = totp(seed);
    const after = totp(seed, { time: Date.now() });
    expect([before, after]).toContain(now);
  });
  it('other periods change the step (period 60 at T=59 is step 0)', () => {
    expect(totp(seed, { time: 59_000, period: 60 })).toBe(hotp(seed, 0));
    expect(totp(seed, { time: 1111111109_000, period: 60 })).toBe(hotp(seed, Math.floor(1111111109 / 60)));
  });
  it('epoch (T0) shifts the counter', () => {
    expect(totp(seed, { time: 1000_000 + 59_000, epoch: 1000 })).toBe('287082');
  });
  it('allows 1 to 10 digits', () => {
    expect(totp(seed, { time: 59_000, digits: 10 })).toMatch(/^\d{10}$/);
    expect(totp(seed, { time: 59_000, digits: 1 })).toBe('2');
  });
  it.each([
    [{ digits: 0 }, /digits/],
    [{ digits: 11 }, /digits/],
    [{ digits: 6.5 }, /digits/],
    [{ period: 0 }, /period/],
    [{ time: -1 }, /time/],
    [{ time: Number.NaN }, /time/],
    [{ algorithm: 'MD5' }, /algorithm/],
    [{ algorithm: 'toString' }, /algorithm/],
  ])('rejects %j naming the field', (opts, msg) => {
    expect(() => totp(seed, opts as never)).toThrow(msg);
  });
  it('refuses a time whose step counter is past 2^53 instead of rounding it', () => {
    // 1e300 and Number.MAX_VALUE used to give the same code; hotp() refuses such counters too.
    for (const time of [1e300, Number.MAX_VALUE, 1e21]) {
      expect(() => totp(seed, { time })).toThrow(/^time: too far in the future/);
      expect(() => verifyTotp(seed, '123456', { time })).toThrow(/^time: too far in the future/);
    }
    expect(totp(seed, { time: 8.64e15 })).toMatch(/^\d{6}$/); // the last time a Date can hold
    expect(totp(seed, { time: 8.64e15, period: 1 })).toBe(hotp(seed, 8.64e12));
  });
  it('rejects a bad secret naming the field', () => {
    expect(() => totp('not base32!', { time: 0 })).toThrow(/secret/);
    expect(() => totp('', { time: 0 })).toThrow(/secret/);
    expect(() => totp(new Uint8Array(0), { time: 0 })).toThrow(/secret/);
    expect(() => totp(42 as never, { time: 0 })).toThrow(/secret/);
  });
});

describe('verifyTotp', () => {
  const seed = enc(RFC6238_SEEDS['SHA-1']);
  const t = 1111111109_000;
  const at = (step: number) => totp(seed, { time: t + step * 30_000 });
  it('accepts the current step and one each side by default', () => {
    expect(verifyTotp(seed, at(0), { time: t })).toBe(true);
    expect(verifyTotp(seed, at(-1), { time: t })).toBe(true);
    expect(verifyTotp(seed, at(1), { time: t })).toBe(true);
  });
  it('refuses codes outside the window', () => {
    const far = at(2);
    expect(verifyTotp(seed, far, { time: t })).toBe(far === at(0) || far === at(1) || far === at(-1));
    expect(verifyTotp(seed, at(-1), { time: t, window: 0 })).toBe(at(-1) === at(0));
    expect(verifyTotp(seed, at(2), { time: t, window: 2 })).toBe(true);
  });
  it('refuses wrong, short, long and non-digit codes without throwing', () => {
    const good = at(0);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(seed, wrong, { time: t, window: 0 })).toBe(false);
    expect(verifyTotp(seed, good.slice(1), { time: t })).toBe(false);
    expect(verifyTotp(seed, good + '0', { time: t })).toBe(false);
    expect(verifyTotp(seed, 'abcdef', { time: t })).toBe(false);
    expect(verifyTotp(seed, ` ${good} `, { time: t })).toBe(true);
  });
  it('never looks at negative counters', () => {
    expect(verifyTotp(seed, hotp(seed, 0), { time: 1000 })).toBe(true);
    // Counter -1 written as 8 bytes would be 0xFF…FF (2^64 - 1): its code must not be accepted at T = 1 s.
    const mac = createHmac('sha1', seed).update(Buffer.alloc(8, 0xff)).digest();
    const o = mac[19]! & 0x0f;
    const wrapped = String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
    expect([hotp(seed, 0), hotp(seed, 1)]).not.toContain(wrapped);
    expect(verifyTotp(seed, wrapped, { time: 1000 })).toBe(false);
  });
  it('fails on a non-string code naming the field', () => {
    expect(() => verifyTotp(seed, 123456 as never, { time: t })).toThrow(/code/);
    expect(() => verifyTotp(seed, '123456', { time: t, window: -1 })).toThrow(/window/);
  });
});
