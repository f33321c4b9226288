/**
 * The machine's PostgreSQL and Redis, as the fault tests reach them: always through a TcpProxy
 * (support/tcp-proxy.ts) that the tests cut and restore, never by stopping the shared server.
 * These tests need the services: an unreachable one fails the test, it is never skipped.
 */
import net from 'node:net';

/** Where PostgreSQL is (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test). */
export const PG_URL = new URL(process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
/** Where Redis is (TEST_REDIS_URL, default redis://127.0.0.1:6379). */
export const REDIS_URL = new URL(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379');

/**
 * The PostgreSQL schema of these tests: other suites drop and recreate the public schema of the
 * shared database (dropSchema), which must not pull tables from under a test running meanwhile.
 */
export const PG_SCHEMA = 'egv_reliability';

/** The PostgreSQL URL with host and port replaced by the proxy's. */
export function pgUrlVia(port: number): string {
  const url = new URL(PG_URL.href);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.href;
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Throws (failing the suite) when the service is down: these tests are never skipped. */
export async function requireService(name: 'PostgreSQL' | 'Redis'): Promise<{ host: string; port: number }> {
  const url = name === 'PostgreSQL' ? PG_URL : REDIS_URL;
  const host = url.hostname;
  const port = Number(url.port || (name === 'PostgreSQL' ? 5432 : 6379));
  if (!(await reachable(host, port))) {
    throw new Error(`${name} at ${host}:${port} is unreachable: the reliability fault tests need it (start it; see .ci/run).`);
  }
  return { host, port };
}
