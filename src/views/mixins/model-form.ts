import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { entityOfInstance, modelOf } from '../../db/queryset';
import { ValidationError } from '../../forms/errors';
import type { Form, FormClass } from '../../forms/form';
import { ModelForm, modelForm, type ModelFormClass } from '../../forms/model-form';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpResponse } from '../../http/response';
import type { MaybePromise } from '../../urls/types';
import type { Constructor } from './context';
import type { FormKwargs, FormProcessor, UrlLike } from './form';

/**
 * Python's `str.format(**fields)` for success URLs: `{name}` is replaced by the object's
 * property, `{{` and `}}` are literal braces. Other text (`%2F`, `?next=`) is kept as written.
 *
 * @example
 * ```ts
 * braceFormat('/authors/{id}/update/', author); // '/authors/7/update/'
 * ```
 */
export function braceFormat(template: string, object: unknown): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, key: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const name = (key ?? '').trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
      throw new ImproperlyConfigured(`The URL '${template}' has '${whole}': write {name} with a property name of the object, and {{ or }} for a literal brace.`);
    }
    if (object === null || object === undefined || typeof object !== 'object' || !(name in (object as object))) {
      throw new ImproperlyConfigured(`The URL '${template}' uses {${name}}, but the object has no property '${name}'.`);
    }
    const value = (object as Record<string, unknown>)[name];
    return value === null || value === undefined ? String(value) : value instanceof Date ? value.toISOString() : String(value);
  });
}

const generated = new WeakMap<Function, Map<string, ModelFormClass>>();

/** A model form class for `model` with `fields`, made once per (model, fields). */
export function modelFormFor(model: Function, fields: readonly string[] | '__all__'): ModelFormClass {
  let byFields = generated.get(model);
  if (!byFields) generated.set(model, (byFields = new Map()));
  const key = fields === '__all__' ? '__all__' : JSON.stringify(fields);
  let cls = byFields.get(key);
  if (!cls) byFields.set(key, (cls = modelForm(model as new () => ObjectLiteral, { fields: fields as readonly string[] })));
  return cls;
}

/** What ModelFormMixin needs from the class it extends: FormMixin and SingleObjectMixin. */
export interface ModelFormHost extends FormProcessor {
  formClass: FormClass<any> | null;
  successUrl: UrlLike | null;
  model: EntityTarget<any> | null;
  object: any;
  getQueryset(): MaybePromise<SelectQueryBuilder<any>>;
  getFormClass(): MaybePromise<FormClass<any>>;
  getFormKwargs(): MaybePromise<FormKwargs>;
  getSuccessUrl(): MaybePromise<string>;
}

/**
 * Adds Django's ModelFormMixin: `fields` (a model form is made from the model), the form edits
 * `object` (`instance`), `formValid()` saves it (`this.object = await form.save()`) and
 * redirects to `successUrl` formatted with the saved object (`'/authors/{id}/'`), else to its
 * `getAbsoluteUrl()`. A unique value taken at the last moment re-renders the form with the error.
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
export function ModelFormMixin<TBase extends Constructor<ModelFormHost>>(Base: TBase) {
  class ModelFormMixinView extends Base {
    /** The entity properties of the form made from the model, or `'__all__'`. */
    fields: readonly string[] | '__all__' | null = null;

    /** `formClass`, else a model form of the model (`model`, the object's class, or the queryset's) with `fields`. */
    override async getFormClass(): Promise<FormClass<any>> {
      const name = this.constructor.name;
      if (this.fields !== null && this.fields !== undefined && this.formClass) {
        throw new ImproperlyConfigured("Specifying both 'fields' and 'formClass' is not permitted.");
      }
      if (this.formClass) return this.formClass;
      let model: Function | null = typeof this.model === 'function' ? this.model : null;
      model ??= entityOfInstance(this.object, this.request);
      model ??= modelOf(await this.getQueryset());
      if (!model) throw new ImproperlyConfigured(`${name} has no model to make a form of: set ${name}.model, ${name}.queryset or ${name}.formClass.`);
      if (this.fields === null || this.fields === undefined) {
        throw new ImproperlyConfigured(`Using ModelFormMixin (base class of ${name}) without the 'fields' attribute is prohibited.`);
      }
      return modelFormFor(model, this.fields) as unknown as FormClass<any>;
    }

    /** FormMixin's kwargs plus `instance: this.object`. */
    override async getFormKwargs(): Promise<FormKwargs> {
      return { ...(await super.getFormKwargs()), instance: this.object ?? null };
    }

    /** `successUrl` formatted with the object's properties, else the object's `getAbsoluteUrl()`. */
    override getSuccessUrl(): MaybePromise<string> {
      if (this.successUrl !== null && this.successUrl !== undefined && String(this.successUrl) !== '') {
        return braceFormat(String(this.successUrl), this.object);
      }
      if (this.object && typeof this.object.getAbsoluteUrl === 'function') return String(this.object.getAbsoluteUrl());
      throw new ImproperlyConfigured('No URL to redirect to. Either provide a url or define a getAbsoluteUrl method on the Model.');
    }

    /** Save the form (`this.object = await form.save()`), then redirect; a unique clash found while saving re-renders the form. */
    override async formValid(form: Form): Promise<HttpResponse> {
      if (!(form instanceof ModelForm)) {
        throw new ImproperlyConfigured(`${this.constructor.name}: the form ${form.constructor.name} cannot be saved: make it with modelForm(), or override formValid().`);
      }
      try {
        this.object = await form.save();
      } catch (error) {
        if (error instanceof ValidationError) return this.formInvalid(form);
        throw error;
      }
      return super.formValid(form);
    }
  }
  return ModelFormMixinView;
}
