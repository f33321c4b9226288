import type { HttpRequest } from '../http/request';
import { HttpResponse } from '../http/response';
import { makeContext } from './context';
import { TemplateDoesNotExist } from './errors';
import { templatesFor } from './registry';

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
  const message = exception instanceof Error ? exception.message : exception === undefined || exception === null ? '' : String(exception);
  try {
    let context;
    if (status === 404) context = await makeContext(templates, request, { requestPath: request.path, exception: message });
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
