import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NormalizedSettings } from '../conf/settings';
import { unwatchSignals, watchSignals } from './signals';

/** Options of `app.close()`. */
export interface CloseOptions {
  /** ms in-flight requests get to finish before their connections are cut. Default: settings.shutdownTimeout. */
  timeout?: number;
}

/**
 * How long keep-alive connections get, once closing started, to send their next request (it is
 * answered 503 + Connection: close) before the idle ones are closed: a client that was between
 * two requests gets an answer instead of a reset.
 */
export const KEEP_ALIVE_GRACE_MS = 500;

/** The least time the app's resources get to close, even when the drain used up the timeout. */
const RELEASE_MIN_MS = 1_000;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, Math.max(0, ms)).unref();
  });

/** How often Node checks the headers and request timeouts of incomplete requests. */
function checkingInterval(...timeouts: number[]): number {
  const set = timeouts.filter((t) => t > 0);
  return set.length === 0 ? 30_000 : Math.max(100, Math.min(1_000, Math.floor(Math.min(...set) / 4)));
}

/**
 * The life of one app: requests in flight, the servers `app.listen()` made, and the graceful
 * close: no new connections, new requests answered 503 + `Connection: close`, in-flight ones
 * finished (within a timeout), keep-alive connections closed, then the app's resources
 * (DataSource, session store) released.
 */
export class Lifecycle {
  /** Requests of this app being handled now. */
  inFlight = 0;
  /** Set by close(): new requests get 503 + Connection: close. */
  closing = false;
  /**
   * Set once the listeners are closed (at once when there are none): responses say
   * `Connection: close`. Before that, during the keep-alive grace, a response keeps its connection
   * open, so that the client's next request comes on it and gets the 503, instead of racing a new
   * connection against the closing listener.
   */
  closeAfterResponse = false;
  private drainWaiters: Array<() => void> = [];
  private readonly servers = new Set<Server>();
  private readonly sockets = new Set<Socket>();
  private closed: Promise<void> | null = null;

  constructor(
    private readonly settings: NormalizedSettings,
    /** Releases the app's resources once its requests are done (DataSource, session stores). */
    private readonly release: () => Promise<void>,
  ) {}

  /** A request started (the handler calls it). */
  readonly begin = (): void => {
    this.inFlight++;
  };

  /** A request's response was written, or failed (the handler calls it). */
  readonly end = (): void => {
    this.inFlight--;
    if (this.inFlight === 0 && this.drainWaiters.length > 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  /** Resolves when no request is in flight. */
  whenDrained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * A node:http server for `listener` with the settings' headers and request timeouts (slow
   * clients get 408), watched for shutdown signals while it listens.
   */
  createServer(listener: RequestListener): Server {
    const { headersTimeout, requestTimeout } = this.settings;
    const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: checkingInterval(headersTimeout, requestTimeout) }, listener);
    this.servers.add(server);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.once('listening', () => {
      if (!this.closing) watchSignals(this, this.settings.shutdownSignals);
    });
    server.once('close', () => {
      this.servers.delete(server);
      if (this.servers.size === 0) unwatchSignals(this);
    });
    return server;
  }

  /** Close gracefully (see the class); the same promise on every call. */
  close(options: CloseOptions = {}): Promise<void> {
    if (!this.closed) this.closed = this.shutdown(options.timeout ?? this.settings.shutdownTimeout);
    return this.closed;
  }

  private async shutdown(timeout: number): Promise<void> {
    this.closing = true;
    const deadline = Date.now() + timeout;
    const left = () => deadline - Date.now();
    const servers = [...this.servers].filter((s) => s.listening);
    if (servers.length > 0 && this.sockets.size > 0) await sleep(Math.min(KEEP_ALIVE_GRACE_MS, left()));
    this.closeAfterResponse = true;
    const serversClosed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    // server.close() stops accepting and closes idle connections; busy ones close after their response (Connection: close).
    await Promise.race([Promise.all([this.whenDrained(), serversClosed]), sleep(left())]);
    if (this.inFlight > 0 || this.sockets.size > 0) {
      this.settings.logger.warn(`Shutdown: ${this.inFlight} request(s) still running after ${timeout} ms; closing their connections.`);
      for (const server of servers) server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    }
    await serversClosed;
    unwatchSignals(this);
    // Closing the DataSource waits for its connections: bounded too (at least RELEASE_MIN_MS), so close() always ends.
    const released = this.release().then(
      () => true,
      (error) => {
        this.settings.logger.error('Shutdown: releasing the app’s resources failed.', error);
        return true;
      },
    );
    if (!(await Promise.race([released, sleep(Math.max(RELEASE_MIN_MS, left())).then(() => false)]))) {
      this.settings.logger.warn('Shutdown: the DataSource or session store did not close in time; giving up on them.');
    }
  }
}
