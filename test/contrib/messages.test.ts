/**
 * Port of Django's tests/messages_tests: messages survive one redirect and are shown once,
 * levels and tags, cookie / session / fallback storage, tampering, overflow.
 */
import { IsString } from 'class-validator';
import request from 'supertest';
import {
  Form,
  FormView,
  SuccessMessageMixin,
  csrfExempt,
  HttpResponse,
  HttpResponseRedirect,
  TemplateResponse,
  createApp,
  messages,
  path,
  type HttpRequest,
} from '../../src';
import { getMessages, type MessageStorage } from '../../src/contrib/messages';
import { testSettings } from '../helpers';
import { TEMPLATES, cookieApp, setCookie } from './support';

const LEVELS: Record<string, (r: HttpRequest, m: string, o?: object) => void> = {
  debug: messages.debug,
  info: messages.info,
  success: messages.success,
  warning: messages.warning,
  error: messages.error,
};

class TitleForm extends Form {
  @IsString() title!: string;
}

/** Django's SuccessMessageMixin on a FormView (tests/messages_tests/test_mixins.py). */
class TitleView extends SuccessMessageMixin(FormView<TitleForm>) {
  override formClass = TitleForm;
  override successUrl = '/list/';
  override templateName = 'messages.pug';
  override successMessage = '%(title)s was created successfully (100%%)';
}

class SilentView extends TitleView {
  override successMessage = '';
}

const urls = [
  path('title/', csrfExempt(TitleView).asView()),
  path('title-silent/', csrfExempt(SilentView).asView()),
  path('add/<str:level>/<str:text>/', (request: HttpRequest, { level, text }) => {
    LEVELS[level](request, text);
    return new HttpResponseRedirect('/show/');
  }),
  path('add-tagged/', (request: HttpRequest) => {
    messages.error(request, 'tagged', { extraTags: 'big bold' });
    return new HttpResponse('ok');
  }),
  path('add-many/<int:n>/', (request: HttpRequest, { n }) => {
    for (let i = 0; i < n; i++) messages.info(request, `message number ${i} ${'x'.repeat(100)}`);
    return new HttpResponse('ok');
  }),
  path('add-html/', (request: HttpRequest) => {
    messages.info(request, '<b>bold</b>');
    return new HttpResponse('ok');
  }),
  path('add-empty/', (request: HttpRequest) => {
    messages.info(request, '');
    return new HttpResponse('ok');
  }),
  path('add-debug-with-level/', (request: HttpRequest) => {
    messages.setLevel(request, messages.DEBUG);
    messages.debug(request, 'now visible');
    return new HttpResponse('ok');
  }),
  path('add-and-read/', async (request: HttpRequest) => {
    messages.success(request, 'same page');
    const list = await (getMessages(request) as MessageStorage).list();
    return new HttpResponse(list.map(String).join('|'));
  }),
  path('show/', (request: HttpRequest) => new TemplateResponse(request, 'messages.pug', {})),
  path('levels/', (request: HttpRequest) => new TemplateResponse(request, 'levels.pug', {})),
  path('list/', async (request: HttpRequest) => {
    const list = await (getMessages(request) as MessageStorage).list();
    return new HttpResponse(JSON.stringify(list.map((m) => [m.level, m.message, m.tags])));
  }),
  path('nothing/', () => new HttpResponse('nothing')),
];

const app = cookieApp(urls);

describe('SuccessMessageMixin', () => {
  test('a valid form adds successMessage formatted with its cleaned data, shown after the redirect', async () => {
    const agent = request.agent(app);
    const res = await agent.post('/title/').type('form').send('title=Dune');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/list/');
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([[25, 'Dune was created successfully (100%)', 'success']]);
  });

  test('an invalid form adds nothing; an empty successMessage adds nothing', async () => {
    const agent = request.agent(app);
    expect((await agent.post('/title/').type('form').send('')).status).toBe(200);
    expect((await agent.post('/title-silent/').type('form').send('title=Dune')).status).toBe(302);
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([]);
  });
});

describe('messages across a redirect (fallback storage)', () => {
  test('a message is shown on the next page, once', async () => {
    const agent = request.agent(app);
    const res = await agent.get('/add/success/Saved!/');
    expect(res.status).toBe(302);
    expect(setCookie(res, 'messages')).toBeDefined();
    const shown = await agent.get('/show/');
    expect(shown.text).toBe('<ul><li class="success">Saved!</li></ul>');
    expect(setCookie(shown, 'messages')!.value).toBe('');
    expect((await agent.get('/show/')).text).toBe('<ul></ul>');
  });

  test('a small number of messages lives in the cookie only: the session is untouched', async () => {
    const res = await request(app).get('/add/info/hello/');
    expect(setCookie(res, 'sessionid')).toBeUndefined();
    expect(res.headers.vary ?? '').not.toMatch(/Cookie/);
  });

  test('pages that do not read messages keep them for later', async () => {
    const agent = request.agent(app);
    await agent.get('/add/info/later/');
    const nothing = await agent.get('/nothing/');
    expect(setCookie(nothing, 'messages')).toBeUndefined();
    expect((await agent.get('/show/')).text).toContain('later');
  });

  test('messages keep their order and levels', async () => {
    const agent = request.agent(app);
    await agent.get('/add/info/one/');
    await agent.get('/add/warning/two/');
    await agent.get('/add/error/three/');
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([
      [20, 'one', 'info'],
      [30, 'two', 'warning'],
      [40, 'three', 'error'],
    ]);
  });

  test('extra tags come before the level tag', async () => {
    const agent = request.agent(app);
    await agent.get('/add-tagged/');
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([[40, 'tagged', 'big bold error']]);
  });

  test('debug messages are dropped at the default level; setLevel lets them through', async () => {
    const agent = request.agent(app);
    await agent.get('/add/debug/hidden/');
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([]);
    await agent.get('/add-debug-with-level/');
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([[10, 'now visible', 'debug']]);
  });

  test('empty messages are ignored', async () => {
    const res = await request(app).get('/add-empty/');
    expect(setCookie(res, 'messages')).toBeUndefined();
  });

  test('messages added and read in the same request are not stored', async () => {
    const res = await request(app).get('/add-and-read/');
    expect(res.text).toBe('same page');
    expect(setCookie(res, 'messages')).toBeUndefined();
  });

  test('messages that do not fit in the cookie go to the session, and all come back in order', async () => {
    const agent = request.agent(app);
    const res = await agent.get('/add-many/30/');
    expect(setCookie(res, 'messages')).toBeDefined();
    expect(setCookie(res, 'sessionid')).toBeDefined();
    const list = JSON.parse((await agent.get('/list/')).text) as unknown[][];
    expect(list).toHaveLength(30);
    expect(list.map((m) => (m[1] as string).split(' ')[2])).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([]);
  });

  test('a tampered messages cookie is ignored and removed', async () => {
    const res = await request(app).get('/add/info/genuine/');
    const value = setCookie(res, 'messages')!.value;
    const forged = Buffer.from(JSON.stringify([[40, '<script>alert(1)</script>']])).toString('base64url') + value.slice(value.indexOf(':'));
    const shown = await request(app).get('/show/').set('Cookie', `messages=${encodeURIComponent(forged)}`);
    expect(shown.text).toBe('<ul></ul>');
    expect(setCookie(shown, 'messages')!.value).toBe('');
  });

  test('the message text is escaped in templates', async () => {
    const agent = request.agent(app);
    await agent.get('/add-html/');
    expect((await agent.get('/show/')).text).toBe('<ul><li class="info">&lt;b&gt;bold&lt;/b&gt;</li></ul>');
  });

  test('templates get DEFAULT_MESSAGE_LEVELS', async () => {
    expect((await request(app).get('/levels/')).text).toBe('<p>40</p>');
  });
});

describe('message settings and storages', () => {
  test('messageTags changes the CSS tag of a level; messageLevel the minimum level', async () => {
    const custom = cookieApp(urls, { messageTags: { 40: 'danger' }, messageLevel: 10 });
    const agent = request.agent(custom);
    await agent.get('/add/error/bad/');
    await agent.get('/add/debug/dbg/');
    expect(JSON.parse((await agent.get('/list/')).text)).toEqual([
      [40, 'bad', 'danger'],
      [10, 'dbg', 'debug'],
    ]);
  });

  test("messageStorage 'session': stored in the session, no messages cookie", async () => {
    const sessionOnly = cookieApp(urls, { messageStorage: 'session' });
    const agent = request.agent(sessionOnly);
    const res = await agent.get('/add/success/in-session/');
    expect(setCookie(res, 'messages')).toBeUndefined();
    expect(setCookie(res, 'sessionid')).toBeDefined();
    expect((await agent.get('/show/')).text).toBe('<ul><li class="success">in-session</li></ul>');
    expect((await agent.get('/show/')).text).toBe('<ul></ul>');
  });

  test("messageStorage 'cookie': the oldest messages that do not fit are dropped", async () => {
    const cookieOnly = cookieApp(urls, { messageStorage: 'cookie' });
    const agent = request.agent(cookieOnly);
    await agent.get('/add-many/30/');
    const list = JSON.parse((await agent.get('/list/')).text) as unknown[][];
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThan(30);
    expect((list[list.length - 1][1] as string).startsWith('message number 29 ')).toBe(true);
  });

  test("with debug, messages that could not be stored are an error", async () => {
    const strict = cookieApp(urls, { messageStorage: 'cookie', debug: true });
    expect((await request(strict).get('/add-many/30/').set('Accept', 'text/plain')).text).toContain('Not all temporary messages could be stored.');
  });

  test('without MessageMiddleware, adding a message is an error (unless failSilently)', async () => {
    const bare = createApp(
      testSettings({
        debug: true,
        templates: { dirs: [TEMPLATES] },
        rootUrlconf: [
          ...urls,
          path('silent/', (request: HttpRequest) => {
            messages.info(request, 'x', { failSilently: true });
            return new HttpResponse('fine');
          }),
        ],
      }),
    );
    const res = await request(bare).get('/add/info/x/').set('Accept', 'text/plain');
    expect(res.status).toBe(500);
    expect(res.text).toContain('You cannot add messages without installing MessageMiddleware');
    expect((await request(bare).get('/silent/')).text).toBe('fine');
    expect((await request(bare).get('/show/')).text).toBe('<ul></ul>');
  });

  test("a bad messageStorage fails at start-up", () => {
    expect(() => cookieApp(urls, { messageStorage: 'memcached' as never })).toThrow(/messageStorage must be 'fallback', 'cookie' or 'session'/);
  });
});
