import { ContentNotRenderedError } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import { HttpResponse, type Body, type ResponseInit } from '../http/response';
import { makeContext } from './context';
import type { Context, Template, TemplateEngine } from './engine';
import { templatesFor, type AppTemplates } from './registry';

/** A template name, a list of names (the first that exists is used), or a compiled Template. */
export type TemplateSpec = string | readonly string[] | Template;

/** Called once the response is rendered; a returned response replaces it. */
export type PostRenderCallback = (response: HttpResponse) => HttpResponse | void | null | undefined | Promise<HttpResponse | void | null | undefined>;

/** Options of a template response: those of HttpResponse, and the engine to use. */
export interface TemplateResponseInit extends ResponseInit {
  /** Render with this engine instead of the app's. */
  using?: TemplateEngine;
}

function notRendered(): never {
  throw new ContentNotRenderedError('The response content must be rendered before it can be accessed: await response.render() first.');
}

/**
 * A response rendered late, without a request: no context processors run (Django's
 * SimpleTemplateResponse). Its template and context can change until `render()`; reading the
 * content before that throws ContentNotRenderedError. Prefer TemplateResponse in views.
 */
export class SimpleTemplateResponse extends HttpResponse {
  /** The template(s) to render; changeable until rendered. */
  templateName: TemplateSpec;
  /** The template variables; changeable until rendered. */
  contextData: Context | null;
  /** The engine from `using`, if given. */
  readonly using: TemplateEngine | undefined;
  private rendered = false;
  private readonly postRenderCallbacks: PostRenderCallback[] = [];

  constructor(template: TemplateSpec, context: Context | null = null, init: TemplateResponseInit = {}) {
    const { using, ...rest } = init;
    super('', rest);
    this.templateName = template;
    this.contextData = context;
    this.using = using;
  }

  /** Whether `render()` has run (or content was set by hand). */
  get isRendered(): boolean {
    return this.rendered;
  }

  /** The app template set-up this response renders with. */
  protected templates(): AppTemplates {
    return templatesFor(null);
  }

  /** The compiled template for `template` (a name, a list of names, or a Template). */
  resolveTemplate(template: TemplateSpec): Template {
    if (template && typeof template === 'object' && typeof (template as Template).render === 'function') return template as Template;
    return (this.using ?? this.templates().engine).selectTemplate(template as string | readonly string[]);
  }

  /** The variables the template sees: helpers, then `context`. */
  resolveContext(context: Context | null): Promise<Context> {
    return makeContext(this.templates(), null, context);
  }

  /** Render the template with the context now, without changing the response. */
  async renderedContent(): Promise<string> {
    const template = this.resolveTemplate(this.templateName);
    return template.render(await this.resolveContext(this.contextData));
  }

  /**
   * Render once: set the content, then run the post-render callbacks in order. Resolves to the
   * response to send: this one, or what the last callback that returned one returned. Later
   * calls do nothing.
   */
  async render(): Promise<HttpResponse> {
    let result: HttpResponse = this;
    if (!this.rendered) {
      this.content = await this.renderedContent();
      for (const callback of this.postRenderCallbacks) {
        const replacement = await callback(result);
        if (replacement !== null && replacement !== undefined) result = replacement;
      }
    }
    return result;
  }

  /** Run `callback` after rendering (at once if already rendered; its return value is then ignored). */
  addPostRenderCallback(callback: PostRenderCallback): void | Promise<void> {
    if (!this.rendered) {
      this.postRenderCallbacks.push(callback);
      return;
    }
    const out = callback(this);
    if (out instanceof Promise) return out.then(() => undefined);
  }

  override get content(): Buffer {
    if (!this.rendered) notRendered();
    return super.content;
  }

  /** Setting the content by hand marks the response rendered. */
  override set content(value: Body) {
    this._body = value;
    this.rendered = true;
  }

  override get text(): string {
    if (!this.rendered) notRendered();
    return super.text;
  }

  override get body(): Body {
    if (!this.rendered) notRendered();
    return super.body;
  }
}

/**
 * A response that renders a template late, with the request: views return it unrendered so
 * that middleware (`processTemplateResponse`) can still change `templateName` and
 * `contextData`; the handler renders it afterwards. Context processors run at render time.
 *
 * @example
 * ```ts
 * class Home extends View {
 *   get(request: HttpRequest) {
 *     return new TemplateResponse(request, ['home_custom.pug', 'home.pug'], { title: 'Home' });
 *   }
 * }
 * ```
 */
export class TemplateResponse extends SimpleTemplateResponse {
  constructor(
    /** The request being answered. */
    readonly request: HttpRequest,
    template: TemplateSpec,
    context: Context | null = null,
    init: TemplateResponseInit = {},
  ) {
    super(template, context, init);
  }

  protected override templates(): AppTemplates {
    return templatesFor(this.request);
  }

  /** Helpers, context processors (run now, per render), then `context`. */
  override resolveContext(context: Context | null): Promise<Context> {
    return makeContext(this.templates(), this.request, context);
  }
}
