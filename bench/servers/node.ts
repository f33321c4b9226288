/**
 * Raw node:http, the ceiling: no framework, better-sqlite3 prepared statements without an ORM,
 * precompiled Pug functions, hand-rolled validation. What nothing on top of Node can beat.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { compileFile } from 'pug';
import { rawDatabase } from './data';
import { PEER_TEMPLATES, PER_PAGE, pageNumber, routeCount, scenario } from './scenario';
import { announce, fail } from './serve';

type Handler = (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => void;

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const notFound = (res: ServerResponse) => send(res, 404, 'not found');

function routes(): Map<string, Handler> {
  const table = new Map<string, Handler>();
  switch (scenario()) {
    case 'hello': {
      const n = routeCount();
      for (let i = 0; i < n - 1; i++) table.set(`GET /route${i}/`, (_req, res) => send(res, 200, `route ${i}`));
      table.set('GET /hello/', (_req, res) => send(res, 200, 'hello'));
      break;
    }
    case 'json': {
      const one = rawDatabase().prepare('SELECT id, title, year, rating FROM bench_movie WHERE id = ?');
      table.set('GET /movies/:id/', (req, res) => {
        const id = Number(req.url!.split('/')[2]);
        const movie = Number.isInteger(id) ? one.get(id) : undefined;
        if (!movie) return notFound(res);
        send(res, 200, JSON.stringify(movie), 'application/json; charset=utf-8');
      });
      break;
    }
    case 'list': {
      const db = rawDatabase();
      const count = db.prepare('SELECT COUNT(*) AS n FROM bench_movie').pluck();
      const slice = db.prepare('SELECT id, title, year, rating FROM bench_movie ORDER BY id LIMIT ? OFFSET ?');
      const render = compileFile(join(PEER_TEMPLATES, 'movies.pug'));
      table.set('GET /movies/', (_req, res, query) => {
        const page = pageNumber(query.get('page'), count.get() as number);
        if (!page) return notFound(res);
        send(res, 200, render({ movies: slice.all(PER_PAGE, (page.number - 1) * PER_PAGE), page }), 'text/html; charset=utf-8');
      });
      break;
    }
    case 'form': {
      const insert = rawDatabase().prepare('INSERT INTO bench_movie (title, year, rating) VALUES (?, ?, ?)');
      table.set('POST /movies/new/', (req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > 65_536) req.destroy();
          else chunks.push(chunk);
        });
        req.on('end', () => {
          const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
          const title = form.get('title') ?? '';
          const year = Number(form.get('year'));
          const rating = Number(form.get('rating'));
          const ok = title.length >= 1 && title.length <= 200 && Number.isInteger(year) && year >= 1888 && year <= 2100 && Number.isFinite(rating) && rating >= 0 && rating <= 10;
          if (!ok) return send(res, 400, 'invalid');
          insert.run(title, year, rating);
          res.writeHead(302, { Location: '/movies/', 'Content-Length': 0 });
          res.end();
        });
      });
      break;
    }
    default:
      throw new Error(`node: no scenario ${scenario()}`);
  }
  return table;
}

function main(): void {
  const table = routes();
  const detail = table.get('GET /movies/:id/');
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const handler = table.get(`${req.method} ${pathname}`) ?? (detail && /^\/movies\/\d+\/$/.test(pathname) ? detail : undefined);
    if (!handler) return notFound(res);
    handler(req, res, new URLSearchParams(q === -1 ? '' : url.slice(q + 1)));
  });
  announce((port, host, ready) => server.listen(port, host, ready));
}

try {
  main();
} catch (error) {
  fail(error);
}
