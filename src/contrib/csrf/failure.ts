import escapeHtml from 'escape-html';
import type { HttpRequest } from '../../http/request';
import { HttpResponseForbidden, type HttpResponse } from '../../http/response';

/** Reasons a request is refused (Django's REASON_* texts). */
export const REASONS = Object.freeze({
  NO_REFERER: 'Referer checking failed - no Referer.',
  BAD_REFERER: (referer: string) => `Referer checking failed - ${referer} does not match any trusted origins.`,
  NO_CSRF_COOKIE: 'CSRF cookie not set.',
  CSRF_TOKEN_MISSING: 'CSRF token missing.',
  MALFORMED_REFERER: 'Referer checking failed - Referer is malformed.',
  INSECURE_REFERER: 'Referer checking failed - Referer is insecure while host is secure.',
  BAD_ORIGIN: (origin: string) => `Origin checking failed - ${origin} does not match any trusted origins.`,
});

const NO_REFERER_HELP =
  '<p>You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>' +
  '<p>If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests.</p>';

const NO_COOKIE_HELP =
  '<p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>' +
  '<p>If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.</p>';

const DEBUG_HELP =
  '<h2>Help</h2><p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when CSRF has not been used correctly. For POST forms, you need to ensure:</p><ul>' +
  '<li>Your browser is accepting cookies.</li>' +
  '<li>The view passes a <code>request</code> to the template (TemplateResponse or render()), so the template can use <code>csrfInput()</code>.</li>' +
  '<li>The form has <code>!= csrfInput()</code> inside it (or a hidden <code>csrfmiddlewaretoken</code> input with <code>csrfToken</code>); AJAX requests send the token in the <code>X-CSRFToken</code> header.</li>' +
  '<li>If you are not using CsrfViewMiddleware, use <code>csrfProtect()</code> on any view that uses <code>csrfInput()</code>, as well as those that accept the POST data.</li>' +
  '<li>The form has a valid CSRF token. After logging in in another browser tab or hitting the back button after a login, you may need to reload the page with the form, because the token is rotated after a login.</li>' +
  '</ul><p>You’re seeing the help section of this page because you have <code>debug: true</code> in your settings. Change that to <code>false</code>, and only the initial error message will be displayed.</p>';

/**
 * The default view for a refused request (Django's csrf_failure): 403 "CSRF verification failed.
 * Request aborted.", with the reason and help only when `debug` is on.
 */
export function csrfFailure(request: HttpRequest, reason = ''): HttpResponse {
  const debug = request.config.debug;
  let body = '<h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p>';
  if (reason === REASONS.NO_REFERER) body += NO_REFERER_HELP;
  if (reason === REASONS.NO_CSRF_COOKIE) body += NO_COOKIE_HELP;
  if (debug) body += `<p>Reason given for failure:</p><pre>\n    ${escapeHtml(reason)}\n    </pre>${DEBUG_HELP}`;
  return new HttpResponseForbidden(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE"><title>403 Forbidden</title></head><body>${body}</body></html>\n`,
  );
}
