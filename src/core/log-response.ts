import type { Logger } from '../conf/settings';
import type { HttpResponse } from '../http/response';

/** Responses already logged: the handler's final check does not log them twice. */
const logged = new WeakSet<HttpResponse>();

/** Count `response` as logged (its cause was logged another way). */
export function markLogged(response: HttpResponse): HttpResponse {
  logged.add(response);
  return response;
}

/**
 * Log an error response once (Django's log_response): 5xx as an error (with `error`, if any),
 * 4xx as a warning, anything else not at all.
 */
export function logResponse(logger: Logger, message: string, response: HttpResponse, error?: unknown): HttpResponse {
  const status = response.statusCode;
  if (status < 400 || logged.has(response)) return response;
  logged.add(response);
  if (status >= 500) logger.error(message, error);
  else logger.warn(message);
  return response;
}
