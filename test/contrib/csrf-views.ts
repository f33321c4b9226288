import { HttpResponse, TemplateResponse, View, csrfExempt, path, type HttpRequest, type UrlPattern } from '../../src';
import { okView, tokenView } from './support';

class ClassView extends View {
  post() {
    return new HttpResponse('class ok');
  }
}

@csrfExempt
class ExemptClassView extends View {
  post() {
    return new HttpResponse('exempt class ok');
  }
}

/** Views of the CSRF suite. */
export const csrfUrls: UrlPattern[] = [
  path('token/', tokenView),
  path('two-tokens/', (request: HttpRequest) => {
    const a = tokenView(request).text;
    const b = tokenView(request).text;
    return new HttpResponse(`${a} ${b}`);
  }),
  path('post/', okView),
  path('exempt/', csrfExempt(okView)),
  path('class/', ClassView.asView()),
  path('exempt-class/', ExemptClassView.asView()),
  path('form/', (request: HttpRequest) => new TemplateResponse(request, 'form.pug', {})),
  path('plain/', (request: HttpRequest) => new TemplateResponse(request, 'plain.pug', {})),
];
