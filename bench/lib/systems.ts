/**
 * What the bench measures: the systems (one server process each) and the targets, as data.
 * A system is one peer serving one scenario (bench/servers/scenario.ts); each scenario names its
 * baseline, the hand-written Express 5 equivalent, and every ratio is to it in the same round.
 */

export interface System {
  /** Unique name; BENCH_ONLY filters on it. */
  readonly name: string;
  /** The scenario group it belongs to (the table is grouped by it). */
  readonly scenario: string;
  /** One line for the legend. */
  readonly label: string;
  /** The server file under bench/servers/ (without extension). */
  readonly server: string;
  /** Extra environment for the server process (SCENARIO, ROUTES, PAGE…). */
  readonly env?: Readonly<Record<string, string>>;
  /** The request the load generator sends (a server that prints `PATH <path>` overrides the path). */
  readonly request: { readonly path: string; readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string };
  /**
   * A GET made once before loading; the cookies it and a first request to `request.path` set are
   * sent with every loaded request (a returning visitor with a session and a CSRF cookie).
   */
  readonly prime?: string;
  /** Checked once before loading: the status a correct server answers (and its body, if given). */
  readonly expect: { readonly status: number; readonly body?: string };
  /** The system whose figures in the same round this one is divided by (default: its scenario's). */
  readonly baseline?: string;
  /** Not in the default run; select with BENCH_ONLY or BENCH_ALL=1. */
  readonly optIn?: boolean;
}

/** The scenarios in table order, with their baseline (hand-written Express 5) and what they do. */
export const SCENARIOS: readonly { readonly name: string; readonly baseline: string; readonly title: string }[] = [
  { name: 'hello', baseline: 'express-hello', title: "hello text: GET /hello/ → 'hello'" },
  { name: 'routes', baseline: 'express-1k', title: '1,000 routes, hitting the last' },
  { name: 'json', baseline: 'express-json', title: 'JSON detail by id from SQLite (GET /movies/500/)' },
  { name: 'list', baseline: 'express-list', title: 'list page: 20 of 1,000 rows (COUNT + LIMIT) rendered with Pug' },
  { name: 'table', baseline: 'express-table', title: 'issue 3: TemplateView, 20-row table, cached Pug vs a precompiled Pug function' },
  { name: 'page', baseline: 'express-page1', title: 'issue 4: ListView pages 1 and 5,000 of 100,000 rows through Pug; CursorPaginator' },
  { name: 'form', baseline: 'express-form', title: 'validated form POST inserting a row, 302 (issue 5)' },
  { name: 'stack', baseline: 'express-stack', title: 'full middleware stack: sessions + CSRF + security headers (+ auth, messages) (issue 6)' },
];

/** The baseline of everything outside a scenario's own (and of the report's legend). */
export const BASELINE = 'express-hello';

const hello = { request: { path: '/hello/' }, expect: { status: 200, body: 'hello' } } as const;
const json = { request: { path: '/movies/500/' }, expect: { status: 200, body: '{"id":500,"title":"Movie 500","year":1950,"rating":0}' } } as const;
const list = { request: { path: '/movies/' }, expect: { status: 200 } } as const;
const table = { request: { path: '/table/' }, expect: { status: 200 } } as const;
const form = {
  request: {
    path: '/movies/new/',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'title=A+bench+movie&year=1999&rating=7.5',
  },
  expect: { status: 302 },
} as const;
const stack = { request: { path: '/page/' }, prime: '/start/', expect: { status: 200 } } as const;
const page = (n: number) => ({ request: { path: n === 1 ? '/entries/' : `/entries/?page=${n}` }, expect: { status: 200 } }) as const;

const S = (scenario: string, env: Record<string, string> = {}) => ({ scenario, env: { SCENARIO: scenario, ...env } });
const K1 = { ROUTES: '1000' };

/** In run order: every round runs them all, in this order (A B C … A B C …). */
export const SYSTEMS: readonly System[] = [
  // hello
  { name: 'express-hello', label: "Express 5: app.get('/hello/', (req, res) => res.send('hello'))", server: 'express', ...S('hello'), ...hello },
  { name: 'node-hello', label: 'raw node:http (the ceiling)', server: 'node', ...S('hello'), ...hello },
  { name: 'express-floor', label: 'Express 5, one middleware writing via res.end (the floor of any app mounted in Express)', server: 'express-floor', scenario: 'hello', ...hello },
  { name: 'fastify-hello', label: "Fastify 5: app.get('/hello/', async () => 'hello')", server: 'fastify', ...S('hello'), ...hello },
  { name: 'nest-hello', label: "NestJS (Express adapter): @Get('hello/') hello() { return 'hello' }", server: 'nest', ...S('hello'), ...hello },
  { name: 'rc-hello', label: "routing-controllers: @Get('/hello/') hello() { return 'hello' }", server: 'rc', ...S('hello'), ...hello },
  { name: 'fw-mounted-hello', label: "hello View, mounted in a host Express app: host.use(app)", server: 'fw-mounted', ...S('hello'), ...hello },
  { name: 'fw-self-hello', label: 'hello View, self-served: app.listen()', server: 'fw-self', ...S('hello'), ...hello },
  {
    name: 'fw-mounted-hello-nopb',
    label: "fw-mounted-hello with host.disable('x-powered-by')",
    server: 'fw-mounted',
    ...S('hello', { HOST_POWERED_BY: '0' }),
    ...hello,
    optIn: true,
  },
  // 1,000 routes
  { name: 'express-1k', label: 'Express 5, 1,000 routes', server: 'express', ...S('hello', K1), ...hello, scenario: 'routes' },
  { name: 'fastify-1k', label: 'Fastify 5, 1,000 routes', server: 'fastify', ...S('hello', K1), ...hello, scenario: 'routes' },
  { name: 'nest-1k', label: 'NestJS, 1,000 routes', server: 'nest', ...S('hello', K1), ...hello, scenario: 'routes' },
  { name: 'rc-1k', label: 'routing-controllers, 1,000 routes', server: 'rc', ...S('hello', K1), ...hello, scenario: 'routes' },
  { name: 'fw-mounted-1k', label: 'mounted, 1,000 routes', server: 'fw-mounted', ...S('hello', K1), ...hello, scenario: 'routes' },
  { name: 'fw-self-1k', label: 'self-served, 1,000 routes', server: 'fw-self', ...S('hello', K1), ...hello, scenario: 'routes' },
  { name: 'fw-self-10k', label: 'self-served, 10,000 routes', server: 'fw-self', ...S('hello', { ROUTES: '10000' }), ...hello, scenario: 'routes', optIn: true },
  { name: 'node-1k', label: 'raw node:http, 1,000 routes in a Map', server: 'node', ...S('hello', K1), ...hello, scenario: 'routes', optIn: true },
  { name: 'fw-mounted-10k', label: 'mounted, 10,000 routes', server: 'fw-mounted', ...S('hello', { ROUTES: '10000' }), ...hello, scenario: 'routes', optIn: true },
  // JSON detail
  { name: 'express-json', label: 'Express: repo.findOneBy({ id }) → res.json', server: 'express', ...S('json'), ...json },
  { name: 'node-json', label: 'node:http + a better-sqlite3 prepared statement + JSON.stringify', server: 'node', ...S('json'), ...json },
  { name: 'fastify-json', label: 'Fastify: params schema, repo.findOneBy, response schema', server: 'fastify', ...S('json'), ...json },
  { name: 'nest-json', label: 'NestJS: ParseIntPipe, injected repository, NotFoundException', server: 'nest', ...S('json'), ...json },
  { name: 'rc-json', label: 'routing-controllers: @JsonController, @Param id: number, NotFoundError', server: 'rc', ...S('json'), ...json },
  { name: 'fw-mounted-json', label: 'View: JsonResponse(getObjectOr404(Movie, { id })), mounted', server: 'fw-mounted', ...S('json'), ...json },
  { name: 'fw-self-json', label: 'the same, self-served', server: 'fw-self', ...S('json'), ...json },
  // list page
  { name: 'express-list', label: "Express: repo.count + repo.find({ skip, take }) → res.render('movies')", server: 'express', ...S('list'), ...list },
  { name: 'node-list', label: 'node:http + better-sqlite3 + a precompiled Pug function', server: 'node', ...S('list'), ...list },
  { name: 'fastify-list', label: 'Fastify: the same queries → reply.view (@fastify/view, Pug)', server: 'fastify', ...S('list'), ...list },
  { name: 'nest-list', label: "NestJS: the same queries, @Render('movies')", server: 'nest', ...S('list'), ...list },
  { name: 'rc-list', label: "routing-controllers: the same queries, @Render('movies')", server: 'rc', ...S('list'), ...list },
  { name: 'fw-mounted-list', label: 'ListView (model, ordering, paginateBy 20), bench/movie_list.pug with url(), mounted', server: 'fw-mounted', ...S('list'), ...list },
  { name: 'fw-self-list', label: 'the same, self-served', server: 'fw-self', ...S('list'), ...list },
  {
    name: 'fw-mounted-list-nopb',
    label: "fw-mounted-list with host.disable('x-powered-by'): nothing set on res before the framework writes",
    server: 'fw-mounted',
    ...S('list', { HOST_POWERED_BY: '0' }),
    ...list,
    optIn: true,
  },
  // issue 3
  { name: 'express-table', label: 'Express: res.send(precompiledPug({ rows }))', server: 'express', ...S('table'), ...table },
  { name: 'fw-mounted-table', label: "TemplateView.asView({ templateName: 'table.pug', extraContext }), mounted", server: 'fw-mounted', ...S('table'), ...table },
  { name: 'fw-self-table', label: 'the same, self-served', server: 'fw-self', ...S('table'), ...table },
  // issue 4
  { name: 'express-page1', label: 'Express + TypeORM + Pug, page 1: repository.count() (COUNT(1)), then find() ORDER BY rank LIMIT 20', server: 'express', ...S('page'), ...page(1) },
  { name: 'express-page5000', label: 'the same, page 5,000 (OFFSET 99,980)', server: 'express', ...S('page'), ...page(5000), baseline: 'express-page5000' },
  { name: 'fw-mounted-page1', label: 'ListView (ordering rank, paginateBy 20), page 1, mounted', server: 'fw-mounted', ...S('page'), ...page(1) },
  { name: 'fw-mounted-page5000', label: 'ListView, page 5,000, mounted', server: 'fw-mounted', ...S('page'), ...page(5000), baseline: 'express-page5000' },
  { name: 'fw-mounted-cursor1', label: 'ListView with CursorPaginator, first page, mounted', server: 'fw-mounted', ...S('cursor', { PAGE: '1' }), ...page(1), scenario: 'page' },
  { name: 'fw-mounted-cursor5000', label: 'CursorPaginator, page 5,000 (cursor made by the server)', server: 'fw-mounted', ...S('cursor', { PAGE: '5000' }), ...page(1), scenario: 'page' },
  { name: 'fw-self-page1', label: 'ListView page 1, self-served', server: 'fw-self', ...S('page'), ...page(1) },
  { name: 'fw-self-page5000', label: 'ListView page 5,000, self-served', server: 'fw-self', ...S('page'), ...page(5000), baseline: 'express-page5000' },
  { name: 'express-tuned-page1', label: 'Express as above, counting with COUNT(*) as the framework does (informational)', server: 'express', ...S('page', { COUNT: 'star' }), ...page(1), optIn: true },
  { name: 'express-tuned-page5000', label: 'the same, page 5,000 (informational)', server: 'express', ...S('page', { COUNT: 'star' }), ...page(5000), baseline: 'express-page5000', optIn: true },
  { name: 'nest-page5000', label: 'NestJS, page 5,000', server: 'nest', ...S('page'), ...page(5000), baseline: 'express-page5000', optIn: true },
  { name: 'fastify-page5000', label: 'Fastify, page 5,000', server: 'fastify', ...S('page'), ...page(5000), baseline: 'express-page5000', optIn: true },
  // form POST
  { name: 'express-form', label: 'Express: urlencoded, plainToInstance + validate (class-validator), repo.save, res.redirect', server: 'express', ...S('form'), ...form },
  { name: 'node-form', label: 'node:http: URLSearchParams, checks by hand, better-sqlite3 INSERT', server: 'node', ...S('form'), ...form },
  { name: 'fastify-form', label: 'Fastify: @fastify/formbody, body schema (Ajv), repo.save, reply.redirect', server: 'fastify', ...S('form'), ...form },
  { name: 'nest-form', label: 'NestJS: ValidationPipe (transform, whitelist) on the DTO, repo.save, @Redirect', server: 'nest', ...S('form'), ...form },
  { name: 'rc-form', label: 'routing-controllers: @Body validated DTO, repo.save, @Redirect', server: 'rc', ...S('form'), ...form },
  { name: 'fw-mounted-form', label: 'CreateView (formClass = modelForm(Movie) with the same rules, successUrl), mounted', server: 'fw-mounted', ...S('form'), ...form },
  { name: 'fw-self-form', label: 'the same, self-served', server: 'fw-self', ...S('form'), ...form },
  // full middleware stack
  { name: 'express-stack', label: 'Express: helmet + compression + express-session + cookie-parser + csrf-csrf, res.render', server: 'express', ...S('stack'), ...stack },
  { name: 'nest-stack', label: 'NestJS: the same middleware via app.use, @Res render', server: 'nest', ...S('stack'), ...stack },
  { name: 'rc-stack', label: 'routing-controllers: the same middleware, @Render', server: 'rc', ...S('stack'), ...stack },
  { name: 'fw-mounted-stack', label: 'defaultMiddleware({ gzip }) + cookie sessions, auth, messages; TemplateView, mounted', server: 'fw-mounted', ...S('stack'), ...stack },
  { name: 'fw-self-stack', label: 'the same, self-served', server: 'fw-self', ...S('stack'), ...stack },
  {
    name: 'fw-mounted-stack-nopb',
    label: "fw-mounted-stack with host.disable('x-powered-by')",
    server: 'fw-mounted',
    ...S('stack', { HOST_POWERED_BY: '0' }),
    ...stack,
    optIn: true,
  },
  { name: 'fw-self-stack-db', label: 'self-served, sessions in SQLite (session.store db)', server: 'fw-self', ...S('stack', { STORE: 'db' }), ...stack, optIn: true },
  {
    name: 'express-stack-gzip',
    label: 'express-stack with Accept-Encoding: gzip (compression does work)',
    server: 'express',
    ...S('stack'),
    ...stack,
    request: { path: '/page/', headers: { 'accept-encoding': 'gzip' } },
    optIn: true,
  },
  {
    name: 'fw-self-stack-gzip',
    label: 'fw-self-stack with Accept-Encoding: gzip',
    server: 'fw-self',
    ...S('stack'),
    ...stack,
    request: { path: '/page/', headers: { 'accept-encoding': 'gzip' } },
    baseline: 'express-stack-gzip',
    optIn: true,
  },
  // checks
  {
    // An A/A check: the same server as fw-self-hello in another process. Its factor against
    // fw-self-hello shows how much two identical processes differ on this machine.
    name: 'fw-self-twin',
    label: 'fw-self-hello again, in its own process (A/A check of process-to-process variance)',
    server: 'fw-self',
    ...S('hello'),
    baseline: 'fw-self-hello',
    optIn: true,
    ...hello,
  },
  {
    name: 'fw-mounted-prefix',
    label: "mounted under a prefix: host.use('/app', app) (reverse() needs the prefix)",
    server: 'fw-mounted',
    ...S('hello', { PREFIX: '/app' }),
    request: { path: '/app/hello/' },
    expect: { status: 200, body: 'hello' },
    optIn: true,
  },
];

/** The baseline of a system: its own, else its scenario's. */
export function baselineOf(system: System): string {
  return system.baseline ?? SCENARIOS.find((s) => s.name === system.scenario)?.baseline ?? BASELINE;
}

/** The figures a target can compare, as "times better" factors (higher is better). */
export type Metric = 'rps' | 'cpu';

export interface Target {
  readonly issue: number;
  readonly title: string;
  /** The system under test and the one it is compared with, in the same round. */
  readonly system: string;
  readonly reference: string;
  /** PASS when the median over rounds of the per-round factor is at least this (CPU µs/req and req/s each). */
  readonly min: number;
}

const t = (issue: number, title: string, system: string, reference: string, min: number): Target => ({ issue, title, system, reference, min });

/** "Ahead of NestJS and routing-controllers in every scenario": the mounted framework (on Express, as they are). */
function ahead(): Target[] {
  const pairs: [string, string][] = [
    ['hello', 'hello'],
    ['1k', '1k'],
    ['json', 'json'],
    ['list', 'list'],
    ['form', 'form'],
    ['stack', 'stack'],
  ];
  return pairs.flatMap(([fw, peer]) => [
    t(9, `${fw}: mounted ahead of NestJS`, `fw-mounted-${fw}`, `nest-${peer}`, 1),
    t(9, `${fw}: mounted ahead of routing-controllers`, `fw-mounted-${fw}`, `rc-${peer}`, 1),
  ]);
}

export const TARGETS: readonly Target[] = [
  t(9, 'hello mounted ≥ 1.1× Express', 'fw-mounted-hello', 'express-hello', 1.1),
  t(9, 'hello self-served ≥ 4× Express', 'fw-self-hello', 'express-hello', 4),
  t(9, 'hello self-served within 2× of Fastify', 'fw-self-hello', 'fastify-hello', 0.5),
  t(9, '1,000 routes ≥ 5× Express with 1,000 routes (self-served)', 'fw-self-1k', 'express-1k', 5),
  t(2, '10,000 routes ≤ 5% slower than 1 (self-served)', 'fw-self-10k', 'fw-self-hello', 0.95),
  t(2, '10,000 routes ≤ 5% slower than 1 (mounted)', 'fw-mounted-10k', 'fw-mounted-hello', 0.95),
  t(9, 'list page ≥ 1.0× Express (mounted)', 'fw-mounted-list', 'express-list', 1),
  t(9, 'list page ≥ 1.0× Express (self-served)', 'fw-self-list', 'express-list', 1),
  t(3, 'TemplateView table ≥ 1.0× precompiled Pug in Express (mounted)', 'fw-mounted-table', 'express-table', 1),
  t(3, 'TemplateView table ≥ 1.0× precompiled Pug in Express (self-served)', 'fw-self-table', 'express-table', 1),
  t(4, 'ListView page 1 ≥ 1.0× Express+TypeORM+Pug (mounted)', 'fw-mounted-page1', 'express-page1', 1),
  t(4, 'ListView page 5,000 ≥ 1.0× Express+TypeORM+Pug (mounted)', 'fw-mounted-page5000', 'express-page5000', 1),
  t(4, 'ListView page 1 ≥ 1.0× Express+TypeORM+Pug (self-served)', 'fw-self-page1', 'express-page1', 1),
  t(4, 'ListView page 5,000 ≥ 1.0× Express+TypeORM+Pug (self-served)', 'fw-self-page5000', 'express-page5000', 1),
  t(4, 'CursorPaginator page 5,000 within 1.5× of page 1', 'fw-mounted-cursor5000', 'fw-mounted-cursor1', 1 / 1.5),
  t(5, 'form POST ≥ 1.0× Express (mounted)', 'fw-mounted-form', 'express-form', 1),
  t(5, 'form POST ≥ 1.0× Express (self-served)', 'fw-self-form', 'express-form', 1),
  t(6, 'default middleware stack ≥ 1.5× Express equivalent (mounted)', 'fw-mounted-stack', 'express-stack', 1.5),
  t(6, 'default middleware stack ≥ 1.5× Express equivalent (self-served)', 'fw-self-stack', 'express-stack', 1.5),
  ...ahead(),
];
