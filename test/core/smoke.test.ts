import request from 'supertest';
import { HttpResponse, View, path } from '../../src';
import { makeApp } from '../helpers';

class Hello extends View {
  get() {
    return new HttpResponse('hello');
  }
}

test('a View answers through createApp', async () => {
  const app = makeApp({ rootUrlconf: [path('hello/', Hello.asView(), { name: 'hello' })] });
  const res = await request(app).get('/hello/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('hello');
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  const missing = await request(app).get('/nope/');
  expect(missing.status).toBe(404);
});
