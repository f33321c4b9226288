import type { Form, FormClass, FormOptions } from '../../forms/form';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import { HttpResponseRedirect, type HttpResponse } from '../../http/response';
import type { Context } from '../../templates/engine';
import type { MaybePromise } from '../../urls/types';
import type { Constructor } from './context';
import type { ContextView } from './multiple-object';

/** A redirect target: a URL, or something that becomes one (`reverseLazy('movie-list')`). */
export type UrlLike = string | { toString(): string };

/** The keyword arguments a view gives its form class (Django's get_form_kwargs()). */
export type FormKwargs = FormOptions & Record<string, unknown>;

/** What FormMixin needs from the class it extends: a View with ContextMixin that can render. */
export interface FormHostView extends ContextView {
  renderToResponse(context: Context): MaybePromise<HttpResponse>;
}

/**
 * Adds Django's FormMixin: `formClass`, `initial`, `prefix`, `successUrl`; `getForm()` builds
 * the form with `getFormKwargs()` — bound to `request.POST` and `request.FILES` for POST and PUT
 * only, so a GET shows an unbound form. `formValid()` redirects to `getSuccessUrl()`;
 * `formInvalid()` renders the page again with the bound form and its errors (status 200). The
 * context gets `form` (built once per request).
 *
 * @example
 * ```ts
 * class Contact extends FormView<ContactForm> {
 *   override formClass = ContactForm;
 *   override templateName = 'contact.pug';
 *   override successUrl = reverseLazy('thanks');
 *   override async formValid(form: ContactForm) {
 *     await sendMail(form.cleanedData);
 *     return super.formValid(form);
 *   }
 * }
 * ```
 */
export function FormMixin<TBase extends Constructor<FormHostView>>(Base: TBase) {
  class FormMixinView extends Base {
    /** Initial values of the form (copied per request). */
    initial: Record<string, unknown> = {};
    /** The form class. */
    formClass: FormClass<any> | null = null;
    /** Where to go after a valid post. */
    successUrl: UrlLike | null = null;
    /** The prefix of the form's field names. */
    prefix: string | null = null;

    /** A copy of `initial`. */
    getInitial(): Record<string, unknown> {
      return { ...this.initial };
    }

    /** The form prefix (`prefix`). */
    getPrefix(): string | null {
      return this.prefix;
    }

    /** The form class (`formClass`). May be async. */
    getFormClass(): MaybePromise<FormClass<any>> {
      if (!this.formClass) {
        const name = this.constructor.name;
        throw new ImproperlyConfigured(`${name} is missing a form class. Define ${name}.formClass, or override ${name}.getFormClass().`);
      }
      return this.formClass;
    }

    /** `{ initial, prefix }`, plus `data` and `files` when the request is a POST or a PUT. May be async. */
    getFormKwargs(): MaybePromise<FormKwargs> {
      const kwargs: FormKwargs = { initial: this.getInitial(), prefix: this.getPrefix() };
      const method = this.request.method;
      if (method === 'POST' || method === 'PUT') {
        kwargs.data = this.request.POST;
        kwargs.files = this.request.FILES;
      }
      return kwargs;
    }

    /** A form of `formClass` (default `getFormClass()`) made with `getFormKwargs()`. */
    async getForm(formClass?: FormClass<any> | null): Promise<Form> {
      const cls = formClass ?? (await this.getFormClass());
      return new cls(await this.getFormKwargs());
    }

    /** The URL to go to after a valid post: `successUrl`; ImproperlyConfigured when it is not set. */
    getSuccessUrl(): MaybePromise<string> {
      if (this.successUrl === null || this.successUrl === undefined || String(this.successUrl) === '') {
        throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.');
      }
      return String(this.successUrl);
    }

    /** A valid post: redirect (302) to `getSuccessUrl()`. */
    async formValid(_form: Form): Promise<HttpResponse> {
      return new HttpResponseRedirect(await this.getSuccessUrl());
    }

    /** An invalid post: the page again, with the bound form and its errors. */
    async formInvalid(form: Form): Promise<HttpResponse> {
      return this.renderToResponse(await this.getContextData({ form }));
    }

    /** The context, with `form` (built here unless given; the rows its model fields offer are loaded). */
    override async getContextData(kwargs: Context = {}): Promise<Context> {
      const context = 'form' in kwargs ? kwargs : { ...kwargs, form: await this.getForm() };
      const form = context.form as Form | undefined;
      if (form && typeof form.loadChoices === 'function') await form.loadChoices();
      return super.getContextData(context);
    }
  }
  return FormMixinView;
}

/** What ProcessFormView needs: FormMixin's methods. */
export interface FormProcessor extends FormHostView {
  getForm(formClass?: FormClass<any> | null): Promise<Form>;
  formValid(form: Form): MaybePromise<HttpResponse>;
  formInvalid(form: Form): MaybePromise<HttpResponse>;
}

/**
 * Adds Django's ProcessFormView handlers: GET renders the context (an unbound form); POST builds
 * the form from the request and calls `formValid()` or `formInvalid()`; PUT does as POST.
 * Other methods answer 405.
 *
 * @example
 * ```ts
 * class Search extends ProcessFormView(FormMixin(TemplateResponseMixin(ContextMixin(View)))) {}
 * ```
 */
export function ProcessFormView<TBase extends Constructor<FormProcessor>>(Base: TBase) {
  class ProcessFormViewView extends Base {
    /** GET: the page with an unbound form. */
    async get(_request: HttpRequest): Promise<HttpResponse> {
      return this.renderToResponse(await this.getContextData());
    }

    /** POST: validate the posted form, then `formValid()` or `formInvalid()`. */
    async post(_request: HttpRequest): Promise<HttpResponse> {
      const form = await this.getForm();
      return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
    }

    /** PUT: as POST. */
    async put(request: HttpRequest): Promise<HttpResponse> {
      return this.post(request);
    }
  }
  return ProcessFormViewView;
}
