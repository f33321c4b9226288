import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type DataSource } from 'typeorm';
import { HttpResponse, JsonResponse, View, defineApp, path, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';
import { databaseKind, testDataSource } from './test-datasource';

@Entity('hello_note')
class Note {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('varchar', { length: 100 })
  text!: string;
}

describe(`settings.dataSource on ${databaseKind}`, () => {
  let dataSource: DataSource;

  beforeEach(() => {
    dataSource = testDataSource([Note]);
  });
  afterEach(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  function notesApp() {
    class Notes extends View {
      async get() {
        const notes = await dataSource.getRepository(Note).find({ order: { id: 'ASC' } });
        return new JsonResponse({ notes: notes.map((n) => n.text) });
      }
      async post(request: HttpRequest) {
        const text = request.POST.get('text') ?? '';
        if (text.length === 0 || text.length > 100) return new HttpResponse('text must be 1–100 characters', { status: 400 });
        await dataSource.getRepository(Note).insert({ text });
        return new HttpResponse('', { status: 201 });
      }
    }
    return makeApp({ dataSource, rootUrlconf: [path('notes/', Notes.asView())] });
  }

  test('the app initialises the DataSource before the first request is served', async () => {
    expect(dataSource.isInitialized).toBe(false);
    const app = notesApp();
    const res = await request(app).get('/notes/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ notes: [] });
    expect(dataSource.isInitialized).toBe(true);
  });

  test('a posted form is written to the database and read back', async () => {
    const app = notesApp();
    await request(app).post('/notes/').type('form').send({ text: 'first' }).expect(201);
    await request(app).post('/notes/').type('form').send({ text: 'second' }).expect(201);
    const res = await request(app).get('/notes/');
    expect(res.body).toEqual({ notes: ['first', 'second'] });
    expect(await dataSource.getRepository(Note).count()).toBe(2);
  });

  test('an invalid post writes nothing', async () => {
    const app = notesApp();
    await request(app).post('/notes/').type('form').send({ text: 'x'.repeat(101) }).expect(400);
    await app.ready();
    expect(await dataSource.getRepository(Note).count()).toBe(0);
  });

  test('a DataSource whose database is unreachable gives a 503 without details, and ready() rejects', async () => {
    const { DataSource: DS } = await import('typeorm');
    const broken = new DS({ type: 'postgres', host: '127.0.0.1', port: 1, username: 'nobody', database: 'none', entities: [Note], connectTimeoutMS: 500 });
    const app = makeApp({ dataSource: broken, rootUrlconf: [path('x/', () => new HttpResponse('never'))] });
    await expect(app.ready()).rejects.toThrow();
    const res = await request(app).get('/x/');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).not.toContain('ECONNREFUSED');
    expect(res.text).not.toContain('nobody');
  });

  test("installed apps' entities join a DataSource that does not list them", async () => {
    const bare = testDataSource([]);
    const notesApp = defineApp({ label: 'notes', entities: [Note] });
    class Count extends View {
      async get() {
        await bare.getRepository(Note).insert({ text: 'x' });
        return new JsonResponse({ count: await bare.getRepository(Note).count() });
      }
    }
    const app = makeApp({ dataSource: bare, installedApps: [notesApp], rootUrlconf: [path('count/', Count.asView())] });
    try {
      const res = await request(app).get('/count/');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ count: 1 });
    } finally {
      if (bare.isInitialized) await bare.destroy();
    }
  });
});
