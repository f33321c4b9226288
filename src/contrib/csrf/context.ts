import escapeHtml from 'escape-html';
import type { HttpRequest } from '../../http/request';
import { registerBuiltinContextProcessor } from '../../templates/context-processors';
import { SafeString } from '../../templates/safe';
import { CSRF_FIELD_NAME, getToken } from './tokens';

/**
 * The `csrfToken` template variable: the masked token, made only when a template prints it (a
 * page without a form gets no CSRF cookie). One token per rendered page.
 */
export class LazyCsrfToken {
  private value: string | null = null;

  constructor(private readonly request: HttpRequest) {}

  toString(): string {
    return (this.value ??= getToken(this.request));
  }

  /** Pug turns object attribute values into JSON: this makes `value=csrfToken` the token itself. */
  toJSON(): string {
    return this.toString();
  }

  valueOf(): string {
    return this.toString();
  }
}

/**
 * Template variables of CSRF (Django's csrf context processor, always on): `csrfToken`, and
 * `csrfInput()`, the hidden form field: `form(method="post")` then `!= csrfInput()` (or `= csrfInput()`).
 */
export function csrfContextProcessor(request: HttpRequest): Record<string, unknown> {
  const token = new LazyCsrfToken(request);
  return {
    csrfToken: token,
    csrfInput: () => new SafeString(`<input type="hidden" name="${CSRF_FIELD_NAME}" value="${escapeHtml(token.toString())}">`),
  };
}

registerBuiltinContextProcessor(csrfContextProcessor);
