import escapeHtml from 'escape-html';
import type { HttpRequest } from '../http/request';
import {
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseNotFound,
  HttpResponseServerError,
  HttpResponse,
} from '../http/response';
import type { Kwargs } from '../urls/types';
import { errorTemplateResponse } from '../templates/error-pages';

/**
 * The default error views (django.views.defaults). Each gets `{ exception }` in its kwargs,
 * renders `<status>.pug` when the app's templates have one, and otherwise a built-in page;
 * none of them shows anything internal.
 */

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>\n`;
}

/** 404: "Not Found", with the requested path. */
export async function pageNotFound(request: HttpRequest, kwargs?: Kwargs): Promise<HttpResponse> {
  return (await errorTemplateResponse(request, 404, kwargs?.exception)) ?? new HttpResponseNotFound(
    page('Not Found', `<h1>Not Found</h1><p>The requested resource was not found on this server.</p>`),
  );
}

/** 500: "Server Error (500)". */
export async function serverError(request: HttpRequest, _kwargs?: Kwargs): Promise<HttpResponse> {
  return (await errorTemplateResponse(request, 500)) ?? plainServerError();
}

/** The built-in 500 page, which nothing can make fail: the last resort. */
export function plainServerError(): HttpResponse {
  return new HttpResponseServerError(page('Server Error (500)', '<h1>Server Error (500)</h1>'));
}

/** 400: "Bad Request (400)"; the reason is never shown. */
export async function badRequest(request: HttpRequest, _kwargs?: Kwargs): Promise<HttpResponse> {
  return (await errorTemplateResponse(request, 400)) ?? new HttpResponseBadRequest(page('Bad Request (400)', '<h1>Bad Request (400)</h1>'));
}

/** 403: "403 Forbidden", with the PermissionDenied message if it has one. */
export async function permissionDenied(request: HttpRequest, kwargs?: Kwargs): Promise<HttpResponse> {
  const fromTemplate = await errorTemplateResponse(request, 403, kwargs?.exception);
  if (fromTemplate) return fromTemplate;
  const message = kwargs?.exception instanceof Error ? kwargs.exception.message : '';
  return new HttpResponseForbidden(
    page('403 Forbidden', `<h1>403 Forbidden</h1>${message ? `<p>${escapeHtml(message)}</p>` : ''}`),
  );
}

/** 413: the body was larger than the limits allow. */
export function requestTooLarge(_request: HttpRequest, _kwargs?: Kwargs): HttpResponse {
  return new HttpResponse(page('Request Entity Too Large (413)', '<h1>Request Entity Too Large (413)</h1>'), {
    status: 413,
    headers: { Connection: 'close' },
  });
}

/** Seconds a client is told to wait (Retry-After) before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * 503: a service the app needs (the database, the session store) is unreachable, or the app is
 * shutting down (`closing`: the connection is closed after this response). Says to retry.
 */
export function serviceUnavailable(closing = false): HttpResponse {
  const headers: Record<string, string> = { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  if (closing) headers.Connection = 'close';
  return new HttpResponse(page('Service Unavailable (503)', '<h1>Service Unavailable (503)</h1><p>Please try again in a few seconds.</p>'), {
    status: 503,
    headers,
  });
}
