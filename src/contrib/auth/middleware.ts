import type { NormalizedSettings } from '../../conf/settings';
import { Middleware, type GetResponse } from '../../core/middleware';
import { ImproperlyConfigured } from '../../http/exceptions';
import { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import type { Kwargs, ViewFunction } from '../../urls/types';
import { bindRequestSettings, noteSettings } from '../conf';
import { AnonymousUser } from './anonymous';
import { getUser } from './backends';
import { authConfig, type AuthUser } from './config';
import { markView } from '../view-decorators';
import { redirectToLogin } from './redirects';

/** A request's lazily loaded user (Django's SimpleLazyObject around get_user), held in `request.userSlot`. */
class LazyUser {
  value: AuthUser | AnonymousUser | undefined = undefined;
  promise: Promise<AuthUser | AnonymousUser> | null = null;

  constructor(private readonly request: HttpRequest) {}

  get(): AuthUser | AnonymousUser {
    if (this.value !== undefined) return this.value;
    // No session key: nobody is logged in, and nothing needs to be read.
    if (this.request.session?.sessionKey === null) return (this.value = new AnonymousUser());
    throw new Error(
      'request.user is not loaded yet: it is loaded before the view runs. In middleware (processRequest) use `await request.auser()` or `await requestUser(request)`.',
    );
  }

  set(user: AuthUser | AnonymousUser): void {
    this.value = user;
    this.promise = null;
  }
}

function lazyOf(request: HttpRequest): LazyUser | undefined {
  const slot = request.userSlot;
  return slot instanceof LazyUser ? slot : undefined;
}

/**
 * The user of `request`, loaded from the session once (on first use) and then cached: what
 * mixins and templates use. Without AuthenticationMiddleware, `request.user` as set by hand (or
 * AnonymousUser). `request.auser()` is the same.
 */
export function requestUser(request: HttpRequest): Promise<AuthUser | AnonymousUser> {
  const lazy = lazyOf(request);
  if (!lazy) return Promise.resolve((request.user as AuthUser | undefined) ?? new AnonymousUser());
  if (lazy.value !== undefined) return Promise.resolve(lazy.value);
  // No session key: nobody is logged in, and nothing needs to be read.
  if (request.session?.sessionKey === null) return Promise.resolve((lazy.value = new AnonymousUser()));
  if (!lazy.promise) {
    lazy.promise = getUser(request).then((user) => {
      if (lazy.value === undefined) lazy.value = user;
      return lazy.value;
    });
    lazy.promise.catch(() => {
      lazy.promise = null;
    });
  }
  return lazy.promise;
}

/** Give `request` a lazy `user` (and `auser()`). */
export function installLazyUser(request: HttpRequest): void {
  // A slot object rather than accessors defined on each request: defining properties per request
  // turned every HttpRequest into a slow dictionary-mode object for the rest of its life.
  request.userSlot = new LazyUser(request);
}

/** `await request.auser()`: the user of a request, loaded if need be (Django's request.auser). */
Object.defineProperty(HttpRequest.prototype, 'auser', {
  configurable: true,
  writable: true,
  value(this: HttpRequest) {
    return requestUser(this);
  },
});

/** Whether AuthenticationMiddleware gave this request its lazy user. */
export function hasLazyUser(request: HttpRequest): boolean {
  return lazyOf(request) !== undefined;
}

/**
 * Sets `request.user` (Django's AuthenticationMiddleware): the logged-in user, or AnonymousUser.
 * It is read from the session and the database only for requests that reach a view and carry a
 * session cookie, just before the view runs; `await request.auser()` loads it earlier.
 * SessionMiddleware must come before it.
 */
export class AuthenticationMiddleware extends Middleware {
  constructor(getResponse: GetResponse, settings: NormalizedSettings) {
    super(getResponse, settings);
    noteSettings(settings);
    authConfig(settings);
  }

  override processRequest(request: HttpRequest): void {
    bindRequestSettings(request, this.settings);
    if (!request.session || typeof request.session.get !== 'function') {
      throw new ImproperlyConfigured(
        'The authentication middleware requires session middleware to be installed. Edit your middleware setting to insert SessionMiddleware before AuthenticationMiddleware.',
      );
    }
    installLazyUser(request);
  }

  override async processView(request: HttpRequest): Promise<null> {
    const lazy = lazyOf(request);
    if (lazy && lazy.value === undefined) await requestUser(request);
    return null;
  }
}

/**
 * Redirects anonymous users to `loginUrl` from every view not marked `loginNotRequired`
 * (Django 5.1's LoginRequiredMiddleware). Put it after AuthenticationMiddleware.
 */
export class LoginRequiredMiddleware extends Middleware {
  constructor(getResponse: GetResponse, settings: NormalizedSettings) {
    super(getResponse, settings);
    noteSettings(settings);
  }

  override async processView(request: HttpRequest, view: ViewFunction, _args: string[], _kwargs: Kwargs): Promise<HttpResponse | null> {
    if (view.loginNotRequired) return null;
    const user = await requestUser(request);
    if (user.isAuthenticated) return null;
    const config = authConfig(this.settings);
    return redirectToLogin(request, config.loginUrl);
  }
}

/** Let anonymous users reach this view under LoginRequiredMiddleware (Django's login_not_required). */
export function loginNotRequired<T>(view: T): T {
  return markView(view, 'loginNotRequired', 'loginNotRequired');
}
