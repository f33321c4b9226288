import { ImproperlyConfigured } from '../http/exceptions';
import type { AppCommand } from '../cli/app-command';

/** An installed app: a label, its entities and its templates folder (Django's AppConfig). */
export interface AppConfig {
  /** Short unique name, used in template paths (`movies/movie_list.pug`). */
  readonly label: string;
  /** TypeORM entity classes of this app; they join the app's DataSource. */
  readonly entities: Function[];
  /** Folder of this app's templates. */
  readonly templates?: string;
  /** Folder of this app's migrations (TypeORM). */
  readonly migrations?: string;
  /** Management commands this app adds to the command line (Django's management/commands). */
  readonly commands?: readonly AppCommand[];
}

/** Declare an installed app. */
export function defineApp(config: { label: string; entities?: Function[]; templates?: string; migrations?: string; commands?: AppCommand[] }): AppConfig {
  if (!config || typeof config.label !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(config.label)) {
    throw new ImproperlyConfigured(
      `defineApp: label must be an identifier such as 'movies' (got ${JSON.stringify(config?.label)}).`,
    );
  }
  if (config.commands !== undefined && (!Array.isArray(config.commands) || config.commands.some((c) => !c || typeof c.name !== 'string' || typeof c.handle !== 'function'))) {
    throw new ImproperlyConfigured(`defineApp('${config.label}'): commands must be an array of { name, handle(context) } objects.`);
  }
  return Object.freeze({
    label: config.label,
    entities: [...(config.entities ?? [])],
    templates: config.templates,
    migrations: config.migrations,
    commands: config.commands ? Object.freeze([...config.commands]) : undefined,
  });
}

/** The installed apps of one app, and which app each entity belongs to. */
export class AppRegistry {
  private readonly byEntity = new Map<Function, AppConfig>();
  private readonly byLabel = new Map<string, AppConfig>();

  constructor(readonly apps: readonly AppConfig[]) {
    apps.forEach((app, i) => {
      if (!app || typeof app.label !== 'string') {
        throw new ImproperlyConfigured(`installedApps[${i}] is not an app: build it with defineApp({ label, entities, templates }).`);
      }
      if (this.byLabel.has(app.label)) {
        throw new ImproperlyConfigured(`installedApps: the label '${app.label}' is used twice. Labels must be unique.`);
      }
      this.byLabel.set(app.label, app);
      for (const entity of app.entities) {
        const owner = this.byEntity.get(entity);
        if (owner) {
          throw new ImproperlyConfigured(
            `installedApps: entity ${entity.name} is listed by both '${owner.label}' and '${app.label}'. An entity belongs to one app.`,
          );
        }
        this.byEntity.set(entity, app);
      }
    });
  }

  /** The label of the app listing `entity` (or one of its base classes), or null. */
  labelOf(entity: Function): string | null {
    for (let c: unknown = entity; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      const app = this.byEntity.get(c as Function);
      if (app) return app.label;
    }
    return null;
  }

  /** The app with `label`, if installed. */
  get(label: string): AppConfig | undefined {
    return this.byLabel.get(label);
  }

  /** Every entity of every app, in order. */
  entities(): Function[] {
    return this.apps.flatMap((a) => a.entities);
  }
}
