import { FrameworkError } from '../http/exceptions';

/** A lookup that must find one row found several (Django's MultipleObjectsReturned): a 500, as the URLconf or query is wrong. */
export class MultipleObjectsReturned extends FrameworkError {}

/** A page that cannot be served; the list views turn it into a 404. */
export class InvalidPage extends FrameworkError {}

/** The page number is not an integer (`?page=abc`, `1.5`). */
export class PageNotAnInteger extends InvalidPage {}

/** The page number is less than 1 or past the last page. */
export class EmptyPage extends InvalidPage {}

/** A pagination cursor that is malformed, forged, or made for another ordering. */
export class InvalidCursor extends InvalidPage {}
