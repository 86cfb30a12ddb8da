// Proves otpauthUri() builds Key URI Format URIs whose label and parameters survive a parse
// with the WHATWG URL parser, whatever colons, spaces or symbols the issuer and account hold.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Encode, otpauthUri } from '../../src/core/index.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

function parse(uri: string) {
  const url = new URL(uri);
  const label = url.pathname.replace(/^\/\//, '').replace(/^totp\//, '').replace(/^\//, '');
  // The label separator is the only literal colon; each side is decoded on its own.
  const parts = label.split(':');
  return {
    protocol: url.protocol,
    host: url.host,
    pathname: url.pathname,
    labelParts: parts.map(decodeURIComponent),
    params: Object.fromEntries(url.searchParams),
  };
}

describe('otpauthUri', () => {
  it('plain account, no issuer', () => {
    expect(otpauthUri({ secret: SECRET, accountName: 'alice' })).toBe(`otpauth://totp/alice?secret=${SECRET}`);
  });
  it('issuer goes into the label and into the parameter', () => {
    const uri = otpauthUri({ secret: SECRET, accountName: 'alice@example.com', issuer: 'Example' });
    expect(uri).toBe(`otpauth://totp/Example:alice%40example.com?secret=${SECRET}&issuer=Example`);
    const p = parse(uri);
    expect(p.protocol).toBe('otpauth:');
    expect(p.host).toBe('totp');
    expect(p.labelParts).toEqual(['Example', 'alice@example.com']);
    expect(p.params).toEqual({ secret: SECRET, issuer: 'Example' });
  });
  it('spaces are %20 (never +)', () => {
    const uri = otpauthUri({ secret: SECRET, accountName: 'a b c', issuer: 'ACME Co EU' });
    expect(uri).toBe(`otpauth://totp/ACME%20Co%20EU:a%20b%20c?secret=${SECRET}&issuer=ACME%20Co%20EU`);
    expect(uri).not.toContain('+');
    const p = parse(uri);
    expect(p.labelParts).toEqual(['ACME Co EU', 'a b c']);
    expect(p.params.issuer).toBe('ACME Co EU');
  });
  it('refuses a colon in the issuer or the account (Key URI Format: neither may contain one)', () => {
    // Encoded as %3A, apps that decode the label and then split at ':' read four parts.
    expect(() => otpauthUri({ secret: SECRET, accountName: 'a:b c', issuer: 'ACME' })).toThrow(/^accountName: must not contain ':'/);
    expect(() => otpauthUri({ secret: SECRET, accountName: 'a', issuer: 'ACME Co: EU' })).toThrow(/^issuer: must not contain ':'/);
    expect(() => otpauthUri({ secret: SECRET, accountName: 'a:b' })).toThrow(/^accountName: /);
  });
  it('a lone surrogate is a TypeError naming the field, not a bare URIError', () => {
    for (const [field, opts] of [
      ['accountName', { secret: SECRET, accountName: 'al\uD800ice' }],
      ['issuer', { secret: SECRET, accountName: 'alice', issuer: 'X\uDC00' }],
    ] as const) {
      let err: unknown;
      try {
        otpauthUri(opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TypeError);
      expect((err as Error).message).toMatch(new RegExp(`^${field}: not well-formed Unicode`));
    }
  });
  it('refuses a secret that decodes to no bytes, as totp() does', () => {
    for (const secret of ['====', ' - ', '   ', '-']) {
      expect(() => otpauthUri({ secret, accountName: 'alice' })).toThrow(/^secret: must not be empty$/);
    }
    expect(otpauthUri({ secret: 'AA', accountName: 'alice' })).toBe('otpauth://totp/alice?secret=AA'); // one byte
  });
  it('period: the range totp() accepts, never written in exponent notation', () => {
    expect(() => otpauthUri({ secret: SECRET, accountName: 'a', period: 1e300 })).toThrow(/^period: /);
    expect(() => otpauthUri({ secret: SECRET, accountName: 'a', period: 31_536_001 })).toThrow(/^period: /);
    expect(() => otpauthUri({ secret: SECRET, accountName: 'a', period: Infinity })).toThrow(/^period: /);
    expect(otpauthUri({ secret: SECRET, accountName: 'a', period: 31_536_000 })).toMatch(/&period=31536000$/);
  });
  it('escapes reserved and non-ASCII characters', () => {
    const uri = otpauthUri({ secret: SECRET, accountName: "o'brien+test&x=1#y?(z)*!", issuer: 'Zürich/Bank' });
    const p = parse(uri);
    expect(p.labelParts).toEqual(['Zürich/Bank', "o'brien+test&x=1#y?(z)*!"]);
    expect(p.params).toEqual({ secret: SECRET, issuer: 'Zürich/Bank' });
    expect(uri.split('?')[0]).toMatch(/^otpauth:\/\/totp\/[A-Za-z0-9\-._~%]+:[A-Za-z0-9\-._~%]+$/);
  });
  it('normalizes the secret (spaces, lower case, padding) and writes optional parameters', () => {
    const uri = otpauthUri({
      secret: 'jbsw y3dp ehpk 3pxp',
      accountName: 'bob',
      issuer: 'X',
      algorithm: 'SHA-256',
      digits: 8,
      period: 60,
    });
    expect(parse(uri).params).toEqual({ secret: SECRET, issuer: 'X', algorithm: 'SHA256', digits: '8', period: '60' });
    const padded = base32Encode(new Uint8Array([1, 2, 3]));
    expect(padded).toContain('=');
    expect(parse(otpauthUri({ secret: padded, accountName: 'x' })).params.secret).toBe(padded.replace(/=/g, ''));
  });
  it('round-trips any issuer and account (without a colon) through URL parsing', () => {
    const noColon = fc.string({ minLength: 1, unit: 'grapheme' }).filter((x) => !x.includes(':'));
    fc.assert(
      fc.property(noColon, noColon, (issuer, accountName) => {
        const p = parse(otpauthUri({ secret: SECRET, issuer, accountName }));
        expect(p.labelParts).toEqual([issuer, accountName]);
        expect(p.params.issuer).toBe(issuer);
        expect(p.params.secret).toBe(SECRET);
      }),
    );
  });
  it.each([
    [{ secret: 'not base32 1', accountName: 'a' }, /secret/],
    [{ secret: '', accountName: 'a' }, /secret/],
    [{ secret: SECRET, accountName: '' }, /accountName/],
    [{ secret: SECRET, accountName: 'a', issuer: '' }, /issuer/],
    [{ secret: SECRET, accountName: 'a', algorithm: 'MD5' }, /algorithm/],
    [{ secret: SECRET, accountName: 'a', digits: 0 }, /digits/],
    [{ secret: SECRET, accountName: 'a', period: -30 }, /period/],
  ])('rejects %j naming the field', (opts, msg) => {
    expect(() => otpauthUri(opts as never)).toThrow(msg);
  });
});
