import { Field } from '../../forms/fields';
import { ValidationError } from '../../forms/errors';
import { Form, type FormOptions } from '../../forms/form';
import type { HttpRequest } from '../../http/request';
import { authenticate } from './backends';
import type { AuthUser } from './config';
import { MAX_PASSWORD_LENGTH } from './hashers';

/** Options of AuthenticationForm: a Form's, and the request (backends may use it). */
export interface AuthenticationFormOptions extends FormOptions {
  request?: HttpRequest | null;
}

/**
 * The login form (Django's AuthenticationForm): `username` and `password`; valid when a backend
 * authenticates them and the user may log in. `getUser()` then gives the user.
 */
export class AuthenticationForm extends Form {
  @Field({ type: 'string', maxLength: 150, label: 'Username', widget: 'text' })
  username!: string;

  @Field({ type: 'string', maxLength: MAX_PASSWORD_LENGTH, label: 'Password', widget: 'password', strip: false })
  password!: string;

  /** The message when the credentials are wrong (Django's). */
  static invalidLoginMessage = 'Please enter a correct username and password. Note that both fields may be case-sensitive.';
  /** The message for an inactive account. */
  static inactiveMessage = 'This account is inactive.';

  /** The request being answered. */
  readonly request: HttpRequest | null;
  private userCache: AuthUser | null = null;

  constructor(options: AuthenticationFormOptions = {}) {
    const { request = null, ...rest } = options;
    super(rest);
    this.request = request;
  }

  override async clean(): Promise<void> {
    const { username, password } = this.cleanedData;
    if (typeof username !== 'string' || typeof password !== 'string') return;
    this.userCache = await authenticate(this.request, { username, password });
    if (!this.userCache) {
      throw new ValidationError((this.constructor as typeof AuthenticationForm).invalidLoginMessage, { code: 'invalid_login' });
    }
    this.confirmLoginAllowed(this.userCache);
  }

  /** Refuse users who may not log in (inactive ones); override for other rules, throwing ValidationError. */
  confirmLoginAllowed(user: AuthUser): void {
    if (user.isActive === false) throw new ValidationError((this.constructor as typeof AuthenticationForm).inactiveMessage, { code: 'inactive' });
  }

  /** The authenticated user, after a successful validation. */
  getUser(): AuthUser | null {
    return this.userCache;
  }
}
