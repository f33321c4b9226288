/**
 * Runs hostile cases against the corpus app, and checks after each one what must always hold:
 * the expected status, nothing internal leaked, no row changed, no prototype changed, and the
 * next good request served.
 */
import request from 'supertest';
import { DjangoSession, User } from '../../../src';
import { Article, SECRET, startCorpus, type Corpus } from './corpus-app';
import { leaks, prototypeSnapshot, rowsSnapshot } from './invariants';

/** A response as the cases see it (from supertest or a raw socket). */
export interface CaseResponse {
  status: number;
  text: string;
  headers: Record<string, unknown>;
}

/** What a case can use: the running app, a valid CSRF cookie and token, alice's session cookie. */
export interface CorpusContext {
  corpus: Corpus;
  port: number;
  /** `csrftoken=…` for a Cookie header. */
  csrfCookie: string;
  /** A token matching csrfCookie. */
  csrfToken: string;
  /** `sessionid=…` of a logged-in alice. */
  aliceCookie: string;
  /** supertest bound to the live server. */
  http: ReturnType<typeof request>;
}

/** One hostile request and what the app must answer. */
export interface HostileCase {
  name: string;
  /** The expected status (a list: any of them). 4xx except where the safe answer is documented otherwise (a redirect to a safe default). */
  status: number | readonly number[];
  send(ctx: CorpusContext): Promise<CaseResponse>;
  /** Further checks on the response. */
  check?(res: CaseResponse, ctx: CorpusContext): void | Promise<void>;
  /** This case logs in for real: the sessions table and alice's lastLogin may change. */
  logsIn?: boolean;
}

function cookieOf(res: { headers: Record<string, unknown> }, name: string): string {
  const all = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(all)}`);
  return found.split(';')[0];
}

async function snapshot(corpus: Corpus, withSessions: boolean): Promise<string> {
  const rows = await rowsSnapshot(corpus.dataSource, [Article]);
  const users = await corpus.dataSource.getRepository(User).find({ order: { id: 'ASC' } });
  const userRows = JSON.stringify(users.map(({ lastLogin: _ignored, ...rest }) => rest));
  const sessions = withSessions ? `sessions:${await corpus.dataSource.getRepository(DjangoSession).count()}` : '';
  return `${rows}\n${userRows}\n${sessions}`;
}

/** Define the jest tests of `cases` against a fresh corpus app. */
export function runCorpus(title: string, cases: readonly HostileCase[]): void {
  describe(title, () => {
    let ctx: CorpusContext;
    const prototypesBefore = prototypeSnapshot();

    beforeAll(async () => {
      const corpus = await startCorpus({ logoutRedirectUrl: '/articles/' });
      const http = request(corpus.live.server);
      const tokenRes = await http.get('/token/');
      const csrfCookie = cookieOf(tokenRes, 'csrftoken');
      const csrfToken = tokenRes.text;
      const login = await http
        .post('/accounts/login/')
        .set('Cookie', csrfCookie)
        .type('form')
        .send({ csrfmiddlewaretoken: csrfToken, username: 'alice', password: 'wonderland' });
      if (login.status !== 302) throw new Error(`alice could not log in: ${login.status}`);
      ctx = { corpus, port: corpus.live.port, csrfCookie, csrfToken, aliceCookie: cookieOf(login, 'sessionid'), http };
    });
    afterAll(async () => {
      await ctx?.corpus.close();
      expect(prototypeSnapshot()).toBe(prototypesBefore);
    });

    test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
      const before = await snapshot(ctx.corpus, !hostile.logsIn);
      const logged = ctx.corpus.logger.lines.length;
      const res = await hostile.send(ctx);
      const expected = typeof hostile.status === 'number' ? [hostile.status] : hostile.status;
      if (!expected.includes(res.status)) {
        throw new Error(`expected status ${expected.join(' or ')}, got ${res.status}: ${res.text.slice(0, 300)}\nlog: ${ctx.corpus.logger.lines.slice(-3).join('\n')}`);
      }
      expect(leaks(res, SECRET)).toEqual([]);
      await hostile.check?.(res, ctx);
      expect(prototypeSnapshot()).toBe(prototypesBefore);
      expect(await snapshot(ctx.corpus, !hostile.logsIn)).toBe(before);
      // The next good request is served.
      const good = await ctx.http.get('/articles/');
      expect(good.status).toBe(200);
      expect(good.text).toContain('Apple');
      // Nothing reached the 500 path.
      expect(ctx.corpus.logger.lines.slice(logged).filter((l) => l.startsWith('ERROR'))).toEqual([]);
    });
  });
}
