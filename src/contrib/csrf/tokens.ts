import type { HttpRequest } from '../../http/request';
import { ALPHANUMERIC, constantTimeEquals, randomString } from '../crypto';

/** Length of the secret kept in the cookie or session. */
export const CSRF_SECRET_LENGTH = 32;
/** Length of a masked token (mask + cipher). */
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;
/** The form field carrying the token. */
export const CSRF_FIELD_NAME = 'csrfmiddlewaretoken';
/** The session key holding the secret with `csrf.useSessions`. */
export const CSRF_SESSION_KEY = '_csrftoken';

const CHARS = ALPHANUMERIC;
const INDEX = new Map([...CHARS].map((ch, i) => [ch, i]));

/** `request.meta` keys (Django's request.META ones). */
export const COOKIE_META = 'CSRF_COOKIE';
export const NEEDS_UPDATE_META = 'CSRF_COOKIE_NEEDS_UPDATE';
export const DONE_META = 'csrfProcessingDone';

/** A token that is not 32 or 64 letters and digits. */
export class InvalidTokenFormat extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Mask `secret` with a fresh random mask: the mask followed by each secret character shifted by
 * the mask character, modulo 62 (Django's _mask_cipher_secret). Every page gets a different
 * token for the same secret, which defeats BREACH.
 */
export function maskCipherSecret(secret: string): string {
  const mask = randomString(CSRF_SECRET_LENGTH);
  let cipher = '';
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    cipher += CHARS[((INDEX.get(secret[i]) ?? 0) + (INDEX.get(mask[i]) ?? 0)) % CHARS.length];
  }
  return mask + cipher;
}

/** The secret inside a 64-character masked token (Django's _unmask_cipher_token). */
export function unmaskCipherToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const n = (INDEX.get(cipher[i]) ?? 0) - (INDEX.get(mask[i]) ?? 0);
    secret += CHARS[((n % CHARS.length) + CHARS.length) % CHARS.length];
  }
  return secret;
}

/** Throw InvalidTokenFormat unless `token` is 32 or 64 letters and digits (arrays and other types included). */
export function checkTokenFormat(token: unknown): asserts token is string {
  if (typeof token !== 'string') throw new InvalidTokenFormat('has incorrect length');
  if (token.length !== CSRF_SECRET_LENGTH && token.length !== CSRF_TOKEN_LENGTH) throw new InvalidTokenFormat('has incorrect length');
  if (!/^[a-zA-Z0-9]+$/.test(token)) throw new InvalidTokenFormat('has invalid characters');
}

/** Whether a well-formed token (masked or not) carries `secret`, compared in constant time. */
export function doesTokenMatch(token: string, secret: string): boolean {
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(token) : token;
  return constantTimeEquals(candidate, secret);
}

/**
 * A CSRF token for forms and AJAX: freshly masked on every call, and the cookie (or session
 * entry) holding its secret is (re)sent with the response (Django's get_token).
 *
 * @example
 * ```ts
 * return new JsonResponse({ csrfToken: getToken(request) });
 * ```
 */
export function getToken(request: HttpRequest): string {
  let secret = request.meta[COOKIE_META] as string | undefined;
  if (typeof secret !== 'string') {
    secret = randomString(CSRF_SECRET_LENGTH);
    request.meta[COOKIE_META] = secret;
  }
  request.meta[NEEDS_UPDATE_META] = true;
  return maskCipherSecret(secret);
}

/** Give the request a new CSRF secret (on login): tokens issued before stop working (Django's rotate_token). */
export function rotateToken(request: HttpRequest): void {
  request.meta[COOKIE_META] = randomString(CSRF_SECRET_LENGTH);
  request.meta[NEEDS_UPDATE_META] = true;
}
