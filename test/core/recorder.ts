import {
  Http404,
  HttpResponse,
  Middleware,
  type HttpRequest,
  type Kwargs,
  type MiddlewareClass,
  type ViewFunction,
} from '../../src';

/** What a recording middleware does in each hook; by default it only records the call. */
export interface Behaviour {
  processRequest?: 'response' | 'throw' | 'http404';
  processView?: 'response' | 'late' | 'throw';
  processException?: 'response' | 'throw';
  processTemplateResponse?: 'undefined' | 'rename' | 'throw';
  processResponse?: 'throw' | 'replace' | 'undefined';
}

/** A response rendered late, like TemplateResponse: `render()` fills the body from `templateName`. */
export class LateResponse extends HttpResponse {
  isRendered = false;
  constructor(public templateName: string, status = 200) {
    super('', { status });
  }
  async render(): Promise<this> {
    this.content = `rendered ${this.templateName}`;
    this.isRendered = true;
    return this;
  }
}

/** A LateResponse whose render() throws. */
export class BrokenLateResponse extends LateResponse {
  override async render(): Promise<this> {
    throw new Error('render exploded');
  }
}

/**
 * A Middleware subclass named `name` that appends `name.hook` to `log` for every hook it runs
 * (`name.processResponse:<status>` for responses), and short-circuits or throws as `behaviour` says.
 */
export function recorder(name: string, log: string[], behaviour: Behaviour = {}): MiddlewareClass {
  const cls = class extends Middleware {
    override processRequest(_request: HttpRequest): HttpResponse | undefined {
      log.push(`${name}.processRequest`);
      if (behaviour.processRequest === 'response') return new HttpResponse(`from ${name}.processRequest`, { status: 299 });
      if (behaviour.processRequest === 'throw') throw new Error(`${name}.processRequest exploded`);
      if (behaviour.processRequest === 'http404') throw new Http404(`${name} hides this`);
      return undefined;
    }

    override processView(_request: HttpRequest, view: ViewFunction, _args: string[], _kwargs: Kwargs): HttpResponse | undefined {
      log.push(`${name}.processView`);
      if (typeof view !== 'function') throw new Error('processView did not get the view');
      if (behaviour.processView === 'response') return new HttpResponse(`from ${name}.processView`, { status: 298 });
      if (behaviour.processView === 'late') return new LateResponse(`${name}.processView`);
      if (behaviour.processView === 'throw') throw new Error(`${name}.processView exploded`);
      return undefined;
    }

    override processException(_request: HttpRequest, error: unknown): HttpResponse | undefined {
      log.push(`${name}.processException:${(error as Error).message}`);
      if (behaviour.processException === 'response') return new HttpResponse(`handled by ${name}`, { status: 297 });
      if (behaviour.processException === 'throw') throw new Error(`${name}.processException exploded`);
      return undefined;
    }

    override processTemplateResponse(_request: HttpRequest, response: HttpResponse): HttpResponse {
      log.push(`${name}.processTemplateResponse`);
      if (behaviour.processTemplateResponse === 'undefined') return undefined as unknown as HttpResponse;
      if (behaviour.processTemplateResponse === 'throw') throw new Error(`${name}.processTemplateResponse exploded`);
      if (behaviour.processTemplateResponse === 'rename') (response as LateResponse).templateName += `+${name}`;
      return response;
    }

    override processResponse(_request: HttpRequest, response: HttpResponse): HttpResponse {
      log.push(`${name}.processResponse:${response.statusCode}`);
      if ((response as Partial<LateResponse>).isRendered === false) log.push(`${name}.processResponse saw an unrendered response`);
      if (behaviour.processResponse === 'throw') throw new Error(`${name}.processResponse exploded`);
      if (behaviour.processResponse === 'undefined') return undefined as unknown as HttpResponse;
      if (behaviour.processResponse === 'replace') return new HttpResponse(`replaced by ${name}`, { status: 296 });
      response.headers.set(`X-Seen-By-${name}`, 'yes');
      return response;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** A function view that records its call and returns `make()` (a 200 "view" response by default). */
export function recordingView(log: string[], make: () => unknown = () => new HttpResponse('view')): ViewFunction {
  return function theView() {
    log.push('view');
    return make() as HttpResponse;
  };
}
