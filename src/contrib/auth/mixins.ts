import { ImproperlyConfigured, PermissionDenied } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import type { MaybePromise } from '../../urls/types';
import type { Constructor } from '../../views/mixins/context';
import { authConfigFor } from './config';
import { requestUser } from './middleware';
import { userHasPerms } from './permissions';
import { REDIRECT_FIELD_NAME, redirectToLogin } from './redirects';

/** What the access mixins need from the class they extend: a View. */
type ViewLike = Constructor<{ request: HttpRequest; dispatch(request: HttpRequest): MaybePromise<HttpResponse> }>;

/**
 * What to do when access is refused (Django's AccessMixin): 403 (PermissionDenied with
 * `permissionDeniedMessage`) when `raiseException` is set or the user is logged in, otherwise a
 * redirect to `loginUrl` with `?next=` (`redirectFieldName`) pointing back here.
 */
export function AccessMixin<TBase extends ViewLike>(Base: TBase) {
  class AccessMixinView extends Base {
    /** The login page (URL or URL name); default the `loginUrl` setting. */
    loginUrl: string | null = null;
    /** The message of the PermissionDenied (shown on the 403 page). */
    permissionDeniedMessage = '';
    /** Always answer 403, even to anonymous users. */
    raiseException = false;
    /** The query parameter carrying where to return; null for none. */
    redirectFieldName: string | null = REDIRECT_FIELD_NAME;

    /** `loginUrl`, else the setting; ImproperlyConfigured when both are empty. */
    getLoginUrl(): string {
      const url = this.loginUrl || authConfigFor(this.request).loginUrl;
      if (!url) {
        const name = this.constructor.name;
        throw new ImproperlyConfigured(`${name} is missing the loginUrl attribute. Define ${name}.loginUrl, settings.loginUrl, or override ${name}.getLoginUrl().`);
      }
      return url;
    }

    getPermissionDeniedMessage(): string {
      return this.permissionDeniedMessage;
    }

    getRedirectFieldName(): string | null {
      return this.redirectFieldName;
    }

    /** Refuse: throw PermissionDenied (403), or redirect an anonymous user to the login page. */
    async handleNoPermission(): Promise<HttpResponse> {
      const user = await requestUser(this.request);
      if (this.raiseException || user.isAuthenticated) throw new PermissionDenied(this.getPermissionDeniedMessage());
      return redirectToLogin(this.request, this.getLoginUrl(), this.getRedirectFieldName());
    }
  }
  return AccessMixinView;
}

/**
 * Only logged-in users get through (Django's LoginRequiredMixin); put it first:
 * `class Edit extends LoginRequiredMixin(UpdateView<Movie>) {}`.
 */
export function LoginRequiredMixin<TBase extends ViewLike>(Base: TBase) {
  class LoginRequiredView extends AccessMixin(Base) {
    override async dispatch(request: HttpRequest): Promise<HttpResponse> {
      const user = await requestUser(request);
      if (!user.isAuthenticated) return this.handleNoPermission();
      return super.dispatch(request);
    }
  }
  return LoginRequiredView;
}

/**
 * Only users with every permission in `permissionRequired` get through (Django's
 * PermissionRequiredMixin): anonymous users are sent to log in, others get a 403.
 */
export function PermissionRequiredMixin<TBase extends ViewLike>(Base: TBase) {
  class PermissionRequiredView extends AccessMixin(Base) {
    /** 'movies.change_movie', or a list (all are needed). */
    permissionRequired: string | readonly string[] | null = null;

    /** The permissions needed; ImproperlyConfigured when `permissionRequired` is not set. */
    getPermissionRequired(): readonly string[] {
      if (this.permissionRequired === null || this.permissionRequired === undefined) {
        const name = this.constructor.name;
        throw new ImproperlyConfigured(
          `${name} is missing the permissionRequired attribute. Define ${name}.permissionRequired, or override ${name}.getPermissionRequired().`,
        );
      }
      return typeof this.permissionRequired === 'string' ? [this.permissionRequired] : this.permissionRequired;
    }

    /** Whether the user has every required permission. */
    async hasPermission(): Promise<boolean> {
      const perms = this.getPermissionRequired();
      return userHasPerms(await requestUser(this.request), perms);
    }

    override async dispatch(request: HttpRequest): Promise<HttpResponse> {
      if (!(await this.hasPermission())) return this.handleNoPermission();
      return super.dispatch(request);
    }
  }
  return PermissionRequiredView;
}

/**
 * Only requests for which `testFunc()` is true get through (Django's UserPassesTestMixin).
 *
 * @example
 * ```ts
 * class StaffOnly extends UserPassesTestMixin(TemplateView) {
 *   override templateName = 'staff.pug';
 *   testFunc() { return this.request.user.isStaff; }
 * }
 * ```
 */
export function UserPassesTestMixin<TBase extends ViewLike>(Base: TBase) {
  class UserPassesTestView extends AccessMixin(Base) {
    /** The test; override it (may be async). */
    testFunc(): MaybePromise<boolean> {
      throw new Error(`${this.constructor.name} is missing the implementation of the testFunc() method.`);
    }

    /** The function to call as the test; default `testFunc`. */
    getTestFunc(): () => MaybePromise<boolean> {
      return () => this.testFunc();
    }

    override async dispatch(request: HttpRequest): Promise<HttpResponse> {
      await requestUser(request);
      if (!(await this.getTestFunc()())) return this.handleNoPermission();
      return super.dispatch(request);
    }
  }
  return UserPassesTestView;
}
