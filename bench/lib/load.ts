/** One load window with autocannon's programmatic API, plus what autocannon does not measure itself. */
import autocannon from 'autocannon';
import { coreBusyMicros, cpuMicros, memoryKb } from './proc';
import type { RunningServer } from './server';

export interface LoadConfig {
  readonly connections: number;
  readonly pipelining: number;
  /** Seconds. */
  readonly duration: number;
  /** A number of requests instead of a duration (the memory check). */
  readonly amount?: number;
  /** The CPUs the server and the load generator are pinned to, to see what else ran there. */
  readonly cores?: { readonly server: readonly number[]; readonly load: readonly number[] };
}

export interface Window {
  /** Responses of any status, per second of wall time. */
  readonly rps: number;
  readonly requests: number;
  readonly seconds: number;
  /** Latency percentiles in microseconds (autocannon's own histogram only has 1 ms resolution). */
  readonly p50Us: number;
  readonly p99Us: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** Responses whose status is not the one a correct server answers (the system's `expect.status`). */
  readonly unexpected: number;
  /** Server CPU (utime+stime, all threads) per response, in microseconds. */
  readonly cpuUsPerReq: number;
  /** Server CPU time over wall time, in percent of one core. */
  readonly serverCpuPct: number;
  /** The load generator's (this process's) CPU over wall time: near 100% means it, not the server, set the pace. */
  readonly loadCpuPct: number;
  /**
   * Noise: CPU time that other processes (and interrupts) took on the server's / load generator's
   * cores during the window, in percent of one core. NaN when not pinned. High noise: rerun.
   */
  readonly serverCoreNoisePct: number;
  readonly loadCoreNoisePct: number;
  readonly rssMb: number;
  readonly peakRssMb: number;
  /** CLOCK_MONOTONIC microseconds, the clock of V8's CPU profiles: to cut a profile to the window. */
  readonly monoStartUs: number;
  readonly monoEndUs: number;
}

/** Latencies with 1 µs resolution up to 1 s; longer ones kept as they are. */
class LatencyHistogram {
  private readonly buckets = new Uint32Array(1_000_000);
  private readonly slow: number[] = [];
  count = 0;

  record(ms: number): void {
    const us = Math.round(ms * 1000);
    if (us < this.buckets.length) this.buckets[us]++;
    else this.slow.push(us);
    this.count++;
  }

  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let us = 0; us < this.buckets.length; us++) {
      seen += this.buckets[us];
      if (seen >= rank) return us;
    }
    this.slow.sort((a, b) => a - b);
    return this.slow[rank - seen - 1];
  }
}

function run(server: RunningServer, config: LoadConfig, onResponse?: (ms: number, status: number) => void): Promise<autocannon.Result> {
  const { request } = server;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${server.port}${request.path}`,
        connections: config.connections,
        pipelining: config.pipelining,
        ...(config.amount ? { amount: config.amount } : { duration: config.duration }),
        method: request.method,
        headers: request.headers,
        body: request.body,
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(ms, status));
  });
}

/** How long to warm a server: at least `minSeconds`, then on until `requests` were served, at most `maxSeconds`. */
export interface WarmUp {
  readonly minSeconds: number;
  readonly requests: number;
  readonly maxSeconds: number;
}

/**
 * Load without measuring: JIT, caches and connections settle. The JIT settles after a number of
 * requests, not seconds, so a slow page (a few hundred requests a second) is warmed longer than
 * a fast one, within `maxSeconds`.
 */
export async function warm(server: RunningServer, config: LoadConfig, warmUp?: WarmUp): Promise<void> {
  if (!warmUp) {
    if (config.duration > 0 || config.amount) await run(server, config);
    return;
  }
  if (warmUp.minSeconds <= 0 && warmUp.requests <= 0) return;
  const first = await run(server, { ...config, duration: warmUp.minSeconds });
  const served = first.requests.total;
  const rate = served / Math.max(warmUp.minSeconds, 0.001);
  const more = Math.min(warmUp.maxSeconds - warmUp.minSeconds, rate > 0 ? (warmUp.requests - served) / rate : Infinity);
  if (more >= 0.1) await run(server, { ...config, duration: more });
}

/** Load for the configured time and measure the server over exactly that window. */
export async function measure(server: RunningServer, config: LoadConfig): Promise<Window> {
  const latencies = new LatencyHistogram();
  const cores = config.cores;
  const serverCoreBefore = cores ? coreBusyMicros(cores.server) : NaN;
  const loadCoreBefore = cores ? coreBusyMicros(cores.load) : NaN;
  const cpuBefore = cpuMicros(server.pid);
  const loadBefore = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const expected = server.system.expect.status;
  let unexpected = 0;
  const result = await run(server, config, (ms, status) => {
    latencies.record(ms);
    if (status !== expected) unexpected++;
  });
  const t1 = process.hrtime.bigint();
  const cpuAfter = cpuMicros(server.pid);
  const load = process.cpuUsage(loadBefore);
  const serverCoreBusy = cores ? coreBusyMicros(cores.server) - serverCoreBefore : NaN;
  const loadCoreBusy = cores ? coreBusyMicros(cores.load) - loadCoreBefore : NaN;
  const memory = memoryKb(server.pid);
  const seconds = Number(t1 - t0) / 1e9;
  const requests = latencies.count;
  return {
    rps: requests / seconds,
    requests,
    seconds,
    p50Us: latencies.percentile(50),
    p99Us: latencies.percentile(99),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    unexpected,
    cpuUsPerReq: requests > 0 ? (cpuAfter - cpuBefore) / requests : NaN,
    serverCpuPct: ((cpuAfter - cpuBefore) / 1e6 / seconds) * 100,
    loadCpuPct: ((load.user + load.system) / 1e6 / seconds) * 100,
    serverCoreNoisePct: Math.max(0, ((serverCoreBusy - (cpuAfter - cpuBefore)) / 1e6 / seconds) * 100),
    loadCoreNoisePct: Math.max(0, ((loadCoreBusy - (load.user + load.system)) / 1e6 / seconds) * 100),
    rssMb: memory.rss / 1024,
    peakRssMb: memory.peakRss / 1024,
    monoStartUs: Number(t0 / 1000n),
    monoEndUs: Number(t1 / 1000n),
  };
}
