/**
 * A process serving an app built to fail (for faults-process.test.ts): a middleware that throws
 * in the hook named by the X-Fail header, views and templates that throw, streams the client
 * leaves, uploads it aborts, PostgreSQL and Redis behind proxies the test cuts. It counts what
 * reaches the process unhandled and answers {type: 'report'} over IPC.
 * Env: EGV_PG_URL (through the test's proxy), EGV_PG_SCHEMA, EGV_REDIS_URL (through the test's proxy).
 */
import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import {
  HttpResponse,
  Middleware,
  SessionMiddleware,
  StreamingHttpResponse,
  TemplateResponse,
  createApp,
  currentManager,
  fromExpress,
  path,
  render,
  type GetResponse,
  type HttpRequest,
} from '../../../src';
import { TEMPLATES } from './templates-dir';

@Entity('rel_fault_process_note')
class Note {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50 }) text!: string;
}

const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(`rejection: ${String(reason)}`));
process.on('uncaughtException', (error) => unhandled.push(`exception: ${String(error)}`));
const errors: string[] = [];
let streamsClosed = 0;

const fails = (request: HttpRequest, hook: string) => request.headers.get('x-fail') === hook;
const boom = (where: string) => new Error(`${where} exploded at /work/secret/place.ts:12:3`);

/** Throws in whichever hook X-Fail names. */
class Faulty extends Middleware {
  override processRequest(request: HttpRequest) {
    if (fails(request, 'processRequest')) throw boom('processRequest');
  }
  override processView(request: HttpRequest) {
    if (fails(request, 'processView')) throw boom('processView');
  }
  override processTemplateResponse(request: HttpRequest, response: HttpResponse) {
    if (fails(request, 'processTemplateResponse')) throw boom('processTemplateResponse');
    return response;
  }
  override async processException(request: HttpRequest) {
    if (fails(request, 'processException')) throw boom('processException');
  }
  override async processResponse(request: HttpRequest, response: HttpResponse) {
    if (fails(request, 'processResponse')) throw boom('processResponse');
    return response;
  }
}

const factory = (getResponse: GetResponse) => async (request: HttpRequest) => {
  if (fails(request, 'factoryBefore')) throw boom('factory before');
  const response = await getResponse(request);
  if (fails(request, 'factoryAfter')) throw boom('factory after');
  return response;
};

const express = fromExpress((req, _res, next) => {
  const fail = req.headers['x-fail'];
  if (fail === 'expressNext') return next(boom('express next(err)'));
  if (fail === 'expressThrow') throw boom('express throw');
  if (fail === 'expressAsync') return Promise.reject(boom('express async'));
  next();
});

async function* slowChunks(count: number) {
  try {
    for (let i = 0; i < count; i++) {
      yield `chunk ${i}\n`.padEnd(1024, '.');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    streamsClosed++;
  }
}

async function* failingChunks() {
  yield 'first part\n';
  throw boom('stream source');
}

const pg = process.env.EGV_PG_URL
  ? new DataSource({ type: 'postgres', url: process.env.EGV_PG_URL, schema: process.env.EGV_PG_SCHEMA, entities: [Note], synchronize: true, poolSize: 3, logging: false })
  : undefined;

const app = createApp({
  secretKey: 'fault-server-secret-key-long-enough-for-tests',
  allowedHosts: ['localhost', '127.0.0.1'],
  dataSource: pg,
  databaseConnectTimeout: 1_000,
  databaseStatementTimeout: 1_000,
  headersTimeout: 1_000,
  requestTimeout: 2_000,
  fileUploadMaxMemorySize: 1024,
  templates: { dirs: [TEMPLATES], contextProcessors: [(request: HttpRequest) => {
    if (fails(request, 'contextProcessor')) throw boom('context processor');
    return {};
  }] },
  session: { store: 'redis', redisUrl: process.env.EGV_REDIS_URL ?? 'redis://127.0.0.1:1' },
  logger: { error: (m) => errors.push(m), warn: () => undefined },
  handler500: (request: HttpRequest) => {
    if (fails(request, 'handler500')) throw boom('handler500');
    return new HttpResponse('custom 500 page', { status: 500 });
  },
  middleware: [express, factory, SessionMiddleware, Faulty],
  rootUrlconf: [
    path('ok/', () => new HttpResponse('ok')),
    path('page/', (request: HttpRequest) => new TemplateResponse(request, 'corpus/search.pug', { q: 'page' })),
    path('view-throws/', () => {
      throw boom('view');
    }),
    path('not-a-response/', (() => undefined) as never),
    path('template/runtime/', (request: HttpRequest) => render(request, 'corpus/broken.pug', {})),
    path('template/missing/', (request: HttpRequest) => render(request, 'corpus/not_there.pug', {})),
    path('template/syntax/', (request: HttpRequest) => render(request, 'corpus/syntax_error.pug', {})),
    path('template/post-render/', (request: HttpRequest) => {
      const response = new TemplateResponse(request, 'corpus/search.pug', { q: 'x' });
      response.addPostRenderCallback(() => {
        throw boom('post-render callback');
      });
      return response;
    }),
    path('stream/slow/', () => new StreamingHttpResponse(slowChunks(300))),
    path('stream/fails/', () => new StreamingHttpResponse(failingChunks())),
    path('upload/', async (request: HttpRequest) => new HttpResponse(`got ${request.FILES.get('doc')?.size ?? 0}`)),
    path('db/count/', async () => new HttpResponse(String(await currentManager().getRepository(Note).count()))),
    path('db/sleep/', async () => {
      await currentManager().query('SELECT pg_sleep(0.5)');
      return new HttpResponse('slept');
    }),
    path('session/', async (request: HttpRequest) => {
      await request.session.set('n', ((await request.session.get('n', 0)) as number) + 1);
      return new HttpResponse(String(await request.session.get('n')));
    }),
  ],
});

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'report') return;
  process.send?.({
    type: 'report',
    unhandled,
    errors: errors.length,
    streamsClosed,
    listeners: Object.fromEntries(['exit', 'SIGTERM', 'SIGINT', 'unhandledRejection', 'uncaughtException', 'warning'].map((e) => [e, process.listenerCount(e)])),
  });
});

void app.ready().then(() => {
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
  });
});
