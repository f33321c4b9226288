import type { ObjectLiteral } from 'typeorm';
import { databaseFor } from '../../db/context';
import { modelName, verboseName } from '../../db/names';
import { authConfigFor, type AuthUser } from './config';
import { Permission } from './models';
import { managerFor } from './permissions';

/** Fields of a new user: the user name and password, and any other column of the user entity. */
export type NewUser = { username?: string; email?: string; password?: string | null } & Record<string, unknown>;

/** `Name@EXAMPLE.com` → `Name@example.com` (Django's normalize_email: the domain is lower-cased). */
export function normalizeEmail(email: string | null | undefined): string {
  const value = email ?? '';
  const at = value.lastIndexOf('@');
  return at === -1 ? value : value.slice(0, at + 1) + value.slice(at + 1).toLowerCase();
}

/**
 * Create and save a user with a hashed password (Django's create_user): not staff, not
 * superuser, unless `fields` says so. A null or missing password makes it unusable. Uses the
 * current request's app, else the app created last; the entity is `authUserModel`.
 *
 * @example
 * ```ts
 * const alice = await createUser({ username: 'alice', email: 'alice@example.com', password: 's3cret!' });
 * ```
 */
export async function createUser<T extends object = AuthUser>(fields: NewUser): Promise<T> {
  const model = authConfigFor(null).userModel as Function & { usernameField?: string };
  const usernameField = model.usernameField ?? 'username';
  const { password = null, ...rest } = fields;
  const username = rest[usernameField] ?? rest.username;
  if (typeof username !== 'string' || username.length === 0) throw new TypeError(`The given ${usernameField} must be set.`);
  const values: Record<string, unknown> = { isStaff: false, isSuperuser: false, ...rest, [usernameField]: username.normalize('NFKC') };
  if ('email' in rest || usernameField !== 'email') values.email = normalizeEmail(rest.email as string | undefined);
  const repository = managerFor().getRepository(model);
  const user = repository.create(values as ObjectLiteral) as T & { setPassword(raw: string | null): Promise<void> };
  await user.setPassword(password);
  return (await repository.save(user)) as T;
}

/** Create a user with `isStaff` and `isSuperuser` (Django's create_superuser); either set false is an error. */
export async function createSuperuser<T extends object = AuthUser>(fields: NewUser): Promise<T> {
  const values = { isStaff: true, isSuperuser: true, ...fields };
  if (values.isStaff !== true) throw new TypeError('Superuser must have isStaff=true.');
  if (values.isSuperuser !== true) throw new TypeError('Superuser must have isSuperuser=true.');
  return createUser<T>(values);
}

/**
 * Create the default permissions (add, change, delete, view) of every entity of every installed
 * app that does not have them yet (what Django's migrate does); resolves to how many were made.
 * Run it after creating the schema (a migration or a start-up script).
 */
export async function syncPermissions(): Promise<number> {
  const manager = managerFor();
  const database = databaseFor();
  const repository = manager.getRepository(Permission);
  const existing = new Set((await repository.find()).map((p) => `${p.appLabel}.${p.codename}`));
  const missing: Array<Partial<Permission>> = [];
  for (const app of database.apps.apps) {
    for (const entity of app.entities) {
      const name = modelName(entity);
      const verbose = verboseName(entity);
      for (const action of ['add', 'change', 'delete', 'view']) {
        const codename = `${action}_${name}`;
        if (existing.has(`${app.label}.${codename}`)) continue;
        missing.push({ appLabel: app.label, codename, name: `Can ${action} ${verbose}` });
      }
    }
  }
  if (missing.length > 0) await repository.insert(missing);
  return missing.length;
}
