import { ImproperlyConfigured, PermissionDenied } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import { HttpResponsePermanentRedirect, type HttpResponse } from '../http/response';
import { resolverForUrlconf } from '../core/urlconf';
import { Middleware } from '../core/middleware';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Django's CommonMiddleware: refuses `disallowedUserAgents`, redirects to `www.` with
 * `prependWww`, and with `appendSlash` turns a 404 for `/x` into a 301 to `/x/` when only
 * that resolves (the query string kept; never a redirect to another host).
 */
export class CommonMiddleware extends Middleware {
  /** The redirect class; subclass and set HttpResponseRedirect for 302s. */
  responseRedirectClass: new (url: string) => HttpResponse = HttpResponsePermanentRedirect;

  override processRequest(request: HttpRequest): HttpResponse | undefined {
    const agent = request.headers.get('user-agent');
    if (agent !== undefined && this.settings.disallowedUserAgents.some((re) => re.test(agent))) {
      throw new PermissionDenied('Forbidden user agent');
    }
    const host = request.getHost();
    if (this.settings.prependWww && host && !host.startsWith('www.')) {
      const path = this.shouldRedirectWithSlash(request) ? this.getFullPathWithSlash(request) : request.getFullPath();
      return new this.responseRedirectClass(`${request.scheme}://www.${host}${path}`);
    }
    return undefined;
  }

  /** Whether `/x` should be redirected to `/x/`: only `/x/` resolves, and its view allows it. */
  shouldRedirectWithSlash(request: HttpRequest): boolean {
    if (!this.settings.appendSlash || request.pathInfo.endsWith('/')) return false;
    const resolver = resolverForUrlconf(request.urlconf ?? this.settings.rootUrlconf);
    if (resolver.isValidPath(request.pathInfo)) return false;
    const match = resolver.tryResolve(request.pathInfo + '/');
    return match !== null && !match.func.noAppendSlash;
  }

  /** The redirect target with the slash added; with debug, refuses to drop a POST body. */
  getFullPathWithSlash(request: HttpRequest): string {
    const newPath = request.getFullPath(true);
    if (this.settings.debug && BODY_METHODS.has(request.method)) {
      throw new ImproperlyConfigured(
        `You called this URL via ${request.method}, but the URL doesn't end in a slash and you have appendSlash set. The framework can't redirect to the slash URL while maintaining ${request.method} data. Change your form to point to ${request.getHost()}${newPath} (note the trailing slash), or set appendSlash: false in your settings.`,
      );
    }
    return newPath;
  }

  override processResponse(request: HttpRequest, response: HttpResponse): HttpResponse {
    if (response.statusCode === 404 && this.shouldRedirectWithSlash(request)) {
      return new this.responseRedirectClass(this.getFullPathWithSlash(request));
    }
    return response;
  }
}
