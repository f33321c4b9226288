/**
 * HTML that templates output as it is: `= value` escapes everything else. Build one with
 * `markSafe()` in code, or `safe()` inside a template; only do so for HTML you built yourself
 * (never for user input).
 *
 * @example
 * ```ts
 * const badge = markSafe(`<span class="badge">${escapeHtml(label)}</span>`);
 * // template: `p= badge`  →  <p><span class="badge">…</span></p>
 * ```
 */
export class SafeString {
  constructor(
    /** The HTML. */
    readonly value: string,
  ) {}

  toString(): string {
    return this.value;
  }

  /** Pug turns attribute values that are objects into JSON; a SafeString stays its text. */
  toJSON(): string {
    return this.value;
  }
}

/** Mark `html` as safe: templates output it unescaped, with `=` as with `!=`. A SafeString is returned as is. */
export function markSafe(html: unknown): SafeString {
  return html instanceof SafeString ? html : new SafeString(String(html ?? ''));
}

/** Whether `value` was marked safe. */
export function isSafe(value: unknown): value is SafeString {
  return value instanceof SafeString;
}
