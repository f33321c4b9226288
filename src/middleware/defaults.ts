import { AuthenticationMiddleware } from '../contrib/auth/middleware';
import { CsrfViewMiddleware } from '../contrib/csrf/middleware';
import { MessageMiddleware } from '../contrib/messages/middleware';
import { SessionMiddleware } from '../contrib/sessions/middleware';
import type { MiddlewareEntry } from '../core/middleware';
import { CommonMiddleware } from './common';
import { ConditionalGetMiddleware } from './conditional-get';
import { GZipMiddleware } from './gzip';
import { SecurityMiddleware } from './security';
import { XFrameOptionsMiddleware } from './xframe';

/** Options of defaultMiddleware(). */
export interface DefaultMiddlewareOptions {
  /** Add GZipMiddleware (after SecurityMiddleware, so it compresses last). Default false. */
  gzip?: boolean;
  /** Add ConditionalGetMiddleware (after GZip, before anything that changes the body). Default false. */
  conditionalGet?: boolean;
}

/**
 * Django's default middleware list, in Django's order: Security, Session, Common, CsrfView,
 * Authentication, Message, XFrameOptions (optionally GZip and ConditionalGet after Security).
 * Spread it to add your own: `middleware: [...defaultMiddleware(), TimingMiddleware]`.
 */
export function defaultMiddleware(options: DefaultMiddlewareOptions = {}): MiddlewareEntry[] {
  return [
    SecurityMiddleware,
    ...(options.gzip ? [GZipMiddleware] : []),
    ...(options.conditionalGet ? [ConditionalGetMiddleware] : []),
    SessionMiddleware,
    CommonMiddleware,
    CsrfViewMiddleware,
    AuthenticationMiddleware,
    MessageMiddleware,
    XFrameOptionsMiddleware,
  ];
}
