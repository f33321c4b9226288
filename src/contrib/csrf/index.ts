import './context';

export { CsrfViewMiddleware } from './middleware';
export { csrfExempt, csrfProtect, requiresCsrfToken, ensureCsrfCookie } from './decorators';
export { csrfFailure, REASONS } from './failure';
export { csrfContextProcessor, LazyCsrfToken } from './context';
export { csrfConfig, type CsrfConfig } from './config';
export {
  getToken,
  rotateToken,
  maskCipherSecret,
  unmaskCipherToken,
  CSRF_FIELD_NAME,
  CSRF_SECRET_LENGTH,
  CSRF_TOKEN_LENGTH,
  CSRF_SESSION_KEY,
} from './tokens';
