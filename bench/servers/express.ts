/**
 * Plain Express 5, written by hand: the baseline every ratio is taken against, one scenario per
 * process (SCENARIO, see scenario.ts). What an Express developer writes: res.send, res.json,
 * res.render with Express's Pug view engine (cached in production), TypeORM repositories,
 * class-validator on a DTO, and for the stack helmet + express-session + csrf-csrf + compression.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { compileFile } from 'pug';
import { join } from 'node:path';
import { Entry, Movie, MovieInput, benchDataSource } from './data';
import { PEER_TEMPLATES, PER_PAGE, TABLE_ROWS, pageNumber, routeCount, scenario } from './scenario';
import { announce, fail } from './serve';

async function main(): Promise<void> {
  const app = express();
  app.set('views', PEER_TEMPLATES);
  app.set('view engine', 'pug');

  switch (scenario()) {
    case 'hello': {
      const routes = routeCount();
      for (let i = 0; i < routes - 1; i++) app.get(`/route${i}/`, (_req, res) => { res.send(`route ${i}`); });
      app.get('/hello/', (_req, res) => { res.send('hello'); });
      break;
    }
    case 'json':
    case 'list':
    case 'form': {
      const dataSource = await benchDataSource().initialize();
      const movies = dataSource.getRepository(Movie);
      app.get('/movies/', async (req, res, next) => {
        const page = pageNumber(req.query.page, await movies.count());
        if (!page) return next();
        const list = await movies.find({ order: { id: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE });
        res.render('movies', { movies: list, page });
      });
      app.post('/movies/new/', express.urlencoded({ extended: false }), async (req, res) => {
        const input = plainToInstance(MovieInput, req.body as object, { enableImplicitConversion: true });
        const errors = await validate(input, { whitelist: true, forbidUnknownValues: true });
        if (errors.length > 0) {
          res.status(400).json(errors.map((e) => ({ field: e.property, errors: Object.values(e.constraints ?? {}) })));
          return;
        }
        await movies.save(movies.create({ title: input.title, year: input.year, rating: input.rating }));
        res.redirect(302, '/movies/');
      });
      app.get('/movies/:id/', async (req, res, next) => {
        const id = Number(req.params.id);
        const movie = Number.isInteger(id) ? await movies.findOneBy({ id }) : null;
        if (!movie) return next();
        res.json(movie);
      });
      break;
    }
    case 'table': {
      const table = compileFile(join(PEER_TEMPLATES, 'table.pug'));
      app.get('/table/', (_req, res) => { res.send(table({ rows: TABLE_ROWS })); });
      break;
    }
    case 'page': {
      const dataSource = await benchDataSource().initialize();
      const entries = dataSource.getRepository(Entry);
      // One COUNT, then ORDER BY rank LIMIT 20 OFFSET n, as TypeORM's docs write them: repository.count()
      // is COUNT(1). COUNT=star (the express-tuned-* systems) counts with COUNT(*) as the framework's
      // Paginator does (SQLite answers a bare COUNT(*) from the b-tree and reads every row for COUNT(1)).
      const countStar = process.env.COUNT === 'star';
      const count = async () =>
        countStar ? Number((await entries.createQueryBuilder('entry').select('COUNT(*)', 'cnt').getRawOne<{ cnt: number }>())!.cnt) : entries.count();
      app.get('/entries/', async (req, res, next) => {
        const page = pageNumber(req.query.page, await count());
        if (!page) return next();
        const list = await entries.find({ order: { rank: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE });
        res.render('entries', { entries: list, page });
      });
      break;
    }
    case 'stack': {
      const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
        getSecret: () => 'bench-csrf-secret',
        getSessionIdentifier: (req) => req.session.id,
        cookieName: 'x-csrf-token',
        cookieOptions: { secure: false, sameSite: 'lax' },
        getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf ?? req.get('x-csrf-token'),
      });
      app.use(helmet());
      app.use(compression());
      app.use(session({ secret: 'bench', resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }));
      app.use(cookieParser('bench'));
      app.use(express.urlencoded({ extended: false }));
      app.use(doubleCsrfProtection);
      app.get('/start/', (req, res) => {
        req.session.name = 'bench';
        res.send('started');
      });
      app.get('/page/', (req, res) => {
        res.render('stack', { name: req.session.name, csrfToken: generateCsrfToken(req, res) });
      });
      break;
    }
    default:
      throw new Error(`express: no scenario ${scenario()}`);
  }
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).send(String(err));
  });
  announce((port, host, ready) => app.listen(port, host, ready));
}

main().catch(fail);
