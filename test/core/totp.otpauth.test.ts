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
  it('spaces are %20 (never +) and colons inside either part are escaped', () => {
    const uri = otpauthUri({ secret: SECRET, accountName: 'a:b c', issuer: 'ACME Co: EU' });
    expect(uri).toBe(`otpauth://totp/ACME%20Co%3A%20EU:a%3Ab%20c?secret=${SECRET}&issuer=ACME%20Co%3A%20EU`);
    expect(uri).not.toContain('+');
    const p = parse(uri);
    expect(p.labelParts).toEqual(['ACME Co: EU', 'a:b c']);
    expect(p.params.issuer).toBe('ACME Co: EU');
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
  it('round-trips any issuer and account through URL parsing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), fc.string({ minLength: 1, unit: 'grapheme' }), (issuer, accountName) => {
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
