/**
 * Template names that could read outside the template folders are refused: `..`, absolute
 * paths, NUL bytes, backslashes, drive letters — from a view (400, logged as suspicious) or from
 * an include inside a template (500). The secret file next to the folders never reaches a client.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { HttpResponse, SuspiciousFileOperation, TemplateResponse, checkTemplateName, path, render, type ViewFunction } from '../../src';
import { quietLogger } from '../helpers';
import { SECRET, SECRET_FILE, debugTemplateApp, templateApp } from './support';

/** A careless view: renders the template named in the query string (?t=...). */
const careless: ViewFunction = (r) => new TemplateResponse(r, r.GET.get('t') ?? 'first/test.pug');
const carelessPath: ViewFunction = (r, kwargs) => render(r, String(kwargs.name));

function urls() {
  return [path('show/', careless), path('page/<path:name>', carelessPath)];
}

test('the secret file exists next to the template folders (so the checks below mean something)', () => {
  expect(readFileSync(SECRET_FILE, 'utf8')).toContain(SECRET);
});

const names: [string, string][] = [
  ['../secret.txt', "a '..' segment"],
  ['../../etc/passwd', "a '..' segment"],
  ['first/../../secret.txt', "a '..' segment"],
  ['/etc/passwd', 'an absolute path'],
  [SECRET_FILE, 'an absolute path'],
  ['first/test.pug\0.txt', 'a NUL byte'],
  ['..\\secret.txt', 'a backslash'],
  ['C:/Windows/win.ini', 'a drive letter'],
];

test.each(names)('the template name %j is refused with a 400 that leaks nothing', async (name) => {
  const logger = quietLogger();
  const res = await request(templateApp({ rootUrlconf: urls(), logger })).get('/show/').query({ t: name });
  expect(res.status).toBe(400);
  expect(res.text).toContain('Bad Request (400)');
  expect(res.text).not.toContain(SECRET);
  expect(res.text).not.toContain('root:');
  expect(logger.lines.join('\n')).toContain('Suspicious operation (SuspiciousFileOperation)');
});

test.each(names)('checkTemplateName(%j) explains the refusal: %s', (name, why) => {
  expect(() => checkTemplateName(name)).toThrow(SuspiciousFileOperation);
  expect(() => checkTemplateName(name)).toThrow(why);
});

test('with debug, the refusal is explained on the page (still without the file content)', async () => {
  const { app } = debugTemplateApp({ rootUrlconf: urls() });
  const res = await request(app).get('/show/').query({ t: '../secret.txt' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('SuspiciousFileOperation');
  expect(res.text).toContain('refused: it contains a &#39;..&#39; segment');
  expect(res.text).not.toContain(SECRET);
});

test('an encoded traversal in a <path:> URL parameter is refused too', async () => {
  const app = templateApp({ rootUrlconf: urls() });
  for (const url of ['/page/..%2Fsecret.txt', '/page/first/..%2F..%2Fsecret.txt', '/page/%2Fetc%2Fpasswd']) {
    const res = await request(app).get(url);
    expect([400, 404]).toContain(res.status);
    expect(res.text).not.toContain(SECRET);
  }
  expect((await request(app).get('/page/first/test.pug')).text).toBe('First template');
});

test.each(['bad_include.pug', 'bad_include_root.pug'])('an include in %s that climbs out of the folders is refused at compile time', async (name) => {
  const { app } = debugTemplateApp({ rootUrlconf: urls() });
  const res = await request(app).get('/show/').query({ t: name });
  expect(res.status).toBe(500);
  expect(res.text).toContain('TemplateSyntaxError');
  expect(res.text).toContain('climbs above the template folders');
  expect(res.text).not.toContain(SECRET);
  const plain = await request(templateApp({ rootUrlconf: urls() })).get('/show/').query({ t: name });
  expect(plain.status).toBe(500);
  expect(plain.text).not.toContain(SECRET);
});

test('names that stay inside the folders work: ./ and repeated slashes are normalised, the extension is optional', async () => {
  const app = templateApp({ rootUrlconf: [path('a/', (r) => new TemplateResponse(r, './first//test')), path('b/', () => new HttpResponse(checkTemplateName('a/./b')))] });
  expect((await request(app).get('/a/')).text).toBe('First template');
  expect((await request(app).get('/b/')).text).toBe('a/b.pug');
});
