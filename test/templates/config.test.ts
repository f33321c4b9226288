/**
 * Template settings: folders checked at createApp, unknown keys refused; compiled templates
 * cached when `cache` is on (default without debug), recompiled on change with debug.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ImproperlyConfigured, TemplateResponse, defineApp, path, type Settings, type ViewFunction } from '../../src';
import { makeApp } from '../helpers';
import { PROJECT_DIR } from './support';

const page = (name: string): ViewFunction => (r) => new TemplateResponse(r, name, { who: 'world' });

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'egv-templates-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function appFor(dirs: string[], extra: Partial<Settings> = {}) {
  return makeApp({ rootUrlconf: [path('hello/', page('hello.pug')), path('list/', page('list.pug'))], templates: { dirs }, ...extra });
}

test('a missing templates.dirs folder fails at createApp, naming the setting', () => {
  const missing = join(root, 'nope');
  expect(() => appFor([PROJECT_DIR, missing])).toThrow(ImproperlyConfigured);
  expect(() => appFor([PROJECT_DIR, missing])).toThrow(`templates.dirs[1]: the folder '${missing}' does not exist`);
});

test('a missing app templates folder fails at createApp, naming the app', () => {
  const missing = join(root, 'movies-templates');
  expect(() => makeApp({ installedApps: [defineApp({ label: 'movies', templates: missing })] })).toThrow(
    `installedApps 'movies': templates: the folder '${missing}' does not exist`,
  );
});

test('an unknown templates key is refused with a suggestion; wrong types are named', () => {
  expect(() => makeApp({ templates: { dir: [PROJECT_DIR] } as never })).toThrow("Unknown setting 'templates.dir'. Did you mean 'templates.dirs'?");
  expect(() => makeApp({ templates: { dirs: PROJECT_DIR } as never })).toThrow(/^templates\.dirs must be an array of folder/);
  expect(() => makeApp({ templates: { contextProcessors: ['request'] } as never })).toThrow('templates.contextProcessors must be an array of functions');
  expect(() => makeApp({ templates: { cache: 'yes' } as never })).toThrow('templates.cache must be true or false');
  expect(() => makeApp({ templates: { dirs: [42] } as never })).toThrow(/^templates\.dirs/);
});

test('without debug compiled templates are cached: a changed file is not read again', async () => {
  const dir = folder('t', { 'hello.pug': 'p Hello #{who}\n' });
  const app = appFor([dir]);
  expect((await request(app).get('/hello/')).text).toBe('<p>Hello world</p>');
  writeFileSync(join(dir, 'hello.pug'), 'p Changed greeting for #{who}\n');
  expect((await request(app).get('/hello/')).text).toBe('<p>Hello world</p>');
});

test('with debug a template is recompiled when it changes', async () => {
  const dir = folder('t', { 'hello.pug': 'p Hello #{who}\n' });
  const app = appFor([dir], { debug: true });
  expect((await request(app).get('/hello/')).text).toBe('<p>Hello world</p>');
  writeFileSync(join(dir, 'hello.pug'), 'p Changed greeting for #{who}\n');
  expect((await request(app).get('/hello/')).text).toBe('<p>Changed greeting for world</p>');
});

test('with debug a change in an included or extended file recompiles the template', async () => {
  const dir = folder('t', { 'list.pug': 'extends layout\nblock body\n  include /parts/item\n', 'layout.pug': 'main\n  block body\n', 'parts/item.pug': 'i item\n' });
  const app = appFor([dir], { debug: true });
  expect((await request(app).get('/list/')).text).toBe('<main><i>item</i></main>');
  writeFileSync(join(dir, 'parts/item.pug'), 'b changed item\n');
  expect((await request(app).get('/list/')).text).toBe('<main><b>changed item</b></main>');
  writeFileSync(join(dir, 'layout.pug'), 'section\n  block body\n');
  expect((await request(app).get('/list/')).text).toBe('<section><b>changed item</b></section>');
});

test('with debug a template added to an earlier folder takes over', async () => {
  const first = folder('first', {});
  const second = folder('second', { 'hello.pug': 'p second\n' });
  const app = appFor([first, second], { debug: true });
  expect((await request(app).get('/hello/')).text).toBe('<p>second</p>');
  writeFileSync(join(first, 'hello.pug'), 'p first\n');
  expect((await request(app).get('/hello/')).text).toBe('<p>first</p>');
});

test('cache: true keeps templates even with debug on', async () => {
  const dir = folder('t', { 'hello.pug': 'p Hello\n' });
  const app = appFor([dir], { debug: true, templates: { dirs: [dir], cache: true } });
  expect((await request(app).get('/hello/')).text).toBe('<p>Hello</p>');
  writeFileSync(join(dir, 'hello.pug'), 'p Something else\n');
  expect((await request(app).get('/hello/')).text).toBe('<p>Hello</p>');
});

test('two apps keep their own templates', async () => {
  const a = folder('a', { 'hello.pug': 'p app A\n' });
  const b = folder('b', { 'hello.pug': 'p app B\n' });
  const appA = appFor([a]);
  const appB = appFor([b]);
  expect((await request(appA).get('/hello/')).text).toBe('<p>app A</p>');
  expect((await request(appB).get('/hello/')).text).toBe('<p>app B</p>');
});
