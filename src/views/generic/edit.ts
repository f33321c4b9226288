import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { QuerysetSpec } from '../../db/queryset';
import { Form, type FormClass } from '../../forms/form';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import { HttpResponseRedirect, type HttpResponse } from '../../http/response';
import type { Context } from '../../templates/engine';
import { View } from '../base';
import { ContextMixin } from '../mixins/context';
import { deleteObject, DeletionMixin } from '../mixins/deletion';
import { FormMixin, ProcessFormView } from '../mixins/form';
import { ModelFormMixin } from '../mixins/model-form';
import { SingleObjectMixin } from '../mixins/single-object';
import { TemplateResponseMixin } from '../mixins/template-response';
import { BaseDetailView, SingleObjectTemplateResponseMixin } from './detail';

function noRenderer(view: object, base: string, full: string): never {
  throw new ImproperlyConfigured(`${view.constructor.name} extends ${base} without a renderToResponse(): extend ${full}, or implement it.`);
}

/** The base of FormMixin views: a View with ContextMixin; rendering comes from TemplateResponseMixin. */
class FormBase extends ContextMixin(View) {
  /** Rendering is added by TemplateResponseMixin (FormView, CreateView…); a Base*View subclass provides its own. */
  renderToResponse(_context: Context): HttpResponse {
    return noRenderer(this, 'a Base*View', 'FormView, CreateView or UpdateView');
  }
}

/** Django's BaseFormView: FormMixin + ProcessFormView, without a template. */
export class BaseFormView extends ProcessFormView(FormMixin(FormBase)) {}

/**
 * A page with a form (Django's FormView): GET shows `formClass` unbound; POST validates it,
 * then `formValid()` (redirect to `successUrl`) or `formInvalid()` (the page again, with errors).
 *
 * @example
 * ```ts
 * class ContactView extends FormView<ContactForm> {
 *   override templateName = 'contact.pug';
 *   override formClass = ContactForm;
 *   override successUrl = '/thanks/';
 * }
 * ```
 */
export class FormView<F extends Form = Form> extends TemplateResponseMixin(BaseFormView) {
  declare formClass: FormClass<F> | null;
}

/** The base of the create and update views: SingleObjectMixin + ModelFormMixin + ProcessFormView. */
class ModelFormBase extends ProcessFormView(ModelFormMixin(FormMixin(SingleObjectMixin(FormBase)))) {}

/** Django's BaseCreateView: a form for a new row; `object` is null on GET and POST. */
export class BaseCreateView extends ModelFormBase {
  override async get(request: HttpRequest): Promise<HttpResponse> {
    this.object = null;
    return super.get(request);
  }

  override async post(request: HttpRequest): Promise<HttpResponse> {
    this.object = null;
    return super.post(request);
  }
}

/**
 * A page creating a row (Django's CreateView): `model` + `fields` (or `formClass`), template
 * `<app>/<model>_form.pug` with `form`; a valid post saves and redirects to `successUrl`
 * (`'/authors/{id}/'`) or the new object's `getAbsoluteUrl()`.
 *
 * @example
 * ```ts
 * class AuthorCreate extends CreateView<Author> {
 *   override model = Author;
 *   override fields = ['name', 'slug'];
 *   override successUrl = '/authors/{id}/';
 * }
 * ```
 */
export class CreateView<T extends ObjectLiteral = any> extends SingleObjectTemplateResponseMixin(TemplateResponseMixin(BaseCreateView)) {
  override templateNameSuffix = '_form';
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  declare object: T | null;
  declare fields: readonly (keyof T & string)[] | '__all__' | null;
}

/** Django's BaseUpdateView: a form bound to the row the URL names (404 when missing). */
export class BaseUpdateView extends ModelFormBase {
  override async get(request: HttpRequest): Promise<HttpResponse> {
    this.object = await this.getObject();
    return super.get(request);
  }

  override async post(request: HttpRequest): Promise<HttpResponse> {
    this.object = await this.getObject();
    return super.post(request);
  }
}

/**
 * A page editing a row (Django's UpdateView): the row from the URL's `pk` or `slug`, template
 * `<app>/<model>_form.pug` with `form`, `object` and `<model>`; a valid post saves and redirects.
 *
 * @example
 * ```ts
 * class AuthorUpdate extends UpdateView<Author> {
 *   override model = Author;
 *   override fields = ['name', 'slug'];
 *   override successUrl = '/authors/';
 * }
 * path('authors/<int:pk>/edit/', AuthorUpdate.asView())
 * ```
 */
export class UpdateView<T extends ObjectLiteral = any> extends SingleObjectTemplateResponseMixin(TemplateResponseMixin(BaseUpdateView)) {
  override templateNameSuffix = '_form';
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  declare object: T | null;
  declare fields: readonly (keyof T & string)[] | '__all__' | null;
}

/**
 * Django's BaseDeleteView (4.0+): GET shows a confirmation with a form (`formClass`, an empty
 * Form by default); POST validates it and, when valid, deletes the row (`formValid()`) and
 * redirects to `successUrl`; an invalid form is shown again. DELETE deletes without a form.
 */
export class BaseDeleteView extends DeletionMixin(FormMixin(BaseDetailView)) {
  override formClass: FormClass<any> | null = Form;

  /** POST: the object, then the confirmation form. */
  override async post(_request: HttpRequest): Promise<HttpResponse> {
    this.object = await this.getObject();
    const form = await this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  /** A confirmed post: compute the success URL, delete, redirect. Put custom deletion logic here. */
  override async formValid(_form: Form): Promise<HttpResponse> {
    const url = await this.getSuccessUrl();
    await deleteObject(this.object, this.request);
    return new HttpResponseRedirect(url);
  }
}

/**
 * A page deleting a row (Django's DeleteView): GET shows `<app>/<model>_confirm_delete.pug`
 * (with `object`, `<model>` and `form`), POST deletes and redirects to `successUrl`
 * (`'/authors/?deleted={id}'`).
 *
 * @example
 * ```ts
 * class AuthorDelete extends DeleteView<Author> {
 *   override model = Author;
 *   override successUrl = reverseLazy('author-list');
 * }
 * ```
 */
export class DeleteView<T extends ObjectLiteral = any> extends SingleObjectTemplateResponseMixin(TemplateResponseMixin(BaseDeleteView)) {
  override templateNameSuffix = '_confirm_delete';
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  declare object: T | null;
}
