import express from 'express';
import { join } from 'node:path';
import { Middleware, fromExpress, type HttpRequest, type HttpResponse, type MiddlewareEntry } from 'express-generic-views';

/** Where each request's start time is kept (a symbol: nothing else can collide with it). */
const STARTED = Symbol('timing.started');

/**
 * Times every request (the custom middleware the Django tutorial asks for). It lives in
 * `sample-project/theater/middleware.ts` and is added to the `middleware` setting in
 * `sample-project/settings.ts`, outermost, so that it measures everything after it (a file answered
 * by express.static is written by Express itself: it is timed and logged, but gets no header):
 *
 * ```ts
 * middleware: [TimingMiddleware, staticFiles(), ...defaultMiddleware()]
 * ```
 *
 * `processRequest` notes the time; `processResponse` adds a `Server-Timing: app;dur=<ms>` header
 * (browsers show it in their network panel) and, when `log` is set, prints one access-log line.
 */
export class TimingMiddleware extends Middleware {
  /** Print `GET /movies/ 200 3.1ms` for each request (set by the settings from `LOG_REQUESTS`). */
  static log = false;

  override processRequest(request: HttpRequest): void {
    (request as unknown as Record<symbol, bigint>)[STARTED] = process.hrtime.bigint();
  }

  override processResponse(request: HttpRequest, response: HttpResponse): HttpResponse {
    const started = (request as unknown as Record<symbol, bigint | undefined>)[STARTED];
    if (started === undefined) return response;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    response.headers.set('Server-Timing', `app;dur=${ms.toFixed(1)};desc="express-generic-views"`);
    if (TimingMiddleware.log) console.log(`${request.method} ${request.path} ${response.statusCode} ${ms.toFixed(1)}ms`);
    return response;
  }
}

/** The folder of the stylesheet and other static files. */
export const STATIC_ROOT = join(__dirname, 'static');

/**
 * Serve `STATIC_ROOT` under `/static/` with Express's own `express.static`, run as a layer of the
 * middleware chain through `fromExpress()`: a file is answered right there (the inner layers and
 * the views are skipped); anything else goes on to the views.
 */
export function staticFiles(): MiddlewareEntry {
  const router = express.Router();
  router.use('/static', express.static(STATIC_ROOT, { maxAge: '1h', index: false, fallthrough: true }));
  return fromExpress(router, 'staticFiles');
}
