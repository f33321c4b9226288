import type { NormalizedSettings } from '../../conf/settings';
import { Middleware, type GetResponse } from '../../core/middleware';
import { patchVaryHeaders } from '../../http/headers';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import { bindRequestSettings, noteSettings } from '../conf';
import { sessionConfig, type SessionConfig } from './config';
import { Session } from './session';
import { SessionInterrupted, UpdateError } from './store';

/**
 * Gives each request `request.session` (Django's SessionMiddleware). The session is read from
 * the store only when used; on the way out it is saved, and its cookie set, only when it changed
 * (or with `session.saveEveryRequest`) and the response is not a 5xx. An emptied session has its
 * cookie deleted; a session that was used adds `Vary: Cookie`.
 */
export class SessionMiddleware extends Middleware {
  /** The checked session settings of this app. */
  readonly config: SessionConfig;

  constructor(getResponse: GetResponse, settings: NormalizedSettings) {
    super(getResponse, settings);
    noteSettings(settings);
    this.config = sessionConfig(settings);
  }

  override processRequest(request: HttpRequest): void {
    bindRequestSettings(request, this.settings);
    const { store, cookieName, cookieAge, expireAtBrowserClose } = this.config;
    request.session = new Session(store, request.COOKIES[cookieName], { cookieAge, expireAtBrowserClose });
  }

  override async processResponse(request: HttpRequest, response: HttpResponse): Promise<HttpResponse> {
    const session = request.session;
    if (!(session instanceof Session)) return response;
    const config = this.config;
    if (session.modified || session.hasPendingWrites) await session.load();
    const empty = session.isEmpty();
    if (request.COOKIES[config.cookieName] !== undefined && empty) {
      response.deleteCookie(config.cookieName, { path: config.cookiePath, domain: config.cookieDomain, sameSite: config.sameSite });
      patchVaryHeaders(response.headers, ['Cookie']);
      return response;
    }
    if (session.accessed) patchVaryHeaders(response.headers, ['Cookie']);
    if (!(session.modified || config.saveEveryRequest) || empty || response.statusCode >= 500) return response;
    await session.load();
    if (session.isEmpty()) return response;
    try {
      await session.save();
    } catch (error) {
      if (error instanceof UpdateError) {
        throw new SessionInterrupted(
          "The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.",
        );
      }
      throw error;
    }
    const browserSession = session.expireAtBrowserClose();
    response.setCookie(config.cookieName, session.sessionKey as string, {
      maxAge: browserSession ? undefined : session.expiryAge(),
      domain: config.cookieDomain,
      path: config.cookiePath,
      secure: config.secure,
      httpOnly: config.httpOnly,
      sameSite: config.sameSite,
    });
    return response;
  }
}
