/**
 * Hostile corpus, part 2: multipart and JSON bodies, prototype keys, deep nesting, sessions,
 * CSRF, templates named by the URL, and `?next=` open redirects. Every case: the expected status,
 * nothing internal leaked, no row or prototype changed, the next good request served.
 */
import type { CaseResponse, CorpusContext, HostileCase } from './support/corpus-runner';
import { runCorpus } from './support/corpus-runner';
import { sendRaw, withBody } from './support/raw';

const EVIL = /evil\.example\.com|javascript:/i;

function multipart(boundaryHeader: string, body: string): (ctx: CorpusContext) => Promise<CaseResponse> {
  return ({ port }) => sendRaw(port, withBody('POST', '/upload/', [`Content-Type: ${boundaryHeader}`], body));
}

function json(body: string | Buffer, type = 'application/json'): (ctx: CorpusContext) => Promise<CaseResponse> {
  return ({ port }) => sendRaw(port, withBody('POST', '/api/articles/', [`Content-Type: ${type}`], body));
}

const part = (name: string, value: string, extra = '') => `--B\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;

const multiparts: HostileCase[] = [
  { name: 'multipart: boundary in the body differs from the header', status: 400, send: multipart('multipart/form-data; boundary=XYZ', part('doc', 'x', '; filename="a.txt"') + '--B--\r\n') },
  { name: 'multipart: no boundary parameter', status: 400, send: multipart('multipart/form-data', part('doc', 'x') + '--B--\r\n') },
  { name: 'multipart: empty boundary', status: 400, send: multipart('multipart/form-data; boundary=""', '----\r\n') },
  { name: 'multipart: body cut before the closing boundary', status: 400, send: multipart('multipart/form-data; boundary=B', part('doc', 'aaaa', '; filename="a.txt"').slice(0, -2)) },
  // Found by the fuzzer: a part without a name threw outside any request and would have ended the process.
  { name: 'multipart: a field part without a name', status: 400, send: multipart('multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--B--\r\n') },
  { name: 'multipart: a file part without a name', status: 400, send: multipart('multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nvalue\r\n--B--\r\n') },
  { name: 'multipart: a name with an unbalanced quote', status: 400, send: multipart('multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; name="""; filename="a"\r\n\r\nvalue\r\n--B--\r\n') },
  { name: 'multipart: a part without Content-Disposition', status: 400, send: multipart('multipart/form-data; boundary=B', '--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B--\r\n') },
  { name: 'multipart: a boundary of 200 characters', status: 400, send: multipart(`multipart/form-data; boundary=${'b'.repeat(200)}`, `--${'b'.repeat(200)}\r\n`) },
  { name: 'multipart: 1,000 parts (over dataUploadMaxNumberFields)', status: 400, send: multipart('multipart/form-data; boundary=B', part('f', '1').repeat(1000) + '--B--\r\n') },
  { name: 'multipart: a nested multipart/mixed part, no file', status: 400, send: multipart('multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; name="doc"\r\nContent-Type: multipart/mixed; boundary=C\r\n\r\n--C\r\n\r\nx\r\n--C--\r\n--B--\r\n') },
  {
    name: 'multipart: a part header of 100 KB',
    status: [400, 413],
    send: multipart('multipart/form-data; boundary=B', `--B\r\nContent-Disposition: form-data; name="doc"; filename="${'n'.repeat(100_000)}"\r\n\r\nx\r\n--B--\r\n`),
  },
];

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const jsons: HostileCase[] = [
  { name: 'JSON: a "__proto__" key', status: 400, send: json('{"slug": "p1", "title": "t", "__proto__": {"isAdmin": true}}') },
  { name: 'JSON: constructor.prototype', status: 400, send: json('{"slug": "p2", "title": "t", "constructor": {"prototype": {"polluted": 1}}}') },
  { name: 'JSON: "__proto__" nested deep inside', status: 400, send: json('{"slug": "p3", "title": "t", "body": "b", "meta": {"a": [{"__proto__": {"x": 1}}]}}') },
  { name: 'JSON: 25,000 nested arrays', status: 400, send: json(deep(25_000)) },
  { name: 'JSON: 10,000 nested objects', status: 400, send: json('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)) },
  { name: 'JSON: an operator object where a string is expected', status: 400, send: json('{"slug": {"$gt": ""}, "title": {"$ne": null}}') },
  { name: 'JSON: an array at the top', status: 400, send: json('[{"slug": "arr", "title": "t"}]') },
  { name: 'JSON: 5,000 keys, none of the form fields', status: 400, send: json(JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])))) },
  { name: 'JSON: invalid UTF-8', status: 400, send: json(Buffer.from([0x7b, 0x22, 0x73, 0x6c, 0x75, 0x67, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])) },
  { name: 'JSON: truncated', status: 400, send: json('{"slug": "tr", "title": ') },
  { name: 'JSON: a lone surrogate in a string', status: 400, send: json('{"slug": "\\ud800", "title": "t"}') },
  { name: 'JSON: a slug too long for the column', status: 400, send: json(JSON.stringify({ slug: 's'.repeat(5000), title: 't' })) },
  { name: 'JSON: with a text/plain content type', status: 400, send: json('{"slug": "tp", "title": "t"}', 'text/plain') },
];

const sessionCookie = (value: string): HostileCase => ({
  name: `session: cookie sessionid=${value.length > 40 ? `${value.slice(0, 40)}… (${value.length} chars)` : value}`,
  status: 403,
  send: ({ http }) => http.get('/private/').set('Cookie', `sessionid=${value}`),
});
const sessions: HostileCase[] = [
  sessionCookie('0123456789abcdefghijklmnopqrstuv'),
  sessionCookie("' OR '1'='1"),
  sessionCookie('__proto__'),
  sessionCookie('constructor'),
  sessionCookie('k'.repeat(3000)),
  sessionCookie('%E2%80%8B%00%FF'),
  { name: 'session: a forged cookie before the real one', status: 403, send: ({ http, aliceCookie }) => http.get('/private/').set('Cookie', `sessionid=forged0000000000000000000000000; ${aliceCookie}`) },
];

const post = (ctx: CorpusContext, url: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  ctx.http.post(url).set('Cookie', cookie).set(headers).type('form').send(fields);
const article = { slug: 'csrf-made', title: 'Made by CSRF', body: 'x' };
const csrf: HostileCase[] = [
  { name: 'CSRF: no cookie, no token', status: 403, send: (c) => post(c, '/articles/new/', '', article) },
  { name: 'CSRF: a token without its cookie', status: 403, send: (c) => post(c, '/articles/new/', '', { ...article, csrfmiddlewaretoken: c.csrfToken }) },
  { name: 'CSRF: the cookie without a token', status: 403, send: (c) => post(c, '/articles/new/', c.csrfCookie, article) },
  { name: 'CSRF: a random token of the right length', status: 403, send: (c) => post(c, '/articles/new/', c.csrfCookie, { ...article, csrfmiddlewaretoken: 'a'.repeat(c.csrfToken.length) }) },
  { name: 'CSRF: a token one character short', status: 403, send: (c) => post(c, '/articles/new/', c.csrfCookie, { ...article, csrfmiddlewaretoken: c.csrfToken.slice(1) }) },
  { name: 'CSRF: a token with non-ASCII characters', status: 403, send: (c) => post(c, '/articles/new/', c.csrfCookie, { ...article, csrfmiddlewaretoken: 'é'.repeat(c.csrfToken.length) }) },
  { name: 'CSRF: a valid token from a foreign Origin', status: 403, send: (c) => post(c, '/articles/new/', c.csrfCookie, { ...article, csrfmiddlewaretoken: c.csrfToken }, { Origin: 'https://evil.example.com' }) },
  { name: 'CSRF: a valid token with Origin: null', status: 403, send: (c) => post(c, '/articles/new/', c.csrfCookie, { ...article, csrfmiddlewaretoken: c.csrfToken }, { Origin: 'null' }) },
  { name: 'CSRF: X-HTTP-Method-Override: GET does not bypass the check', status: 403, send: (c) => post(c, '/articles/new/', c.csrfCookie, article, { 'X-HTTP-Method-Override': 'GET' }) },
  { name: 'CSRF: DELETE without a token', status: 403, send: (c) => c.http.delete(`/articles/${c.corpus.articleId}/delete/`).set('Cookie', `${c.csrfCookie}; ${c.aliceCookie}`) },
  { name: 'CSRF: PUT without a token', status: 403, send: (c) => c.http.put(`/articles/${c.corpus.articleId}/edit/`).set('Cookie', c.csrfCookie).type('form').send(article) },
  { name: 'CSRF: a logged-in update without a token', status: 403, send: (c) => post(c, `/articles/${c.corpus.articleId}/edit/`, `${c.aliceCookie}`, article) },
];

const templates: HostileCase[] = [
  { name: 'template: ../ out of the template folders', status: 400, send: ({ http }) => http.get('/pages/..%2Fsupport%2Fcorpus-app.ts') },
  { name: 'template: ../ after a real folder', status: 400, send: ({ http }) => http.get('/pages/corpus/../../../package.json') },
  { name: 'template: an absolute path', status: 400, send: ({ http }) => http.get('/pages/%2Fetc%2Fpasswd') },
  { name: 'template: a backslash path', status: 400, send: ({ http }) => http.get('/pages/..%5C..%5Cpackage.json') },
  { name: 'template: a drive letter', status: 400, send: ({ http }) => http.get('/pages/C:%2Fwindows%2Fwin.ini') },
  { name: 'template: a NUL byte', status: 400, send: ({ http }) => http.get('/pages/corpus/search.pug%00.txt') },
];

/** A redirect that stays on this site: a relative path, never `//host` or another scheme. */
function staysHere(res: CaseResponse): void {
  const location = String(res.headers.location ?? '');
  expect(location).not.toMatch(EVIL);
  expect(location).toMatch(/^\/(?![/\\])/);
}
const nexts = ['//evil.example.com', 'https://evil.example.com/', '/\\evil.example.com', '\\\\evil.example.com', 'javascript:alert(1)', 'http:evil.example.com', '\t//evil.example.com', 'https:///evil.example.com', '///evil.example.com', 'http://localhost@evil.example.com/'];
const redirects: HostileCase[] = [
  ...nexts.map(
    (next): HostileCase => ({
      name: `?next=${JSON.stringify(next)} on logout: the safe default instead`,
      status: 302,
      send: (c) => post(c, `/accounts/logout/?next=${encodeURIComponent(next)}`, c.csrfCookie, { csrfmiddlewaretoken: c.csrfToken }),
      check: staysHere,
    }),
  ),
  {
    name: '?next=//evil.example.com on a real login: the safe default instead',
    status: 302,
    logsIn: true,
    send: (c) => post(c, '/accounts/login/?next=%2F%2Fevil.example.com', c.csrfCookie, { csrfmiddlewaretoken: c.csrfToken, username: 'alice', password: 'wonderland' }),
    check: (res) => {
      staysHere(res);
      expect(res.headers.location).toBe('/accounts/profile/');
    },
  },
  {
    name: '?next= with markup on the login page is escaped in the form',
    status: 200,
    send: ({ http }) => http.get('/accounts/login/?next=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E'),
    check: (res) => expect(res.text).not.toContain('<script>alert(1)'),
  },
  {
    name: 'a search term with markup and Pug syntax is shown as text',
    status: 200,
    send: ({ http }) => http.get('/search/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%23%7Bprocess.exit(1)%7D'),
    check: (res) => {
      expect(res.text).toContain('&lt;script&gt;');
      expect(res.text).toContain('#{process.exit(1)}');
    },
  },
];

runCorpus('hostile corpus: bodies, sessions, CSRF, templates, redirects', [...multiparts, ...jsons, ...sessions, ...csrf, ...templates, ...redirects]);
