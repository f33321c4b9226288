import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { databaseFor } from './context';

/** The class behind an entity target (a class, or a schema name only TypeORM knows). */
export function entityClass(target: EntityTarget<ObjectLiteral> | null | undefined): Function | null {
  return typeof target === 'function' ? target : null;
}

/** The class name of an entity target (`MovieScreening`). */
export function objectName(target: EntityTarget<ObjectLiteral>): string {
  if (typeof target === 'function') return target.name;
  if (typeof target === 'string') return target;
  const named = target as { name?: unknown; options?: { name?: unknown } };
  return String(named.options?.name ?? named.name ?? 'object');
}

/** Django's model_name: the class name lower-cased (`MovieScreening` → `moviescreening`); used in template names. */
export function modelName(target: EntityTarget<ObjectLiteral>): string {
  return objectName(target).toLowerCase();
}

/** The class name in camelCase (`MovieScreening` → `movieScreening`); used in context keys and as query alias. */
export function contextName(target: EntityTarget<ObjectLiteral>): string {
  const name = objectName(target);
  const lead = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(name)?.[0];
  if (lead && lead.length > 1) return lead.toLowerCase() + name.slice(lead.length);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Django's verbose_name: `MovieScreening` → `movie screening`; used in 404 messages. */
export function verboseName(target: EntityTarget<ObjectLiteral>): string {
  return objectName(target)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/**
 * The app label of an entity: the label of the installed app that lists it (or a base class of
 * it), in the app of `request` (else the current or last-created app); null if no app lists it.
 */
export function appLabelOf(target: EntityTarget<ObjectLiteral>, request?: { config?: unknown } | null): string | null {
  const cls = entityClass(target);
  return cls ? databaseFor(request).apps.labelOf(cls) : null;
}

/**
 * The default template name of an entity: `<app label>/<model name><suffix>.pug`
 * (`MovieScreening`, `_list` → `movies/moviescreening_list.pug`); null when no installed app
 * lists the entity (it then has no default template).
 */
export function templateNameFor(target: EntityTarget<ObjectLiteral>, suffix: string, request?: { config?: unknown } | null): string | null {
  const label = appLabelOf(target, request);
  return label === null ? null : `${label}/${modelName(target)}${suffix}.pug`;
}
