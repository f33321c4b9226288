import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AuthenticationMiddleware, LoginRequiredMiddleware } from '../contrib/auth/middleware';
import { authConfig } from '../contrib/auth/config';
import { CsrfViewMiddleware } from '../contrib/csrf/middleware';
import { MessageMiddleware } from '../contrib/messages/middleware';
import { SessionMiddleware } from '../contrib/sessions/middleware';
import { ConditionalGetMiddleware } from '../middleware/conditional-get';
import { GZipMiddleware } from '../middleware/gzip';
import { SecurityMiddleware } from '../middleware/security';
import { templatesFor } from '../templates/registry';
import { UrlEndpoint, UrlInclude, type UrlPattern } from '../urls/patterns';
import { oneLine, style } from './output';
import type { Project } from './project';

/** A finding of `check` (Django's CheckMessage): `id` such as `middleware.W001`. */
export interface CheckMessage {
  readonly level: 'error' | 'warning' | 'info';
  readonly id: string;
  readonly msg: string;
  readonly hint?: string;
}

type Found = (level: CheckMessage['level'], id: string, msg: string, hint?: string) => void;

function checkUrls(patterns: unknown, found: Found, where = ''): void {
  if (!Array.isArray(patterns)) return;
  for (const pattern of patterns as UrlPattern[]) {
    if (!(pattern instanceof UrlEndpoint) && !(pattern instanceof UrlInclude)) continue;
    const { kind, source } = pattern.syntax;
    const label = `${where}${source}`;
    if (kind === 'route' && source.startsWith('/') && !(pattern instanceof UrlInclude && source === '/')) {
      found('warning', 'urls.W002', `Your URL pattern '${label}' has a route beginning with a '/'. Remove this slash as it is unnecessary.`);
    }
    if (kind === 'route' && (source.includes('(?P<') || source.startsWith('^') || source.endsWith('$'))) {
      found('warning', 'urls.W003', `Your URL pattern '${label}' has a route that contains '(?P<', begins with a '^', or ends with a '$'.`, 'path() takes route syntax; use rePath() for a regular expression.');
    }
    if (pattern instanceof UrlInclude) checkUrls(pattern.patterns, found, label);
  }
}

function pugFiles(dir: string, base = dir): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return pugFiles(full, base);
    return name.endsWith('.pug') ? [relative(base, full).split(sep).join('/')] : [];
  });
}

function checkTemplates(found: Found): void {
  const engine = templatesFor().engine as { dirs?: readonly string[]; getTemplate(name: string): unknown };
  const seen = new Set<string>();
  for (const dir of engine.dirs ?? []) {
    for (const name of pugFiles(dir)) {
      if (seen.has(name)) continue;
      seen.add(name);
      try {
        engine.getTemplate(name);
      } catch (error) {
        found('error', 'templates.E001', `${join(dir, name)}: ${oneLine(error)}`);
      }
    }
  }
}

function checkMiddleware(project: Project, found: Found): void {
  const entries = project.conf.middleware;
  const index = (cls: Function) => entries.findIndex((e) => e === cls || (typeof e === 'function' && e.prototype instanceof cls));
  const [session, csrf, auth, messages, loginRequired] = [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware, LoginRequiredMiddleware].map(index);
  const [gzip, conditional, security] = [GZipMiddleware, ConditionalGetMiddleware, SecurityMiddleware].map(index);
  const settings = project.conf as typeof project.conf & Record<string, any>;
  if (auth !== -1 && (session === -1 || session > auth)) {
    found('error', 'middleware.E001', 'AuthenticationMiddleware needs SessionMiddleware before it in middleware.', 'Put SessionMiddleware earlier in the list, as defaultMiddleware() does.');
  }
  if (messages !== -1 && settings.messageStorage !== 'cookie' && (session === -1 || session > messages)) {
    found('error', 'middleware.E002', 'MessageMiddleware stores messages in the session: it needs SessionMiddleware before it.', "Put SessionMiddleware earlier, or set messageStorage: 'cookie'.");
  }
  if (loginRequired !== -1 && (auth === -1 || auth > loginRequired)) {
    found('error', 'middleware.E003', 'LoginRequiredMiddleware needs AuthenticationMiddleware before it in middleware.');
  }
  if (csrf !== -1 && settings.csrf?.useSessions && (session === -1 || session > csrf)) {
    found('error', 'middleware.E004', 'csrf.useSessions is true: CsrfViewMiddleware needs SessionMiddleware before it.');
  }
  if (csrf !== -1 && auth !== -1 && csrf > auth) {
    found('warning', 'middleware.W001', 'CsrfViewMiddleware comes after AuthenticationMiddleware: CSRF should be checked before any middleware that may log a user in.', 'Move CsrfViewMiddleware before AuthenticationMiddleware (see defaultMiddleware()).');
  }
  if (gzip !== -1 && conditional !== -1 && conditional < gzip) {
    found('warning', 'middleware.W002', 'ConditionalGetMiddleware comes before GZipMiddleware, so ETags are computed on compressed bodies.', 'Put GZipMiddleware first.');
  }
  if (security !== -1 && session !== -1 && security > session) {
    found('warning', 'middleware.W003', 'SecurityMiddleware should come before SessionMiddleware (near the top of the list).');
  }
  const seen = new Set<unknown>();
  for (const entry of entries) {
    if (seen.has(entry)) found('warning', 'middleware.W004', `${(entry as Function).name || 'A middleware'} is listed twice in middleware.`);
    seen.add(entry);
  }
}

function checkModels(project: Project, found: Found): void {
  const ds = project.dataSource;
  for (const app of project.conf.installedApps) {
    if (app.migrations) {
      try {
        statSync(app.migrations);
      } catch {
        found('warning', 'apps.W001', `The migrations folder of app '${app.label}' does not exist (${app.migrations}).`, 'makemigrations creates it.');
      }
    }
    if (!ds?.isInitialized) continue;
    for (const entity of app.entities) {
      if (!ds.hasMetadata(entity)) {
        found('error', 'models.E001', `Entity ${entity.name} of app '${app.label}' is not in the DataSource's entities.`, `Add it: new DataSource({ entities: [..., ${entity.name}] }) (or spread app.entities).`);
      }
    }
  }
  if (ds?.isInitialized && project.conf.middleware.some((e) => e === AuthenticationMiddleware)) {
    const model = authConfig(project.conf).userModel;
    if (!ds.hasMetadata(model)) found('error', 'auth.E001', `The user entity ${model.name} is not in the DataSource's entities.`, 'Install authApp and add its entities to the DataSource.');
  }
}

function checkDeploy(project: Project, found: Found): void {
  const s = project.conf as typeof project.conf & Record<string, any>;
  const key = s.secretKey;
  if (key.length < 50 || new Set(key).size < 5 || key.startsWith('insecure')) {
    found('warning', 'security.W009', 'Your secretKey has less than 50 characters, less than 5 unique characters, or starts with "insecure".', "Generate a long random key: require('node:crypto').randomBytes(50).toString('base64url').");
  }
  if (s.debug) found('warning', 'security.W018', 'You should not have debug set to true in deployment.');
  if (!s.secureHstsSeconds) found('warning', 'security.W004', 'You have not set a value for secureHstsSeconds (HTTP Strict Transport Security).');
  if (!s.secureSslRedirect) found('warning', 'security.W008', 'secureSslRedirect is not true: plain HTTP requests are not redirected to HTTPS.');
  if (!s.session?.secure) found('warning', 'security.W012', 'session.secure is not true: the session cookie may be sent over plain HTTP.');
  if (!s.csrf?.cookieSecure) found('warning', 'security.W016', 'csrf.cookieSecure is not true: the CSRF cookie may be sent over plain HTTP.');
}

/** Run the system checks on an opened project. */
export function runChecks(project: Project, options: { deploy?: boolean } = {}): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const found: Found = (level, id, msg, hint) => messages.push({ level, id, msg, hint });
  checkUrls(project.conf.rootUrlconf, found);
  checkTemplates(found);
  checkMiddleware(project, found);
  checkModels(project, found);
  if (options.deploy) checkDeploy(project, found);
  return messages;
}

const LEVELS = { info: 0, warning: 1, error: 2 } as const;

/** Django's report: issues grouped by level, then a count. `failed` when an issue reaches `failLevel`. */
export function formatChecks(messages: CheckMessage[], failLevel: CheckMessage['level'] = 'error'): { text: string; failed: boolean } {
  if (messages.length === 0) return { text: 'System check identified no issues.\n', failed: false };
  const groups: Array<[CheckMessage['level'], string, (t: string) => string]> = [
    ['error', 'ERRORS', style.error],
    ['warning', 'WARNINGS', style.warning],
    ['info', 'INFOS', (t) => t],
  ];
  let text = 'System check identified some issues:\n';
  for (const [level, title, paint] of groups) {
    const list = messages.filter((m) => m.level === level);
    if (list.length === 0) continue;
    text += `\n${title}:\n`;
    for (const m of list) text += paint(`?: (${m.id}) ${m.msg}`) + (m.hint ? `\n\tHINT: ${m.hint}` : '') + '\n';
  }
  const n = messages.length;
  text += `\nSystem check identified ${n} issue${n === 1 ? '' : 's'}.\n`;
  return { text, failed: messages.some((m) => LEVELS[m.level] >= LEVELS[failLevel]) };
}
