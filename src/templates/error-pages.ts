import type { HttpRequest } from '../http/request';
import { HttpResponse } from '../http/response';
import { makeContext } from './context';
import { TemplateDoesNotExist } from './errors';
import { templatesFor } from './registry';
import { quote } from '../contrib/urls';
import { Resolver404 } from '../http/exceptions';

/** The statuses that have a default error template (`404.pug` …). */
export type ErrorStatus = 400 | 403 | 404 | 500;

/**
 * The page of a default error view from the template `<status>.pug` on the app's search path
 * (Django's `404.html`, …), or null when there is no such template (use the built-in page then).
 * Context as in Django: 404 gets `requestPath` and `exception` (the Http404 message), 403 gets
 * `exception`; 400 and 500 get nothing and are rendered without context processors, so that a
 * failing processor cannot break the error page. A 500 template that fails to render also gives
 * null (the failure is logged), as there is nothing left to fall back on.
 *
 * @example
 * ```ts
 * export async function pageNotFound(request, kwargs) {
 *   return (await errorTemplateResponse(request, 404, kwargs?.exception)) ?? builtInNotFoundPage();
 * }
 * ```
 */
/**
 * The `exception` of an error template (Django's page_not_found): the exception's message, or its
 * class name when it has none (a URL that matched no pattern shows `Resolver404`).
 */
function exceptionText(exception: unknown): string {
  if (exception instanceof Resolver404) return 'Resolver404';
  if (exception instanceof Error) return exception.message || exception.constructor.name;
  return exception === undefined || exception === null ? '' : String(exception);
}

export async function errorTemplateResponse(request: HttpRequest, status: ErrorStatus, exception?: unknown): Promise<HttpResponse | null> {
  const templates = templatesFor(request);
  let template;
  try {
    template = templates.engine.getTemplate(`${status}.pug`);
  } catch (error) {
    if (error instanceof TemplateDoesNotExist) return null;
    if (status === 500) return logged(templates.logger, error);
    throw error;
  }
  const message = exceptionText(exception);
  try {
    let context;
    if (status === 404) context = await makeContext(templates, request, { requestPath: quote(request.path), exception: message });
    else if (status === 403) context = await makeContext(templates, request, { exception: message });
    else context = await makeContext(templates, null, {});
    return new HttpResponse(template.render(context), { status });
  } catch (error) {
    if (status === 500) return logged(templates.logger, error);
    throw error;
  }
}

function logged(logger: { error(message: string, error?: unknown): void }, error: unknown): null {
  logger.error('The 500.pug template failed; the built-in 500 page was used instead.', error);
  return null;
}
