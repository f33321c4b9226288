import escapeHtml from 'escape-html';
import type { HttpRequest } from '../http/request';
import { HttpResponse } from '../http/response';
import { Resolver404 } from '../http/exceptions';
import type { Resolver } from '../urls/resolver';

/** Setting names whose values the debug page hides (Django's HIDDEN_SETTINGS). */
const HIDDEN = /API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|PWD|CREDENTIAL|DATABASE_?URL|COOKIE/i;
const MASK = '********************';

/** Settings with secrets replaced by stars, for the debug page. */
export function cleanseSettings(value: unknown, key = '', depth = 0): unknown {
  if (key && HIDDEN.test(key)) return MASK;
  // The logger may be an object that keeps what it logged: show what it is, not its contents.
  if (key === 'logger' && depth === 1) return '[logger]';
  if (depth > 3) return '…';
  if (Array.isArray(value)) return value.map((v) => cleanseSettings(v, '', depth + 1));
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `[${value.constructor?.name ?? 'object'}]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cleanseSettings(v, k, depth + 1);
    return out;
  }
  if (typeof value === 'string' && /^[a-z]+:\/\/[^/]*:[^@/]*@/i.test(value)) return value.replace(/:[^:@/]*@/, `:${MASK}@`);
  return value;
}

const STYLE = `<style>body{font:14px/1.4 sans-serif;margin:0}header{background:#ffc;padding:12px 24px;border-bottom:1px solid #ddd}
main{padding:12px 24px}pre{background:#f6f6f6;padding:8px;overflow:auto}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #eee}
ol li{font-family:monospace}</style>`;

function requestRows(request: HttpRequest): string {
  const rows: [string, string][] = [
    ['Request Method', request.method],
    ['Request URL', request.getFullPath()],
    ['Path info', request.pathInfo],
  ];
  const headerRows = [...request.headers.entries()]
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${HIDDEN.test(k) ? MASK : escapeHtml(v)}</td></tr>`)
    .join('');
  return (
    `<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` +
    `<h2>Headers</h2><table>${headerRows}</table>`
  );
}

/** The debug 404 page: the patterns tried, in order (Django's technical_404_response). */
export function technical404(request: HttpRequest, error: Error, resolver: Resolver): HttpResponse {
  const tried = error instanceof Resolver404 ? error.tried : null;
  const patterns = tried ?? resolver.tried();
  // Django's default_urlconf: a project without URLs yet gets a welcome page, not an error.
  if (patterns.length === 0) return welcomePage();
  const match = request.resolverMatch;
  let body = `<header><h1>Page not found <small>(404)</small></h1>`;
  if (!(error instanceof Resolver404) && error.message) body += `<pre class="exception_value">${escapeHtml(error.message)}</pre>`;
  body += `<table><tr><th>Request Method:</th><td>${escapeHtml(request.method)}</td></tr><tr><th>Request URL:</th><td>${escapeHtml(request.getFullPath())}</td></tr>`;
  if (match) body += `<tr><th>Raised by:</th><td>${escapeHtml(match.func.viewClass?.name ?? match.func.name ?? 'view')}</td></tr>`;
  body += `</table></header><main>`;
  body += `<p>Using the URLconf defined in <code>rootUrlconf</code>, the framework tried these URL patterns, in this order:</p><ol>`;
  body += patterns.map((p) => `<li>${p.map((part) => escapeHtml(part)).join(' ')}</li>`).join('');
  body += `</ol><p>`;
  body += match
    ? `The current path, <code>${escapeHtml(request.pathInfo.slice(1))}</code>, matched the last one.`
    : `The current path, <code>${escapeHtml(request.pathInfo.slice(1))}</code>, didn't match any of these.`;
  body += `</p>`;
  body += `<p>You're seeing this error because you have <code>debug: true</code> in your settings. Change that to <code>false</code>, and the framework will display a standard 404 page.</p></main>`;
  return new HttpResponse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page not found at ${escapeHtml(request.pathInfo)}</title>${STYLE}</head><body>${body}</body></html>`, {
    status: 404,
  });
}

/** The page of a project with `debug: true` and no URL patterns yet (Django's default_urlconf): 200. */
function welcomePage(): HttpResponse {
  const body =
    `<header><h1>The install worked successfully! Congratulations!</h1></header><main>` +
    `<p>You are seeing this page because you have <code>debug: true</code> in your settings and have not configured any URLs: add patterns to <code>rootUrlconf</code>.</p></main>`;
  return new HttpResponse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>express-generic-views: the install worked successfully</title>${STYLE}</head><body>${body}</body></html>`);
}

/** The debug error page: exception, stack, request and (cleansed) settings (Django's technical_500_response). */
export function technical500(request: HttpRequest, error: unknown, settings: unknown, status = 500): HttpResponse {
  const err = error instanceof Error ? error : new Error(String(error));
  const type = err.constructor?.name ?? 'Error';
  const settingsJson = JSON.stringify(cleanseSettings(settings), null, 2);
  if (request.headers.get('accept')?.startsWith('text/plain')) {
    return new HttpResponse(
      `${type} at ${request.path}\n${err.message}\n\n${err.stack ?? ''}\n\nRequest Method: ${request.method}\nRequest URL: ${request.getFullPath()}\n\nSettings:\n${settingsJson}\n`,
      { status, contentType: 'text/plain; charset=utf-8' },
    );
  }
  const location = (err as { templateLocation?: string }).templateLocation;
  const body =
    `<header><h1>${escapeHtml(type)} at ${escapeHtml(request.path)}</h1><pre class="exception_value">${escapeHtml(err.message)}</pre>` +
    (location ? `<p>Template: <code>${escapeHtml(location)}</code></p>` : '') +
    `</header><main><h2>Traceback</h2><pre>${escapeHtml(err.stack ?? '')}</pre>` +
    `<h2>Request information</h2>${requestRows(request)}` +
    `<h2>Settings</h2><pre>${escapeHtml(settingsJson)}</pre>` +
    `<p>You're seeing this error because you have <code>debug: true</code> in your settings. Change that to <code>false</code>, and the framework will display a standard page generated by the handler for this status code.</p></main>`;
  return new HttpResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(type)} at ${escapeHtml(request.path)}</title>${STYLE}</head><body>${body}</body></html>`,
    { status },
  );
}
