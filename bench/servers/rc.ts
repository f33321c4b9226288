/**
 * routing-controllers on Express 5, as its documentation writes each scenario: decorated
 * controller classes registered with useExpressServer, @Param with a number type, NotFoundError,
 * @Body validated with class-validator (classTransformer + validation on), @Render with Express's
 * Pug view engine, @Redirect, and for the stack the same Express middleware as the Express peer.
 */
import 'reflect-metadata';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import {
  Body,
  Controller,
  Get,
  JsonController,
  NotFoundError,
  Param,
  Post,
  QueryParam,
  Redirect,
  Render,
  Req,
  Res,
  UseBefore,
  useExpressServer,
} from 'routing-controllers';
import type { Repository } from 'typeorm';
import { Entry, Movie, MovieInput, benchDataSource } from './data';
import { PEER_TEMPLATES, PER_PAGE, pageNumber, routeCount, scenario } from './scenario';
import { announce, fail } from './serve';

let movies: Repository<Movie>;
let entries: Repository<Entry>;

@Controller()
class HelloController {
  @Get('/hello/')
  hello(): string {
    return 'hello';
  }
}

/** ROUTES=N: a controller with N-1 other routes, then the hello one, in that order. */
function manyRoutesController(n: number): Function {
  class ManyController {}
  const proto = ManyController.prototype as unknown as Record<string, unknown>;
  const add = (key: string, route: string, body: string) => {
    proto[key] = () => body;
    Get(route)(proto, key);
  };
  for (let i = 0; i < n - 1; i++) add(`route${i}`, `/route${i}/`, `route ${i}`);
  add('hello', '/hello/', 'hello');
  Controller()(ManyController);
  return ManyController;
}

@JsonController('/movies')
class MovieJsonController {
  @Get('/:id/')
  async detail(@Param('id') id: number): Promise<Movie> {
    const movie = Number.isInteger(id) ? await movies.findOneBy({ id }) : null;
    if (!movie) throw new NotFoundError('No such movie');
    return movie;
  }
}

@Controller('/movies')
class MoviePageController {
  @Get('/')
  @Render('movies')
  async list(@QueryParam('page') raw?: string) {
    const page = pageNumber(raw, await movies.count());
    if (!page) throw new NotFoundError();
    return { movies: await movies.find({ order: { id: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE }), page };
  }

  @Post('/new/')
  @UseBefore(express.urlencoded({ extended: false }))
  @Redirect('/movies/')
  async create(@Body() input: MovieInput): Promise<void> {
    await movies.save(movies.create({ title: input.title, year: input.year, rating: input.rating }));
  }
}

@Controller('/entries')
class EntriesController {
  @Get('/')
  @Render('entries')
  async list(@QueryParam('page') raw?: string) {
    const page = pageNumber(raw, await entries.count());
    if (!page) throw new NotFoundError();
    return { entries: await entries.find({ order: { rank: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE }), page };
  }
}

const csrf = doubleCsrf({
  getSecret: () => 'bench-csrf-secret',
  getSessionIdentifier: (req) => req.session.id,
  cookieName: 'x-csrf-token',
  cookieOptions: { secure: false, sameSite: 'lax' },
  getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf ?? req.get('x-csrf-token'),
});

@Controller()
class StackController {
  @Get('/start/')
  start(@Req() req: Request): string {
    req.session.name = 'bench';
    return 'started';
  }

  @Get('/page/')
  @Render('stack')
  page(@Req() req: Request, @Res() res: Response) {
    return { name: req.session.name, csrfToken: csrf.generateCsrfToken(req, res) };
  }
}

async function main(): Promise<void> {
  const app = express();
  app.set('views', PEER_TEMPLATES);
  app.set('view engine', 'pug');
  let controllers: Function[];
  switch (scenario()) {
    case 'hello':
      controllers = [routeCount() > 1 ? manyRoutesController(routeCount()) : HelloController];
      break;
    case 'json':
    case 'list':
    case 'form':
      movies = (await benchDataSource().initialize()).getRepository(Movie);
      controllers = [MoviePageController, MovieJsonController];
      break;
    case 'page':
      entries = (await benchDataSource().initialize()).getRepository(Entry);
      controllers = [EntriesController];
      break;
    case 'stack':
      app.use(helmet());
      app.use(compression());
      app.use(session({ secret: 'bench', resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }));
      app.use(cookieParser('bench'));
      app.use(csrf.doubleCsrfProtection);
      controllers = [StackController];
      break;
    default:
      throw new Error(`routing-controllers: no scenario ${scenario()}`);
  }
  useExpressServer(app, {
    controllers,
    classTransformer: true,
    plainToClassTransformOptions: { enableImplicitConversion: true },
    validation: { whitelist: true },
    defaultErrorHandler: true,
    development: false,
  });
  announce((port, host, ready) => app.listen(port, host, ready));
}

main().catch(fail);
