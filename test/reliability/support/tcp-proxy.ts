import net from 'node:net';

/** How the proxy treats traffic: forward it, refuse it, or swallow it silently (a dead network). */
export type ProxyMode = 'up' | 'down' | 'blackhole';

/**
 * A loopback TCP proxy in front of a real server (PostgreSQL, Redis): the tests cut and restore
 * it to play "the database went away" without touching the machine's shared server.
 * - `cut()`: existing connections are reset and new ones refused (the server is gone).
 * - `blackhole()`: connections stay open but no byte passes either way (a dead network: only
 *   timeouts notice).
 * - `restore()`: forward again.
 */
export class TcpProxy {
  private server: net.Server;
  private readonly pairs = new Set<[net.Socket, net.Socket | null]>();
  private mode: ProxyMode = 'up';
  /** Connections accepted since start. */
  accepted = 0;
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  /** Listen on an ephemeral loopback port. */
  start(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this);
      });
    });
  }

  /** Open proxied connections right now. */
  get connections(): number {
    return this.pairs.size;
  }

  private accept(client: net.Socket): void {
    this.accepted++;
    client.on('error', () => undefined);
    if (this.mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    const pair: [net.Socket, net.Socket | null] = [client, null];
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      pair[1]?.destroy();
    };
    client.on('close', drop);
    if (this.mode === 'blackhole') return; // Held open, never connected upstream.
    const upstream = net.connect(this.targetPort, this.targetHost);
    pair[1] = upstream;
    upstream.on('error', drop);
    upstream.on('close', drop);
    client.on('data', (chunk) => {
      if (this.mode === 'up') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (this.mode === 'up') client.write(chunk);
    });
  }

  /** The server went away: reset every connection and refuse new ones. */
  cut(): void {
    this.mode = 'down';
    for (const [client, upstream] of this.pairs) {
      client.resetAndDestroy();
      upstream?.destroy();
    }
    this.pairs.clear();
  }

  /** The network died: connections stay open, nothing passes, new ones are accepted and never answered. */
  blackhole(): void {
    this.mode = 'blackhole';
  }

  /** Forward again (connections made while down are gone; new ones work). */
  restore(): void {
    if (this.mode === 'blackhole') {
      // Bytes swallowed while black-holed broke those sessions' protocol state: drop them, as a real outage would.
      for (const [client, upstream] of this.pairs) {
        client.resetAndDestroy();
        upstream?.destroy();
      }
      this.pairs.clear();
    }
    this.mode = 'up';
  }

  /** Stop listening and drop every connection. */
  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
