/**
 * Django's tests/utils_tests/test_http.py URLHasAllowedHostAndSchemeTests: the lists of URLs a
 * `next` parameter may and may not send the user to.
 */
import { urlHasAllowedHostAndScheme } from '../../src';

const allowed = ['otherserver', 'testserver'];

const badUrls = [
  'http://example.com',
  'http:///example.com',
  'https://example.com',
  'ftp://example.com',
  '\\\\example.com',
  '\\\\\\example.com',
  '/\\\\/example.com',
  '\\\\//example.com',
  '/\\/example.com',
  '\\/example.com',
  '/\\example.com',
  'http:/\\//example.com',
  'http:\\/example.com',
  'http:/\\example.com',
  'javascript:alert("XSS")',
  '\njavascript:alert(x)',
  'java\nscript:alert(x)',
  '\x08//example.com',
  'http://otherserver\\@example.com',
  'http:\\\\testserver\\@example.com',
  'http://testserver\\me:pass@example.com',
  'http://testserver\\@example.com',
  'http:\\\\testserver\\confirm\\me@example.com',
  'http:999999999',
  'ftp:9999999999',
  '\n',
  'http://[2001:cdba:0000:0000:0000:0000:3257:9652/',
  'http://2001:cdba:0000:0000:0000:0000:3257:9652]/',
];

const goodUrls = [
  '/view/?param=http://example.com',
  '/view/?param=https://example.com',
  '/view?param=ftp://example.com',
  'view/?param=//example.com',
  'https://testserver/',
  'HTTPS://testserver/',
  '//testserver/',
  'http://testserver/confirm?email=me@example.com',
  '/url%20with%20spaces/',
  'path/http:2222222222',
];

describe('urlHasAllowedHostAndScheme', () => {
  test.each(badUrls)('refuses %j', (url) => {
    expect(urlHasAllowedHostAndScheme(url, allowed)).toBe(false);
  });

  test.each(goodUrls)('accepts %j', (url) => {
    expect(urlHasAllowedHostAndScheme(url, allowed)).toBe(true);
  });

  test('requireHttps refuses http and scheme-relative URLs to the host', () => {
    expect(urlHasAllowedHostAndScheme('https://testserver/', allowed, true)).toBe(true);
    expect(urlHasAllowedHostAndScheme('http://testserver/', allowed, true)).toBe(false);
    expect(urlHasAllowedHostAndScheme('//testserver/', allowed, true)).toBe(false);
    expect(urlHasAllowedHostAndScheme('/relative/', allowed, true)).toBe(true);
  });

  test('no URL, an empty one, a non-string, or one over 2048 characters is refused', () => {
    expect(urlHasAllowedHostAndScheme(undefined, allowed)).toBe(false);
    expect(urlHasAllowedHostAndScheme('', allowed)).toBe(false);
    expect(urlHasAllowedHostAndScheme(['/ok/'], allowed)).toBe(false);
    expect(urlHasAllowedHostAndScheme(`/${'a'.repeat(2048)}`, allowed)).toBe(false);
  });
});
