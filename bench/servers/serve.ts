/**
 * The start-up protocol every bench server follows (framework-free, so peers load nothing extra):
 * listen on 127.0.0.1 and an ephemeral port, print one line `READY <port>` on stdout, and exit
 * cleanly on SIGTERM/SIGINT (a clean exit is what makes `node --cpu-prof` write its profile).
 *
 * Before READY a server may print `PATH <path>`: the request to load, when only the server can
 * make it (a cursor signed with its key). With `--expose-gc`, SIGUSR2 makes the server collect
 * garbage twice and print `MEM {"rss":…,"heapUsed":…,…}` (bytes): the memory check's only channel,
 * so no HTTP endpoint of a measured server does anything but its scenario.
 */
import type { Server } from 'node:http';

export { routeCount } from './scenario';

const exitHooks: (() => void)[] = [];

/** Run `hook` when the process exits (temp files). */
export function onExit(hook: () => void): void {
  exitHooks.push(hook);
}

process.on('exit', () => {
  for (const hook of exitHooks.splice(0)) {
    try {
      hook();
    } catch {
      /* best effort */
    }
  }
});

if (typeof (globalThis as { gc?: unknown }).gc === 'function') {
  process.on('SIGUSR2', () => {
    const gc = (globalThis as unknown as { gc: () => void }).gc;
    gc();
    gc();
    const m = process.memoryUsage();
    process.stdout.write(`MEM ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
  });
}

/** Tell the harness which request to load (before READY). */
export function announcePath(path: string): void {
  process.stdout.write(`PATH ${path}\n`);
}

/** Listen on 127.0.0.1 (loopback only), then announce the port to the harness. */
export function announce(listen: (port: number, host: string, ready: () => void) => Server): void {
  const server = listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`READY ${port}\n`);
  });
  server.keepAliveTimeout = 60_000;
  const stop = () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Start-up failed: say why on stderr and exit (the harness shows stderr). */
export function fail(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
