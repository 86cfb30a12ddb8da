/**
 * `cognito-edge/edge`: helpers for Cloudflare Workers and other edge runtimes: a sealed
 * refresh-token cookie session with refresh and sign-out endpoints, and access-token
 * verification with a cached JWKS.
 * @module
 */
export { createEdgeAuth, accessTokenErrorResponse, type EdgeAuth, type EdgeAuthOptions, type EdgeSession, type EdgeTokens } from './edge-auth.js';
export { createSealer, type Sealer, type SealerOptions } from './seal.js';
export { readCookie, readCookies, serializeCookie, type CookieAttributes } from './cookie.js';
export {
  createJwksCache,
  createCognitoJwtVerifier,
  verifyCognitoJwt,
  JwtError,
  isJwtError,
  type JwksCache,
  type CognitoJwtPayload,
  type VerifyCognitoJwtOptions,
  type JwtErrorCode,
} from '../core/index.js';
