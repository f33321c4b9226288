import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import type { Server } from 'node:http';
import { AppRegistry } from '../conf/apps';
import { hostValidator, normalizeSettings, type NormalizedSettings, type Settings } from '../conf/settings';
import { ImproperlyConfigured } from '../http/exceptions';
import type { HttpRequest, RequestConfig } from '../http/request';
import { HttpResponse } from '../http/response';
import { registerAppResolver } from '../urls/context';
import { installTemplates } from '../templates/install';
import { installDatabase } from '../db/install';
import { registerAppSettings } from '../contrib/conf';
import { closeSessionStoreOf } from '../contrib/sessions/config';
import { startDatabase } from '../db/startup';
import { ConnectionGate } from '../db/connection-gate';
import type { Resolver } from '../urls/resolver';
import { buildChain, notAResponse } from './chain';
import { responseForException } from './errors';
import { registerExpressApp } from './express';
import { viewRunner } from './get-response';
import { createHandler, type AppCore } from './handler';
import { Lifecycle, type CloseOptions } from './lifecycle';
import { resolverForUrlconf } from './urlconf';
import type { GetResponse } from './middleware';

/** The Express app createApp returns, with the framework's own state attached. */
export interface FrameworkApp extends Express {
  /** The framework settings after validation and defaults (Express keeps its own in `settings`). */
  readonly conf: NormalizedSettings;
  /** The installed apps. */
  readonly apps: AppRegistry;
  /** Resolves when start-up work (DataSource initialisation) has finished; rejects if it failed. */
  ready(): Promise<void>;
  /**
   * Shut down gracefully: the servers of `app.listen()` stop accepting, new requests get 503 +
   * `Connection: close`, in-flight ones finish (up to `timeout`, default settings.shutdownTimeout),
   * keep-alive connections close, then the DataSource and the session store the app made are closed.
   * SIGTERM and SIGINT do the same for a process serving with `app.listen()` (settings.shutdownSignals).
   */
  close(options?: CloseOptions): Promise<void>;
}

const cores = new WeakMap<Function, AppCore>();

/** The core behind an app made by createApp (for the framework's own modules). */
export function coreOf(app: Function): AppCore | undefined {
  return cores.get(app);
}

/**
 * Build an app from settings: validates everything (ImproperlyConfigured names the setting),
 * compiles the urlconf and the middleware chain once, and returns an Express app to mount
 * (`host.use('/shop', app)`), to serve (`app.listen(8000)`), or to hand to supertest.
 */
export function createApp(input: Settings): FrameworkApp {
  const settings = normalizeSettings(input);
  const apps = new AppRegistry(settings.installedApps);
  const resolver = resolverForUrlconf(settings.rootUrlconf, 'rootUrlconf');
  const resolverFor = (urlconf: unknown): Resolver => resolverForUrlconf(urlconf);
  const isAllowedHost = hostValidator(settings.allowedHosts);
  const config: RequestConfig = {
    debug: settings.debug,
    secretKey: settings.secretKey,
    bodyLimits: settings.bodyLimits,
    secureProxySslHeader: settings.secureProxySslHeader,
    useXForwardedHost: settings.useXForwardedHost,
    isAllowedHost,
  };
  installTemplates(config, settings, apps);
  registerAppSettings(config, settings);
  const wrapView = installDatabase(config, settings, apps);
  const dataSource = settings.dataSource as { isInitialized?: boolean; initialize?: () => Promise<unknown>; destroy?: () => Promise<unknown> } | undefined;
  const lifecycle = new Lifecycle(settings, async () => {
    await closeSessionStoreOf(settings);
    if (dataSource?.isInitialized && typeof dataSource.destroy === 'function') await dataSource.destroy();
  });
  const core: AppCore = { settings, config, resolver, chain: null as unknown as GetResponse, ready: null, lifecycle };
  const convert = (inner: GetResponse, where?: string): GetResponse => {
    // One `.then` per layer rather than an async function's awaits: this wraps every layer of every request.
    const toResponse = (request: HttpRequest) => (error: unknown) => responseForException(request, error, core);
    const checked = (request: HttpRequest) => (response: HttpResponse) =>
      response instanceof HttpResponse ? response : responseForException(request, notAResponse(where!, response), core);
    return function convertExceptionToResponse(request) {
      let result: Promise<HttpResponse>;
      try {
        result = inner(request);
      } catch (error) {
        return responseForException(request, error, core);
      }
      if (typeof (result as { then?: unknown } | null)?.then !== 'function') result = Promise.resolve(result);
      return result.then(where === undefined ? undefined : checked(request), toResponse(request));
    };
  };
  const middleware = settings.middleware;
  (core as { chain: GetResponse }).chain = buildChain(middleware, settings, viewRunner({ resolver, resolverFor, wrapView }), convert);

  let ready: () => Promise<void> = () => Promise.resolve();
  if (dataSource && typeof dataSource.initialize === 'function' && !dataSource.isInitialized) {
    // Requests wait for the initialisation; while the database is unreachable they get 503s and it is retried.
    // On SQLite the gate goes on the connection before the first request can send a statement.
    const gated = { initialize: () => (dataSource as DataSource).initialize().then(() => ConnectionGate.of(dataSource as DataSource)) };
    const startup = startDatabase(gated, settings.logger);
    Object.defineProperty(core, 'ready', { get: () => startup.pending(), set: () => undefined, enumerable: true });
    ready = startup.latest;
  } else if (dataSource !== undefined && typeof dataSource.initialize !== 'function') {
    throw new ImproperlyConfigured('dataSource must be a TypeORM DataSource (new DataSource({...})).');
  } else if (dataSource?.isInitialized) {
    ConnectionGate.of(dataSource as DataSource);
  }

  registerAppResolver(resolver);
  const handle = createHandler(core);
  cores.set(handle, core);

  const app = express() as unknown as FrameworkApp;
  app.disable('x-powered-by');
  app.use(handle as unknown as express.RequestHandler);
  const ownLayers = () => (app as unknown as { router: { stack: unknown[] } }).router.stack.length;
  const baseLayers = ownLayers();

  // When nothing else was added to this Express app, skip Express's router and its per-request
  // re-prototyping: a mounted app calls handle() directly, and listen() serves from node:http.
  const expressHandle = (app as unknown as { handle: Function }).handle;
  (app as unknown as { handle: Function }).handle = function (req: never, res: never, next: never) {
    if (ownLayers() === baseLayers) return handle(req, res, next);
    return expressHandle.call(app, req, res, next);
  };
  app.listen = function (this: unknown, ...args: unknown[]): Server {
    const server = lifecycle.createServer(ownLayers() === baseLayers ? (req, res) => handle(req, res) : (app as unknown as (req: unknown, res: unknown) => void));
    return server.listen(...(args as Parameters<Server['listen']>));
  } as Express['listen'];
  Object.defineProperty(app, 'conf', { value: settings, enumerable: false });
  Object.defineProperty(app, 'apps', { value: apps, enumerable: false });
  (app as { ready: () => Promise<void> }).ready = () => ready();
  (app as { close: FrameworkApp['close'] }).close = (options) => lifecycle.close(options);
  cores.set(app, core);
  registerExpressApp(settings, app);
  return app;
}
