import { BeforeInsert, BeforeUpdate, Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { randomString, saltedHmac } from '../crypto';
import { checkPassword as checkEncoded, checkRawPassword, isPasswordUsable, makePassword, UNUSABLE_PASSWORD_PREFIX } from './hashers';

/** Password hashes being computed, by user object (setPassword() called without await). */
const pendingPasswords = new WeakMap<object, Promise<void>>();
import { permissionsOf, savePassword } from './permissions';

/**
 * The auth entities (Django's django.contrib.auth.models) with Django's table and column names,
 * so a user table moved from Django keeps working: `auth_user`, `auth_group`, `auth_permission`
 * and the join tables. Extend `AbstractUser` (or `AbstractBaseUser`) for your own user entity and
 * name it in `authUserModel`.
 */

/** A permission `appLabel.codename`, e.g. `movies.change_movie` (Django's Permission, without content types). */
@Entity('auth_permission')
@Unique('auth_permission_app_label_codename_uniq', ['appLabel', 'codename'])
export class Permission {
  @PrimaryGeneratedColumn() id!: number;
  /** Human-readable, e.g. 'Can change movie'. */
  @Column('varchar', { length: 255 }) name!: string;
  @Column('varchar', { name: 'app_label', length: 100 }) appLabel!: string;
  @Column('varchar', { length: 100 }) codename!: string;

  toString(): string {
    return `${this.appLabel} | ${this.name}`;
  }
}

/** A named set of permissions users can belong to. */
@Entity('auth_group')
export class Group {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 150, unique: true }) name!: string;
  @ManyToMany(() => Permission)
  @JoinTable({ name: 'auth_group_permissions', joinColumn: { name: 'group_id' }, inverseJoinColumn: { name: 'permission_id' } })
  permissions!: Permission[];
}

const SESSION_HASH_SALT = 'express-generic-views.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

/** The password part of a user (Django's AbstractBaseUser): extend it for a user entity of your own design. */
export abstract class AbstractBaseUser {
  /** The Django-encoded hash (`pbkdf2_sha256$…`); never the password itself. */
  @Column('varchar', { length: 128 }) password!: string;
  @Column({ type: Date, name: 'last_login', nullable: true }) lastLogin: Date | null = null;

  /** The field holding the user name (Django's USERNAME_FIELD). */
  static usernameField = 'username';

  /** Always true for a user object (false on AnonymousUser). */
  get isAuthenticated(): boolean {
    return true;
  }

  /** Always false for a user object. */
  get isAnonymous(): boolean {
    return false;
  }

  /** The user name (the value of `usernameField`). */
  getUsername(): string {
    const field = (this.constructor as typeof AbstractBaseUser).usernameField;
    return String((this as unknown as Record<string, unknown>)[field] ?? '');
  }

  /**
   * Hash and store `raw` (not saved until you save the entity); null makes the password unusable.
   * Hashing runs off the event loop; awaiting is optional (Django's set_password is synchronous):
   * until the hash is ready no password matches, `checkPassword()` waits for it, and saving the
   * entity (save() or insert()) writes the hash, not the placeholder.
   */
  setPassword(raw: string | null): Promise<void> {
    // Refused here, at the call (as Django raises), not later in a promise nobody may await.
    if (raw !== null) checkRawPassword(raw);
    const hashing: Promise<void> = makePassword(raw).then((hash) => {
      if (pendingPasswords.get(this) !== hashing) return; // a later setPassword() won
      this.password = hash;
      pendingPasswords.delete(this);
    });
    pendingPasswords.set(this, hashing);
    // Not awaited by the caller, a failed hash must not end the process: it fails the save instead.
    hashing.catch(() => undefined);
    // A value no password matches, and a change that save() sees (its listener then writes the hash).
    this.password = UNUSABLE_PASSWORD_PREFIX + randomString(40);
    return hashing;
  }

  /** Make the password unusable (no password logs in; e.g. for single-sign-on users). */
  setUnusablePassword(): Promise<void> {
    return this.setPassword(null);
  }

  /** Before the entity is written: wait for a password hash still being computed. */
  @BeforeInsert()
  @BeforeUpdate()
  protected async settlePassword(): Promise<void> {
    await pendingPasswords.get(this);
  }

  /** Whether a password can log in. */
  hasUsablePassword(): boolean {
    return isPasswordUsable(this.password);
  }

  /**
   * Whether `raw` is this user's password. A hash made with outdated parameters is replaced and
   * saved (when the user is already stored).
   */
  async checkPassword(raw: unknown): Promise<boolean> {
    await pendingPasswords.get(this);
    return checkEncoded(raw, this.password, async (password) => {
      this.password = await makePassword(password);
      await savePassword(this);
    });
  }

  toString(): string {
    return this.getUsername();
  }

  /** HMAC of the password hash: a session stops being valid when the password changes. */
  getSessionAuthHash(secretKey: string): string {
    return saltedHmac(SESSION_HASH_SALT, this.password ?? '', secretKey);
  }
}

/** Everything Django's AbstractUser has: names, email, staff/active/superuser flags, permission checks. */
export abstract class AbstractUser extends AbstractBaseUser {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 150, unique: true }) username!: string;
  @Column('varchar', { name: 'first_name', length: 150, default: '' }) firstName: string = '';
  @Column('varchar', { name: 'last_name', length: 150, default: '' }) lastName: string = '';
  @Column('varchar', { length: 254, default: '' }) email: string = '';
  /** May log into the admin site. */
  @Column({ type: Boolean, name: 'is_staff', default: false }) isStaff: boolean = false;
  /** Inactive users cannot log in (delete accounts by clearing this instead). */
  @Column({ type: Boolean, name: 'is_active', default: true }) isActive: boolean = true;
  /** Has every permission. */
  @Column({ type: Boolean, name: 'is_superuser', default: false }) isSuperuser: boolean = false;
  @Index()
  @Column({ type: Date, name: 'date_joined', default: () => 'CURRENT_TIMESTAMP' }) dateJoined: Date = new Date();

  /** `first last`, trimmed. */
  getFullName(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }

  getShortName(): string {
    return this.firstName;
  }

  /** Every permission `app.codename` this user has, directly or through groups (none when inactive). */
  getAllPermissions(): Promise<Set<string>> {
    return permissionsOf(this, 'all');
  }

  /** The permissions this user has through groups. */
  getGroupPermissions(): Promise<Set<string>> {
    return permissionsOf(this, 'group');
  }

  /** Whether the user has `perm` ('movies.change_movie'); active superusers have all. */
  async hasPerm(perm: string): Promise<boolean> {
    if (this.isActive && this.isSuperuser) return true;
    return (await this.getAllPermissions()).has(perm);
  }

  /** Whether the user has every one of `perms`. */
  async hasPerms(perms: Iterable<string>): Promise<boolean> {
    const list = typeof perms === 'string' ? [perms] : [...perms];
    for (const perm of list) if (!(await this.hasPerm(perm))) return false;
    return true;
  }

  /** Whether the user has any permission in app `appLabel`. */
  async hasModulePerms(appLabel: string): Promise<boolean> {
    if (this.isActive && this.isSuperuser) return true;
    return [...(await this.getAllPermissions())].some((p) => p.startsWith(`${appLabel}.`));
  }

  override toString(): string {
    return this.getUsername();
  }
}

/** The default user entity, in Django's `auth_user` table. */
@Entity('auth_user')
export class User extends AbstractUser {
  @ManyToMany(() => Group)
  @JoinTable({ name: 'auth_user_groups', joinColumn: { name: 'user_id' }, inverseJoinColumn: { name: 'group_id' } })
  groups!: Group[];

  @ManyToMany(() => Permission)
  @JoinTable({ name: 'auth_user_user_permissions', joinColumn: { name: 'user_id' }, inverseJoinColumn: { name: 'permission_id' } })
  userPermissions!: Permission[];
}
