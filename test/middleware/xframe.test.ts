/** Port of Django's tests/middleware/tests.py XFrameOptionsMiddlewareTest and the clickjacking decorators. */
import request from 'supertest';
import {
  HttpResponse,
  View,
  XFrameOptionsMiddleware,
  path,
  xframeOptionsDeny,
  xframeOptionsExempt,
  xframeOptionsSameorigin,
} from '../../src';
import { makeApp } from '../helpers';

const page = () => new HttpResponse('page');

@xframeOptionsExempt
class EmbeddableView extends View {
  get() {
    return new HttpResponse('embed me');
  }
}

const urls = [
  path('page/', page),
  path('own/', () => new HttpResponse('own', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } })),
  path('exempt/', xframeOptionsExempt(page)),
  path('exempt-class/', EmbeddableView.asView()),
  path('deny/', xframeOptionsDeny(page)),
  path('sameorigin/', xframeOptionsSameorigin(page)),
];
const app = (settings = {}) => makeApp({ rootUrlconf: urls, middleware: [XFrameOptionsMiddleware], ...settings });

describe('XFrameOptionsMiddleware', () => {
  test('DENY by default', async () => {
    expect((await request(app()).get('/page/')).headers['x-frame-options']).toBe('DENY');
  });

  test('the xFrameOptions setting, upper-cased', async () => {
    expect((await request(app({ xFrameOptions: 'sameorigin' })).get('/page/')).headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  test('a header the view set is kept', async () => {
    expect((await request(app()).get('/own/')).headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  test('also on error responses', async () => {
    const res = await request(app()).get('/missing/');
    expect(res.status).toBe(404);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  test('xframeOptionsExempt: function views and View classes', async () => {
    expect((await request(app()).get('/exempt/')).headers['x-frame-options']).toBeUndefined();
    const res = await request(app()).get('/exempt-class/');
    expect(res.text).toBe('embed me');
    expect(res.headers['x-frame-options']).toBeUndefined();
    // The original view is not changed by the decorator.
    expect((await request(app()).get('/page/')).headers['x-frame-options']).toBe('DENY');
  });

  test('xframeOptionsDeny and xframeOptionsSameorigin set the header per view', async () => {
    const sameorigin = app({ xFrameOptions: 'SAMEORIGIN' });
    expect((await request(sameorigin).get('/deny/')).headers['x-frame-options']).toBe('DENY');
    expect((await request(app()).get('/sameorigin/')).headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
