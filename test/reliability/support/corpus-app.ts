/**
 * The app the hostile corpus is fired at: every part a request can reach — URL resolver and
 * converters, body parsers (urlencoded, JSON, multipart), model forms, sessions in the database,
 * CSRF, login with `?next=`, templates chosen by name — on a real database (SQLite here,
 * PostgreSQL in the PG pass), served by `app.listen()` so raw sockets can reach it.
 */
import { Column, Entity, PrimaryGeneratedColumn, type DataSource } from 'typeorm';
import {
  CreateView,
  DeleteView,
  DetailView,
  DjangoSession,
  Group,
  HttpResponse,
  JsonResponse,
  ListView,
  LoginRequiredMixin,
  LoginView,
  LogoutView,
  PBKDF2PasswordHasher,
  Permission,
  UpdateView,
  User,
  View,
  authApp,
  createUser,
  csrfExempt,
  currentManager,
  defaultMiddleware,
  defineApp,
  formsApp,
  getToken,
  messagesApp,
  modelForm,
  path,
  render,
  sessionsApp,
  type FrameworkApp,
  type HttpRequest,
  type Settings,
} from '../../../src';
import { testDataSource } from '../../db/test-datasource';
import { listen, type Live } from '../../http/util';
import { makeApp, quietLogger } from '../../helpers';
import { TEMPLATES } from './templates-dir';

/** The secret key of the corpus app: a response containing it leaked it. */
export const SECRET = 'reliability-secret-key-that-must-never-leak-0123456789';

/** An article: the rows the corpus tries to create, change or delete. */
@Entity('rel_article')
export class Article {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50, unique: true }) slug!: string;
  @Column('varchar', { length: 200 }) title!: string;
  @Column('text', { default: '' }) body!: string;
}

const ArticleForm = modelForm(Article, { fields: ['slug', 'title', 'body'] });

class ArticleList extends ListView<Article> {
  override model = Article;
  override paginateBy = 5;
  override ordering = ['id'];
}
class ArticleDetail extends DetailView<Article> {
  override model = Article;
}
class ArticleBySlug extends DetailView<Article> {
  override model = Article;
}
class ArticleCreate extends CreateView<Article> {
  override model = Article;
  override formClass = ArticleForm;
  override successUrl = '/articles/';
}
class ArticleUpdate extends UpdateView<Article> {
  override model = Article;
  override formClass = ArticleForm;
  override successUrl = '/articles/';
}
class ArticleDelete extends DeleteView<Article> {
  override model = Article;
  override successUrl = '/articles/';
}
class Private extends LoginRequiredMixin(View) {
  override raiseException = true;
  get(request: HttpRequest) {
    return new HttpResponse(`private for ${request.user.username}`);
  }
}

/** A JSON API: the body is the form data (prototype keys, deep nesting, wrong types reach the form). */
async function apiCreate(request: HttpRequest): Promise<HttpResponse> {
  const data = request.json<Record<string, unknown>>();
  if (!data || typeof data !== 'object' || Array.isArray(data)) return new JsonResponse({ error: 'an object is expected' }, { status: 400 });
  const fields = Object.fromEntries(['slug', 'title', 'body'].map((k) => [k, typeof data[k] === 'string' ? data[k] : '']));
  const form = new ArticleForm({ data: fields });
  if (!(await form.isValid())) return new JsonResponse({ errors: form.errors }, { status: 400 });
  const saved = await currentManager(request).getRepository(Article).save(currentManager(request).getRepository(Article).create(form.cleanedData as Partial<Article>));
  return new JsonResponse({ id: saved.id }, { status: 201 });
}

/** A multipart upload: a title and one file, nothing stored. */
async function upload(request: HttpRequest): Promise<HttpResponse> {
  const file = request.FILES.get('doc');
  if (!file) return new HttpResponse('no file', { status: 400 });
  return new JsonResponse({ name: file.name, size: file.size });
}

/** A page rendered from a template named by the URL (a risky pattern): the name must never leave the template folders. */
function page(request: HttpRequest, kwargs: Record<string, unknown>): Promise<HttpResponse> {
  return render(request, kwargs.name as string, {});
}

const urls = [
  path('articles/', ArticleList.asView(), { name: 'article-list' }),
  path('articles/new/', ArticleCreate.asView(), { name: 'article-new' }),
  path('articles/<int:pk>/', ArticleDetail.asView(), { name: 'article-detail' }),
  path('articles/<int:pk>/edit/', ArticleUpdate.asView(), { name: 'article-edit' }),
  path('articles/<int:pk>/delete/', ArticleDelete.asView(), { name: 'article-delete' }),
  path('a/<slug:slug>/', ArticleBySlug.asView(), { name: 'article-slug' }),
  path('api/articles/', csrfExempt(apiCreate)),
  path('upload/', csrfExempt(upload)),
  path('pages/<path:name>', page),
  path('search/', (request: HttpRequest) => render(request, 'corpus/search.pug', { q: request.GET.get('q') ?? '' })),
  path('broken/', (request: HttpRequest) => render(request, 'corpus/broken.pug', {})),
  path('token/', (request: HttpRequest) => new HttpResponse(getToken(request))),
  path('private/', Private.asView()),
  path('accounts/login/', LoginView.asView(), { name: 'login' }),
  path('accounts/logout/', LogoutView.asView(), { name: 'logout' }),
  path('accounts/profile/', () => new HttpResponse('profile')),
];

/** The running corpus app and what a case needs to check it. */
export interface Corpus {
  app: FrameworkApp;
  dataSource: DataSource;
  live: Live;
  logger: ReturnType<typeof quietLogger>;
  /** The id of the article the seed made. */
  articleId: number;
  close(): Promise<void>;
}

/** Start the corpus app on a fresh database with one user (alice) and three articles. */
export async function startCorpus(overrides: Partial<Settings> = {}): Promise<Corpus> {
  const dataSource = testDataSource([DjangoSession, User, Group, Permission, Article]);
  const logger = quietLogger();
  const app = makeApp({
    secretKey: SECRET,
    dataSource,
    logger,
    rootUrlconf: urls,
    middleware: defaultMiddleware(),
    installedApps: [sessionsApp, authApp, messagesApp, formsApp, defineApp({ label: 'corpus', entities: [Article], templates: TEMPLATES })],
    templates: { dirs: [TEMPLATES] },
    passwordHashers: [new PBKDF2PasswordHasher({ iterations: 1000 })],
    dataUploadMaxMemorySize: 64 * 1024,
    dataUploadMaxNumberFields: 200,
    headersTimeout: 1_000,
    requestTimeout: 1_500,
    ...overrides,
  });
  await app.ready();
  await createUser({ username: 'alice', password: 'wonderland' });
  const articles = dataSource.getRepository(Article);
  const first = await articles.save(articles.create({ slug: 'apple', title: 'Apple', body: 'An apple a day.' }));
  await articles.save(articles.create({ slug: 'banana', title: 'Banana', body: 'Yellow.' }));
  await articles.save(articles.create({ slug: 'cherry', title: 'Cherry', body: 'Red.' }));
  const live = await listen(app);
  return {
    app,
    dataSource,
    live,
    logger,
    articleId: first.id,
    async close() {
      await app.close({ timeout: 2_000 });
      await live.close().catch(() => undefined);
    },
  };
}
