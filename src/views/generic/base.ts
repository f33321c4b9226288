import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import { HttpResponse, HttpResponseGone, HttpResponsePermanentRedirect, HttpResponseRedirect } from '../../http/response';
import { templatesFor } from '../../templates/registry';
import { reverse } from '../../urls/base';
import type { Kwargs, MaybePromise } from '../../urls/types';
import { View } from '../base';
import { ContextMixin } from '../mixins/context';
import { TemplateResponseMixin } from '../mixins/template-response';

/**
 * Render a template with the URL parameters in the context (Django's TemplateView), plus `view`
 * and `extraContext`. The response is a TemplateResponse, rendered after processTemplateResponse.
 *
 * @example
 * ```ts
 * path('about/', TemplateView.asView({ templateName: 'about.pug', extraContext: { title: 'About us' } }), { name: 'about' })
 * // or
 * class About extends TemplateView { override templateName = 'about.pug'; }
 * ```
 */
export class TemplateView extends TemplateResponseMixin(ContextMixin(View)) {
  /** GET: `renderToResponse(await getContextData(urlKwargs))`. */
  get(_request: HttpRequest): MaybePromise<HttpResponse> {
    const context = this.getContextData({ ...this.kwargs });
    return context instanceof Promise ? context.then((c) => this.renderToResponse(c)) : this.renderToResponse(context);
  }
}

const SPEC = /^%(?:\(([^)]*)\))?([-+ #0]*)(\d*)(?:\.(\d+))?([sdifr%])?/;

/**
 * Python's old-style `%` formatting with a mapping, as RedirectView applies it to `url`:
 * `%(id)s`, `%(id)d`, `%(id)05d`, `%(price).2f`, and `%%` for a literal percent sign.
 *
 * @example
 * ```ts
 * percentFormat('/articles/%(year)d/%(slug)s/', { year: 2024, slug: 'hello' }); // '/articles/2024/hello/'
 * ```
 */
export function percentFormat(template: string, values: Kwargs): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const at = template.indexOf('%', i);
    if (at === -1) return out + template.slice(i);
    out += template.slice(i, at);
    const match = SPEC.exec(template.slice(at));
    if (!match || !match[5]) {
      throw new ImproperlyConfigured(
        `The URL '${template}' has an incomplete or unsupported format at index ${at}. A literal percent sign must be written '%%'; URL parameters are interpolated as %(name)s or %(name)d.`,
      );
    }
    const [whole, key, flags, width, precision, conversion] = match;
    i = at + whole.length;
    if (conversion === '%') {
      out += '%';
      continue;
    }
    if (key === undefined) {
      throw new ImproperlyConfigured(`The URL '${template}' uses '${whole}' without a name: write %(name)${conversion} to use a URL parameter.`);
    }
    if (!(key in values)) {
      const known = Object.keys(values);
      throw new ImproperlyConfigured(
        `The URL '${template}' uses the URL parameter '${key}', but the URL pattern gave ${known.length ? known.map((k) => `'${k}'`).join(', ') : 'none'}.`,
      );
    }
    out += convert(values[key], conversion, flags, width, precision, template);
  }
  return out;
}

function convert(value: unknown, conversion: string, flags: string, width: string, precision: string | undefined, template: string): string {
  let text: string;
  if (conversion === 's') text = String(value);
  else if (conversion === 'r') text = JSON.stringify(value) ?? String(value);
  else {
    const number = typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? Number(value) : NaN;
    if (Number.isNaN(number)) {
      throw new TypeError(`The URL '${template}': %${conversion} format needs a number, not ${typeof value} ${JSON.stringify(value)}; use %(name)s for text.`);
    }
    text = conversion === 'f' ? number.toFixed(precision === undefined ? 6 : Number(precision)) : Math.trunc(number).toString();
    if (flags.includes('+') && number >= 0) text = `+${text}`;
  }
  const size = Number(width || 0);
  if (text.length >= size) return text;
  if (flags.includes('-')) return text.padEnd(size);
  if (flags.includes('0') && conversion !== 's' && conversion !== 'r') {
    const sign = /^[+-]/.test(text) ? text[0] : '';
    return sign + text.slice(sign.length).padStart(size - sign.length, '0');
  }
  return text.padStart(size);
}

/**
 * Redirect to `url` (interpolated with the URL parameters, `%(name)s`) or to the pattern named
 * `patternName` reversed with the same parameters (Django's RedirectView). `permanent` gives a
 * 301 instead of a 302; `queryString` appends the request's query string. Without a URL, 410 Gone.
 * Every method (HEAD, POST, PUT, PATCH, DELETE, OPTIONS) redirects as GET does.
 *
 * @example
 * ```ts
 * path('old/<int:id>/', RedirectView.asView({ url: '/articles/%(id)d/', permanent: true })),
 * path('go/<slug:slug>/', RedirectView.asView({ patternName: 'article-detail', queryString: true })),
 * ```
 */
export class RedirectView extends View {
  /** 301 (true) or 302 (false, the default). */
  permanent = false;
  /** The target; `%(name)s` is replaced by the URL parameter `name` (write `%%` for `%`). */
  url: string | null = null;
  /** The URL pattern to reverse with the same args/kwargs, when `url` is not set. */
  patternName: string | null = null;
  /** Append the request's query string (with `&` when the target has one already). */
  queryString = false;

  /** The URL to redirect to, or null for 410 Gone. */
  getRedirectUrl(kwargs: Kwargs = this.kwargs, args: string[] = this.args): string | null {
    let url: string;
    if (this.url) url = percentFormat(this.url, kwargs);
    else if (this.patternName) url = reverse(this.patternName, { args, kwargs });
    else return null;
    const query = this.request?.queryString;
    if (this.queryString && query) url += (url.includes('?') ? '&' : '?') + query;
    return url;
  }

  get(request: HttpRequest): MaybePromise<HttpResponse> {
    const url = this.getRedirectUrl(this.kwargs, this.args);
    if (url) return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
    try {
      templatesFor(request).logger.warn(`Gone: ${request.path}`);
    } catch {
      // No app to log through (a view used on its own): nothing to log to.
    }
    return new HttpResponseGone();
  }

  head(request: HttpRequest): MaybePromise<HttpResponse> {
    return this.get(request);
  }

  post(request: HttpRequest): MaybePromise<HttpResponse> {
    return this.get(request);
  }

  override options(request: HttpRequest): MaybePromise<HttpResponse> {
    return this.get(request);
  }

  delete(request: HttpRequest): MaybePromise<HttpResponse> {
    return this.get(request);
  }

  put(request: HttpRequest): MaybePromise<HttpResponse> {
    return this.get(request);
  }

  patch(request: HttpRequest): MaybePromise<HttpResponse> {
    return this.get(request);
  }
}
