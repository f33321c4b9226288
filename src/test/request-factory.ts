import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { coreOf } from '../core/app';
import { decodePath } from '../core/handler';
import { HttpRequest } from '../http/request';

/** Form data for a request: field → value(s); a Blob (or File) value is an uploaded file. */
export type RequestData = Record<string, string | number | boolean | Blob | readonly (string | number | boolean | Blob)[]>;

/** Options of one built request. */
export interface RequestOptions {
  /** Request headers (names in any case). */
  headers?: Record<string, string>;
  /** Content-Type of a string or Buffer body (default `application/octet-stream`). */
  contentType?: string;
  /** As if over https (Django's `secure=True`). */
  secure?: boolean;
}

/**
 * Build `HttpRequest`s to call views directly in tests (Django's RequestFactory): no middleware,
 * no URL resolution — `request.user`, `request.session` and the rest are yours to set. The
 * requests belong to `app` (its secret key, allowed hosts, body limits), carry `Host: testserver`
 * unless given one, and have their body already read.
 *
 * @example
 * ```ts
 * const factory = new RequestFactory(app);
 * const request = await factory.post('/movies/new/', { title: 'Dune', year: 2021 });
 * request.user = alice;
 * const response = await MovieCreate.asView()(request, {});
 * expect(response.statusCode).toBe(302);
 * ```
 */
export class RequestFactory {
  constructor(
    private readonly app: Function,
    /** Headers of every request (a request's own headers win). */
    private readonly defaults: { headers?: Record<string, string> } = {},
  ) {
    if (!coreOf(app)) throw new TypeError('RequestFactory needs an app made by createApp(settings).');
  }

  /** GET with `data` as the query string. */
  get(path: string, data: RequestData = {}, options: RequestOptions = {}): Promise<HttpRequest> {
    return this.withQuery('GET', path, data, options);
  }

  /** HEAD with `data` as the query string. */
  head(path: string, data: RequestData = {}, options: RequestOptions = {}): Promise<HttpRequest> {
    return this.withQuery('HEAD', path, data, options);
  }

  /** OPTIONS with `data` as the query string. */
  options(path: string, data: RequestData = {}, options: RequestOptions = {}): Promise<HttpRequest> {
    return this.withQuery('OPTIONS', path, data, options);
  }

  /** DELETE with `data` as the query string. */
  delete(path: string, data: RequestData = {}, options: RequestOptions = {}): Promise<HttpRequest> {
    return this.withQuery('DELETE', path, data, options);
  }

  /** POST: an object is sent as multipart/form-data (as Django's factory does); a string or Buffer as is. */
  post(path: string, data: RequestData | string | Buffer = {}, options: RequestOptions = {}): Promise<HttpRequest> {
    return this.withBody('POST', path, data, options);
  }

  /** PUT, as `post`. */
  put(path: string, data: RequestData | string | Buffer = {}, options: RequestOptions = {}): Promise<HttpRequest> {
    return this.withBody('PUT', path, data, options);
  }

  /** PATCH, as `post`. */
  patch(path: string, data: RequestData | string | Buffer = {}, options: RequestOptions = {}): Promise<HttpRequest> {
    return this.withBody('PATCH', path, data, options);
  }

  /** Any method, with a raw body. */
  generic(method: string, path: string, body: string | Buffer = '', options: RequestOptions = {}): Promise<HttpRequest> {
    return this.build(method.toUpperCase(), path, typeof body === 'string' ? Buffer.from(body) : body, options);
  }

  private withQuery(method: string, path: string, data: RequestData, options: RequestOptions): Promise<HttpRequest> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(data)) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
    }
    const encoded = query.toString();
    const target = encoded ? `${path}${path.includes('?') ? '&' : '?'}${encoded}` : path;
    return this.build(method, target, Buffer.alloc(0), options);
  }

  private async withBody(method: string, path: string, data: RequestData | string | Buffer, options: RequestOptions): Promise<HttpRequest> {
    if (typeof data === 'string' || Buffer.isBuffer(data)) return this.generic(method, path, data, options);
    const form = new FormData();
    for (const [name, value] of Object.entries(data)) {
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, item instanceof Blob ? item : String(item));
    }
    // The platform's own multipart encoder (boundary included).
    const encoded = new Response(form);
    const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
    return this.build(method, path, Buffer.from(await encoded.arrayBuffer()), { ...options, contentType });
  }

  private async build(method: string, target: string, body: Buffer, options: RequestOptions): Promise<HttpRequest> {
    const config = coreOf(this.app)!.config;
    const socket = new Socket();
    if (options.secure) (socket as Socket & { encrypted?: boolean }).encrypted = true;
    const req = new IncomingMessage(socket);
    req.method = method;
    req.url = target;
    const headers: Record<string, string> = { host: 'testserver' };
    for (const [name, value] of Object.entries({ ...this.defaults.headers, ...options.headers })) headers[name.toLowerCase()] = value;
    if (body.length > 0) {
      headers['content-length'] = String(body.length);
      headers['content-type'] = options.contentType ?? headers['content-type'] ?? 'application/octet-stream';
    }
    req.headers = headers;
    if (body.length > 0) req.push(body);
    req.push(null);
    // The whole message is here: nothing may count as a client that went away mid-body.
    req.complete = true;
    const q = target.indexOf('?');
    const rawPath = q === -1 ? target : target.slice(0, q);
    const request = new HttpRequest(req, new ServerResponse(req), decodePath(rawPath), q === -1 ? '' : target.slice(q + 1), '', config);
    await request.loadBody();
    return request;
  }
}
