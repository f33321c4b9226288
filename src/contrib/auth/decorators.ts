import { PermissionDenied } from '../../http/exceptions';
import type { MaybePromise } from '../../urls/types';
import { decorateView, wrapViewFunction } from '../view-decorators';
import type { AnonymousUser } from './anonymous';
import { authConfigFor, type AuthUser } from './config';
import type { User } from './models';
import { requestUser } from './middleware';
import { userHasPerms } from './permissions';
import { REDIRECT_FIELD_NAME, redirectToLogin } from './redirects';

/** Where to send users who fail the test. */
export interface LoginRedirectOptions {
  /** The login page (URL or URL name); default the `loginUrl` setting. */
  loginUrl?: string | null;
  /** The query parameter carrying where to return; null for none. Default `next`. */
  redirectFieldName?: string | null;
}

/**
 * Let a request through to a view function or View class only when `test(user)` is true; else
 * redirect to the login page with `?next=` back here (Django's user_passes_test).
 *
 * @example
 * ```ts
 * const staffOnly = userPassesTest((user) => user.isStaff);  // user: User | AnonymousUser unless typed
 * path('reports/', staffOnly(reports))
 * ```
 */
export function userPassesTest<U = User | AnonymousUser>(
  test: (user: U) => MaybePromise<boolean>,
  options: LoginRedirectOptions = {},
): <T>(view: T) => T {
  const redirectFieldName = options.redirectFieldName === undefined ? REDIRECT_FIELD_NAME : options.redirectFieldName;
  return (view) =>
    decorateView(
      view,
      (fn) =>
        wrapViewFunction(fn, async (request, kwargs, args) => {
          // The user model is the app's (settings.userModel): the caller names its type.
          if (await test((await requestUser(request)) as U)) return fn(request, kwargs, args);
          return redirectToLogin(request, options.loginUrl || authConfigFor(request).loginUrl, redirectFieldName);
        }),
      'userPassesTest',
    );
}

/**
 * Only logged-in users get through to a view function or View class; others are sent to log in
 * (Django's login_required).
 *
 * @example
 * ```ts
 * path('profile/', loginRequired(profile))
 * path('settings/', loginRequired(settingsView, { loginUrl: 'accounts:login' }))
 * ```
 */
export function loginRequired<T>(view: T, options: LoginRedirectOptions = {}): T {
  return userPassesTest<AuthUser | AnonymousUser>((user) => user.isAuthenticated === true, options)(view);
}

/**
 * Only users with every permission in `perms` get through (Django's permission_required):
 * others are sent to log in, or — with `raiseException` — get a 403.
 *
 * @example
 * ```ts
 * path('movies/new/', permissionRequired('movies.add_movie', { raiseException: true })(MovieCreate))
 * ```
 */
export function permissionRequired(
  perms: string | readonly string[],
  options: LoginRedirectOptions & { raiseException?: boolean } = {},
): <T>(view: T) => T {
  const list = typeof perms === 'string' ? [perms] : [...perms];
  return userPassesTest<AuthUser | AnonymousUser>(async (user) => {
    if (await userHasPerms(user, list)) return true;
    if (options.raiseException) throw new PermissionDenied();
    return false;
  }, options);
}
