/**
 * Cookie header parsing and Set-Cookie serialization (RFC 6265), just what the edge session needs.
 * @module
 */

/** Attributes of a Set-Cookie header. */
export interface CookieAttributes {
  /** Path scope (default `/`). */
  path?: string;
  /** Domain; leave unset for a host-only cookie. */
  domain?: string;
  /** Max-Age in seconds; 0 deletes the cookie. */
  maxAge?: number;
  /** HttpOnly (default true). */
  httpOnly?: boolean;
  /** Secure (default true). */
  secure?: boolean;
  /** SameSite (default `Strict`). */
  sameSite?: 'Strict' | 'Lax' | 'None';
}

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 6265 token
const VALUE = /^[!#-+\--:<-[\]-~]*$/; // RFC 6265 cookie-octet (no space, quote, comma, semicolon, backslash)

/**
 * Reads every cookie of one name from a `Cookie` request header, in header order. Several can
 * arrive: browsers send cookies with longer paths first, and a sibling subdomain can set one
 * with a `Domain` attribute.
 *
 * @param header - the Cookie header value (or null)
 * @param name - the cookie name
 * @returns the values (surrounding quotes removed), possibly none
 */
export function readCookies(header: string | null | undefined, name: string): string[] {
  const out: string[] = [];
  for (const part of header ? header.split(';') : []) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const v = part.slice(eq + 1).trim();
    out.push(v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);
  }
  return out;
}

/**
 * Reads one cookie from a `Cookie` request header: the first of that name (see
 * {@link readCookies} for all of them).
 *
 * @param header - the Cookie header value (or null)
 * @param name - the cookie name
 * @returns the value, or undefined when absent
 */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  return readCookies(header, name)[0];
}

/**
 * Builds a Set-Cookie header value. HttpOnly, Secure and SameSite=Strict unless told otherwise.
 *
 * @param name - cookie name (an RFC 6265 token)
 * @param value - cookie value (RFC 6265 cookie-octets, e.g. base64url)
 * @param attrs - path, domain, maxAge, httpOnly, secure, sameSite
 * @throws TypeError naming the bad field
 */
export function serializeCookie(name: string, value: string, attrs: CookieAttributes = {}): string {
  if (!NAME.test(name)) throw new TypeError(`cookieName: ${JSON.stringify(name)} is not a valid cookie name`);
  if (!VALUE.test(value)) throw new TypeError('cookie value: contains characters not allowed in a cookie');
  const path = attrs.path ?? '/';
  if (!path.startsWith('/') || /[;\s]/.test(path)) throw new TypeError(`cookiePath: expected a path starting with "/", got ${JSON.stringify(path)}`);
  let out = `${name}=${value}; Path=${path}`;
  if (attrs.domain !== undefined) {
    if (!/^[A-Za-z0-9.-]+$/.test(attrs.domain)) throw new TypeError(`cookieDomain: ${JSON.stringify(attrs.domain)} is not a domain`);
    out += `; Domain=${attrs.domain}`;
  }
  if (attrs.maxAge !== undefined) {
    if (!Number.isInteger(attrs.maxAge) || attrs.maxAge < 0) throw new TypeError('maxAge: expected an integer >= 0');
    out += `; Max-Age=${attrs.maxAge}`;
    if (attrs.maxAge === 0) out += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  }
  if (attrs.httpOnly !== false) out += '; HttpOnly';
  if (attrs.secure !== false) out += '; Secure';
  out += `; SameSite=${attrs.sameSite ?? 'Strict'}`;
  return out;
}
