import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  DjangoSession,
  Group,
  HttpResponse,
  PBKDF2PasswordHasher,
  Permission,
  User,
  authApp,
  defaultMiddleware,
  defineApp,
  getToken,
  messagesApp,
  sessionsApp,
  type FrameworkApp,
  type HttpRequest,
  type Settings,
  type UrlPattern,
} from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { testDataSource } from '../db/test-datasource';

/** Templates of the contrib tests (form.pug, messages.pug, registration/…). */
export const TEMPLATES = join(__dirname, 'templates');

/** A fast hasher for tests that are not about hashing (Django's tests use MD5 for the same reason). */
export const FAST_HASHERS = [new PBKDF2PasswordHasher({ iterations: 1000 })];

/** A view answering with a fresh CSRF token as its body. */
export function tokenView(request: HttpRequest): HttpResponse {
  return new HttpResponse(getToken(request));
}

/** A view answering 'ok'. */
export function okView(): HttpResponse {
  return new HttpResponse('ok');
}

/** An app with the default middleware on a signed-cookie session store (no database). */
export function cookieApp(rootUrlconf: UrlPattern[], overrides: Partial<Settings> = {}): FrameworkApp {
  return makeApp({
    rootUrlconf,
    middleware: defaultMiddleware(),
    installedApps: [sessionsApp, messagesApp],
    session: { store: 'cookie' },
    templates: { dirs: [TEMPLATES] },
    passwordHashers: FAST_HASHERS,
    ...overrides,
  });
}

/** The app of a database test, and what it was built on. */
export interface DbApp {
  app: FrameworkApp;
  dataSource: DataSource;
  logger: ReturnType<typeof quietLogger>;
}

/** An app with the default middleware, the contrib apps and their tables on a fresh database. */
export async function dbApp(rootUrlconf: UrlPattern[], overrides: Partial<Settings> = {}, entities: Function[] = []): Promise<DbApp> {
  const dataSource = testDataSource([DjangoSession, User, Group, Permission, ...entities]);
  const logger = quietLogger();
  const app = makeApp({
    rootUrlconf,
    dataSource,
    logger,
    middleware: defaultMiddleware(),
    installedApps: [sessionsApp, authApp, messagesApp, defineApp({ label: 'shop', entities, templates: TEMPLATES })],
    templates: { dirs: [TEMPLATES] },
    passwordHashers: FAST_HASHERS,
    ...overrides,
  });
  await app.ready();
  return { app, dataSource, logger };
}

/** The value of cookie `name` in a response's Set-Cookie headers (undefined when not set). */
export function setCookie(res: { headers: Record<string, unknown> }, name: string): { value: string; attributes: string } | undefined {
  const headers = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  for (const header of headers) {
    const [pair, ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() === name) return { value: decodeURIComponent(pair.slice(eq + 1)), attributes: attributes.join(';').trim() };
  }
  return undefined;
}
