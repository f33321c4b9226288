import * as cookie from 'cookie';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { signCookie } from '../http/signed-cookie';
import type { HttpResponse } from '../http/response';
import type { StreamingHttpResponse } from '../http/streaming';

/** A response already sent by an Express middleware in the chain: the writer leaves it alone. */
export const ALREADY_SENT = Symbol('express-generic-views.alreadySent');

function noBody(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/**
 * The one place an HttpResponse reaches the socket: status, headers, cookies, body, with Node's
 * own calls (no res.send). Streaming bodies respect back-pressure and stop when the client leaves.
 */
export function writeResponse(response: HttpResponse, res: ServerResponse, secretKey: string): Promise<void> | void {
  if ((response as { [ALREADY_SENT]?: boolean })[ALREADY_SENT] || res.headersSent || res.destroyed) {
    if (response.streaming) (response as StreamingHttpResponse).close();
    return;
  }
  const status = response.statusCode;
  const headers: (string | string[])[] = [];
  response.headers.flattenInto(headers as string[]);
  if (response.cookies.size > 0) {
    // One Set-Cookie entry holding every cookie: when a host app has already called setHeader
    // (X-Powered-By), Node's writeHead sets each pair in turn, and repeated pairs would replace
    // each other, keeping only the last cookie.
    const cookies: string[] = [];
    for (const [name, pending] of response.cookies) {
      const value = pending.signSalt !== undefined ? signCookie(name, pending.value, secretKey, pending.signSalt) : pending.value;
      cookies.push(cookie.serialize(name, value, pending.options));
    }
    headers.push('Set-Cookie', cookies);
  }
  if (!response.streaming) {
    const body = noBody(status) ? '' : response.body;
    if (!noBody(status) && !response.headers.has('Content-Length')) {
      headers.push('Content-Length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
    }
    res.writeHead(status, response.reasonPhrase, headers);
    res.end(body);
    return;
  }
  const streaming = response as StreamingHttpResponse;
  res.writeHead(status, response.reasonPhrase, headers);
  if (noBody(status) || res.req?.method === 'HEAD') {
    // Nothing of the body would be sent: never start the source (a FileResponse never opens its file).
    streaming.close();
    res.end();
    return;
  }
  const source = streaming.streamingContent;
  const readable = source instanceof Readable ? source : Readable.from(source as AsyncIterable<string | Buffer>, { objectMode: false });
  return pipeline(readable, res).then(
    () => streaming.close(),
    () => {
      // The client went away or the source failed mid-body: the status is sent, so all we can do is cut the connection.
      streaming.close();
      if (!res.destroyed) res.destroy();
    },
  );
}
