import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import type { Context } from '../../templates/engine';
import { TemplateResponse, type TemplateResponseInit, type TemplateSpec } from '../../templates/response';
import type { Constructor } from './context';

/** A TemplateResponse class (or any class built the same way), for `responseClass`. */
export type TemplateResponseClass = new (
  request: HttpRequest,
  template: TemplateSpec,
  context: Context | null,
  init?: TemplateResponseInit,
) => HttpResponse;

/**
 * Adds Django's TemplateResponseMixin: `templateName`, `responseClass`, `contentType`,
 * `getTemplateNames()` and `renderToResponse(context)`, which returns an unrendered
 * TemplateResponse so middleware can still change it.
 *
 * @example
 * ```ts
 * class Sitemap extends TemplateResponseMixin(View) {
 *   override templateName = 'sitemap.pug';
 *   override contentType = 'application/xml';
 *   get() { return this.renderToResponse({ pages }); }
 * }
 * ```
 */
export function TemplateResponseMixin<TBase extends Constructor<{ request: HttpRequest }>>(Base: TBase) {
  class TemplateResponseMixinView extends Base {
    /** The template to render (`'about.pug'`). */
    templateName: string | null = null;
    /** The class of the response renderToResponse builds. */
    responseClass: TemplateResponseClass = TemplateResponse;
    /** Content-Type of the response; default `text/html; charset=utf-8`. */
    contentType: string | null = null;

    /** A `responseClass` response for `getTemplateNames()` and `context`, not rendered yet. */
    renderToResponse(context: Context, init: TemplateResponseInit = {}): HttpResponse {
      const options = this.contentType !== null && init.contentType === undefined ? { ...init, contentType: this.contentType } : init;
      return new this.responseClass(this.request, this.getTemplateNames(), context, options);
    }

    /** The templates to try, in order: `[templateName]`; ImproperlyConfigured when it is not set. */
    getTemplateNames(): string[] {
      if (this.templateName === null || this.templateName === undefined) {
        throw new ImproperlyConfigured(
          "TemplateResponseMixin requires either a definition of 'templateName' or an implementation of 'getTemplateNames()'",
        );
      }
      return [this.templateName];
    }
  }
  return TemplateResponseMixinView;
}
