/**
 * Start-up checks: every ImproperlyConfigured names the setting to change (Django's checks and
 * load_middleware errors).
 */
import request from 'supertest';
import { HttpResponse, ImproperlyConfigured, Middleware, createApp, path, type Settings } from '../../src';
import { makeApp, testSettings } from '../helpers';

function configError(overrides: Record<string, unknown>, base: Partial<Settings> = testSettings()): ImproperlyConfigured {
  try {
    createApp({ ...base, ...overrides } as Settings);
  } catch (error) {
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    return error as ImproperlyConfigured;
  }
  throw new Error('createApp accepted bad settings');
}

test.each([
  ['missing', undefined],
  ['empty', ''],
  ['not a string', 42],
])('secretKey %s → ImproperlyConfigured naming secretKey', (_what, value) => {
  const settings: Record<string, unknown> = { ...testSettings() };
  delete settings.secretKey;
  if (value !== undefined) settings.secretKey = value;
  expect(configError({}, settings as Partial<Settings>).message).toMatch(/secretKey/);
});

test('rootUrlconf that is not an array names rootUrlconf', () => {
  const error = configError({ rootUrlconf: { home: 'x' } });
  expect(error.message).toMatch(/^rootUrlconf must be an array/);
  expect(configError({ rootUrlconf: undefined }).message).toMatch(/rootUrlconf/);
});

test("an unknown setting fails with 'Did you mean' the closest known name", () => {
  expect(configError({ appendSlahs: false }).message).toBe("Unknown setting 'appendSlahs'. Did you mean 'appendSlash'?");
  expect(configError({ ALLOWED_HOSTS: ['x'] }).message).toMatch(/^Unknown setting 'ALLOWED_HOSTS'/);
});

test('debug false with empty allowedHosts names allowedHosts; debug true allows localhost only', async () => {
  expect(configError({ allowedHosts: [] }).message).toMatch(/allowedHosts is empty/);
  expect(configError({ allowedHosts: undefined }).message).toMatch(/allowedHosts/);
  const app = makeApp({ debug: true, allowedHosts: [], rootUrlconf: [path('x/', () => new HttpResponse('x'))] });
  expect((await request(app).get('/x/').set('Host', 'localhost:8000')).status).toBe(200);
  expect((await request(app).get('/x/').set('Host', 'evil.example')).status).toBe(400);
});

test.each([
  ['a string', 'SecurityMiddleware'],
  ['an object', { processRequest() {} }],
  ['null', null],
])('a middleware entry that is %s → ImproperlyConfigured naming middleware[i]', (_what, entry) => {
  const error = configError({ middleware: [class Ok extends Middleware {}, entry] });
  expect(error.message).toMatch(/^middleware\[1\]/);
  expect(error.message).toMatch(/is not a middleware/);
});

test('a class that does not extend Middleware names the entry and says what to do', () => {
  class Plain {
    processRequest() {}
  }
  expect(configError({ middleware: [Plain] }).message).toMatch(/^middleware\[0\] \(Plain\) is a class that does not extend Middleware/);
});

test.each([
  ['undefined', () => undefined],
  ['a string', () => 'nope'],
  ['null', () => null],
])('a factory returning %s → ImproperlyConfigured naming middleware[i]', (what, returned) => {
  const factory = function badFactory() {
    return returned();
  };
  const error = configError({ middleware: [class Ok extends Middleware {}, factory] });
  expect(error.message).toContain('middleware[1] (badFactory)');
  expect(error.message).toContain(`returned ${what === 'a string' ? 'string' : what}`);
});

test('middleware that is not an array names middleware', () => {
  expect(configError({ middleware: 'CommonMiddleware' }).message).toMatch(/^middleware must be an array/);
});

test.each(['handler400', 'handler403', 'handler404', 'handler500'])('%s that is not a function names the setting', (name) => {
  expect(configError({ [name]: 'views.notFound' }).message).toMatch(new RegExp(`^${name} must be a view function`));
});

test('booleans and limits are type-checked by name', () => {
  expect(configError({ debug: 'yes' }).message).toMatch(/^debug must be true or false/);
  expect(configError({ appendSlash: 1 }).message).toMatch(/^appendSlash must be true or false/);
  expect(configError({ dataUploadMaxMemorySize: -1 }).message).toMatch(/^dataUploadMaxMemorySize/);
  expect(configError({ disallowedUserAgents: ['bot'] }).message).toMatch(/^disallowedUserAgents/);
});

test('createApp(undefined) explains what settings it needs', () => {
  expect(() => createApp(undefined as unknown as Settings)).toThrow(/secretKey and rootUrlconf/);
});

test('a constructor error other than MiddlewareNotUsed is not swallowed', () => {
  class Broken extends Middleware {
    constructor(...args: ConstructorParameters<typeof Middleware>) {
      super(...args);
      throw new ImproperlyConfigured('Broken needs sessions');
    }
  }
  expect(() => makeApp({ middleware: [Broken] })).toThrow('Broken needs sessions');
});

test.each(['https://example.com', 'example.com:8000', '[::1]:8000', 'example.com/shop'])(
  "allowedHosts entry '%s' (never matches) is refused with the entry named",
  (entry) => {
    expect(configError({ allowedHosts: ['ok.example', entry] }).message).toBe(
      `allowedHosts entry '${entry}' is not a host name: list names without scheme, port or path, e.g. 'example.com'.`,
    );
  },
);

test('IPv6 and wildcard allowedHosts entries are accepted', async () => {
  const app = makeApp({ allowedHosts: ['[::1]', '.example.com', 'EXAMPLE.org'], rootUrlconf: [path('x/', () => new HttpResponse('x'))] });
  expect((await request(app).get('/x/').set('Host', 'www.example.com')).status).toBe(200);
  expect((await request(app).get('/x/').set('Host', 'example.org:8080')).status).toBe(200);
  expect((await request(app).get('/x/').set('Host', '[::1]:8000')).status).toBe(200);
  expect((await request(app).get('/x/').set('Host', 'example.net')).status).toBe(400);
});

test('templates settings are checked by name', () => {
  expect(configError({ templates: 'templates/' }).message).toMatch(/^templates must be an object/);
  expect(configError({ templates: { dirs: 'templates/' } }).message).toMatch(/^templates\.dirs/);
  expect(configError({ templates: { contextProcessors: [{}] } }).message).toMatch(/^templates\.contextProcessors/);
  expect(configError({ templates: { cache: 'no' } }).message).toMatch(/^templates\.cache/);
  expect(() => makeApp({ templates: { dirs: ['/tmp'], cache: false, contextProcessors: [() => ({})] } })).not.toThrow();
});
