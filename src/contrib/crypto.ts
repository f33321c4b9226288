import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sign, unsign } from 'cookie-signature';

/** Letters and digits: the alphabet of random strings, CSRF secrets and session keys' superset. */
export const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A cryptographically random string of `length` characters from `chars` (Django's get_random_string). */
export function randomString(length: number, chars: string = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/**
 * Whether two strings are equal, in time that does not depend on where they differ (Django's
 * constant_time_compare). Anything that is not a string, or of another length, is simply unequal:
 * never an exception from timingSafeEqual.
 */
export function constantTimeEquals(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** HMAC-SHA256 of `value` under a key derived from the secret key and `salt` (Django's salted_hmac), hex. */
export function saltedHmac(salt: string, value: string, secretKey: string): string {
  const key = createHmac('sha256', 'express-generic-views').update(salt + secretKey).digest();
  return createHmac('sha256', key).update(value).digest('hex');
}

function signingKey(secretKey: string, salt: string): string {
  return `${secretKey}:express-generic-views.signing:${salt}`;
}

/** Options of `dumps`. */
export interface DumpsOptions {
  salt: string;
  /** Deflate the JSON when that makes it shorter. */
  compress?: boolean;
}

/**
 * A signed, timestamped, URL-safe string holding `value` as JSON (Django's signing.dumps):
 * `payload:time.signature`. Anyone can read it; nobody without the secret key can change it.
 */
export function dumps(value: unknown, secretKey: string, options: DumpsOptions): string {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  let payload = json.toString('base64url');
  if (options.compress) {
    const compressed = deflateRawSync(json);
    if (compressed.length < json.length - 1) payload = '.' + compressed.toString('base64url');
  }
  const stamped = `${payload}:${Math.floor(Date.now() / 1000).toString(36)}`;
  return sign(stamped, signingKey(secretKey, options.salt));
}

/** Signed strings whose signature was found good, per signing key: at most this many each. */
const REMEMBERED_MAX = 1_000;
const remembered = new Map<string, Map<string, string>>();

/**
 * `unsign`, remembering strings found good: a returning visitor sends the same signed cookie on
 * every request, and its HMAC needs checking once. Only good signatures are kept (a flood of forged
 * ones costs an HMAC each, as without the memory), and the timestamp is still checked every time.
 */
function unsignRemembered(signed: string, key: string): string | false {
  let good = remembered.get(key);
  if (good === undefined) {
    if (remembered.size >= 16) remembered.clear();
    remembered.set(key, (good = new Map()));
  }
  const known = good.get(signed);
  if (known !== undefined) return known;
  const stamped = unsign(signed, key);
  if (stamped !== false) {
    if (good.size >= REMEMBERED_MAX) good.clear();
    good.set(signed, stamped);
  }
  return stamped;
}

/** The largest decompressed payload `loads` accepts (a zip bomb in a cookie is refused). */
const MAX_INFLATED = 1024 * 1024;

/**
 * The value signed by `dumps`, or `undefined` when the signature is wrong, the payload is
 * malformed, or it is older than `maxAge` seconds.
 */
export function loads(signed: unknown, secretKey: string, options: { salt: string; maxAge?: number | null }): unknown {
  if (typeof signed !== 'string' || signed.length === 0) return undefined;
  const stamped = unsignRemembered(signed, signingKey(secretKey, options.salt));
  if (stamped === false) return undefined;
  const colon = stamped.lastIndexOf(':');
  if (colon === -1) return undefined;
  const time = parseInt(stamped.slice(colon + 1), 36);
  if (!Number.isFinite(time)) return undefined;
  if (options.maxAge !== undefined && options.maxAge !== null && Date.now() / 1000 - time > options.maxAge) return undefined;
  let payload = stamped.slice(0, colon);
  try {
    let bytes: Buffer;
    if (payload.startsWith('.')) {
      payload = payload.slice(1);
      bytes = inflateRawSync(Buffer.from(payload, 'base64url'), { maxOutputLength: MAX_INFLATED });
    } else bytes = Buffer.from(payload, 'base64url');
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
