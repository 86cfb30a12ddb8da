// Proves cookie parsing and Set-Cookie serialization: attributes, defaults, and refusal of
// names/values/paths that would let a header be split or misread.
import { describe, expect, it } from 'vitest';
import { readCookie, readCookies, serializeCookie } from '../../src/edge/index.js';

describe('readCookie', () => {
  it('finds a cookie among others, trimming spaces and quotes', () => {
    const h = 'a=1; __Secure-s=abc_-DEF; b = 2 ; q="quoted"';
    expect(readCookie(h, '__Secure-s')).toBe('abc_-DEF');
    expect(readCookie(h, 'b')).toBe('2');
    expect(readCookie(h, 'q')).toBe('quoted');
    expect(readCookie(h, 's')).toBeUndefined();
    expect(readCookie(null, 'a')).toBeUndefined();
    expect(readCookie('novalue; a=1', 'a')).toBe('1');
  });
  it('takes the first of duplicate names (the most specific path, as browsers send them)', () => {
    expect(readCookie('s=first; s=second', 's')).toBe('first');
  });
});

describe('readCookies', () => {
  it('returns every value of the name, in header order, unquoted', () => {
    expect(readCookies('s=first; a=1; s="second"; s=', 's')).toEqual(['first', 'second', '']);
    expect(readCookies('a=1', 's')).toEqual([]);
    expect(readCookies(undefined, 's')).toEqual([]);
  });
});

describe('serializeCookie', () => {
  it('defaults to HttpOnly, Secure, SameSite=Strict, Path=/', () => {
    expect(serializeCookie('s', 'v')).toBe('s=v; Path=/; HttpOnly; Secure; SameSite=Strict');
  });
  it('writes the given attributes, and Max-Age=0 with an Expires in the past to delete', () => {
    expect(serializeCookie('s', 'v', { path: '/auth', domain: 'example.com', maxAge: 60, sameSite: 'Lax' })).toBe(
      's=v; Path=/auth; Domain=example.com; Max-Age=60; HttpOnly; Secure; SameSite=Lax',
    );
    expect(serializeCookie('s', '', { maxAge: 0 })).toBe('s=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict');
  });
  it.each([
    ['bad name', 'v', {}, /cookieName/],
    ['s;x', 'v', {}, /cookieName/],
    ['s', 'a;b', {}, /cookie value/],
    ['s', 'a b', {}, /cookie value/],
    ['s', 'v', { path: 'auth' }, /cookiePath/],
    ['s', 'v', { path: '/a; Domain=evil' }, /cookiePath/],
    ['s', 'v', { domain: 'evil; x' }, /cookieDomain/],
    ['s', 'v', { maxAge: -1 }, /maxAge/],
  ] as const)('refuses %j=%j %j', (name, value, attrs, msg) => {
    expect(() => serializeCookie(name, value, attrs as never)).toThrow(msg);
  });
});
