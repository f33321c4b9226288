/**
 * Port of Django's tests/auth_tests/test_hashers.py: the encoded formats (vectors computed with
 * CPython's hashlib, which Django uses), upgrades, unusable passwords, and bounded cost off the
 * event loop.
 */
import {
  MAX_PASSWORD_LENGTH,
  PBKDF2PasswordHasher,
  PBKDF2SHA1PasswordHasher,
  ScryptPasswordHasher,
  checkPassword,
  isPasswordUsable,
  makePassword,
} from '../../src';
import { setPasswordHashers } from '../../src/contrib/auth/hashers';

afterEach(() => setPasswordHashers(null));

describe('PBKDF2', () => {
  test("Django's default: pbkdf2_sha256 with 1,500,000 iterations (Django 6.1), 22-character salt", async () => {
    expect(PBKDF2PasswordHasher.defaultIterations).toBe(1_500_000);
    const encoded = await makePassword('lètmein');
    expect(encoded).toMatch(/^pbkdf2_sha256\$1500000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(await checkPassword('lètmein', encoded)).toBe(true);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
  });

  test('the same bytes as Django for the same salt and iterations', async () => {
    const hasher = new PBKDF2PasswordHasher({ iterations: 10_000 });
    expect(await hasher.encode('lètmein', 'seasalt')).toBe('pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=');
    const sha1 = new PBKDF2SHA1PasswordHasher({ iterations: 10_000 });
    expect(await sha1.encode('lètmein', 'seasalt')).toBe('pbkdf2_sha1$10000$seasalt$oAfF6vgs95ncksAhGXOWf4Okq7o=');
  });

  test('a Django hash at 1,500,000 iterations verifies', async () => {
    expect(await checkPassword('lètmein', 'pbkdf2_sha256$1500000$seasalt$P4UiMPVduVWIL/oS1GzH+IofsccjJNM5hUTikBvi5to=')).toBe(true);
  });

  test('hashing runs off the event loop: timers keep firing while a password is hashed', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await makePassword('slow to hash');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
  });

  test('a hash with other iterations is upgraded by the setter; an up-to-date one is not', async () => {
    setPasswordHashers([new PBKDF2PasswordHasher({ iterations: 1000 })]);
    const old = await new PBKDF2PasswordHasher({ iterations: 500 }).encode('pw');
    const setter = jest.fn();
    expect(await checkPassword('pw', old, setter)).toBe(true);
    expect(setter).toHaveBeenCalledWith('pw');
    const current = await makePassword('pw');
    const untouched = jest.fn();
    expect(await checkPassword('pw', current, untouched)).toBe(true);
    expect(untouched).not.toHaveBeenCalled();
    const wrong = jest.fn();
    expect(await checkPassword('nope', old, wrong)).toBe(false);
    expect(wrong).not.toHaveBeenCalled();
  });

  test('a hash from another configured algorithm verifies and is moved to the preferred one', async () => {
    setPasswordHashers([new PBKDF2PasswordHasher({ iterations: 1000 }), new PBKDF2SHA1PasswordHasher({ iterations: 1000 })]);
    const setter = jest.fn();
    expect(await checkPassword('lètmein', 'pbkdf2_sha1$10000$seasalt$oAfF6vgs95ncksAhGXOWf4Okq7o=', setter)).toBe(true);
    expect(setter).toHaveBeenCalled();
  });
});

describe('scrypt', () => {
  test("Django's format scrypt$N$salt$r$p$hash, same bytes as hashlib.scrypt", async () => {
    const hasher = new ScryptPasswordHasher();
    const encoded = await hasher.encode('lètmein', 'seasalt');
    expect(encoded).toBe('scrypt$16384$seasalt$8$5$ECMIUp+LMxMSK8xB/IVyba+KYGTI7FTnet025q/1f/vBAVnnP3hdYqJuRi+mJn6ji6ze3Fbb7JEFPKGpuEf5vw==');
    expect(await hasher.verify('lètmein', encoded)).toBe(true);
    expect(await hasher.verify('letmein', encoded)).toBe(false);
  });

  test('verified through checkPassword when listed', async () => {
    setPasswordHashers([new ScryptPasswordHasher()]);
    const encoded = await makePassword('pw');
    expect(encoded.startsWith('scrypt$16384$')).toBe(true);
    expect(await checkPassword('pw', encoded)).toBe(true);
  });

  test('absurd parameters in a tampered hash are refused without running', async () => {
    const started = Date.now();
    expect(await new ScryptPasswordHasher().verify('pw', 'scrypt$1073741824$salt$8$5$AAAA')).toBe(false);
    expect(await new ScryptPasswordHasher().verify('pw', 'scrypt$16384$salt$1024$64$AAAA')).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('unusable, malformed and oversized', () => {
  test('makePassword(null) is unusable: starts with "!", never matches', async () => {
    const encoded = await makePassword(null);
    expect(encoded).toMatch(/^!.{40}$/);
    expect(isPasswordUsable(encoded)).toBe(false);
    expect(await checkPassword('', encoded)).toBe(false);
    expect(await checkPassword(encoded, encoded)).toBe(false);
    expect(isPasswordUsable(null)).toBe(false);
  });

  test('unknown algorithms, missing fields and non-strings never match', async () => {
    expect(await checkPassword('pw', 'md5$salt$hash')).toBe(false);
    expect(await checkPassword('pw', 'pbkdf2_sha256$abc$salt$hash')).toBe(false);
    expect(await checkPassword('pw', 'pbkdf2_sha256$1000$$hash')).toBe(false);
    expect(await checkPassword('pw', '')).toBe(false);
    expect(await checkPassword(['pw'], await makePassword('pw', undefined, new PBKDF2PasswordHasher({ iterations: 10 })))).toBe(false);
  });

  test('a tampered iteration count far above the default is refused without hashing', async () => {
    const started = Date.now();
    expect(await checkPassword('pw', 'pbkdf2_sha256$999999999$salt$AAAA')).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  test(`passwords longer than ${MAX_PASSWORD_LENGTH} characters: cannot be set, never match, cost nothing`, async () => {
    const huge = 'x'.repeat(MAX_PASSWORD_LENGTH + 1);
    await expect(makePassword(huge)).rejects.toThrow(RangeError);
    const started = Date.now();
    expect(await checkPassword('x'.repeat(10_000_000), 'pbkdf2_sha256$1500000$seasalt$P4UiMPVduVWIL/oS1GzH+IofsccjJNM5hUTikBvi5to=')).toBe(false);
    expect(Date.now() - started).toBeLessThan(400);
    expect(await makePassword('x'.repeat(MAX_PASSWORD_LENGTH), 'salt', new PBKDF2PasswordHasher({ iterations: 10 }))).toMatch(/^pbkdf2_sha256\$10\$salt\$/);
  });

  test('a salt containing "$" is refused', async () => {
    await expect(new PBKDF2PasswordHasher({ iterations: 10 }).encode('pw', 'bad$salt')).rejects.toThrow(/salt/);
  });
});
