import type { Form } from '../../forms/form';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import type { MaybePromise } from '../../urls/types';
import type { Constructor } from '../../views/mixins/context';
import { messages } from './api';

/** What SuccessMessageMixin extends: a form view. */
type FormViewLike = Constructor<{ request: HttpRequest; formValid(form: Form): MaybePromise<HttpResponse> }>;

/**
 * Python's `%`-formatting of `template` with a mapping, as Django applies `success_message`:
 * `%(title)s` is the value of `title` (null and undefined: empty), `%%` a percent sign. A name
 * that is not in `values` is an error.
 */
export function formatWithMapping(template: string, values: Record<string, unknown>): string {
  return template.replace(/%(%|\((\w+)\)s)/g, (_match, all: string, name: string | undefined) => {
    if (name === undefined) return '%';
    if (!Object.prototype.hasOwnProperty.call(values, name)) throw new Error(`success message: no value named '${name}' (KeyError in Django).`);
    return String(values[name] ?? '');
  });
}

/**
 * Add a success message once the form is valid (Django's SuccessMessageMixin): `successMessage`
 * formatted with the form's cleaned data, `%(title)s` style.
 *
 * @example
 * ```ts
 * class MovieCreate extends SuccessMessageMixin(CreateView<Movie>) {
 *   override model = Movie;
 *   override successMessage = '%(title)s was created';
 * }
 * ```
 */
export function SuccessMessageMixin<TBase extends FormViewLike>(Base: TBase) {
  class SuccessMessageView extends Base {
    /** The message; empty adds none. */
    successMessage = '';

    override async formValid(form: Form): Promise<HttpResponse> {
      const response = await super.formValid(form);
      const message = this.getSuccessMessage(form.cleanedData);
      if (message) messages.success(this.request, message);
      return response;
    }

    /** The message for this form's cleaned data. */
    getSuccessMessage(cleanedData: Record<string, unknown>): string {
      return formatWithMapping(this.successMessage, cleanedData);
    }
  }
  return SuccessMessageView;
}
