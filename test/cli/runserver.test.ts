/**
 * runserver as a child process: answers HTTP with two workers, reloads after a file change in
 * debug (and keeps serving when the change is broken), and on SIGTERM finishes a slow request
 * in flight before exiting 0.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { get, makeProject, removeProject, startServer, writeProject, type RunningServer } from './support';

const views = (version: string) => `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpResponse } from 'express-generic-views';

export function hello() {
  return new HttpResponse('${version}');
}

export async function slow() {
  writeFileSync(join(__dirname, 'slow-started'), '');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return new HttpResponse('slow done');
}
`;

let dir: string;
let server: RunningServer | undefined;

beforeAll(async () => {
  dir = makeProject({
    'views.ts': views('v1'),
    'settings.ts': `import { path } from 'express-generic-views';
import { hello, slow } from './views';
export default () => ({ debug: true, secretKey: 'k', rootUrlconf: [path('', hello), path('slow/', slow)] });
`,
  });
  server = await startServer(dir, ['127.0.0.1:0', '--workers', '2']);
}, 60_000);

afterAll(() => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  removeProject(dir);
});

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}; runserver printed:\n${server?.output()}`);
}

it('serves HTTP from its workers, logging each request', async () => {
  const output = server!.output();
  expect(output).toContain('System check identified no issues.');
  expect(output).toMatch(/Starting development server at http:\/\/127\.0\.0\.1:\d+\/ with 2 workers/);
  expect(await get(server!.port, '/')).toEqual({ status: 200, body: 'v1' });
  expect((await get(server!.port, '/missing/')).status).toBe(404);
  await server!.waitFor(/"GET \/missing\/ HTTP\/1\.1" 404/);
});

it('reloads after a file change in debug, and keeps the old version serving when the change is broken', async () => {
  writeProject(dir, { 'views.ts': views('v2') });
  await server!.waitFor(/views\.ts changed, reloading\./, 20_000);
  // While the new workers start, the old ones still answer (v1 and v2 both); once it says so, only v2.
  await server!.waitFor(/Reloaded: serving the new version\./, 20_000);
  for (let i = 0; i < 4; i++) expect(await get(server!.port, '/')).toEqual({ status: 200, body: 'v2' });

  writeProject(dir, { 'views.ts': 'export function hello( {\n' });
  await server!.waitFor(/Still serving the previous version; save a fix to reload\./, 20_000);
  for (let i = 0; i < 4; i++) expect(await get(server!.port, '/')).toEqual({ status: 200, body: 'v2' });
  writeProject(dir, { 'views.ts': views('v3') });
  await until(async () => (await get(server!.port, '/')).body === 'v3', 20_000, 'the v3 response');
}, 110_000);

it('on SIGTERM finishes the request in flight, then exits 0', async () => {
  const marker = join(dir, 'slow-started');
  rmSync(marker, { force: true });
  const slow = get(server!.port, '/slow/');
  await until(async () => existsSync(marker), 10_000, 'the slow view to start');
  server!.child.kill('SIGTERM');
  expect(await slow).toEqual({ status: 200, body: 'slow done' });
  expect(await server!.exited).toBe(0);
  expect(server!.output()).toMatch(/SIGTERM received: shutting down/);
  expect(server!.output()).toMatch(/finishing 1 request\(s\) in flight/);
  expect(server!.output()).toMatch(/Server stopped\./);
  await expect(get(server!.port, '/')).rejects.toThrow();
}, 30_000);
