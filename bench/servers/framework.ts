/**
 * The framework side of the bench: each scenario as a user of express-generic-views writes it
 * (from the repo's src/), and the settings. fw-self.ts serves it with app.listen(), fw-mounted.ts
 * mounts it in a host Express app.
 */
import { IsInt, IsNumber, IsString, Length, Max, Min } from 'class-validator';
import {
  CreateView,
  CursorPaginator,
  DjangoSession,
  Group,
  HttpResponse,
  JsonResponse,
  ListView,
  Permission,
  TemplateView,
  User,
  View,
  authApp,
  createApp,
  currentDataSource,
  defaultMiddleware,
  defineApp,
  getObjectOr404,
  messagesApp,
  modelForm,
  path,
  sessionsApp,
  type FrameworkApp,
  type HttpRequest,
  type Settings,
  type UrlPattern,
} from '../../src/index';
import { Entry, Movie, benchDataSource } from './data';
import { FW_TEMPLATES, PER_PAGE, TABLE_ROWS, routeCount, scenario } from './scenario';
import { announcePath } from './serve';

/** `class Hello extends View { get() { return new HttpResponse('hello') } }`, as a user writes it. */
export class Hello extends View {
  get(): HttpResponse {
    return new HttpResponse('hello');
  }
}

/** JSON detail by id: getObjectOr404 + JsonResponse. */
class MovieDetail extends View {
  async get(): Promise<HttpResponse> {
    // JsonResponse takes plain objects (Django: a dict); spread the entity into one.
    return new JsonResponse({ ...(await getObjectOr404(Movie, { id: this.kwargs.id })) });
  }
}

/** The list page: ListView, 20 per page, default template bench/movie_list.pug. */
class MovieList extends ListView<Movie> {
  override model = Movie;
  override ordering = ['id'];
  override paginateBy = PER_PAGE;
}

/** Issue 4: the 100,000-row table, numbered pages. */
class EntryList extends ListView<Entry> {
  override model = Entry;
  override ordering = ['rank'];
  override paginateBy = PER_PAGE;
}

/** Issue 4: the same list with keyset pagination. */
class EntryCursorList extends EntryList {
  override paginatorClass = CursorPaginator;
  override templateName = 'bench/entry_cursor.pug';
}

/** Issue 5: the form, with the same rules as the peers' MovieInput. */
class MovieForm extends modelForm(Movie, { fields: ['title', 'year', 'rating'] }) {
  @IsString() @Length(1, 200) title!: string;
  @IsInt() @Min(1888) @Max(2100) year!: number;
  @IsNumber() @Min(0) @Max(10) rating!: number;
}

class MovieCreate extends CreateView<Movie> {
  override model = Movie;
  override formClass = MovieForm;
  override successUrl = '/movies/';
}

/** Issue 6: a page that reads the session and renders a CSRF token (plus user and messages). */
class StackPage extends TemplateView {
  override templateName = 'stack.pug';
  override async getContextData(kwargs: Record<string, unknown> = {}) {
    const context = await super.getContextData(kwargs);
    context.name = await this.request.session.get('name');
    return context;
  }
}

/** GET /start/: puts a name in the session (the harness calls it once, then loads /page/ with the cookies). */
async function start(request: HttpRequest): Promise<HttpResponse> {
  await request.session.set('name', 'bench');
  return new HttpResponse('started');
}

/** ROUTES=N: N-1 other static routes, then `hello/` last. */
export function helloUrls(): UrlPattern[] {
  const routes = routeCount();
  const urls: UrlPattern[] = [];
  for (let i = 0; i < routes - 1; i++) urls.push(path(`route${i}/`, Hello.asView()));
  urls.push(path('hello/', Hello.asView()));
  return urls;
}

const base = {
  secretKey: 'bench',
  allowedHosts: ['127.0.0.1', 'localhost'],
  // Quiet in the bench; BENCH_FW_LOG=1 shows errors (a 500 in a smoke test).
  logger: process.env.BENCH_FW_LOG === '1' ? console : { error() {}, warn() {} },
};

function settingsFor(): Settings {
  const benchApp = () => defineApp({ label: 'bench', entities: [Movie, Entry], templates: FW_TEMPLATES });
  switch (scenario()) {
    case 'hello':
      return { ...base, rootUrlconf: helloUrls() };
    case 'json':
    case 'list':
    case 'form':
      return {
        ...base,
        dataSource: benchDataSource(),
        installedApps: [benchApp()],
        rootUrlconf: [
          path('movies/', MovieList.asView(), { name: 'movie-list' }),
          path('movies/new/', MovieCreate.asView(), { name: 'movie-create' }),
          path('movies/<int:id>/', MovieDetail.asView(), { name: 'movie-detail' }),
        ],
      };
    case 'table':
      return {
        ...base,
        templates: { dirs: [FW_TEMPLATES] },
        rootUrlconf: [path('table/', TemplateView.asView({ templateName: 'table.pug', extraContext: { rows: TABLE_ROWS } }))],
      };
    case 'page':
    case 'cursor':
      return {
        ...base,
        dataSource: benchDataSource(),
        installedApps: [benchApp()],
        rootUrlconf: [path('entries/', EntryList.asView()), path('entries/cursor/', EntryCursorList.asView())],
      };
    case 'stack': {
      // The store: signed cookies by default (no server-side state, as express-session's
      // MemoryStore has no I/O); STORE=db puts sessions in SQLite.
      const store = process.env.STORE === 'db' ? 'db' : 'cookie';
      return {
        ...base,
        dataSource: benchDataSource([DjangoSession, User, Group, Permission], true),
        installedApps: [sessionsApp, authApp, messagesApp],
        // compression() is in the Express stack it is compared with: GZipMiddleware here.
        middleware: defaultMiddleware({ gzip: true }),
        session: { store },
        templates: { dirs: [FW_TEMPLATES] },
        rootUrlconf: [path('page/', StackPage.asView()), path('start/', start)],
      };
    }
  }
}

/** createApp with the bench settings of SCENARIO. */
export function benchApp(): FrameworkApp {
  return createApp(settingsFor());
}

/** For SCENARIO=cursor with PAGE=N: the cursor of page N, made by a paginator (announced as PATH). */
export async function announceCursorPath(app: FrameworkApp): Promise<void> {
  if (scenario() !== 'cursor') return;
  await app.ready();
  const page = Number(process.env.PAGE ?? 1);
  if (page <= 1) return announcePath('/entries/cursor/');
  // Page N starts after the last row of page N-1. A paginator over the rows from that one on
  // has it as the only row of its first page, and its next cursor is the cursor of page N
  // (a cursor names the entity and the ordering, not the filter).
  const repo = currentDataSource().getRepository(Entry);
  const [last] = await repo.createQueryBuilder('entry').orderBy('entry.rank').offset((page - 1) * PER_PAGE - 1).limit(1).getMany();
  const rest = repo.createQueryBuilder('entry').where('entry.rank >= :rank', { rank: last.rank });
  const first = await new CursorPaginator(rest, 1, { ordering: ['rank'], secretKey: base.secretKey }).page(null);
  announcePath(`/entries/cursor/?page=${first.nextCursor}`);
}
