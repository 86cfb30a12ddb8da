/**
 * The `otpauth://totp/` URI (Key URI Format) for an AssociateSoftwareToken secret, small enough
 * for the sign-in bundle; `cognito-edge/core` has the validating `otpauthUri`.
 * @module
 */

/** Builds `otpauth://totp/Issuer:account?secret=...&issuer=Issuer` (each part percent-encoded). */
export function totpUri(secret: string, accountName: string, issuer?: string): string {
  const e = encodeURIComponent;
  const label = (issuer ? e(issuer) + ':' : '') + e(accountName);
  return `otpauth://totp/${label}?secret=${e(secret.replace(/=+$/, ''))}${issuer ? '&issuer=' + e(issuer) : ''}`;
}
