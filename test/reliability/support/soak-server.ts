/**
 * The soak target (run with --expose-gc): list and form pages of a small movie app on SQLite,
 * behind the usual middleware (security, cookie sessions, common, CSRF, X-Frame-Options),
 * served by app.listen(). Answers {type: 'report'} over IPC with its memory after a full GC,
 * its listener and handle counts, how many QueryRunners were taken and released, and anything
 * that reached the process unhandled.
 */
import 'reflect-metadata';
import { Column, Entity, PrimaryGeneratedColumn, type QueryRunner } from 'typeorm';
import {
  CommonMiddleware,
  CreateView,
  CsrfViewMiddleware,
  ListView,
  SecurityMiddleware,
  SessionMiddleware,
  UpdateView,
  XFrameOptionsMiddleware,
  createApp,
  defineApp,
  formsApp,
  modelForm,
  path,
} from '../../../src';
import { sqliteDataSource } from './sqlite';
import { TEMPLATES } from './templates-dir';

@Entity('rel_soak_movie')
class Movie {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) title!: string;
  @Column('int') year!: number;
}

const MovieForm = modelForm(Movie, { fields: ['title', 'year'] });

class MovieList extends ListView<Movie> {
  override model = Movie;
  override paginateBy = 20;
  override ordering = ['id'];
}
class MovieCreate extends CreateView<Movie> {
  override model = Movie;
  override formClass = MovieForm;
  override successUrl = '/movies/';
}
class MovieEdit extends UpdateView<Movie> {
  override model = Movie;
  override formClass = MovieForm;
  override successUrl = '/movies/';
}

const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(`rejection: ${String(reason)}`));
process.on('uncaughtException', (error) => unhandled.push(`exception: ${String(error)}`));

const dataSource = sqliteDataSource([Movie]);
const errors: string[] = [];
const app = createApp({
  secretKey: 'soak-server-secret-key-long-enough-for-tests',
  allowedHosts: ['localhost', '127.0.0.1'],
  dataSource,
  installedApps: [formsApp, defineApp({ label: 'soak', entities: [Movie], templates: TEMPLATES })],
  middleware: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware, XFrameOptionsMiddleware],
  session: { store: 'cookie' },
  logger: { error: (m, e) => errors.push(`${m} ${String(e)}`), warn: () => undefined },
  rootUrlconf: [
    path('movies/', MovieList.asView(), { name: 'movie-list' }),
    path('movies/new/', MovieCreate.asView(), { name: 'movie-new' }),
    path('movies/<int:pk>/edit/', MovieEdit.asView(), { name: 'movie-edit' }),
  ],
});

// Count the QueryRunners TypeORM takes and gives back (on SQLite it reuses one; every take must be matched by a release).
const queryRunners = { taken: 0, released: 0 };
const patched = new WeakSet<QueryRunner>();
const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
dataSource.createQueryRunner = (...args: Parameters<typeof createQueryRunner>) => {
  const runner = createQueryRunner(...args);
  queryRunners.taken++;
  if (!patched.has(runner)) {
    patched.add(runner);
    const release = runner.release.bind(runner);
    runner.release = () => {
      queryRunners.released++;
      return release();
    };
  }
  return runner;
};

const gc = (globalThis as { gc?: () => void }).gc;
let server: ReturnType<typeof app.listen>;

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'report') return;
  for (let i = 0; i < 3; i++) gc?.();
  const memory = process.memoryUsage();
  server.getConnections((_error, connections) => {
    process.send?.({
      type: 'report',
      gc: typeof gc === 'function',
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      unhandled,
      errors: errors.slice(0, 5),
      errorCount: errors.length,
      queryRunners,
      connections,
      handles: process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length,
      listeners: {
        ...Object.fromEntries(['exit', 'SIGTERM', 'SIGINT', 'unhandledRejection', 'uncaughtException', 'warning'].map((e) => [`process.${e}`, process.listenerCount(e)])),
        ...Object.fromEntries(['request', 'connection', 'close', 'error', 'listening'].map((e) => [`server.${e}`, server.listenerCount(e)])),
      },
    });
  });
});

void (async () => {
  await app.ready();
  const movies = dataSource.getRepository(Movie);
  await movies.save(Array.from({ length: 60 }, (_, i) => movies.create({ title: `Movie ${i + 1}`, year: 1950 + i })));
  server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
  });
})();
