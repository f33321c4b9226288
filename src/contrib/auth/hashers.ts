import { pbkdf2, scrypt, type ScryptOptions } from 'node:crypto';
import { ImproperlyConfigured } from '../../http/exceptions';
import { constantTimeEquals, randomString } from '../crypto';

/**
 * Password hashing in Django's encoded format, so a user table moved from Django logs in
 * unchanged. Hashing runs on libuv's thread pool (crypto.pbkdf2 / crypto.scrypt, async), never
 * on the event loop, and passwords longer than MAX_PASSWORD_LENGTH are refused before any
 * hashing, so the cost of one attempt is bounded.
 */

/** The longest password hashed (characters); longer ones never match and cannot be set. */
export const MAX_PASSWORD_LENGTH = 4096;
/** Prefix of an unusable password (Django's UNUSABLE_PASSWORD_PREFIX). */
export const UNUSABLE_PASSWORD_PREFIX = '!';
const UNUSABLE_SUFFIX_LENGTH = 40;
/** Salt length: 128 bits of entropy over 62 characters (Django's salt()). */
const SALT_LENGTH = 22;

/** A password hashing algorithm (Django's BasePasswordHasher). */
export interface PasswordHasher {
  /** The first field of the encoded hash: 'pbkdf2_sha256', 'scrypt'. */
  readonly algorithm: string;
  /** Hash `password` with `salt` (a new random one when omitted), encoded. */
  encode(password: string, salt?: string): Promise<string>;
  /** Whether `password` matches `encoded`. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** Whether `encoded` was made with other parameters than this hasher's (then rehashed on login). */
  mustUpdate(encoded: string): boolean;
  /** Spend the time a verify with current parameters would take (against timing attacks). */
  hardenRuntime?(password: string, encoded: string): Promise<void>;
}

function pbkdf2Async(password: string, salt: string, iterations: number, length: number, digest: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, length, digest, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptAsync(password: string, salt: string, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function checkSalt(salt: string): void {
  if (!salt || salt.includes('$')) throw new TypeError('A password salt must be a non-empty string without "$".');
}

/** PBKDF2 with HMAC-SHA256 (Django's default): `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`. */
export class PBKDF2PasswordHasher implements PasswordHasher {
  /** Django 6.1's iteration count. */
  static readonly defaultIterations: number = 1_500_000;
  readonly algorithm: string = 'pbkdf2_sha256';
  protected readonly digest: string = 'sha256';
  protected readonly keyLength: number = 32;
  readonly iterations: number;

  constructor(options: { iterations?: number } = {}) {
    this.iterations = options.iterations ?? (this.constructor as typeof PBKDF2PasswordHasher).defaultIterations;
    if (!Number.isInteger(this.iterations) || this.iterations < 1) {
      throw new ImproperlyConfigured(`${this.constructor.name}: iterations must be a positive whole number.`);
    }
  }

  async encode(password: string, salt = randomString(SALT_LENGTH), iterations = this.iterations): Promise<string> {
    checkSalt(salt);
    const hash = (await pbkdf2Async(password, salt, iterations, this.keyLength, this.digest)).toString('base64');
    return `${this.algorithm}$${iterations}$${salt}$${hash}`;
  }

  private decode(encoded: string): { iterations: number; salt: string; hash: string } | null {
    const parts = encoded.split('$');
    if (parts.length !== 4 || parts[0] !== this.algorithm) return null;
    const iterations = Number(parts[1]);
    // A stored count far beyond the current one would let a tampered row stall the thread pool.
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > Math.max(this.iterations, PBKDF2PasswordHasher.defaultIterations) * 4) return null;
    return { iterations, salt: parts[2], hash: parts[3] };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    if (!decoded || !decoded.salt) return false;
    const candidate = await this.encode(password, decoded.salt, decoded.iterations);
    return constantTimeEquals(candidate, encoded);
  }

  mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return !decoded || decoded.iterations !== this.iterations;
  }

  async hardenRuntime(password: string, encoded: string): Promise<void> {
    const decoded = this.decode(encoded);
    const extra = decoded ? this.iterations - decoded.iterations : 0;
    if (extra > 0) await pbkdf2Async(password, decoded!.salt, extra, this.keyLength, this.digest);
  }
}

/** PBKDF2 with HMAC-SHA1 (`pbkdf2_sha1$…`), for hashes made by older Django set-ups. */
export class PBKDF2SHA1PasswordHasher extends PBKDF2PasswordHasher {
  override readonly algorithm: string = 'pbkdf2_sha1';
  protected override readonly digest: string = 'sha1';
  protected override readonly keyLength: number = 20;
}

/** scrypt (Django's ScryptPasswordHasher): `scrypt$<N>$<salt>$<r>$<p>$<base64 hash>`. */
export class ScryptPasswordHasher implements PasswordHasher {
  readonly algorithm = 'scrypt';
  readonly workFactor: number;
  readonly blockSize: number;
  readonly parallelism: number;

  constructor(options: { workFactor?: number; blockSize?: number; parallelism?: number } = {}) {
    this.workFactor = options.workFactor ?? 2 ** 14;
    this.blockSize = options.blockSize ?? 8;
    this.parallelism = options.parallelism ?? 5;
  }

  private async hash(password: string, salt: string, n: number, r: number, p: number): Promise<string> {
    const key = await scryptAsync(password, salt, 64, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
    return key.toString('base64');
  }

  async encode(password: string, salt = randomString(SALT_LENGTH)): Promise<string> {
    checkSalt(salt);
    const hash = await this.hash(password, salt, this.workFactor, this.blockSize, this.parallelism);
    return `scrypt$${this.workFactor}$${salt}$${this.blockSize}$${this.parallelism}$${hash}`;
  }

  private decode(encoded: string): { n: number; salt: string; r: number; p: number; hash: string } | null {
    const parts = encoded.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
    const [n, r, p] = [Number(parts[1]), Number(parts[3]), Number(parts[4])];
    // Bounded parameters: a tampered row must not ask for gigabytes or minutes.
    const valid = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
    if (!valid(n, 2 ** 20) || (n & (n - 1)) !== 0 || !valid(r, 32) || !valid(p, 16)) return null;
    return { n, salt: parts[2], r, p, hash: parts[5] };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    if (!decoded) return false;
    const hash = await this.hash(password, decoded.salt, decoded.n, decoded.r, decoded.p);
    return constantTimeEquals(hash, decoded.hash);
  }

  mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return !decoded || decoded.n !== this.workFactor || decoded.r !== this.blockSize || decoded.p !== this.parallelism;
  }
}

/** The hashers used when `passwordHashers` is not set. */
export function defaultHashers(): PasswordHasher[] {
  return [new PBKDF2PasswordHasher(), new PBKDF2SHA1PasswordHasher(), new ScryptPasswordHasher()];
}

let configured: PasswordHasher[] | null = null;

/** Use `hashers` (the first for new passwords); createApp's `passwordHashers` setting calls this. */
export function setPasswordHashers(hashers: PasswordHasher[] | null): void {
  if (hashers !== null && (!Array.isArray(hashers) || hashers.length === 0 || hashers.some((h) => !h || typeof h.encode !== 'function'))) {
    throw new ImproperlyConfigured('passwordHashers must be a non-empty array of hashers, e.g. [new PBKDF2PasswordHasher()].');
  }
  configured = hashers;
}

/** The hashers in use. */
export function getHashers(): PasswordHasher[] {
  return (configured ??= defaultHashers());
}

/** Whether `encoded` can ever match a password (not null, not made by makePassword(null)). */
export function isPasswordUsable(encoded: string | null | undefined): boolean {
  return typeof encoded === 'string' && !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

function hasherFor(encoded: string): PasswordHasher | undefined {
  const algorithm = encoded.split('$', 1)[0];
  return getHashers().find((h) => h.algorithm === algorithm);
}

/**
 * Hash `password` for storage (Django's make_password); null gives an unusable password.
 * Throws for passwords longer than MAX_PASSWORD_LENGTH.
 */
export async function makePassword(password: string | null, salt?: string, hasher: PasswordHasher = getHashers()[0]): Promise<string> {
  if (password === null) return UNUSABLE_PASSWORD_PREFIX + randomString(UNUSABLE_SUFFIX_LENGTH);
  checkRawPassword(password);
  return hasher.encode(password, salt);
}

/** Refuse what cannot be a password: not a string, or longer than MAX_PASSWORD_LENGTH. */
export function checkRawPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string') throw new TypeError(`Password must be a string, got ${typeof password}.`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new RangeError(`Passwords are limited to ${MAX_PASSWORD_LENGTH} characters.`);
}

/**
 * Whether `password` matches the stored `encoded` hash (Django's check_password). When it does
 * and the hash uses outdated parameters, `setter` is called with the password to store it anew.
 */
export async function checkPassword(
  password: unknown,
  encoded: string | null | undefined,
  setter?: (password: string) => Promise<void> | void,
): Promise<boolean> {
  if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH || !isPasswordUsable(encoded)) return false;
  const hasher = hasherFor(encoded as string);
  if (!hasher) return false;
  const preferred = getHashers()[0];
  const same = hasher.algorithm === preferred.algorithm;
  const mustUpdate = same ? preferred.mustUpdate(encoded as string) : true;
  const ok = await hasher.verify(password, encoded as string);
  // Spend the same time whether or not a rehash follows, so the work factor of an account does not leak.
  if (!ok && same && mustUpdate) await preferred.hardenRuntime?.(password, encoded as string);
  if (ok && mustUpdate && setter) await setter(password);
  return ok;
}
