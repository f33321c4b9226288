import { FileDict, UploadedFile } from '../http/uploads';
import { QueryDict } from '../http/querydict';

/** What a form is bound to: a QueryDict (`request.POST`, `request.GET`) or a plain object (`request.json()`). */
export type FormData = QueryDict | Readonly<Record<string, unknown>>;

/** Uploaded files: `request.FILES`, or a plain object of files. */
export type FormFiles = FileDict | Readonly<Record<string, UploadedFile | readonly UploadedFile[] | undefined>>;

/** Values posted under one key (a leaf of the tree built from `items.0.qty`-style keys). */
class Posted {
  constructor(readonly values: string[]) {}
}

/** A raw value read for a field: absent, or present with a value. */
export type RawValue = { present: false } | { present: true; value: unknown };

const ABSENT: RawValue = { present: false };
/** The most items a nested list may have, whatever the indices posted (`items.999999.qty`). */
export const MAX_NESTED_ITEMS = 1000;
const INDEX = /^\d{1,9}$/;

function own(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * Where a form reads its values: the posted data seen through a field's key. A QueryDict gives
 * strings (repeated keys for lists, `items.0.qty` for nested values); a plain object gives
 * what it holds. Only the keys of declared fields are ever read, so nothing else (no
 * `isAdmin`, no `__proto__`) gets through.
 */
export abstract class DataSource {
  /** The value under `key`: one value, or all of them for a list field. */
  abstract value(key: string, many: boolean): RawValue;
  /** The nested object under `key`, or null. */
  abstract child(key: string): DataSource | null;
  /** The nested list under `key` (sources of its items), or null. */
  abstract children(key: string): DataSource[] | null;
  /** The value at a path of keys (`['items', '0', 'qty']`), for redisplay. */
  lookup(parts: readonly string[], many: boolean): RawValue {
    let source: DataSource | null = this;
    for (let i = 0; i < parts.length - 1 && source; i++) {
      if (/^\d+$/.test(parts[i + 1]) && i + 1 < parts.length - 1) {
        source = source.children(parts[i])?.[Number(parts[i + 1])] ?? null;
        i++;
      } else source = source.child(parts[i]);
    }
    return source ? source.value(parts[parts.length - 1], many) : ABSENT;
  }
}

/** A QueryDict (repeated keys, dotted keys for nested values). */
export class QueryDictSource extends DataSource {
  constructor(private readonly dict: QueryDict) {
    super();
  }

  value(key: string, many: boolean): RawValue {
    if (!this.dict.has(key)) return ABSENT;
    return { present: true, value: many ? this.dict.getList(key) : this.dict.get(key) };
  }

  private tree(key: string): Record<string, unknown> | null {
    const prefix = `${key}.`;
    let root: Record<string, unknown> | null = null;
    for (const [name, values] of this.dict.lists()) {
      if (!name.startsWith(prefix)) continue;
      const path = name.slice(prefix.length).split('.');
      if (path.some((part) => part === '')) continue;
      root ??= Object.create(null) as Record<string, unknown>;
      let node: Record<string, unknown> | null = root;
      for (let i = 0; i < path.length - 1 && node; i++) {
        const next: unknown = node[path[i]];
        if (next instanceof Posted) node = null; // `a.0=x` and `a.0.b=y`: the value wins, the deeper key is ignored.
        else {
          if (next === undefined) node[path[i]] = Object.create(null);
          node = node[path[i]] as Record<string, unknown>;
        }
      }
      const last = path[path.length - 1];
      if (node && node[last] === undefined) node[last] = new Posted(values);
    }
    return root;
  }

  child(key: string): DataSource | null {
    const tree = this.tree(key);
    return tree ? new ObjectSource(tree) : null;
  }

  children(key: string): DataSource[] | null {
    const tree = this.tree(key);
    return tree ? listOf(tree) : null;
  }

  override lookup(parts: readonly string[], many: boolean): RawValue {
    return this.value(parts.join('.'), many);
  }

}

function listOf(node: unknown): DataSource[] | null {
  if (Array.isArray(node)) {
    return node.slice(0, MAX_NESTED_ITEMS).map((item) => new ObjectSource(typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : null));
  }
  if (typeof node !== 'object' || node === null || node instanceof Posted) return null;
  const indices = Object.keys(node)
    .filter((k) => INDEX.test(k))
    .map(Number)
    .sort((a, b) => a - b)
    .slice(0, MAX_NESTED_ITEMS);
  return indices.map((i) => {
    const item = (node as Record<string, unknown>)[String(i)];
    return new ObjectSource(typeof item === 'object' && item !== null && !(item instanceof Posted) ? (item as Record<string, unknown>) : null);
  });
}

/** A plain object (a JSON body, a nested part of a post). An item that is not an object reads as empty. */
export class ObjectSource extends DataSource {
  constructor(private readonly object: Readonly<Record<string, unknown>> | null) {
    super();
  }

  /** Whether this item was an object at all (a list item `3` where an object is expected is not). */
  get valid(): boolean {
    return this.object !== null;
  }

  value(key: string, many: boolean): RawValue {
    if (!this.object || !own(this.object, key)) return ABSENT;
    const raw = this.object[key];
    if (raw instanceof Posted) return { present: true, value: many ? raw.values : raw.values[raw.values.length - 1] };
    if (many) return { present: true, value: Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw] };
    return { present: true, value: raw };
  }

  child(key: string): DataSource | null {
    if (!this.object || !own(this.object, key)) return null;
    const raw = this.object[key];
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Posted) ? new ObjectSource(raw as Record<string, unknown>) : null;
  }

  children(key: string): DataSource[] | null {
    if (!this.object || !own(this.object, key)) return null;
    return listOf(this.object[key]);
  }

}

/** A DataSource for what a form was bound to. */
export function sourceOf(data: FormData): DataSource {
  return data instanceof QueryDict ? new QueryDictSource(data) : new ObjectSource(data);
}

/** The uploaded file(s) under `key`. */
export function filesOf(files: FormFiles | null, key: string): UploadedFile[] | undefined {
  if (!files) return undefined;
  if (files instanceof FileDict) return files.has(key) ? files.getList(key) : undefined;
  if (!own(files, key)) return undefined;
  const value = (files as Record<string, unknown>)[key];
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]) as UploadedFile[];
}
