import type { EntityManager, ObjectLiteral } from 'typeorm';
import { currentManager } from '../../db/context';

/** A user as the permission helpers see it. */
interface PermissionHolder {
  isActive?: boolean;
  constructor: Function;
}

interface Cache {
  user?: Set<string>;
  group?: Set<string>;
}

const caches = new WeakMap<object, Cache>();

/** The manager of the request's app (else the current scope's, else the app created last). */
export function managerFor(request?: { config?: unknown } | null): EntityManager {
  return currentManager(request);
}

function names(permissions: Array<{ appLabel: string; codename: string }> | undefined): string[] {
  return (permissions ?? []).map((p) => `${p.appLabel}.${p.codename}`);
}

async function loadPermissions(user: PermissionHolder): Promise<Required<Cache>> {
  const manager = managerFor();
  const metadata = manager.connection.getMetadata(user.constructor);
  const relations: Record<string, unknown> = {};
  const hasDirect = !!metadata.findRelationWithPropertyPath('userPermissions');
  const hasGroups = !!metadata.findRelationWithPropertyPath('groups');
  if (hasDirect) relations.userPermissions = true;
  if (hasGroups) relations.groups = { permissions: true };
  const result: Required<Cache> = { user: new Set(), group: new Set() };
  if (!hasDirect && !hasGroups) return result;
  const id = metadata.getEntityIdMap(user as ObjectLiteral);
  if (!id) return result;
  const loaded = (await manager.getRepository(user.constructor).findOne({ where: id, relations: relations as never })) as
    | { userPermissions?: Array<{ appLabel: string; codename: string }>; groups?: Array<{ permissions?: Array<{ appLabel: string; codename: string }> }> }
    | null;
  if (!loaded) return result;
  result.user = new Set(names(loaded.userPermissions));
  result.group = new Set((loaded.groups ?? []).flatMap((g) => names(g.permissions)));
  return result;
}

/**
 * The permission names (`app.codename`) of a user, from the database, cached on the user object
 * for its lifetime (one request), as Django's ModelBackend. Inactive users have none.
 */
export async function permissionsOf(user: PermissionHolder, kind: 'user' | 'group' | 'all'): Promise<Set<string>> {
  if (user.isActive === false) return new Set();
  let cache = caches.get(user);
  if (!cache || !cache.user || !cache.group) {
    cache = await loadPermissions(user);
    caches.set(user, cache);
  }
  if (kind === 'user') return new Set(cache.user);
  if (kind === 'group') return new Set(cache.group);
  return new Set([...(cache.user ?? []), ...(cache.group ?? [])]);
}

/** Forget the cached permissions of `user` (after changing them). */
export function clearPermissionCache(user: object): void {
  caches.delete(user);
}

/** Save the new password hash of a stored user (after a rehash on login). */
export async function savePassword(user: object): Promise<void> {
  const manager = managerFor();
  const metadata = manager.connection.getMetadata(user.constructor);
  const id = metadata.getEntityIdMap(user as ObjectLiteral);
  if (!id) return;
  await manager.getRepository(user.constructor).update(id, { password: (user as { password: string }).password } as ObjectLiteral);
}

/** Whether `user` has every permission in `perms` (a user without `hasPerms()`, such as a custom one, has none). */
export async function userHasPerms(user: object, perms: readonly string[]): Promise<boolean> {
  const holder = user as { hasPerms?(perms: readonly string[]): Promise<boolean> };
  return typeof holder.hasPerms === 'function' ? holder.hasPerms(perms) : false;
}
