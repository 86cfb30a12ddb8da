/**
 * SECRET_HASH, required on every user-facing call when the app client has a secret.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64Encode, utf8Encode } from './bytes.js';
import { text } from './fields.js';

/**
 * base64(HMAC-SHA256(key = clientSecret, message = username + clientId)).
 *
 * Use the same user name Cognito sees for the call (for challenge responses after SRP, that is
 * USER_ID_FOR_SRP). Do not ship a client secret to browsers; this is for servers and workers.
 *
 * @throws TypeError naming the field when an argument is not a non-empty string
 * @example secretHash('alice', '1example23456789', 'client-secret');
 */
export function secretHash(username: string, clientId: string, clientSecret: string): string {
  text(username, 'username');
  text(clientId, 'clientId');
  text(clientSecret, 'clientSecret');
  return base64Encode(hmac(sha256, utf8Encode(clientSecret), utf8Encode(username + clientId)));
}
