export { AnonymousUser } from './anonymous';
export { AbstractBaseUser, AbstractUser, User, Group, Permission } from './models';
export {
  PBKDF2PasswordHasher,
  PBKDF2SHA1PasswordHasher,
  ScryptPasswordHasher,
  makePassword,
  checkPassword,
  isPasswordUsable,
  setPasswordHashers,
  getHashers,
  MAX_PASSWORD_LENGTH,
  type PasswordHasher,
} from './hashers';
export {
  ModelBackend,
  authenticate,
  login,
  logout,
  getUser,
  updateSessionAuthHash,
  SESSION_KEY,
  BACKEND_SESSION_KEY,
  HASH_SESSION_KEY,
} from './backends';
export { authConfig, type AuthBackend, type AuthConfig, type AuthUser } from './config';
export { AuthenticationMiddleware, LoginRequiredMiddleware, loginNotRequired, requestUser } from './middleware';
export { AccessMixin, LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin } from './mixins';
export { loginRequired, permissionRequired, userPassesTest, type LoginRedirectOptions } from './decorators';
export { redirectToLogin, redirectToLoginUrl, REDIRECT_FIELD_NAME } from './redirects';
export { createUser, createSuperuser, syncPermissions, normalizeEmail, type NewUser } from './management';
export { clearPermissionCache } from './permissions';
export { authApp, authContextProcessor } from './app';
export { AuthenticationForm, type AuthenticationFormOptions } from './forms';
export { LoginView, LogoutView, RedirectUrlMixin, addNeverCacheHeaders } from './views';
