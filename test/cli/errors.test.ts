/**
 * Bad input to the command line: each is a clear one-line error and a non-zero exit, never a
 * bare stack trace. Also how the settings module is found (package.json, --settings).
 */
import { createServer, type Server } from 'node:net';
import { makeProject, removeProject, runCli, type RunResult } from './support';

const STACK_LINE = /^\s+at /m;
const projects: string[] = [];
const results: Record<string, RunResult> = {};
let busy: Server;
let busyPort = 0;

const minimal = (extra = '') => `import { path, HttpResponse } from 'express-generic-views';
${extra}
export default { debug: true, secretKey: 'k', rootUrlconf: [path('', () => new HttpResponse('ok'), { name: 'index' })] };
`;

function project(files: Record<string, string>): string {
  const dir = makeProject(files);
  projects.push(dir);
  return dir;
}

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
  const good = project({ 'settings.ts': minimal() });
  const empty = project({});
  const throwing = project({ 'settings.ts': `throw new Error('DATABASE_URL is not set');\n` });
  const invalid = project({ 'settings.ts': `export default { secretKey: '', rootUrlconf: [] };\n` });
  const noExport = project({ 'settings.ts': `export const debug = true;\n` });
  const fromPackage = project({
    'package.json': JSON.stringify({ name: 'p', private: true, expressGenericViews: { settings: 'config/site.ts' } }),
    'config/site.ts': minimal(),
  });
  const esm = project({
    'package.json': JSON.stringify({ name: 'esm', private: true, type: 'module' }),
    'settings.ts': `import { path, HttpResponse } from 'express-generic-views';
export default async () => ({ debug: true, secretKey: 'k', rootUrlconf: [path('esm/', function esmView() { return new HttpResponse('x'); })] });
`,
  });
  const run = {
    esm: () => runCli(esm, ['showurls']),
    unknownCommand: () => runCli(good, ['bogus']),
    unknownOption: () => runCli(good, ['migrate', '--bogus']),
    missingSettings: () => runCli(empty, ['showurls']),
    missingExplicit: () => runCli(good, ['--settings', 'nowhere.ts', 'showurls']),
    unknownWithoutSettings: () => runCli(empty, ['bogus']),
    throwing: () => runCli(throwing, ['check']),
    throwingTraceback: () => runCli(throwing, ['check', '--traceback']),
    invalid: () => runCli(invalid, ['check']),
    noExport: () => runCli(noExport, ['check']),
    fromPackage: () => runCli(fromPackage, ['showurls', '--json']),
    portInUse: () => runCli(good, ['runserver', `127.0.0.1:${busyPort}`]),
    badAddress: () => runCli(good, ['runserver', 'localhost:http']),
    badWorkers: () => runCli(good, ['runserver', '--workers', '0']),
    help: () => runCli(good, ['--help']),
  };
  const names = Object.keys(run) as Array<keyof typeof run>;
  const done = await Promise.all(names.map((name) => run[name]()));
  names.forEach((name, i) => (results[name] = done[i]));
}, 120_000);

afterAll(() => {
  busy?.close();
  projects.forEach(removeProject);
});

function expectOneLineError(result: RunResult, message: string | RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.split('\n')[0]).toMatch(typeof message === 'string' ? new RegExp(`^error: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : message);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

it('refuses an unknown command or option', () => {
  expectOneLineError(results.unknownCommand, "unknown command 'bogus'");
  expectOneLineError(results.unknownOption, "unknown option '--bogus'");
  expectOneLineError(results.unknownWithoutSettings, /^error: Unknown command 'bogus', and the project's own commands could not be loaded: No settings module found/);
});

it('says where it looked when there is no settings module', () => {
  expectOneLineError(results.missingSettings, 'No settings module found: looked for ./settings.ts (or .js)');
  expect(results.missingSettings.stderr).toContain('pass --settings path/to/settings.ts');
  expectOneLineError(results.missingExplicit, 'The settings module given by --settings (nowhere.ts) does not exist');
});

it('reports settings that throw, are invalid or export nothing, with the stack only on --traceback', () => {
  expectOneLineError(results.throwing, 'The settings module settings.ts failed to load: DATABASE_URL is not set');
  expect(results.throwingTraceback.code).toBe(1);
  expect(results.throwingTraceback.stderr).toMatch(/Error: DATABASE_URL is not set\n\s+at /);
  expectOneLineError(results.invalid, 'Invalid settings');
  expect(results.invalid.stderr).toContain('secretKey setting must not be empty');
  expectOneLineError(results.noExport, 'must export default the settings');
});

it('loads a TypeScript settings module of an ESM project ("type": "module")', () => {
  expect(results.esm.code).toBe(0);
  expect(results.esm.stdout).toMatch(/^\/esm\/\s+esmView$/m);
});

it('finds the settings module named in package.json', () => {
  expect(results.fromPackage.code).toBe(0);
  expect(JSON.parse(results.fromPackage.stdout)).toEqual([{ pattern: '/', name: 'index', view: '<anonymous function>' }]);
});

it('runserver: a port in use, a bad address and a bad worker count are clear errors', () => {
  expectOneLineError(results.portInUse, `Port ${busyPort} is already in use on 127.0.0.1`);
  expectOneLineError(results.badAddress, '"localhost:http" is not a valid port number or address:port pair.');
  expectOneLineError(results.badWorkers, "--workers must be a number of at least 1 (got '0')");
});

it('--help lists the built-in commands and exits 0', () => {
  expect(results.help.code).toBe(0);
  for (const name of ['runserver', 'migrate', 'makemigrations', 'showmigrations', 'revert', 'createsuperuser', 'changepassword', 'check', 'showurls', 'shell', 'startapp', 'clearsessions']) {
    expect(results.help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  }
});
