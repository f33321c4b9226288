/**
 * Clients for the shutdown tests: keep-alive loops that count every outcome, so a test can say
 * "zero dropped connections" — every request got a complete response, or its connection was
 * refused because the server had stopped listening.
 */
import http from 'node:http';

/** What happened to the requests of a stream. */
export interface Outcomes {
  /** Complete responses, by status. */
  statuses: Record<number, number>;
  /** 503s that carried `Connection: close`. */
  closing503: number;
  /** Connections refused (the listener was closed): clean, the client goes elsewhere. */
  refused: number;
  /** Anything else: a reset, a hang-up, a timeout — a request that got no answer. */
  dropped: string[];
}

/** One request on `agent`; resolves with the status and headers, or rejects with the socket error. */
export function fetchOnce(port: number, path: string, agent: http.Agent, timeoutMs = 10_000): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { Host: 'localhost' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', reject);
  });
}

/** A running stream: its outcomes so far (live), and a promise of all of them. */
export interface Stream {
  outcomes: Outcomes;
  finished: Promise<Outcomes>;
  /** Resolves once `count` requests were answered 200; rejects after `timeoutMs` (a slow machine still fails loudly, not flakily). */
  answered(count: number, timeoutMs?: number): Promise<void>;
}

/**
 * `concurrency` keep-alive clients requesting `path` back to back until `stop()` says so, a 503
 * tells them to go elsewhere, or their connection is refused.
 */
export function stream(port: number, path: string, concurrency: number, stop: () => boolean): Stream {
  const outcomes: Outcomes = { statuses: {}, closing503: 0, refused: 0, dropped: [] };
  const loop = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (!stop()) {
        try {
          const res = await fetchOnce(port, path, agent);
          outcomes.statuses[res.status] = (outcomes.statuses[res.status] ?? 0) + 1;
          if (res.status === 503) {
            // Told to go away (Retry-After, Connection: close): a client or load balancer goes elsewhere.
            if (res.headers.connection === 'close') outcomes.closing503++;
            return;
          }
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          if (code === 'ECONNREFUSED') {
            outcomes.refused++;
            return;
          }
          outcomes.dropped.push(String(code));
        }
      }
    } finally {
      agent.destroy();
    }
  };
  const finished = Promise.all(Array.from({ length: concurrency }, loop)).then(() => outcomes);
  const answered = async (count: number, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while ((outcomes.statuses[200] ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`only ${outcomes.statuses[200] ?? 0} of ${count} requests answered 200 within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { outcomes, finished, answered };
}
