import {
  BadRequest,
  Http404,
  MultiPartParserError,
  PermissionDenied,
  RequestDataTooBig,
  ServiceUnavailable,
  SuspiciousOperation,
} from '../http/exceptions';
import { isDatabaseUnavailable } from '../db/availability';
import type { HttpRequest } from '../http/request';
import { HttpResponse } from '../http/response';
import type { NormalizedSettings } from '../conf/settings';
import type { Resolver } from '../urls/resolver';
import type { ViewFunction } from '../urls/types';
import { technical404, technical500 } from './debug-pages';
import { logResponse, markLogged } from './log-response';
import { badRequest, pageNotFound, permissionDenied, plainServerError, requestTooLarge, serverError, serviceUnavailable, RETRY_AFTER_SECONDS } from './defaults';

/** What error handling needs from the app. */
export interface ErrorContext {
  readonly settings: NormalizedSettings;
  readonly resolver: Resolver;
}

/** Render a TemplateResponse (or anything with render()) that has not been rendered yet. */
export async function renderIfNeeded(response: HttpResponse): Promise<HttpResponse> {
  const renderable = response as HttpResponse & { render?: () => Promise<HttpResponse>; isRendered?: boolean };
  if (typeof renderable.render === 'function' && renderable.isRendered === false) return renderable.render();
  return response;
}

async function callHandler(
  handler: ViewFunction | undefined,
  fallback: ViewFunction,
  request: HttpRequest,
  error: unknown,
  context: ErrorContext,
): Promise<HttpResponse> {
  try {
    const response = await (handler ?? fallback)(request, { exception: error });
    if (!(response instanceof HttpResponse)) throw new TypeError(`The error handler ${handler?.name || 'anonymous'} didn't return an HttpResponse.`);
    return await renderIfNeeded(response);
  } catch (handlerError) {
    // An error handler that fails goes down the 500 path, as Django does: handler500, and if
    // that is the one failing (or fails too), the plain 500 page.
    context.settings.logger.error(`Error handler failed while handling ${describe(error)}`, handlerError);
    if (context.settings.debug) return technical500(request, handlerError, context.settings);
    const handler500 = context.settings.handler500;
    if (handler500 && handler !== handler500) {
      try {
        const response = await handler500(request, { exception: handlerError });
        if (response instanceof HttpResponse) return await renderIfNeeded(response);
      } catch (error500) {
        context.settings.logger.error('handler500 failed too', error500);
      }
    }
    return plainServerError();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/**
 * Turn an exception into a response (Django's response_for_exception): 404, 403, 400, 413, 503
 * (ServiceUnavailable, or a database that is unreachable or timed out: with Retry-After), or
 * 500 with the error logged. With debug off, nothing internal reaches the client.
 */
export async function responseForException(
  request: HttpRequest,
  error: unknown,
  context: ErrorContext,
): Promise<HttpResponse> {
  const { settings } = context;
  const log = (message: string, response: HttpResponse) => logResponse(settings.logger, message, response, error);
  if (error instanceof Http404) {
    if (settings.debug) return technical404(request, error, context.resolver);
    return callHandler(settings.handler404, pageNotFound, request, error, context);
  }
  if (error instanceof PermissionDenied) {
    const response = await callHandler(settings.handler403, permissionDenied, request, error, context);
    return log(`Forbidden (Permission denied): ${request.path}`, response);
  }
  if (error instanceof RequestDataTooBig) {
    let response: HttpResponse;
    if (settings.debug) {
      response = technical500(request, error, settings, 413);
      response.headers.set('Connection', 'close');
    } else response = requestTooLarge(request);
    return log(`Request too large: ${request.method} ${request.path}`, response);
  }
  if (error instanceof BadRequest || error instanceof SuspiciousOperation) {
    const response = settings.debug ? technical500(request, error, settings, 400) : await callHandler(settings.handler400, badRequest, request, error, context);
    if (error instanceof SuspiciousOperation) return log(`Suspicious operation (${error.constructor.name}) on ${request.method} ${request.path}: ${error.message}`, response);
    if (error instanceof MultiPartParserError) return log(`Bad request (Unable to parse request body): ${request.path}`, response);
    return log(`Bad Request (${error.message}): ${request.path}`, response);
  }
  if (error instanceof ServiceUnavailable || isDatabaseUnavailable(error)) {
    let response: HttpResponse;
    if (!settings.debug) response = serviceUnavailable();
    else {
      response = technical500(request, error, settings, 503);
      response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return log(`Service Unavailable: ${request.method} ${request.path}`, response);
  }
  settings.logger.error(`Internal Server Error: ${request.method} ${request.path}`, error);
  return markLogged(settings.debug ? technical500(request, error, settings) : await callHandler(settings.handler500, serverError, request, error, context));
}
