import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A server listening on an ephemeral port, closed by `close()`. */
export interface Live {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/** Start `app` (anything with listen()) on a free port. */
export function listen(app: { listen: (...args: any[]) => http.Server }): Promise<Live> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Write `raw` (a hand-made HTTP request) on a fresh socket; resolve with everything the server sent back. */
export function rawRequest(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', (e) => (chunks.length ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(e)));
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

/** The status code on the first line of a raw HTTP response. */
export function statusOf(raw: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 0);
}

/** The response to a request whose body is written in chunks (Transfer-Encoding: chunked, no Content-Length). */
export function chunkedPost(
  port: number,
  path: string,
  chunks: Buffer[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; sentAll: boolean }> {
  return new Promise((resolve, reject) => {
    let sentAll = false;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers } });
    req.on('response', (res) => {
      const body: Buffer[] = [];
      res.on('data', (c) => body.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(body).toString(), sentAll }));
    });
    req.on('error', (e) => reject(e));
    let i = 0;
    const writeNext = () => {
      if (req.destroyed) return;
      if (i >= chunks.length) {
        sentAll = true;
        req.end();
        return;
      }
      req.write(chunks[i++], () => setImmediate(writeNext));
    };
    writeNext();
  });
}

/** Whether anything was added to Object.prototype (the usual target of pollution). */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return (
    Object.getOwnPropertyNames(Object.prototype).every((name) => CLEAN_PROTO.has(name)) &&
    probe.x === undefined &&
    probe.polluted === undefined
  );
}

const CLEAN_PROTO = new Set(Object.getOwnPropertyNames(Object.prototype));
