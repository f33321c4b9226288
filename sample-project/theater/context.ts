import { requestUser, type HttpRequest } from 'express-generic-views';
import { fmt } from './format';

/** The site's name, in the layout and page titles. */
export const SITE_NAME = 'Palace Cinema';

type MaybePermitted = { isAuthenticated: boolean; hasPerm?: (perm: string) => Promise<boolean> };

/**
 * The theater's context processor (listed in `templates.contextProcessors` in settings.ts): every
 * template gets `siteName`, the `fmt` helpers and `perms` (what the user may do with movies, for
 * the staff links: Django's `perms` context processor, narrowed to what the pages need).
 */
export async function theaterContext(request: HttpRequest): Promise<Record<string, unknown>> {
  const user = (await requestUser(request)) as MaybePermitted;
  const can = async (perm: string) => user.isAuthenticated && typeof user.hasPerm === 'function' && (await user.hasPerm(perm));
  const perms = {
    addMovie: await can('movies.add_movie'),
    changeMovie: await can('movies.change_movie'),
    deleteMovie: await can('movies.delete_movie'),
  };
  return { siteName: SITE_NAME, fmt, perms };
}
