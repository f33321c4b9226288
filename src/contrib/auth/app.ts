import { defineApp, type AppConfig } from '../../conf/apps';
import type { HttpRequest } from '../../http/request';
import { registerBuiltinContextProcessor } from '../../templates/context-processors';
import { hasLazyUser, requestUser } from './middleware';
import { Group, Permission, User } from './models';

/** The auth app: add it to `installedApps`; its entities are User, Group and Permission. */
export const authApp: AppConfig = defineApp({ label: 'auth', entities: [User, Group, Permission] });

/**
 * Adds `user` to every template rendered with a request of an app using AuthenticationMiddleware
 * (Django's auth context processor).
 */
export async function authContextProcessor(request: HttpRequest): Promise<Record<string, unknown>> {
  if (!hasLazyUser(request)) return {};
  return { user: await requestUser(request) };
}

registerBuiltinContextProcessor(authContextProcessor);
