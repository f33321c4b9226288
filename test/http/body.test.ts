import express from 'express';
import request from 'supertest';
import { HttpResponse, JsonResponse, View, path, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

function report(req: HttpRequest) {
  return new JsonResponse({
    method: req.method,
    contentType: req.contentType,
    post: Object.fromEntries(req.POST.lists()),
    files: req.FILES.keys(),
    body: req.body.toString('utf8'),
  });
}

class Form extends View {
  post(req: HttpRequest) {
    return report(req);
  }
  put(req: HttpRequest) {
    return report(req);
  }
  patch(req: HttpRequest) {
    return report(req);
  }
  delete(req: HttpRequest) {
    return report(req);
  }
  get(req: HttpRequest) {
    return report(req);
  }
}

const app = makeApp({ rootUrlconf: [path('form/', Form.asView())] });

describe('urlencoded bodies', () => {
  test('POST fills request.POST, and the raw body stays readable', async () => {
    const res = await request(app).post('/form/').type('form').send('name=Ann+Lee&tag=a&tag=b&empty=&note=50%25%20off');
    expect(res.status).toBe(200);
    expect(res.body.contentType).toBe('application/x-www-form-urlencoded');
    expect(res.body.post).toEqual({ name: ['Ann Lee'], tag: ['a', 'b'], empty: [''], note: ['50% off'] });
    expect(res.body.body).toBe('name=Ann+Lee&tag=a&tag=b&empty=&note=50%25%20off');
  });

  test('a charset parameter on the Content-Type is accepted', async () => {
    const res = await request(app)
      .post('/form/')
      .set('Content-Type', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8')
      .send('city=K%C3%B8benhavn');
    expect(res.body.post).toEqual({ city: ['K\u00f8benhavn'] });
  });

  test.each(['PUT', 'PATCH', 'DELETE'])('%s does not fill request.POST (as Django); the body is raw', async (method) => {
    const res = await request(app)[method.toLowerCase() as 'put'](`/form/`).type('form').send('a=1&b=2');
    expect(res.status).toBe(200);
    expect(res.body.method).toBe(method);
    expect(res.body.post).toEqual({});
    expect(res.body.body).toBe('a=1&b=2');
  });
});

describe('other bodies', () => {
  test('a text/plain POST leaves request.POST empty and keeps the bytes in body', async () => {
    const res = await request(app).post('/form/').set('Content-Type', 'text/plain').send('a=1&b=2');
    expect(res.body.post).toEqual({});
    expect(res.body.body).toBe('a=1&b=2');
  });

  test('a binary body is kept byte for byte', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 0x0d, 0x0a]);
    const binApp = makeApp({
      rootUrlconf: [path('bin/', (req) => new HttpResponse(req.body, { contentType: 'application/octet-stream' }))],
    });
    const res = await request(binApp)
      .post('/bin/')
      .set('Content-Type', 'application/octet-stream')
      .send(bytes)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
  });

  test('a GET without a body has an empty body and empty POST', async () => {
    const res = await request(app).get('/form/');
    expect(res.body).toMatchObject({ method: 'GET', post: {}, files: [], body: '' });
  });

  test('Content-Length: 0 is an empty body', async () => {
    const res = await request(app).post('/form/').set('Content-Type', 'application/x-www-form-urlencoded').set('Content-Length', '0');
    expect(res.body).toMatchObject({ post: {}, body: '' });
  });
});

describe('bodies already read by an Express body parser', () => {
  test('express.json() in the host app: request.json() returns what it parsed', async () => {
    const inner = makeApp({ rootUrlconf: [path('j/', (req) => new JsonResponse({ got: req.json() }))] });
    const host = express();
    host.use(express.json());
    host.use('/api', inner);
    const res = await request(host).post('/api/j/').send({ a: [1, 2], b: 'x' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ got: { a: [1, 2], b: 'x' } });
  });

  test('express.urlencoded() in the host app: request.POST holds the fields', async () => {
    const inner = makeApp({ rootUrlconf: [path('form/', Form.asView())] });
    const host = express();
    host.use(express.urlencoded({ extended: false }));
    host.use('/site', inner);
    const res = await request(host).post('/site/form/').type('form').send('a=1&a=2&b=3');
    expect(res.status).toBe(200);
    expect(res.body.post).toEqual({ a: ['1', '2'], b: ['3'] });
  });
});

describe('reading the body too early', () => {
  test('request.POST in processRequest, before loadBody(), explains what to do', async () => {
    const early = makeApp({
      debug: true,
      middleware: [
        (getResponse: (r: HttpRequest) => Promise<HttpResponse>) => async (req: HttpRequest) => {
          if (req.headers.get('x-early') === 'load') await req.loadBody();
          return new HttpResponse(`early ${req.POST.get('a')}`);
        },
      ],
      rootUrlconf: [],
    });
    const bad = await request(early).post('/x/').type('form').send('a=1');
    expect(bad.status).toBe(500);
    expect(bad.text).toContain('loadBody()');
    const good = await request(early).post('/x/').set('X-Early', 'load').type('form').send('a=1');
    expect(good.status).toBe(200);
    expect(good.text).toBe('early 1');
  });
});
