/**
 * Hostile corpus, part 1: the request line, the URL resolver and converters, headers, and
 * bodies that lie about their length. Every case: the expected 4xx, nothing internal leaked, no
 * row or prototype changed, the next good request served (see support/corpus-runner.ts).
 */
import { runCorpus, type HostileCase } from './support/corpus-runner';
import { get, sendRaw, withBody } from './support/raw';

const status = (port: number, raw: string | Buffer, timeout?: number) => sendRaw(port, raw, { timeout });
const path = (target: string, expected: number | number[]): HostileCase => ({
  name: `GET ${target.length > 60 ? `${target.slice(0, 60)}… (${target.length} chars)` : target}`,
  status: expected,
  send: ({ port }) => status(port, get(target)),
});

const encodings: HostileCase[] = [
  path('/articles/%FF/', 400),
  path('/articles/%C0%AE%C0%AE/', 400), // overlong UTF-8 for '..'
  path('/articles/%ED%A0%80/', 400), // a UTF-16 surrogate encoded as UTF-8
  path('/articles/%00/', 400),
  path('/articles/%/', 400),
  path('/articles/%E2%82/', 400), // truncated multi-byte sequence
  path('/%2e%2e/%2e%2e/etc/passwd', 404),
  path('/articles/..%2f..%2f..%2fetc%2fpasswd/', 404),
];

const resolver: HostileCase[] = [
  path('/' + 'a/'.repeat(4000), 404),
  path('/' + 'x'.repeat(20_000) + '/', 431), // over Node's header size limit
  path('/articles/99999999999999999999999/', 404),
  path('/articles/2147483648/', 404), // past a 32-bit integer column
  path('/articles/9007199254740993/', 404), // past Number.MAX_SAFE_INTEGER
  path('/articles/-1/', 404),
  path('/articles/%EF%BC%91/', 404), // fullwidth digit one
  path('/articles//', 404),
  path('/a/%D0%B0pple/', 404), // Cyrillic а in 'apple'
  path('/a/%EF%BD%81pple/', 404), // fullwidth a
  path('/a/appl%C3%A9/', 404),
  path('/a/apple%E2%80%8B/', 404), // zero-width space
  path('/a/ApPle/', 404),
  path('/a/%C4%B1pple/', 404), // dotless ı
  path('/articles/?page=__proto__', 404),
  path('/articles/?page=1e309', 404),
  path('/articles/?page=-1', 404),
  path('/articles/?page=99999999999999999999', 404),
  path('/articles/?' + 'f=1&'.repeat(1000), 400), // more fields than dataUploadMaxNumberFields
  {
    name: '//evil.example.com (append-slash must not redirect off-site)',
    status: [404],
    send: ({ port }) => status(port, get('//evil.example.com')),
  },
  {
    name: '/\\evil.example.com (backslash host trick)',
    status: [404],
    send: ({ port }) => status(port, get('/%5Cevil.example.com')),
  },
  {
    name: 'OPTIONS * (asterisk-form)',
    status: 404,
    send: ({ port }) => status(port, 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
  },
  {
    name: 'an unknown method',
    status: 400,
    send: ({ port }) => status(port, 'BREW /articles/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
  },
  {
    name: 'a space inside the request target',
    status: 400,
    send: ({ port }) => status(port, 'GET /arti cles/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
  },
];

const headers: HostileCase[] = [
  { name: 'two Host headers', status: 400, send: ({ port }) => status(port, get('/articles/', ['Host: evil.example.com'])) },
  {
    name: 'a Host not in allowedHosts',
    status: 400,
    send: ({ port }) => status(port, 'GET /articles/ HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n'),
    check: (res) => expect(res.text).not.toContain('evil.example.com'),
  },
  { name: 'Host with userinfo', status: 400, send: ({ port }) => status(port, 'GET /articles/ HTTP/1.1\r\nHost: localhost@evil.example.com\r\nConnection: close\r\n\r\n') },
  { name: 'no Host at all (HTTP/1.1)', status: 400, send: ({ port }) => status(port, 'GET /articles/ HTTP/1.1\r\nConnection: close\r\n\r\n') },
  { name: 'a header name with a space', status: 400, send: ({ port }) => status(port, get('/articles/', ['Bad Header: x'])) },
  { name: 'a header line without a colon', status: 400, send: ({ port }) => status(port, get('/articles/', ['NoColonHere'])) },
  { name: 'a NUL byte in a header value', status: 400, send: ({ port }) => status(port, get('/articles/', ['X-Thing: a\u0000b'])) },
  { name: 'obsolete header line folding', status: 400, send: ({ port }) => status(port, get('/articles/', ['X-Folded: a', '  continued'])) },
  { name: 'headers over 16 KB', status: 431, send: ({ port }) => status(port, get('/articles/', Array.from({ length: 40 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(500)}`))) },
  {
    name: 'two different Content-Length headers',
    status: 400,
    send: ({ port }) => status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Content-Length: 2', 'Content-Length: 30'], '{}')),
  },
  {
    name: 'Content-Length and Transfer-Encoding together (smuggling)',
    status: 400,
    send: ({ port }) =>
      status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Content-Length: 5', 'Transfer-Encoding: chunked'], '0\r\n\r\nGET /private/ HTTP/1.1\r\nHost: localhost\r\n\r\n')),
  },
  {
    name: 'an unknown Transfer-Encoding',
    status: [400, 501],
    send: ({ port }) => status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Transfer-Encoding: xchunked'], '{}')),
  },
  {
    name: 'garbage cookies on a form post (CSRF still refuses)',
    status: 403,
    send: ({ port }) =>
      status(port, withBody('POST', '/articles/new/', ['Content-Type: application/x-www-form-urlencoded', 'Cookie: sessionid=%%%; csrftoken=<script>; =; ;;'], 'slug=x&title=x')),
  },
];

const lengths: HostileCase[] = [
  {
    name: 'a body shorter than its Content-Length (the client stalls: 408)',
    status: 408,
    send: ({ port }) => sendRaw(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Content-Length: 100'], '{"slug": "x"'), { timeout: 8_000 }),
  },
  {
    name: 'a body longer than its Content-Length (the rest is a bad second request)',
    status: 400,
    send: ({ port }) => status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Content-Length: 10'], '{"slug": "smuggled", "title": "t"}')),
  },
  { name: 'a negative Content-Length', status: 400, send: ({ port }) => status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Content-Length: -1'], '{}')) },
  { name: 'a non-numeric Content-Length', status: 400, send: ({ port }) => status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Content-Length: abc'], '{}')) },
  {
    name: 'a Content-Length of 100 GB (refused before reading)',
    status: 413,
    send: ({ port }) => status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Content-Length: 100000000000'], '{}')),
  },
  {
    name: 'a chunk size that is not hex',
    status: 400,
    send: ({ port }) => status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Transfer-Encoding: chunked'], 'zz\r\n{}\r\n0\r\n\r\n')),
  },
  {
    name: 'a chunked body over the limit',
    status: 413,
    send: ({ port }) => {
      const chunk = `4000\r\n${'a'.repeat(0x4000)}\r\n`;
      return status(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Transfer-Encoding: chunked'], chunk.repeat(8) + '0\r\n\r\n'));
    },
  },
  {
    name: 'a chunked body that never ends (408)',
    status: 408,
    send: ({ port }) => sendRaw(port, withBody('POST', '/api/articles/', ['Content-Type: application/json', 'Transfer-Encoding: chunked'], '2\r\n{}\r\n'), { timeout: 8_000 }),
  },
];

runCorpus('hostile corpus: request line, resolver, headers, lengths', [...encodings, ...resolver, ...headers, ...lengths]);
