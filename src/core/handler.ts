import type { IncomingMessage, ServerResponse } from 'node:http';
import { MalformedUrl } from '../http/exceptions';
import { CommonMiddleware } from '../middleware/common';
import { HttpRequest, splitDomainPort, type ExpressPair, type RequestConfig } from '../http/request';
import type { HttpResponse } from '../http/response';
import type { NormalizedSettings } from '../conf/settings';
import { needsUrlContext, runWithUrlContext } from '../urls/context';
import type { Resolver } from '../urls/resolver';
import { serviceUnavailable } from './defaults';
import { logResponse } from './log-response';
import { responseForException, type ErrorContext } from './errors';
import type { Lifecycle } from './lifecycle';
import type { GetResponse } from './middleware';
import { writeResponse } from './writer';

/** Node's or Express's `next`, when mounted in a host app. */
export type Next = (error?: unknown) => void;

/** Everything a request needs from its app, built once by createApp. */
export interface AppCore extends ErrorContext {
  readonly settings: NormalizedSettings;
  readonly config: RequestConfig;
  readonly resolver: Resolver;
  readonly chain: GetResponse;
  /** Resolves when start-up work (DataSource initialisation) is done; null once it is. */
  ready: Promise<void> | null;
  /** Requests in flight, servers, graceful close. */
  readonly lifecycle: Lifecycle;
}

/** Decode the path of a request target; throws MalformedUrl on bad escapes or invalid UTF-8. */
export function decodePath(rawPath: string): string {
  if (rawPath.indexOf('%') === -1) return rawPath;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new MalformedUrl(`The URL path '${rawPath.slice(0, 200)}' has malformed percent-encoding or is not UTF-8.`);
  }
  if (decoded.indexOf('\0') !== -1) throw new MalformedUrl('The URL path contains a NUL byte.');
  return decoded;
}

/** The path and query of a request target (origin-form, or absolute-form from a proxy). */
function splitTarget(url: string): [path: string, query: string] {
  if (url.charCodeAt(0) !== 47 /* '/' */) {
    const scheme = /^https?:\/\/[^/?#]*/i.exec(url);
    url = scheme ? url.slice(scheme[0].length) || '/' : '/' + url;
  }
  const q = url.indexOf('?');
  return q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
}

/** Whether the request carries more than one Host header (Node keeps only the first). */
function hasDuplicateHost(req: IncomingMessage): boolean {
  const raw = req.rawHeaders;
  let seen = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 4 && name.toLowerCase() === 'host') {
      if (seen) return true;
      seen = true;
    }
  }
  return false;
}

/**
 * The request handler of an app: wraps Node's req/res into an HttpRequest, runs the compiled
 * chain, and hands the response to the writer. Built once; per request it only calls.
 */
export function createHandler(core: AppCore) {
  const { settings, config, resolver, lifecycle } = core;
  let lastGoodHost = '';
  // With fallthrough, a URL that only matches with a slash added stays here when CommonMiddleware will redirect it.
  const appendsSlash = settings.appendSlash && settings.middleware.some((m) => m === CommonMiddleware || m.prototype instanceof CommonMiddleware);

  const write = (response: HttpResponse, res: ServerResponse) => {
    // Shutting down: this connection is not reused (keep-alive clients go to another server).
    if (lifecycle.closeAfterResponse) response.headers.set('Connection', 'close');
    return writeResponse(response, res, settings.secretKey);
  };

  // Every 4xx and 5xx is logged once, as Django's handler does ("Not Found: /path").
  const logged = (request: HttpRequest, response: HttpResponse) =>
    response.statusCode < 400 ? response : logResponse(settings.logger, `${response.reasonPhrase}: ${request.path}`, response);

  const fail = (request: HttpRequest, error: unknown, res: ServerResponse) =>
    responseForException(request, error, core).then((response) => write(logged(request, response), res));

  const run = (request: HttpRequest, res: ServerResponse): Promise<void> =>
    core.chain(request).then(
      (response: HttpResponse) => write(logged(request, response), res),
      (error) => fail(request, error, res),
    );

  const failed = (res: ServerResponse) => (error: unknown) => {
    settings.logger.error('The response could not be written.', error);
    if (!res.headersSent) {
      res.statusCode = 500;
      res.end();
    } else res.destroy();
    lifecycle.end();
  };

  return function handle(req: ExpressPair['req'], res: ServerResponse, next?: Next): void {
    const prefix = req.baseUrl ?? '';
    const [rawPath, query] = splitTarget(req.url ?? '/');
    let pathInfo = rawPath;
    let failure: unknown = null;
    try {
      pathInfo = decodePath(rawPath);
    } catch (error) {
      failure = error;
      pathInfo = '/';
    }
    const request = new HttpRequest(req, res, pathInfo, query, prefix, config);

    if (failure === null) {
      if (settings.fallthrough && next && !resolver.isValidPath(pathInfo) && !(appendsSlash && !pathInfo.endsWith('/') && resolver.isValidPath(pathInfo + '/'))) {
        next();
        return;
      }
      if (lifecycle.closing) {
        // Shutting down: nothing new starts; the client may retry (on another server).
        void writeResponse(serviceUnavailable(true), res, settings.secretKey);
        return;
      }
      // The Host header is checked on every request, before any middleware, so no layer ever sees a forged host.
      const host = req.headers.host;
      if (host !== lastGoodHost || host === undefined || settings.useXForwardedHost) {
        try {
          if (hasDuplicateHost(req)) throw new MalformedUrl('The request has more than one Host header.');
          request.getHost();
          if (host !== undefined && !settings.useXForwardedHost && splitDomainPort(host)[0]) lastGoodHost = host;
        } catch (error) {
          failure = error;
        }
      } else if (req.rawHeaders.length > 2 && hasDuplicateHost(req)) {
        failure = new MalformedUrl('The request has more than one Host header.');
      }
    }

    const start = (): Promise<void> => {
      if (failure !== null) return fail(request, failure, res);
      const ready = core.ready;
      if (ready) return ready.then(() => run(request, res), (error) => fail(request, error, res));
      return run(request, res);
    };
    lifecycle.begin();
    const done = needsUrlContext(resolver, prefix) ? runWithUrlContext({ resolver, prefix }, start) : start();
    done.then(lifecycle.end, failed(res));
  };
}
