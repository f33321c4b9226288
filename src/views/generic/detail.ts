import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { templateNameFor } from '../../db/names';
import { entityOfInstance, type QuerysetSpec } from '../../db/queryset';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import { View } from '../base';
import { ContextMixin, type Constructor } from '../mixins/context';
import { SingleObjectMixin } from '../mixins/single-object';
import { TemplateResponseMixin } from '../mixins/template-response';

/** What SingleObjectTemplateResponseMixin needs from the class it extends. */
interface DetailTemplateView {
  request: HttpRequest;
  object: any;
  model: EntityTarget<any> | null;
  getTemplateNames(): string[];
}

/**
 * Adds the default template of one object (Django's SingleObjectTemplateResponseMixin): only
 * `templateName` when set; otherwise the object's `templateNameField` value (when set and not
 * empty), then `<app>/<model><templateNameSuffix>.pug` (`movies/movie_detail.pug`).
 */
export function SingleObjectTemplateResponseMixin<TBase extends Constructor<DetailTemplateView>>(Base: TBase) {
  class SingleObjectTemplateResponseMixinView extends Base {
    /** A field of the object that holds its template name. */
    templateNameField: string | null = null;
    /** Added to the model name in the default template name. */
    templateNameSuffix = '_detail';

    override getTemplateNames(): string[] {
      // With templateName set, it is the only name (Django); without it, build the default names
      // directly instead of catching the parent's ImproperlyConfigured on every request.
      if ((this as { templateName?: string | null }).templateName) return super.getTemplateNames();
      const names: string[] = [];
      if (this.object && this.templateNameField) {
        const own = this.object[this.templateNameField];
        if (typeof own === 'string' && own !== '') names.push(own);
      }
      const model = entityOfInstance(this.object, this.request) ?? (typeof this.model === 'function' ? this.model : null);
      const name = model ? templateNameFor(model, this.templateNameSuffix, this.request) : null;
      if (name !== null) names.push(name);
      if (names.length === 0) {
        throw new ImproperlyConfigured(
          "SingleObjectTemplateResponseMixin requires a definition of 'templateName', 'templateNameField', or 'model'; or an implementation of 'getTemplateNames()'" +
            (model ? ` (${model.name} is listed by no installed app, so it has no default template).` : '.'),
        );
      }
      return names;
    }
  }
  return SingleObjectTemplateResponseMixinView;
}

/** Django's BaseDetailView: GET looks the object up (`getObject()`, 404 when missing) and renders the context. */
export class BaseDetailView extends SingleObjectMixin(ContextMixin(View)) {
  /** GET: the object, then the template. */
  async get(_request: HttpRequest): Promise<HttpResponse> {
    this.object = await this.getObject();
    const context = await this.getContextData({ object: this.object });
    return this.renderToResponse(context);
  }

  /** Rendering is added by DetailView (TemplateResponseMixin); a BaseDetailView subclass provides its own. */
  renderToResponse(_context: Record<string, unknown>): HttpResponse {
    throw new ImproperlyConfigured(`${this.constructor.name} extends BaseDetailView without a renderToResponse(): extend DetailView, or implement it.`);
  }
}

/**
 * A page for one row (Django's DetailView), looked up by the URL's `pk` or `slug`; the template
 * `<app>/<model>_detail.pug` gets `object`, `<model>` and `view`. No row → 404.
 *
 * @example
 * ```ts
 * class MovieDetail extends DetailView<Movie> { override model = Movie; }
 * path('movies/<int:pk>/', MovieDetail.asView(), { name: 'movie-detail' })
 * ```
 */
export class DetailView<T extends ObjectLiteral = any> extends SingleObjectTemplateResponseMixin(TemplateResponseMixin(BaseDetailView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  declare object: T | null;
}
