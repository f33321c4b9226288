/**
 * The user of a request nobody is logged into (Django's AnonymousUser): not authenticated, no
 * permissions, and nothing to save.
 */
export class AnonymousUser {
  readonly id = null;
  readonly pk = null;
  readonly username = '';
  readonly isStaff = false;
  readonly isActive = false;
  readonly isSuperuser = false;
  readonly groups: never[] = [];
  readonly userPermissions: never[] = [];

  /** Always false. */
  get isAuthenticated(): boolean {
    return false;
  }

  /** Always true. */
  get isAnonymous(): boolean {
    return true;
  }

  getUsername(): string {
    return '';
  }

  async getAllPermissions(): Promise<Set<string>> {
    return new Set();
  }

  async getGroupPermissions(): Promise<Set<string>> {
    return new Set();
  }

  /** Always false. */
  async hasPerm(_perm: string): Promise<boolean> {
    return false;
  }

  /** False unless `perms` is empty. */
  async hasPerms(perms: Iterable<string>): Promise<boolean> {
    return [...perms].length === 0;
  }

  async hasModulePerms(_appLabel: string): Promise<boolean> {
    return false;
  }

  async checkPassword(_raw: unknown): Promise<boolean> {
    return false;
  }

  setPassword(): never {
    throw new TypeError('AnonymousUser has no password: it cannot be changed.');
  }

  toString(): string {
    return 'AnonymousUser';
  }

  toJSON(): Record<string, unknown> {
    return { id: null, username: '', isAuthenticated: false, isAnonymous: true };
  }
}
