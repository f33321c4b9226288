/**
 * Fastify 5, as its documentation writes each scenario: route schemas (params coerced by Ajv,
 * a response schema for fast-json-stringify, a body schema for the form), @fastify/view with Pug
 * (cached in production), @fastify/formbody, TypeORM repositories as the other peers use.
 * No stack scenario: Fastify's equivalents (@fastify/helmet, session, csrf) are not installed.
 */
import 'reflect-metadata';
import fastifyFormbody from '@fastify/formbody';
import fastifyView from '@fastify/view';
import Fastify from 'fastify';
import pug from 'pug';
import { Entry, Movie, benchDataSource } from './data';
import { PEER_TEMPLATES, PER_PAGE, pageNumber, routeCount, scenario } from './scenario';
import { announce, fail } from './serve';

const movieSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, title: { type: 'string' }, year: { type: 'integer' }, rating: { type: 'number' } },
} as const;

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(fastifyView, { engine: { pug }, root: PEER_TEMPLATES, production: true });

  switch (scenario()) {
    case 'hello': {
      const routes = routeCount();
      for (let i = 0; i < routes - 1; i++) app.get(`/route${i}/`, async () => `route ${i}`);
      app.get('/hello/', async () => 'hello');
      break;
    }
    case 'json':
    case 'list':
    case 'form': {
      const movies = (await benchDataSource().initialize()).getRepository(Movie);
      app.get<{ Params: { id: number } }>(
        '/movies/:id/',
        { schema: { params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }, response: { 200: movieSchema } } },
        async (request, reply) => {
          const movie = await movies.findOneBy({ id: request.params.id });
          if (!movie) return reply.callNotFound();
          return movie;
        },
      );
      app.get<{ Querystring: { page?: string } }>('/movies/', async (request, reply) => {
        const page = pageNumber(request.query.page, await movies.count());
        if (!page) return reply.callNotFound();
        const list = await movies.find({ order: { id: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE });
        return reply.view('movies.pug', { movies: list, page });
      });
      await app.register(fastifyFormbody);
      app.post<{ Body: { title: string; year: number; rating: number } }>(
        '/movies/new/',
        {
          schema: {
            body: {
              type: 'object',
              required: ['title', 'year', 'rating'],
              additionalProperties: false,
              properties: {
                title: { type: 'string', minLength: 1, maxLength: 200 },
                year: { type: 'integer', minimum: 1888, maximum: 2100 },
                rating: { type: 'number', minimum: 0, maximum: 10 },
              },
            },
          },
        },
        async (request, reply) => {
          const { title, year, rating } = request.body;
          await movies.save(movies.create({ title, year, rating }));
          return reply.redirect('/movies/', 302);
        },
      );
      break;
    }
    case 'page': {
      const entries = (await benchDataSource().initialize()).getRepository(Entry);
      app.get<{ Querystring: { page?: string } }>('/entries/', async (request, reply) => {
        const page = pageNumber(request.query.page, await entries.count());
        if (!page) return reply.callNotFound();
        const list = await entries.find({ order: { rank: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE });
        return reply.view('entries.pug', { entries: list, page });
      });
      break;
    }
    default:
      throw new Error(`fastify: no scenario ${scenario()}`);
  }
  await app.ready();
  announce((port, host, ready) => {
    void app.listen({ port, host }).then(ready);
    return app.server;
  });
}

main().catch(fail);
