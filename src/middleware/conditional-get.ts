import { createHash } from 'node:crypto';
import { Middleware } from '../core/middleware';
import type { HttpRequest } from '../http/request';
import { HttpResponse, HttpResponseNotModified } from '../http/response';

const ETAG_MATCH = /^((?:W\/)?"[^"]*")$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RFC1123 = /^\w{3}, (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 = /^\w{6,9}, (\d{2})-(\w{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^\w{3} (\w{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** Seconds since the epoch of an HTTP date (RFC 1123, RFC 850 or asctime), or null (Django's parse_http_date_safe). */
export function parseHttpDate(value: string | undefined | null): number | null {
  if (!value) return null;
  let day: string, month: string, year: string, h: string, m: string, s: string;
  let match = RFC1123.exec(value);
  if (match) [, day, month, year, h, m, s] = match;
  else if ((match = RFC850.exec(value))) {
    [, day, month, year, h, m, s] = match;
    const y = Number(year);
    const now = new Date().getUTCFullYear();
    let full = y + Math.floor(now / 100) * 100;
    if (full > now + 50) full -= 100;
    year = String(full);
  } else if ((match = ASCTIME.exec(value))) [, month, day, h, m, s, year] = match;
  else return null;
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  if (monthIndex === -1) return null;
  const time = Date.UTC(Number(year), monthIndex, Number(day.trim()), Number(h), Number(m), Number(s));
  return Number.isNaN(time) ? null : time / 1000;
}

/** The ETags of an If-Match / If-None-Match header; ['*'] for `*` (Django's parse_etags). */
export function parseEtags(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  return header
    .split(',')
    .map((e) => ETAG_MATCH.exec(e.trim())?.[1])
    .filter((e): e is string => e !== undefined);
}

const stripWeak = (etag: string) => etag.replace(/^W\//, '');

function notModified(response: HttpResponse): HttpResponse {
  const fresh = new HttpResponseNotModified();
  for (const name of ['Cache-Control', 'Content-Location', 'Date', 'ETag', 'Expires', 'Last-Modified', 'Vary']) {
    const value = response.headers.get(name);
    if (value !== undefined) fresh.headers.set(name, value);
  }
  for (const [name, cookie] of response.cookies) fresh.cookies.set(name, cookie);
  return fresh;
}

/**
 * Answer a conditional request for `response` (Django's get_conditional_response, RFC 9110
 * section 13.2.2): 412 when If-Match or If-Unmodified-Since fail, 304 when If-None-Match or
 * If-Modified-Since say the client's copy is current; other responses, and non-2xx ones, as they are.
 */
export function getConditionalResponse(request: HttpRequest, etag: string | undefined, lastModified: number | null, response: HttpResponse): HttpResponse {
  if (response.statusCode < 200 || response.statusCode >= 300) return response;
  const header = (name: string) => request.headers.get(name) ?? '';
  const ifMatch = parseEtags(header('if-match'));
  const ifUnmodifiedSince = parseHttpDate(header('if-unmodified-since'));
  const ifNoneMatch = parseEtags(header('if-none-match'));
  const ifModifiedSince = parseHttpDate(header('if-modified-since'));
  const safe = request.method === 'GET' || request.method === 'HEAD';
  const precondition = () => new HttpResponse('', { status: 412 });
  if (ifMatch.length > 0) {
    const passes = !etag ? false : ifMatch[0] === '*' ? true : etag.startsWith('W/') ? false : ifMatch.includes(etag);
    if (!passes) return precondition();
  }
  if (ifMatch.length === 0 && ifUnmodifiedSince !== null && !(lastModified !== null && lastModified <= ifUnmodifiedSince)) return precondition();
  if (ifNoneMatch.length > 0) {
    const passes = !etag ? true : ifNoneMatch[0] === '*' ? false : !ifNoneMatch.map(stripWeak).includes(stripWeak(etag));
    if (!passes) return safe ? notModified(response) : precondition();
  }
  if (ifNoneMatch.length === 0 && ifModifiedSince !== null && safe) {
    const passes = lastModified === null || lastModified > ifModifiedSince;
    if (!passes) return notModified(response);
  }
  return response;
}

/**
 * Conditional GET (Django's ConditionalGetMiddleware): GET responses get an ETag (MD5 of the
 * body) unless `Cache-Control: no-store`, and a matching If-None-Match / If-Modified-Since gets a
 * 304 without the body; a failed If-Match a 412.
 */
export class ConditionalGetMiddleware extends Middleware {
  override processResponse(request: HttpRequest, response: HttpResponse): HttpResponse {
    if (request.method !== 'GET') return response;
    if (this.needsEtag(response) && !response.headers.has('ETag') && !response.streaming) {
      const content = response.content;
      if (content.length > 0) response.headers.set('ETag', `"${createHash('md5').update(content).digest('hex')}"`);
    }
    const etag = response.headers.get('ETag');
    const lastModified = parseHttpDate(response.headers.get('Last-Modified'));
    if (etag || lastModified !== null) return getConditionalResponse(request, etag, lastModified, response);
    return response;
  }

  /** No ETag for `Cache-Control: no-store` responses. */
  needsEtag(response: HttpResponse): boolean {
    return (response.headers.get('Cache-Control') ?? '')
      .split(/\s*,\s*/)
      .every((part) => part.toLowerCase() !== 'no-store');
  }
}
