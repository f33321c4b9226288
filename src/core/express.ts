import type { Express, NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NormalizedSettings } from '../conf/settings';
import type { HttpRequest } from '../http/request';
import { HttpResponse } from '../http/response';
import type { GetResponse, MiddlewareFactory } from './middleware';
import { ALREADY_SENT } from './writer';

/**
 * Any Express/connect middleware: `(req, res, next) => void`. Declared method-style so that both
 * Express handlers typed on `Request` (compression, cookie-parser, express.static) and
 * connect-style ones typed on Node's IncomingMessage (helmet, morgan) are accepted.
 */
export type ExpressMiddleware = {
  middleware(req: Request, res: Response, next: NextFunction): unknown;
}['middleware'];

/** The response stand-in when an Express middleware answered the request itself. */
class ExpressSentResponse extends HttpResponse {
  readonly [ALREADY_SENT] = true;
  constructor(res: ServerResponse) {
    super('', { status: res.statusCode >= 100 && res.statusCode <= 599 ? res.statusCode : 200 });
  }
}

const expressApps = new WeakMap<object, Express>();

/** Record the Express app createApp made for these settings (its req/res prototypes are lent to Express middleware). */
export function registerExpressApp(settings: object, app: Express): void {
  expressApps.set(settings, app);
}

/**
 * Give Node's req/res what Express middleware expect (res.status(), res.json(), req.get(),
 * req.query, req.app …), as Express's own app.handle does. Served straight from node:http the
 * framework skips Express's router, so nothing did it yet; mounted in a host app, Express did.
 */
function asExpressPair(req: IncomingMessage & { res?: unknown }, res: ServerResponse & { req?: unknown; locals?: unknown }, settings: object): void {
  if (req.res !== undefined) return;
  const app = expressApps.get(settings);
  if (!app) return;
  req.res = res;
  res.req = req;
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  if (!res.locals) res.locals = Object.create(null);
}

/**
 * Run an Express/connect middleware as one layer of the chain. `next()` goes on to the inner
 * layers; `next(err)` is an exception at this layer; answering the request (express.static, a
 * 401 from an auth package) short-circuits, and the outer layers' processResponse still run.
 */
export function fromExpress(middleware: ExpressMiddleware, name = middleware.name || 'expressMiddleware'): MiddlewareFactory {
  if (typeof middleware !== 'function') {
    throw new TypeError(`fromExpress() takes an Express middleware function (req, res, next), got ${typeof middleware}.`);
  }
  const factory = (getResponse: GetResponse, settings: NormalizedSettings) =>
    function expressLayer(request: HttpRequest): Promise<HttpResponse> {
      const { req, res } = request.express;
      asExpressPair(req, res, settings);
      // An Express middleware may call next() from a callback that lost the request's async
      // context (a connection pool, a queue): the inner layers run in the request's context anyway.
      const inContext = AsyncLocalStorage.snapshot();
      return new Promise<HttpResponse>((resolve, reject) => {
        let settled = false;
        const onFinish = () => settle(() => resolve(new ExpressSentResponse(res)));
        const settle = (fn: () => void) => {
          if (settled) return;
          settled = true;
          res.off('finish', onFinish);
          res.off('close', onFinish);
          fn();
        };
        res.once('finish', onFinish);
        res.once('close', onFinish);
        const next = (error?: unknown) => {
          if (error !== undefined && error !== null && error !== 'route' && error !== 'router') {
            settle(() => reject(error));
            return;
          }
          settle(() => resolve(inContext(getResponse, request)));
        };
        try {
          const result = middleware(req as Request, res as Response, next as NextFunction);
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            (result as Promise<unknown>).then(undefined, (error) => settle(() => reject(error)));
          }
        } catch (error) {
          settle(() => reject(error));
        }
      });
    };
  Object.defineProperty(factory, 'name', { value: name });
  return factory as unknown as MiddlewareFactory;
}
