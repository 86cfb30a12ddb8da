export * from './base32.js';
export * from './totp.js';
export * from './otpauth.js';
export * from './jwt.js';
export * from './jwks.js';
export * from './cognito-jwt.js';
