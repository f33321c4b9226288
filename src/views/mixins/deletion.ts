import type { ObjectLiteral } from 'typeorm';
import { currentManager } from '../../db/context';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import { HttpResponseRedirect, type HttpResponse } from '../../http/response';
import type { MaybePromise } from '../../urls/types';
import type { Constructor } from './context';
import type { UrlLike } from './form';
import { braceFormat } from './model-form';

/** What DeletionMixin needs from the class it extends: SingleObjectMixin's `getObject()`. */
export interface DeletionHost {
  request: HttpRequest;
  object: any;
  getObject(): Promise<any>;
}

/** Remove `object` from the database, in the request's transaction when there is one. */
export async function deleteObject(object: ObjectLiteral, request: HttpRequest | null): Promise<void> {
  await currentManager(request).remove(object);
}

/**
 * Adds Django's DeletionMixin: DELETE (and, without a form, POST) looks the object up, works
 * out the success URL **before** deleting (so `{id}` still has a value), deletes the row and
 * redirects (302). `successUrl` is required.
 *
 * @example
 * ```ts
 * class AuthorDelete extends DeletionMixin(SingleObjectMixin(ContextMixin(View))) {
 *   override model = Author;
 *   override successUrl = '/authors/?deleted={id}';
 * }
 * ```
 */
export function DeletionMixin<TBase extends Constructor<DeletionHost>>(Base: TBase) {
  class DeletionMixinView extends Base {
    /** Where to go once the object is deleted; `{name}` is replaced by the object's property. */
    successUrl: UrlLike | null = null;

    /** DELETE: look up, compute the success URL, delete, redirect. */
    async delete(_request: HttpRequest): Promise<HttpResponse> {
      this.object = await this.getObject();
      const url = await this.getSuccessUrl();
      await deleteObject(this.object, this.request);
      return new HttpResponseRedirect(url);
    }

    /** POST deletes as DELETE does (DeleteView replaces this with a confirmation form). */
    async post(request: HttpRequest): Promise<HttpResponse> {
      return this.delete(request);
    }

    /** `successUrl` formatted with the object's properties; ImproperlyConfigured when it is not set. */
    getSuccessUrl(): MaybePromise<string> {
      if (this.successUrl === null || this.successUrl === undefined || String(this.successUrl) === '') {
        throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.');
      }
      return braceFormat(String(this.successUrl), this.object);
    }
  }
  return DeletionMixinView;
}
