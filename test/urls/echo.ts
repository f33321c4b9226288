import { JsonResponse, View, type HttpRequest, type Kwargs, type ViewFunction } from '../../src';

/** What an echo view answers: its label, the URL parameters and the ResolverMatch fields. */
export interface Echo {
  view: string;
  kwargs: Kwargs;
  args: string[];
  urlName: string | null;
  route: string;
  namespace: string;
  appName: string;
  viewName: string;
}

/** A function view that answers JSON describing how the URL resolved, labelled so tests can tell views apart. */
export function echo(label: string): ViewFunction {
  const view = (request: HttpRequest, kwargs: Kwargs, args?: string[]) => {
    const m = request.resolverMatch;
    const body: Echo = {
      view: label,
      kwargs,
      args: args ?? [],
      urlName: m?.urlName ?? null,
      route: m?.route ?? '',
      namespace: m?.namespace ?? '',
      appName: m?.appName ?? '',
      viewName: m?.viewName ?? '',
    };
    return new JsonResponse(body);
  };
  Object.defineProperty(view, 'name', { value: label });
  return view;
}

/** A class-based echo: `this.kwargs` and `this.args` as the View received them. */
export class EchoView extends View {
  get(request: HttpRequest) {
    return new JsonResponse({ view: this.constructor.name, kwargs: this.kwargs, args: this.args, urlName: request.resolverMatch?.urlName ?? null });
  }
}
