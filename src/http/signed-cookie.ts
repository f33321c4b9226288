import { sign, unsign } from 'cookie-signature';

/*
 * Signed cookies as Django signs them (get_cookie_signer + TimestampSigner): the value and the
 * time it was signed, under a key made of the secret key, the cookie's name and the salt — so a
 * signed value copied into another cookie does not verify, and a reader can refuse old ones.
 * Format: `<value>:<seconds since 1970, base 36>.<HMAC-SHA256, base64>` (cookie-signature).
 */

/** The key that signs cookie `name` with `salt`. */
function cookieKey(secretKey: string, name: string, salt: string): string {
  return `${secretKey}:express-generic-views.signed-cookie:${name}${salt}`;
}

/** The signed value of cookie `name`, stamped with the time now. */
export function signCookie(name: string, value: string, secretKey: string, salt: string): string {
  return sign(`${value}:${Math.floor(Date.now() / 1000).toString(36)}`, cookieKey(secretKey, name, salt));
}

/**
 * The value of a signed cookie, or null when its signature does not verify (tampered, another
 * key, name or salt, not signed) or, with `maxAge` (seconds), when it was signed longer ago.
 */
export function unsignCookie(name: string, signed: string, secretKey: string, salt: string, maxAge?: number | null): string | null {
  const stamped = unsign(signed, cookieKey(secretKey, name, salt));
  if (stamped === false) return null;
  const colon = stamped.lastIndexOf(':');
  const signedAt = colon < 0 ? NaN : parseInt(stamped.slice(colon + 1), 36);
  if (!Number.isFinite(signedAt)) return null;
  if (maxAge !== undefined && maxAge !== null && Date.now() / 1000 - signedAt > maxAge) return null;
  return stamped.slice(0, colon);
}
