import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { contextName } from '../db/names';
import { lookupValue, NO_MATCH } from '../db/values';
import { messageFor, pushError, type ErrorStore } from './clean-fields';
import type { FieldSpec, RelatedSpec } from './fields';
import { formatMessage, showValue } from './messages';

/** The most rows a model select offers (a larger table needs a queryset that narrows it, or another widget). */
export const MAX_MODEL_CHOICES = 1000;

const INVALID_CHOICE = 'Select a valid choice. That choice is not one of the available choices.';

function primaryOf(manager: EntityManager, entity: Function) {
  const columns = manager.connection.getMetadata(entity).primaryColumns;
  if (columns.length !== 1) throw new TypeError(`${entity.name} has a composite primary key: it cannot be chosen in a form field.`);
  return columns[0];
}

/** The rows a model field offers: its queryset, else every row of the entity. */
export function choiceQuery(related: RelatedSpec, manager: EntityManager): SelectQueryBuilder<ObjectLiteral> {
  return related.queryset ? related.queryset(manager) : manager.getRepository(related.entity).createQueryBuilder(contextName(related.entity as new () => object));
}

/** The primary key of `row` (a row of `entity`), or `row` itself when it is already a key. */
export function keyOf(row: unknown, manager: EntityManager | null, entity: Function): unknown {
  if (row === null || typeof row !== 'object') return row;
  const name = manager?.connection.hasMetadata(entity) ? primaryOf(manager, entity).propertyName : 'id';
  return (row as Record<string, unknown>)[name];
}

/** How a row is shown in a select: `label`, its own `toString()`, a name-like property, else `Genre object (3)`. */
export function choiceLabel(row: ObjectLiteral, related: RelatedSpec, key: unknown): string {
  if (related.label) return related.label(row);
  if (typeof row.toString === 'function' && row.toString !== Object.prototype.toString) return String(row);
  for (const name of ['name', 'title', 'label', 'username', 'slug']) if (typeof row[name] === 'string') return row[name] as string;
  return `${related.entity.name} object (${String(key)})`;
}

/** Fill `spec.choices` of every model field of `specs` with its rows (Django evaluates the queryset when drawing). */
export async function loadModelChoices(specs: readonly FieldSpec[], manager: EntityManager): Promise<void> {
  for (const spec of specs) {
    if (spec.kind !== 'model' || !spec.related || spec.choices) continue;
    const primary = primaryOf(manager, spec.related.entity);
    const qb = choiceQuery(spec.related, manager);
    if (qb.expressionMap.orderBys && Object.keys(qb.expressionMap.orderBys).length === 0) qb.orderBy(`${qb.alias}.${primary.propertyPath}`, 'ASC');
    const rows = await qb.take(MAX_MODEL_CHOICES).getMany();
    spec.choices = rows.map((row) => {
      const key = primary.getEntityValue(row);
      return [key, choiceLabel(row, spec.related!, key)] as const;
    });
  }
}

/**
 * Replace the posted keys of model fields in `values` by their rows, looked up among the rows the
 * field offers; a key with no row is an error ("Select a valid choice…"), never a wider query.
 */
export async function resolveModelChoices(specs: readonly FieldSpec[], values: Record<string, unknown>, empty: ReadonlySet<string>, store: ErrorStore, manager: EntityManager): Promise<void> {
  for (const spec of specs) {
    if (spec.kind !== 'model' || !spec.related || empty.has(spec.name) || !Object.prototype.hasOwnProperty.call(values, spec.name)) continue;
    const primary = primaryOf(manager, spec.related.entity);
    const posted = spec.many ? (values[spec.name] as unknown[]) : [values[spec.name]];
    const keys: unknown[] = [];
    let bad: unknown = undefined;
    for (const raw of posted) {
      const key = lookupValue(primary, raw, manager.connection);
      if (key === NO_MATCH || key === null) bad ??= raw;
      else keys.push(key);
    }
    let rows: ObjectLiteral[] = [];
    if (bad === undefined && keys.length > 0) {
      const qb = choiceQuery(spec.related, manager);
      const unique = [...new Map(keys.map((k) => [String(k), k])).values()];
      rows = await qb.andWhere(`${qb.alias}.${primary.propertyPath} IN (:...egvChoiceKeys)`, { egvChoiceKeys: unique }).getMany();
      const found = new Set(rows.map((row) => String(primary.getEntityValue(row))));
      bad = keys.find((key) => !found.has(String(key)));
    }
    if (bad !== undefined) {
      delete values[spec.name];
      const message = spec.many ? messageFor(spec, 'invalidChoice', { value: showValue(bad) }) : spec.errorMessages.invalidChoice ? formatMessage(spec.errorMessages.invalidChoice, { value: showValue(bad) }) : INVALID_CHOICE;
      pushError(store, spec.name, message, 'invalidChoice');
      continue;
    }
    const byKey = new Map(rows.map((row) => [String(primary.getEntityValue(row)), row]));
    values[spec.name] = spec.many ? keys.map((key) => byKey.get(String(key))) : byKey.get(String(keys[0]));
  }
}
