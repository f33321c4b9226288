/**
 * The exceptions a view or middleware may throw, and how the handler maps them to a status.
 * Names follow django.core.exceptions and django.http.
 */

/** Base class of every error this framework throws on purpose. */
export class FrameworkError extends Error {
  constructor(message = '') {
    super(message);
    this.name = new.target.name;
  }
}

/** A setting, route or view is wrong; raised at start-up with the name of what to change. */
export class ImproperlyConfigured extends FrameworkError {}

/** Thrown by a middleware constructor or factory to remove itself from the chain. */
export class MiddlewareNotUsed extends FrameworkError {}

/** Nothing found for the request: mapped to a 404. */
export class Http404 extends FrameworkError {}

/** The user may not do this: mapped to a 403. */
export class PermissionDenied extends FrameworkError {}

/** The request is malformed: mapped to a 400. */
export class BadRequest extends FrameworkError {}

/** The request is suspicious (possible attack): mapped to a 400 and logged as a security event. */
export class SuspiciousOperation extends FrameworkError {}

/** The Host header is not in `allowedHosts`. */
export class DisallowedHost extends SuspiciousOperation {}

/** A redirect to a scheme other than http, https or ftp. */
export class DisallowedRedirect extends SuspiciousOperation {}

/** More fields were posted than `dataUploadMaxNumberFields` allows. */
export class TooManyFieldsSent extends SuspiciousOperation {}

/** A multipart body could not be parsed: a 400, not a security event (as in Django). */
export class MultiPartParserError extends BadRequest {}

/** The body is larger than `dataUploadMaxMemorySize`: mapped to a 413. */
export class RequestDataTooBig extends SuspiciousOperation {
  /** HTTP status this error maps to. */
  readonly status = 413;
}

/** The URL path cannot be decoded (bad percent-encoding or invalid UTF-8). */
export class MalformedUrl extends BadRequest {}

/** `resolve()` found no pattern for a path; carries what was tried for the debug page. */
export class Resolver404 extends Http404 {
  constructor(
    message: string,
    readonly path: string,
    readonly tried: string[][] = [],
  ) {
    super(message);
  }
}

/**
 * A service the request needs (the database, the session store) is unreachable or timed out:
 * mapped to a 503 with Retry-After. The app keeps running and serves again when it is back.
 */
export class ServiceUnavailable extends FrameworkError {}

/** `reverse()` found no pattern for a name and arguments. */
export class NoReverseMatch extends FrameworkError {}

/** A response content was read before the template was rendered. */
export class ContentNotRenderedError extends FrameworkError {}
