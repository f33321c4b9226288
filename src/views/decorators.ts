import type { ViewFunction } from '../urls/types';

/** Mark a view (function or View class) so CommonMiddleware never redirects to it with a slash added. */
export function noAppendSlash<T extends ViewFunction | Function>(view: T): T {
  (view as unknown as { noAppendSlash: boolean }).noAppendSlash = true;
  return view;
}
