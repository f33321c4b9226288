/** One load window with autocannon's programmatic API, plus what autocannon does not measure itself. */
import autocannon from 'autocannon';
import { coreBusyMicros, cpuMicrosPrecise, memoryKb } from './proc';
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

/** The p-th percentile of latencies in microseconds (sorts in place). */
function percentile(sortedUs: Float64Array, p: number): number {
  if (sortedUs.length === 0) return NaN;
  return sortedUs[Math.max(0, Math.ceil((p / 100) * sortedUs.length) - 1)];
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
        // autocannon looks at its stop flag on this tick: the default (1 s) made a 0.5 s slice 1 s long.
        sampleInt: 50,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(ms, status));
  });
}

/** Load without measuring for the configured time; resolves with the number of responses. */
export async function loadFor(server: RunningServer, config: LoadConfig): Promise<number> {
  return (await run(server, config)).requests.total;
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

/**
 * One stretch of load on one server and what it cost: the raw sums a Window is made of. A round
 * measures each server in several slices interleaved with the other servers of its scenario, so
 * a drift of the machine's speed falls on all of them alike.
 */
export interface Slice {
  readonly requests: number;
  readonly seconds: number;
  /** Every response's latency, in microseconds. */
  readonly latenciesUs: number[];
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly unexpected: number;
  /** Server CPU over the slice (all threads, ns resolution), µs. */
  readonly serverCpuUs: number;
  /** The load generator's own CPU over the slice, µs. */
  readonly loadCpuUs: number;
  /** Busy time of the pinned cores over the slice (NaN when not pinned), µs. */
  readonly serverCoreBusyUs: number;
  readonly loadCoreBusyUs: number;
  readonly monoStartUs: number;
  readonly monoEndUs: number;
}

/** Load for the configured time (or amount) and measure the server over exactly that stretch. */
export async function measureSlice(server: RunningServer, config: LoadConfig): Promise<Slice> {
  const latenciesUs: number[] = [];
  const cores = config.cores;
  const serverCoreBefore = cores ? coreBusyMicros(cores.server) : NaN;
  const loadCoreBefore = cores ? coreBusyMicros(cores.load) : NaN;
  const cpuBefore = cpuMicrosPrecise(server.pid);
  const loadBefore = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const expected = server.system.expect.status;
  let unexpected = 0;
  const result = await run(server, config, (ms, status) => {
    latenciesUs.push(Math.round(ms * 1000));
    if (status !== expected) unexpected++;
  });
  const t1 = process.hrtime.bigint();
  const cpuAfter = cpuMicrosPrecise(server.pid);
  const load = process.cpuUsage(loadBefore);
  return {
    requests: latenciesUs.length,
    seconds: Number(t1 - t0) / 1e9,
    latenciesUs,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    unexpected,
    serverCpuUs: cpuAfter - cpuBefore,
    loadCpuUs: load.user + load.system,
    serverCoreBusyUs: cores ? coreBusyMicros(cores.server) - serverCoreBefore : NaN,
    loadCoreBusyUs: cores ? coreBusyMicros(cores.load) - loadCoreBefore : NaN,
    monoStartUs: Number(t0 / 1000n),
    monoEndUs: Number(t1 / 1000n),
  };
}

/** CPU that other processes took on the pinned cores during a slice (the larger of the two), % of a core; 0 when not pinned. */
export function sliceNoisePct(slice: Slice): number {
  if (!Number.isFinite(slice.serverCoreBusyUs)) return 0;
  const server = (slice.serverCoreBusyUs - slice.serverCpuUs) / 1e6 / slice.seconds;
  const load = (slice.loadCoreBusyUs - slice.loadCpuUs) / 1e6 / slice.seconds;
  return Math.max(0, server, load) * 100;
}

/** The window of a server over its slices: sums of counts and times, latency percentiles over all responses, memory now. */
export function windowOf(server: RunningServer, slices: readonly Slice[]): Window {
  const sum = (f: (s: Slice) => number) => slices.reduce((n, s) => n + f(s), 0);
  const requests = sum((s) => s.requests);
  const seconds = sum((s) => s.seconds);
  const cpu = sum((s) => s.serverCpuUs);
  const loadCpu = sum((s) => s.loadCpuUs);
  const latencies = Float64Array.from(slices.flatMap((s) => s.latenciesUs)).sort();
  const memory = memoryKb(server.pid);
  const pinned = slices.length > 0 && Number.isFinite(slices[0].serverCoreBusyUs);
  return {
    rps: requests / seconds,
    requests,
    seconds,
    p50Us: percentile(latencies, 50),
    p99Us: percentile(latencies, 99),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    non2xx: sum((s) => s.non2xx),
    unexpected: sum((s) => s.unexpected),
    cpuUsPerReq: requests > 0 ? cpu / requests : NaN,
    serverCpuPct: (cpu / 1e6 / seconds) * 100,
    loadCpuPct: (loadCpu / 1e6 / seconds) * 100,
    serverCoreNoisePct: pinned ? Math.max(0, ((sum((s) => s.serverCoreBusyUs) - cpu) / 1e6 / seconds) * 100) : NaN,
    loadCoreNoisePct: pinned ? Math.max(0, ((sum((s) => s.loadCoreBusyUs) - loadCpu) / 1e6 / seconds) * 100) : NaN,
    rssMb: memory.rss / 1024,
    peakRssMb: memory.peakRss / 1024,
    monoStartUs: slices[0]?.monoStartUs ?? NaN,
    monoEndUs: slices[slices.length - 1]?.monoEndUs ?? NaN,
  };
}

/** Load for the configured time and measure the server over exactly that window (one slice). */
export async function measure(server: RunningServer, config: LoadConfig): Promise<Window> {
  return windowOf(server, [await measureSlice(server, config)]);
}
