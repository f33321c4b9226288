/**
 * NestJS on its Express adapter, as its documentation writes each scenario: controllers with
 * decorators, a provider for the repository, ParseIntPipe, NotFoundException, a global
 * ValidationPipe (transform + whitelist) on a class-validator DTO, @Render with Pug, @Redirect,
 * and for the stack helmet + compression + express-session + csrf-csrf via app.use (Nest's
 * security recipes).
 */
import 'reflect-metadata';
import {
  Body,
  Controller,
  Get,
  Inject,
  Module,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Redirect,
  Render,
  Req,
  Res,
  ValidationPipe,
  type DynamicModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Repository } from 'typeorm';
import { Entry, Movie, MovieInput, benchDataSource } from './data';
import { PEER_TEMPLATES, PER_PAGE, pageNumber, routeCount, scenario } from './scenario';
import { announce, fail } from './serve';

const MOVIES = 'MOVIES';
const ENTRIES = 'ENTRIES';

@Controller()
class HelloController {
  @Get('hello/')
  hello(): string {
    return 'hello';
  }
}

/** ROUTES=N: a controller with N-1 other routes, then the hello one, in that order. */
function manyRoutesController(n: number): new () => object {
  class ManyController {}
  const proto = ManyController.prototype as unknown as Record<string, unknown>;
  const add = (key: string, route: string, body: string) => {
    proto[key] = () => body;
    Get(route)(proto, key, Object.getOwnPropertyDescriptor(proto, key)!);
  };
  for (let i = 0; i < n - 1; i++) add(`route${i}`, `route${i}/`, `route ${i}`);
  add('hello', 'hello/', 'hello');
  Controller()(ManyController);
  return ManyController;
}

@Controller('movies')
class MoviesController {
  constructor(@Inject(MOVIES) private readonly movies: Repository<Movie>) {}

  @Get()
  @Render('movies')
  async list(@Query('page') raw?: string) {
    const page = pageNumber(raw, await this.movies.count());
    if (!page) throw new NotFoundException();
    const movies = await this.movies.find({ order: { id: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE });
    return { movies, page };
  }

  @Post('new/')
  @Redirect('/movies/', 302)
  async create(@Body() input: MovieInput): Promise<void> {
    await this.movies.save(this.movies.create({ title: input.title, year: input.year, rating: input.rating }));
  }

  @Get(':id/')
  async detail(@Param('id', ParseIntPipe) id: number): Promise<Movie> {
    const movie = await this.movies.findOneBy({ id });
    if (!movie) throw new NotFoundException();
    return movie;
  }
}

@Controller('entries')
class EntriesController {
  constructor(@Inject(ENTRIES) private readonly entries: Repository<Entry>) {}

  @Get()
  @Render('entries')
  async list(@Query('page') raw?: string) {
    const page = pageNumber(raw, await this.entries.count());
    if (!page) throw new NotFoundException();
    const entries = await this.entries.find({ order: { rank: 'ASC' }, skip: (page.number - 1) * PER_PAGE, take: PER_PAGE });
    return { entries, page };
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
  @Get('start/')
  start(@Req() req: Request): string {
    req.session.name = 'bench';
    return 'started';
  }

  @Get('page/')
  page(@Req() req: Request, @Res() res: Response): void {
    res.render('stack', { name: req.session.name, csrfToken: csrf.generateCsrfToken(req, res) });
  }
}

@Module({})
class AppModule {
  static forScenario(): DynamicModule {
    switch (scenario()) {
      case 'hello':
        return { module: AppModule, controllers: [routeCount() > 1 ? manyRoutesController(routeCount()) : HelloController] };
      case 'json':
      case 'list':
      case 'form': {
        const dataSource = benchDataSource();
        return {
          module: AppModule,
          controllers: [MoviesController],
          providers: [{ provide: MOVIES, useFactory: async () => (await dataSource.initialize()).getRepository(Movie) }],
        };
      }
      case 'page': {
        const dataSource = benchDataSource();
        return {
          module: AppModule,
          controllers: [EntriesController],
          providers: [{ provide: ENTRIES, useFactory: async () => (await dataSource.initialize()).getRepository(Entry) }],
        };
      }
      case 'stack':
        return { module: AppModule, controllers: [StackController] };
      default:
        throw new Error(`nest: no scenario ${scenario()}`);
    }
  }
}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forScenario(), { logger: false });
  app.setBaseViewsDir(PEER_TEMPLATES);
  app.setViewEngine('pug');
  if (scenario() === 'form') app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, transformOptions: { enableImplicitConversion: true } }));
  if (scenario() === 'stack') {
    app.use(helmet());
    app.use(compression());
    app.use(session({ secret: 'bench', resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }));
    app.use(cookieParser('bench'));
    app.use(csrf.doubleCsrfProtection);
  }
  await app.init();
  announce((port, host, ready) => app.getHttpServer().listen(port, host, ready));
}

main().catch(fail);
