import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { isQueryBuilder } from '../../db/lookups';
import { templateNameFor } from '../../db/names';
import { modelOf, type ObjectList, type QuerysetSpec } from '../../db/queryset';
import { Http404, ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import { View } from '../base';
import { ContextMixin, type Constructor } from '../mixins/context';
import { fetchRows, MultipleObjectMixin } from '../mixins/multiple-object';
import { TemplateResponseMixin } from '../mixins/template-response';

/** What MultipleObjectTemplateResponseMixin needs from the class it extends. */
interface ListTemplateView {
  request: HttpRequest;
  objectList: ObjectList<any>;
  getTemplateNames(): string[];
}

/**
 * Adds the default template of a list (Django's MultipleObjectTemplateResponseMixin):
 * `templateName` if set, then `<app>/<model><templateNameSuffix>.pug` (`movies/movie_list.pug`)
 * when the list is a query builder on an entity of an installed app.
 */
export function MultipleObjectTemplateResponseMixin<TBase extends Constructor<ListTemplateView>>(Base: TBase) {
  class MultipleObjectTemplateResponseMixinView extends Base {
    /** Added to the model name in the default template name. */
    templateNameSuffix = '_list';

    override getTemplateNames(): string[] {
      // No templateName is the usual case: skip the parent (which would throw) rather than build and
      // catch an exception on every request.
      const names: string[] = (this as { templateName?: string | null }).templateName ? super.getTemplateNames() : [];
      const model = modelOf(this.objectList);
      const name = model ? templateNameFor(model, this.templateNameSuffix, this.request) : null;
      if (name !== null) names.push(name);
      else if (names.length === 0) {
        throw new ImproperlyConfigured(
          `${this.constructor.name} requires either a 'templateName' attribute or a getQueryset() method that returns a query builder` +
            (model ? ` on an entity listed by an installed app (${model.name} is in none).` : '.'),
        );
      }
      return names;
    }
  }
  return MultipleObjectTemplateResponseMixinView;
}

/**
 * Django's BaseListView: GET loads the list (`getQueryset()`), answers 404 for an empty list
 * when `allowEmpty` is false, and renders `getContextData()`.
 */
export class BaseListView extends MultipleObjectMixin(ContextMixin(View)) {
  /** GET: the list, paginated if `paginateBy` is set. */
  async get(_request: HttpRequest): Promise<HttpResponse> {
    this.objectList = await this.getQueryset();
    if (!this.getAllowEmpty()) {
      let empty: boolean;
      const list = this.objectList;
      if (isQueryBuilder(list)) {
        if (this.getPaginateBy(list) !== null) empty = !(await list.clone().getExists());
        else empty = (await fetchRows(list)).length === 0;
      } else empty = (list as readonly unknown[]).length === 0;
      if (empty) throw new Http404(`Empty list and '${this.constructor.name}.allowEmpty' is false.`);
    }
    const context = await this.getContextData();
    return this.renderToResponse(context);
  }

  /** Rendering is added by ListView (TemplateResponseMixin); a BaseListView subclass provides its own. */
  renderToResponse(_context: Record<string, unknown>): HttpResponse {
    throw new ImproperlyConfigured(`${this.constructor.name} extends BaseListView without a renderToResponse(): extend ListView, or implement it.`);
  }
}

/**
 * A page listing rows (Django's ListView): `model` or `queryset`, `ordering`, `paginateBy`; the
 * template `<app>/<model>_list.pug` gets `objectList`, `<model>List`, `paginator`, `pageObj`,
 * `isPaginated` and `view`.
 *
 * @example
 * ```ts
 * class MovieList extends ListView<Movie> {
 *   override model = Movie;
 *   override ordering = ['-releasedOn', 'title'];
 *   override paginateBy = 20;
 * }
 * path('movies/', MovieList.asView(), { name: 'movie-list' })
 * ```
 */
export class ListView<T extends ObjectLiteral = any> extends MultipleObjectTemplateResponseMixin(TemplateResponseMixin(BaseListView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  declare objectList: ObjectList<T>;
}
