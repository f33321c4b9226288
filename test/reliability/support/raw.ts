/**
 * Hand-made HTTP on a raw socket, for requests no HTTP client will send (malformed headers,
 * bodies that lie about their length, odd request targets), and a parser for what comes back.
 */
import net from 'node:net';

/** A response read off the wire. */
export interface RawResponse {
  /** 0 when the server closed the connection without answering. */
  status: number;
  /** Header names lower-cased; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The body (chunked encoding removed), latin1. */
  text: string;
  /** Everything the server sent. */
  raw: string;
  /** How the exchange ended. */
  ended: 'end' | 'timeout' | 'error';
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol === -1) return out + rest;
    const size = parseInt(rest.slice(0, eol), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 4 + size);
  }
}

/** Parse the first response in `raw`. */
export function parseResponse(raw: string, ended: RawResponse['ended'] = 'end'): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const lines = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let text = split === -1 ? '' : raw.slice(split + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) text = dechunk(text);
  else if (headers['content-length'] !== undefined) text = text.slice(0, Number(headers['content-length']));
  return { status, headers, text, raw, ended };
}

/** Options of sendRaw. */
export interface RawOptions {
  /** Give up (and resolve with what came) after this many ms. Default 5,000. */
  timeout?: number;
  /** Write the request in these pieces, `gap` ms apart, instead of at once. */
  pieces?: Array<string | Buffer>;
  gap?: number;
  /** Close our side right after writing (the server sees the client leave). */
  endAfterWrite?: boolean;
}

/** Write `request` on a fresh connection to 127.0.0.1:port; resolve with the first response and how the connection ended. */
export function sendRaw(port: number, request: string | Buffer, options: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = net.connect(port, '127.0.0.1');
    const done = (how: RawResponse['ended']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks).toString('latin1'), how));
    };
    const timer = setTimeout(() => done('timeout'), options.timeout ?? 5_000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => done('end'));
    socket.on('close', () => done('end'));
    socket.on('error', () => done('error'));
    socket.on('connect', async () => {
      const pieces = options.pieces ?? [request];
      for (let i = 0; i < pieces.length && !socket.destroyed; i++) {
        if (i > 0 && options.gap) await new Promise((r) => setTimeout(r, options.gap));
        if (!socket.destroyed) socket.write(pieces[i]);
      }
      if (options.endAfterWrite && !socket.destroyed) socket.end();
    });
  });
}

/** A GET request with `Connection: close` and the given extra header lines. */
export function get(target: string, headers: string[] = []): string {
  return [`GET ${target} HTTP/1.1`, 'Host: localhost', ...headers, 'Connection: close', '', ''].join('\r\n');
}

/** A request with a body, `Connection: close`, Host localhost and Content-Length unless `headers` sets length/encoding itself. */
export function withBody(method: string, target: string, headers: string[], body: string | Buffer): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
  const setsLength = headers.some((h) => /^(content-length|transfer-encoding):/i.test(h));
  const head = [`${method} ${target} HTTP/1.1`, 'Host: localhost', ...headers, ...(setsLength ? [] : [`Content-Length: ${bytes.length}`]), 'Connection: close', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}
