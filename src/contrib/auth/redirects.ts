import type { HttpRequest } from '../../http/request';
import { HttpResponseRedirect } from '../../http/response';
import { resolveUrl } from '../../shortcuts';
import { quote, urlSplit, urlUnsplit } from '../urls';

/** The default name of the query parameter carrying where to go after login. */
export const REDIRECT_FIELD_NAME = 'next';

/**
 * A redirect to the login page with `?next=<next>` (Django's redirect_to_login). `loginUrl` may
 * be a URL or a URL name; `redirectFieldName` null sends no parameter.
 */
export function redirectToLoginUrl(next: string, loginUrl: string, redirectFieldName: string | null = REDIRECT_FIELD_NAME): HttpResponseRedirect {
  const resolved = resolveUrl(loginUrl);
  const parts = urlSplit(resolved);
  if (redirectFieldName) {
    const params = new URLSearchParams(parts.query);
    params.delete(redirectFieldName);
    const pairs = [...params.entries()].map(([k, v]) => `${quote(k, '')}=${quote(v, '/')}`);
    pairs.push(`${quote(redirectFieldName, '')}=${quote(next, '/')}`);
    parts.query = pairs.join('&');
  }
  return new HttpResponseRedirect(urlUnsplit(parts));
}

/**
 * Send the user of `request` to the login page, to come back here afterwards: `next` is the path
 * and query when the login page is on this site, else the absolute URL (Django's
 * AccessMixin.handle_no_permission).
 */
export function redirectToLogin(request: HttpRequest, loginUrl: string, redirectFieldName: string | null = REDIRECT_FIELD_NAME): HttpResponseRedirect {
  const resolved = resolveUrl(loginUrl);
  let path = request.buildAbsoluteUri();
  const login = urlSplit(resolved);
  const current = urlSplit(path);
  if ((!login.scheme || login.scheme === current.scheme) && (!login.netloc || login.netloc === current.netloc)) {
    path = request.getFullPath();
  }
  return redirectToLoginUrl(path, resolved, redirectFieldName);
}
