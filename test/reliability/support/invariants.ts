/**
 * What must hold after every hostile request: no prototype changed, no row changed, nothing
 * internal in the response.
 */
import type { DataSource } from 'typeorm';

const PROTOTYPES: Array<[string, object]> = [
  ['Object', Object.prototype],
  ['Array', Array.prototype],
  ['Function', Function.prototype],
  ['String', String.prototype],
  ['Number', Number.prototype],
  ['Boolean', Boolean.prototype],
  ['Promise', Promise.prototype],
  ['RegExp', RegExp.prototype],
  ['Date', Date.prototype],
  ['Error', Error.prototype],
  ['Map', Map.prototype],
  ['Set', Set.prototype],
  ['Buffer', Buffer.prototype],
];

/** Own properties of the built-in prototypes, each with its value's identity; plus probes a pollution would set. */
export function prototypeSnapshot(): string {
  const ids = new Map<unknown, number>();
  const id = (v: unknown) => {
    if (!ids.has(v)) ids.set(v, ids.size);
    return ids.get(v);
  };
  const parts = PROTOTYPES.map(([name, proto]) => {
    const keys = Reflect.ownKeys(proto).map((k) => {
      const d = Object.getOwnPropertyDescriptor(proto, k)!;
      return `${String(k)}:${id(d.value ?? d.get)}`;
    });
    return `${name}{${keys.join(',')}}`;
  });
  const probe = {} as Record<string, unknown>;
  parts.push(`probe:${['x', 'polluted', 'isAdmin', 'admin', 'toString2'].map((k) => typeof probe[k]).join(',')}`);
  return parts.join('\n');
}

/** Every row of the given tables, in a stable order (what "no row changed" compares). */
export async function rowsSnapshot(dataSource: DataSource, entities: Function[]): Promise<string> {
  const out: string[] = [];
  for (const entity of entities) {
    const repo = dataSource.getRepository(entity);
    const primary = repo.metadata.primaryColumns[0].propertyName;
    const rows = await repo.find({ order: { [primary]: 'ASC' } as never });
    out.push(`${repo.metadata.tableName}:${JSON.stringify(rows)}`);
  }
  return out.join('\n');
}

/** Patterns that must never reach a client with debug off. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat [\w$.<>\s]*\(?[^\s)]*:\d+:\d+/],
  ['a source path', /(\/work\/|node_modules|\/src\/|\.ts:\d+|\.js:\d+)/],
  ['an exception name', /\b(TypeError|RangeError|SyntaxError|ReferenceError|QueryFailedError|EntityNotFound|SqliteError|DatabaseError|ValidationError\b(?!s))\b/],
  ['"Error:"', /\bError: /],
  ['SQL', /\b(SELECT|INSERT INTO|UPDATE "|DELETE FROM|SQLITE_|syntax error at|relation ")\b/i],
  ['a socket error', /\bE(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)\b/],
  ['a template internal', /\bpug\b|Cannot read propert/i],
];

/** What leaked into `text` or the headers (empty when nothing did). `secret` must not appear either. */
export function leaks(res: { text: string; headers: Record<string, unknown> }, secret: string): string[] {
  const found: string[] = [];
  const headerText = Object.entries(res.headers)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
  for (const [what, re] of LEAKS) {
    if (re.test(res.text)) found.push(`${what} in the body: ${re.exec(res.text)![0]}`);
    if (re.test(headerText)) found.push(`${what} in the headers: ${re.exec(headerText)![0]}`);
  }
  if (res.text.includes(secret) || headerText.includes(secret)) found.push('the secret key');
  if (res.headers['x-powered-by'] !== undefined) found.push('X-Powered-By');
  return found;
}
