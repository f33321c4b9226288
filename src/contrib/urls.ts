/**
 * URL helpers shared by CSRF and auth, with Python's `urlsplit` semantics (what Django's checks
 * are written against) rather than WHATWG URL, which "repairs" hostile input.
 */

/** The parts of a URL as Python's urllib.parse.urlsplit returns them. */
export interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** Thrown by `urlSplit` for input Python's urlsplit refuses (an unbalanced `[` in the host). */
export class UrlSplitError extends Error {}

/**
 * Split a URL as Python's urlsplit: leading C0 controls and spaces are dropped, tabs and
 * newlines removed anywhere, the scheme is lower-cased, `//` starts a network location.
 */
export function urlSplit(input: string): SplitUrl {
  let url = input.replace(/^[\0-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  if (match) {
    scheme = match[1].toLowerCase();
    url = url.slice(match[0].length);
  }
  let netloc = '';
  if (url.startsWith('//')) {
    const rest = url.slice(2);
    const end = rest.search(/[/?#]/);
    netloc = end === -1 ? rest : rest.slice(0, end);
    url = end === -1 ? '' : rest.slice(end);
    if ((netloc.includes('[') && !netloc.includes(']')) || (netloc.includes(']') && !netloc.includes('['))) {
      throw new UrlSplitError('Invalid IPv6 URL');
    }
  }
  let fragment = '';
  const hash = url.indexOf('#');
  if (hash !== -1) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  let query = '';
  const q = url.indexOf('?');
  if (q !== -1) {
    query = url.slice(q + 1);
    url = url.slice(0, q);
  }
  return { scheme, netloc, path: url, query, fragment };
}

/** Join parts back (Python's urlunsplit). */
export function urlUnsplit(parts: SplitUrl): string {
  let url = parts.path;
  if (parts.netloc || (parts.scheme && url.startsWith('//'))) {
    if (url && !url.startsWith('/')) url = '/' + url;
    url = '//' + parts.netloc + url;
  }
  if (parts.scheme) url = `${parts.scheme}:${url}`;
  if (parts.query) url += `?${parts.query}`;
  if (parts.fragment) url += `#${parts.fragment}`;
  return url;
}

/**
 * Whether `host` is `pattern`, or a subdomain of it when the pattern starts with a dot
 * (Django's is_same_domain). Both are compared lower-case, ports included.
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  return (p.startsWith('.') && (h.endsWith(p) || h === p.slice(1))) || h === p;
}

/** Percent-encode for a query value, keeping `safe` characters (Python's quote). */
export function quote(value: string, safe = '/'): string {
  return Array.from(Buffer.from(value, 'utf8'))
    .map((byte) => {
      const ch = String.fromCharCode(byte);
      if (/[A-Za-z0-9_.~-]/.test(ch) || (byte < 128 && safe.includes(ch))) return ch;
      return '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

/** The longest URL `urlHasAllowedHostAndScheme` accepts (Django's MAX_URL_LENGTH). */
export const MAX_URL_LENGTH = 2048;

function hasAllowedHostAndScheme(url: string, allowedHosts: ReadonlySet<string>, requireHttps: boolean): boolean {
  // Browsers treat three or more slashes as the start of a host.
  if (url.startsWith('///') || url.length > MAX_URL_LENGTH) return false;
  let info: SplitUrl;
  try {
    info = urlSplit(url);
  } catch {
    return false;
  }
  // `http:///example.com`: a scheme without a host, which browsers still read as one.
  if (!info.netloc && info.scheme) return false;
  // Browsers ignore leading control characters and may then see a scheme-relative URL.
  if (/^[\p{C}]/u.test(url)) return false;
  let scheme = info.scheme;
  if (!scheme && info.netloc) scheme = 'http';
  const valid = requireHttps ? ['https'] : ['http', 'https'];
  return (!info.netloc || allowedHosts.has(info.netloc)) && (!scheme || valid.includes(scheme));
}

/**
 * Whether redirecting to `url` is safe: it is relative, or points to one of `allowedHosts` over
 * http(s) (https only with `requireHttps`). `//evil.example`, `https://evil.example`,
 * `javascript:…`, `///evil`, `/\\evil` and leading control characters are all refused
 * (Django's url_has_allowed_host_and_scheme).
 */
export function urlHasAllowedHostAndScheme(
  url: unknown,
  allowedHosts: Iterable<string> | string | null = null,
  requireHttps = false,
): boolean {
  if (typeof url !== 'string') return false;
  const trimmed = url.trim();
  if (!trimmed) return false;
  const hosts = new Set(allowedHosts === null ? [] : typeof allowedHosts === 'string' ? [allowedHosts] : allowedHosts);
  // Chrome treats `\` as `/` in paths, but it can also be part of credentials: both readings must be safe.
  return hasAllowedHostAndScheme(trimmed, hosts, requireHttps) && hasAllowedHostAndScheme(trimmed.replace(/\\/g, '/'), hosts, requireHttps);
}
