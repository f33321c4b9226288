import type { ViewFunction } from './types';

/** What resolving a path found (Django's ResolverMatch). */
export class ResolverMatch {
  constructor(
    /** The view function to call. */
    readonly func: ViewFunction,
    /** Positional parameters (unnamed groups of a rePath without named groups). */
    readonly args: string[],
    /** Keyword parameters after converters, merged with the patterns' extra kwargs. */
    readonly kwargs: Record<string, unknown>,
    /** The pattern's name, or null. */
    readonly urlName: string | null,
    /** The application namespaces, outermost first. */
    readonly appNames: string[],
    /** The instance namespaces, outermost first. */
    readonly namespaces: string[],
    /** The joined route of every level (`blog/<int:year>/`). */
    readonly route: string,
    /** Patterns tried before this one (filled on a miss only). */
    readonly tried: string[][] = [],
  ) {}

  /** `a:b` of the application namespaces. */
  get appName(): string {
    return this.appNames.join(':');
  }

  /** `a:b` of the instance namespaces. */
  get namespace(): string {
    return this.namespaces.join(':');
  }

  /** `ns:name`, the name reverse() takes for this pattern. */
  get viewName(): string {
    const name = this.urlName ?? (this.func.viewClass?.name || this.func.name || 'view');
    return [...this.namespaces, name].join(':');
  }

  /** The class behind the view function, when it came from `asView()`. */
  get viewClass(): unknown {
    return this.func.viewClass;
  }

  toString(): string {
    return `ResolverMatch(func=${this.func.viewClass?.name ?? this.func.name}, args=${JSON.stringify(this.args)}, kwargs=${JSON.stringify(this.kwargs)}, url_name=${this.urlName}, app_names=${JSON.stringify(this.appNames)}, namespaces=${JSON.stringify(this.namespaces)}, route='${this.route}')`;
  }
}
