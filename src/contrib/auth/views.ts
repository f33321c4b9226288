import type { HttpRequest } from '../../http/request';
import { HttpResponseRedirect, type HttpResponse } from '../../http/response';
import { resolveUrl } from '../../shortcuts';
import type { Context } from '../../templates/engine';
import { TemplateView } from '../../views/generic/base';
import { FormView } from '../../views/generic/edit';
import type { FormKwargs } from '../../views/mixins/form';
import type { Constructor } from '../../views/mixins/context';
import { csrfProtect } from '../csrf/decorators';
import { urlHasAllowedHostAndScheme } from '../urls';
import { login, logout } from './backends';
import { authConfigFor } from './config';
import { AuthenticationForm } from './forms';
import { requestUser } from './middleware';
import { REDIRECT_FIELD_NAME } from './redirects';

/** Make a response uncacheable (Django's add_never_cache_headers). */
export function addNeverCacheHeaders(response: HttpResponse): HttpResponse {
  response.headers.set('Expires', new Date().toUTCString());
  response.headers.set('Cache-Control', 'max-age=0, no-cache, no-store, must-revalidate, private');
  return response;
}

/**
 * Where to go after login or logout (Django's RedirectURLMixin): the `next` parameter (POST,
 * then GET) when it is safe — relative, or on this host (or `successUrlAllowedHosts`), over
 * https when the request is — else `getDefaultRedirectUrl()`. `//evil.example`,
 * `https://evil.example` and `javascript:` targets are ignored.
 */
export function RedirectUrlMixin<TBase extends Constructor<{ request: HttpRequest }>>(Base: TBase) {
  class RedirectUrlView extends Base {
    /** Where to go when there is no (safe) `next`. */
    nextPage: string | null = null;
    /** The parameter naming where to go. */
    redirectFieldName = REDIRECT_FIELD_NAME;
    /** Other hosts `next` may point to. */
    successUrlAllowedHosts: string[] = [];

    /** The safe `next`, or the default. */
    getSuccessUrl(): string {
      return this.getRedirectUrl() || this.getDefaultRedirectUrl();
    }

    /** The `next` parameter when it is safe to redirect to, else ''. */
    getRedirectUrl(): string {
      const post = this.request.method === 'POST' ? this.request.POST.get(this.redirectFieldName) : undefined;
      const target = post ?? this.request.GET.get(this.redirectFieldName);
      const safe = urlHasAllowedHostAndScheme(target, this.getSuccessUrlAllowedHosts(), this.request.isSecure());
      return safe ? (target as string) : '';
    }

    /** This host and `successUrlAllowedHosts`. */
    getSuccessUrlAllowedHosts(): string[] {
      return [this.request.getHost(), ...this.successUrlAllowedHosts];
    }

    /** Where to go without a safe `next`. */
    getDefaultRedirectUrl(): string {
      if (this.nextPage) return resolveUrl(this.nextPage);
      throw new Error('No URL to redirect to. Provide a nextPage.');
    }
  }
  return RedirectUrlView;
}

/**
 * The login page (Django's LoginView): GET shows `registration/login.pug` with `form` and `next`;
 * a valid POST logs the user in (new session key, new CSRF secret) and redirects to the safe
 * `next`, else `loginRedirectUrl`. Always CSRF-protected and never cached.
 */
@csrfProtect
export class LoginView extends RedirectUrlMixin(FormView<AuthenticationForm>) {
  override formClass = AuthenticationForm;
  override templateName: string | null = 'registration/login.pug';
  /** Send users who are already logged in on to the success URL. */
  redirectAuthenticatedUser = false;

  override async dispatch(request: HttpRequest): Promise<HttpResponse> {
    if (this.redirectAuthenticatedUser && (await requestUser(request)).isAuthenticated) {
      const target = this.getSuccessUrl();
      if (target === request.path) {
        throw new Error("Redirection loop for authenticated user detected. Check that your loginRedirectUrl doesn't point to a login page.");
      }
      return addNeverCacheHeaders(new HttpResponseRedirect(target));
    }
    return addNeverCacheHeaders(await super.dispatch(request));
  }

  override getDefaultRedirectUrl(): string {
    return resolveUrl(this.nextPage ?? authConfigFor(this.request).loginRedirectUrl);
  }

  override async getFormKwargs(): Promise<FormKwargs> {
    return { ...(await super.getFormKwargs()), request: this.request };
  }

  /** Log the user in and redirect. */
  override async formValid(form: AuthenticationForm): Promise<HttpResponse> {
    await login(this.request, form.getUser()!);
    return new HttpResponseRedirect(this.getSuccessUrl());
  }

  override async getContextData(kwargs: Context = {}): Promise<Context> {
    const context = await super.getContextData(kwargs);
    return { ...context, [this.redirectFieldName]: this.getRedirectUrl() };
  }
}

/**
 * Logs out on POST only (Django 5's LogoutView; a GET is a 405, so a link or an image cannot log
 * anyone out): flushes the session, then redirects to the safe `next`, `logoutRedirectUrl`, or
 * renders `registration/logged_out.pug`. CSRF-protected and never cached.
 */
@csrfProtect
export class LogoutView extends RedirectUrlMixin(TemplateView) {
  override httpMethodNames: readonly string[] = ['post', 'options'];
  override templateName: string | null = 'registration/logged_out.pug';

  override async dispatch(request: HttpRequest): Promise<HttpResponse> {
    return addNeverCacheHeaders(await super.dispatch(request));
  }

  /** Log out, then redirect (or show the logged-out page). */
  async post(request: HttpRequest): Promise<HttpResponse> {
    await logout(request);
    const target = this.getSuccessUrl();
    if (target !== request.getFullPath()) return new HttpResponseRedirect(target);
    return super.get(request);
  }

  override getDefaultRedirectUrl(): string {
    if (this.nextPage) return resolveUrl(this.nextPage);
    const setting = authConfigFor(this.request).logoutRedirectUrl;
    return setting ? resolveUrl(setting) : this.request.path;
  }

}
