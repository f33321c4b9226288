/**
 * `npm run bench`: each system in its own server process pinned to one core, loaded by autocannon
 * pinned to another, interleaved round by round; req/s, latency, errors and server CPU µs per
 * request, each as a ratio to plain Express 5 in the same round. See bench/README.md.
 *
 *   npm run bench                       every peer in every scenario, 2 rounds, then the memory check (< 10 minutes)
 *   npm run bench -- --profile[=a,b]    CPU profile of systems under load, one by one (default fw-self-hello)
 *   npm run bench -- --list             the systems and targets
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { loadFor, measure, measureSlice, sliceNoisePct, warm, windowOf, type LoadConfig, type Slice, type WarmUp, type Window } from './lib/load';
import { hasProc, parseCpuList } from './lib/proc';
import { formatProfile, summariseProfile } from './lib/profile';
import { checkTargets, formatMarkdown, formatMemory, formatTable, formatTargets, summarise, type MemoryResult, type Sample } from './lib/report';
import { checkServer, startServer, type RunnerConfig, type RunningServer } from './lib/server';
import { SYSTEMS, TARGETS, baselineOf, type System } from './lib/systems';

const ROOT = join(__dirname, '..');
const RESULTS = join(__dirname, 'results');
const BUILD = join(RESULTS, 'build');

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not '${raw}'.`);
  return value;
}

const config = {
  duration: envNumber('BENCH_DURATION', 2),
  /** Warm-up: at least BENCH_WARMUP s, then until BENCH_WARMUP_REQUESTS were served, at most BENCH_WARMUP_MAX s. */
  warmup: envNumber('BENCH_WARMUP', 1.5),
  warmupRequests: envNumber('BENCH_WARMUP_REQUESTS', 5_000),
  warmupMax: envNumber('BENCH_WARMUP_MAX', 3),
  rounds: Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 2))),
  /** Each system's window is measured in this many slices, interleaved with its scenario's other systems. */
  slices: Math.max(1, Math.round(envNumber('BENCH_SLICES', 4))),
  connections: Math.max(1, Math.round(envNumber('BENCH_CONNECTIONS', 10))),
  pipelining: Math.max(1, Math.round(envNumber('BENCH_PIPELINING', 1))),
  only: (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  all: process.env.BENCH_ALL === '1',
  runner: (process.env.BENCH_RUNNER === 'tsx' ? 'tsx' : 'build') as RunnerConfig['runner'],
  pin: process.env.BENCH_PIN !== '0',
  serverCpus: process.env.BENCH_SERVER_CPUS || '1',
  loadCpus: process.env.BENCH_LOAD_CPUS || '0',
  profileInterval: Math.max(50, Math.round(envNumber('BENCH_PROFILE_INTERVAL', 250))),
  /** A slice where other processes took more than this % of a pinned core is measured again… */
  maxNoise: envNumber('BENCH_MAX_NOISE', 20),
  /** …while this many seconds of retries remain in the whole run (keeps the run bounded). */
  retryBudget: envNumber('BENCH_RETRY_BUDGET', 20),
  /** The memory check: this many requests (0 = skip) against this system. */
  memoryRequests: Math.round(envNumber('BENCH_MEMORY_REQUESTS', 200_000)),
  memorySystem: process.env.BENCH_MEMORY_SYSTEM || 'fw-self-list',
};

const warmUp: WarmUp = { minSeconds: config.warmup, requests: config.warmupRequests, maxSeconds: Math.max(config.warmup, config.warmupMax) };

const args = process.argv.slice(2);
const profileArg = args.find((a) => a === '--profile' || a.startsWith('--profile='));

const log = (line = '') => process.stdout.write(`${line}\n`);

function selectSystems(): System[] {
  if (config.only.length === 0) return SYSTEMS.filter((s) => config.all || !s.optIn);
  const wanted = new Set(SYSTEMS.filter((s) => config.only.some((o) => s.name.includes(o))).map((s) => s.name));
  if (wanted.size === 0) throw new Error(`BENCH_ONLY=${config.only.join(',')} matches no system; try: ${SYSTEMS.map((s) => s.name).join(', ')}`);
  // Ratios need their baselines, and targets their references, measured in the same rounds.
  for (const name of [...wanted]) {
    wanted.add(baselineOf(SYSTEMS.find((s) => s.name === name)!));
    for (const t of TARGETS) if (t.system === name) wanted.add(t.reference);
  }
  return SYSTEMS.filter((s) => wanted.has(s.name));
}

/** Pin this process (the load generator) and every thread it has to its core. */
function pinLoadGenerator(): string | null {
  if (!config.pin) return 'pinning off (BENCH_PIN=0)';
  if (cpus().length < 2) return `only ${cpus().length} core: not pinned`;
  try {
    execFileSync('taskset', ['-a', '-cp', config.loadCpus, String(process.pid)], { stdio: 'ignore' });
    return null;
  } catch {
    return 'taskset failed or is missing: not pinned';
  }
}

/** Where the servers' SQLite files go: tmpfs when there is one (a commit is then no disk write), removed after the run. */
function benchTmp(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = join(base, `egv-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  process.env.BENCH_TMP = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function build(): void {
  if (config.runner !== 'build') return;
  const started = Date.now();
  rmSync(BUILD, { recursive: true, force: true });
  // One compile of src/ and bench/servers/ to plain JS (what users run: the package ships compiled JS).
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json'), '--noCheck'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  log(`built src/ and bench/servers/ into ${relative(ROOT, BUILD)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function runnerConfig(pinned: boolean): RunnerConfig {
  return {
    runner: config.runner,
    buildServers: join(BUILD, 'bench', 'servers'),
    sourceServers: join(__dirname, 'servers'),
    serverCpus: pinned ? config.serverCpus : null,
  };
}

function git(...argv: string[]): string {
  try {
    return execFileSync('git', argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    commit: git('rev-parse', '--short', 'HEAD'),
    dirty: git('status', '--porcelain', '--', 'src').length > 0,
  };
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}

/** CPU that other processes took on our pinned cores (the larger of the two), % of a core; 0 when not pinned. */
const noise = (w: Window) => (Number.isFinite(w.serverCoreNoisePct) ? Math.max(w.serverCoreNoisePct, w.loadCoreNoisePct) : 0);

const fmt = (w: Window) =>
  `${Math.round(w.rps).toLocaleString('en-US').padStart(7)} req/s  CPU ${w.cpuUsPerReq.toFixed(1).padStart(6)} µs/req  ` +
  `p50 ${w.p50Us} µs  p99 ${w.p99Us} µs  srv ${w.serverCpuPct.toFixed(0)}%  LG ${w.loadCpuPct.toFixed(0)}%` +
  (Number.isFinite(w.serverCoreNoisePct) ? `  noise ${noise(w).toFixed(0)}%` : '') +
  (w.errors || w.timeouts || w.unexpected ? `  errors ${w.errors + w.timeouts} bad status ${w.unexpected}` : '');

/** Seconds a window costs besides its load: start-up (TypeORM, Nest's DI, 10,000 routes…), the check, the stop. */
const OVERHEAD_S = 0.8;

/** Bodies of the systems that answer the same request the same way must be the same (CSRF tokens aside). */
const bodies = new Map<string, { system: string; body: string }>();
function compareBody(system: System, path: string, body: string): string | null {
  if (system.expect.status >= 300 && system.expect.status < 400) return null; // a redirect's body is nobody's concern
  const key = `${system.env?.SCENARIO ?? system.scenario} ${system.request.method ?? 'GET'} ${path}`;
  const normal = body.replace(/<input type="hidden" name="[^"]*" value="[^"]*">/g, '<input type="hidden" csrf>');
  const seen = bodies.get(key);
  if (!seen) {
    bodies.set(key, { system: system.name, body: normal });
    return null;
  }
  if (seen.body === normal) return null;
  let at = 0;
  while (at < normal.length && normal[at] === seen.body[at]) at++;
  return `body differs from ${seen.system}'s at character ${at}: …${JSON.stringify(normal.slice(Math.max(0, at - 20), at + 40))} vs …${JSON.stringify(seen.body.slice(Math.max(0, at - 20), at + 40))}`;
}

/** The selected systems by scenario, in table order: the systems of a group run side by side in a round. */
function scenarioGroups(systems: readonly System[]): System[][] {
  const groups = new Map<string, System[]>();
  for (const system of systems) groups.set(system.scenario, [...(groups.get(system.scenario) ?? []), system]);
  return [...groups.values()];
}

async function benchmark(): Promise<void> {
  const started = Date.now();
  const systems = selectSystems();
  const pinNote = pinLoadGenerator();
  const load: LoadConfig = {
    connections: config.connections,
    pipelining: config.pipelining,
    duration: config.duration,
    cores: pinNote ? undefined : { server: parseCpuList(config.serverCpus), load: parseCpuList(config.loadCpus) },
  };
  const memory = config.memoryRequests > 0 && (config.only.length === 0 || config.only.some((o) => config.memorySystem.includes(o) || o === 'memory'));
  const windows = systems.length * config.rounds;
  const estimate = windows * (config.duration + (warmUp.minSeconds + warmUp.maxSeconds) / 2 + OVERHEAD_S) + config.retryBudget + (memory ? 15 + config.memoryRequests / 5_000 : 0);
  log(
    `express-generic-views bench: ${systems.length} systems × ${config.rounds} rounds × (${config.warmup}–${warmUp.maxSeconds} s warm-up (${config.warmupRequests.toLocaleString('en-US')} requests) + ${config.duration} s in ${config.slices} interleaved slices)` +
      ` + ≤ ${config.retryBudget} s of retries of noisy slices` +
      (memory ? ` + the memory check (${config.memoryRequests.toLocaleString('en-US')} requests to ${config.memorySystem})` : '') +
      `: ~${Math.ceil(estimate / 60)} min`,
  );
  log(`servers on CPU ${pinNote ? '(any)' : config.serverCpus}, autocannon on CPU ${pinNote ? '(any)' : config.loadCpus}, ${config.connections} connections, pipelining ${config.pipelining}, runner: ${config.runner}${pinNote ? `  [${pinNote}]` : ''}`);
  log(`SQLite files in ${benchTmp()}`);
  build();

  const samples: Sample[] = [];
  let retryBudget = config.retryBudget;
  const broken = new Map<string, string>();
  const sliceLoad: LoadConfig = { ...load, duration: config.duration / config.slices };
  // Every round starts fresh server processes: identical processes of the same server can settle
  // into lastingly different speeds (JIT and GC decisions; the fw-self-twin A/A check shows it),
  // so a process kept across rounds would make one draw count for every round. Inside a round the
  // systems of a scenario run side by side and are measured in short slices, in turn and back
  // (A B C C B A A B C …): the machine's speed drifts over seconds, and a factor between two
  // systems measured half a minute apart measured the drift as much as the systems.
  for (let round = 1; round <= config.rounds; round++) {
    for (const group of scenarioGroups(systems)) {
      const live: { system: System; server: RunningServer; startMs: number; slices: Slice[]; failed?: string }[] = [];
      const label = (system: System) => `round ${round}/${config.rounds}  ${system.name.padEnd(22)}`;
      try {
        for (const system of group) {
          if (broken.has(system.name)) {
            samples.push({ system: system.name, round, error: broken.get(system.name) });
            continue;
          }
          try {
            const t0 = Date.now();
            const server = await startServer(system, runnerConfig(!pinNote));
            live.push({ system, server, startMs: Date.now() - t0, slices: [] });
            const body = await checkServer(server);
            const differs = round === 1 ? compareBody(system, server.request.path, body) : null;
            if (differs) log(`${label(system)} WARNING: ${differs}`);
          } catch (error) {
            // One broken server must not cost the others their numbers.
            const message = `did not start: ${error instanceof Error ? error.message : String(error)}`;
            broken.set(system.name, message);
            const entry = live.find((e) => e.system === system);
            if (entry) entry.failed = message;
            else samples.push({ system: system.name, round, error: message });
          }
        }
        // Warm-up in the same turns as the measurement: a process warmed and then left idle while
        // six others warm up was measured cold again (on 2026-11-22: 965 µs/req right after its
        // warm-up against 300 once settled), and the JIT settles after a number of requests.
        const warmed = new Map<(typeof live)[number], { seconds: number; requests: number }>(live.map((e) => [e, { seconds: 0, requests: 0 }]));
        const warming = (e: (typeof live)[number]) => {
          const w = warmed.get(e)!;
          return !e.failed && (w.seconds < warmUp.minSeconds || (w.requests < warmUp.requests && w.seconds < warmUp.maxSeconds));
        };
        for (let turn = 0; live.some(warming); turn++) {
          for (const entry of turn % 2 === 0 ? live : [...live].reverse()) {
            if (!warming(entry)) continue;
            try {
              const w = warmed.get(entry)!;
              w.requests += await loadFor(entry.server, sliceLoad);
              w.seconds += sliceLoad.duration;
            } catch (error) {
              entry.failed = error instanceof Error ? error.message : String(error);
            }
          }
        }
        for (let slice = 0; slice < config.slices; slice++) {
          for (const entry of slice % 2 === 0 ? live : [...live].reverse()) {
            if (entry.failed) continue;
            try {
              let measured = await measureSlice(entry.server, sliceLoad);
              // A slice disturbed by other processes on our cores is measured again (bounded by
              // the retry budget); the quietest one counts.
              for (let retry = 0; retry < 2 && sliceNoisePct(measured) > config.maxNoise && retryBudget >= sliceLoad.duration; retry++) {
                retryBudget -= sliceLoad.duration;
                log(`${label(entry.system)} noise ${sliceNoisePct(measured).toFixed(0)}% in slice ${slice + 1}: measuring it again`);
                const again = await measureSlice(entry.server, sliceLoad);
                if (sliceNoisePct(again) < sliceNoisePct(measured)) measured = again;
              }
              entry.slices.push(measured);
            } catch (error) {
              entry.failed = error instanceof Error ? error.message : String(error);
            }
          }
        }
        for (const entry of live) {
          const exited = entry.server.exited();
          const failed = entry.failed ?? (exited !== null ? `server exited (${exited}): ${entry.server.stderr().slice(-500)}` : undefined);
          if (failed) {
            samples.push({ system: entry.system.name, round, error: failed });
            log(`${label(entry.system)} FAILED: ${failed}`);
            continue;
          }
          const window = windowOf(entry.server, entry.slices);
          samples.push({ system: entry.system.name, round, window });
          log(`${label(entry.system)} ${fmt(window)}  start ${entry.startMs} ms`);
        }
      } finally {
        await Promise.all(live.map((entry) => entry.server.stop()));
      }
    }
  }

  const memoryResult = memory ? await memoryCheck(pinNote) : null;

  const summaries = summarise(systems, samples);
  const targets = checkTargets(TARGETS, samples);
  log();
  log(formatTable(summaries));
  log();
  log('Targets (median over rounds of the factor against the reference measured in the same round; PASS when ≥ needs):');
  log(formatTargets(targets, memoryResult));

  mkdirSync(RESULTS, { recursive: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  const file = join(RESULTS, `bench-${stamp()}.json`);
  const report = { date: new Date().toISOString(), seconds, machine: machine(), config, pinning: pinNote ?? 'pinned', systems, samples, summaries, targets, memory: memoryResult };
  writeFileSync(file, JSON.stringify(report, null, 2));
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2));
  writeFileSync(join(RESULTS, 'latest.md'), `${formatMarkdown(summaries, targets, memoryResult)}\n`);
  log();
  log(`${Math.floor(seconds / 60)} min ${seconds % 60} s. Wrote ${relative(ROOT, file)} (and bench/results/latest.json, latest.md: the tables as Markdown)`);
}

/**
 * Issue 9's memory check: the list page under BENCH_MEMORY_REQUESTS requests. The server runs
 * with --expose-gc; after a warm-up, SIGUSR2 makes it collect garbage and print its memory
 * (before), then the requests, then again (after). Growth is of RSS after GC; heap used is shown too.
 */
async function memoryCheck(pinNote: string | null): Promise<MemoryResult> {
  const system = SYSTEMS.find((s) => s.name === config.memorySystem);
  const empty = { system: config.memorySystem, requests: 0, seconds: 0, unexpected: 0, errors: 0, before: {}, after: {}, rssGrowthPct: NaN, heapGrowthPct: NaN, growthPct: NaN, pass: false };
  if (!system) return { ...empty, error: `BENCH_MEMORY_SYSTEM=${config.memorySystem}: no such system` };
  let server: RunningServer | undefined;
  try {
    server = await startServer(system, runnerConfig(!pinNote), ['--expose-gc']);
    await checkServer(server);
    const cores = pinNote ? undefined : { server: parseCpuList(config.serverCpus), load: parseCpuList(config.loadCpus) };
    await warm(server, { connections: config.connections, pipelining: config.pipelining, duration: Math.max(2, config.warmup), cores });
    let reading = server.nextMemory();
    server.signal('SIGUSR2');
    const before = await reading;
    const window = await measure(server, { connections: config.connections, pipelining: config.pipelining, duration: 0, amount: config.memoryRequests, cores });
    reading = server.nextMemory();
    server.signal('SIGUSR2');
    const after = await reading;
    const rssGrowthPct = ((after.rss - before.rss) / before.rss) * 100;
    const heapGrowthPct = ((after.heapUsed - before.heapUsed) / before.heapUsed) * 100;
    const result: MemoryResult = {
      system: system.name,
      requests: window.requests,
      seconds: window.seconds,
      unexpected: window.unexpected,
      errors: window.errors + window.timeouts,
      before,
      after,
      rssGrowthPct,
      heapGrowthPct,
      growthPct: rssGrowthPct,
      pass: rssGrowthPct < 10 && window.requests >= config.memoryRequests && window.unexpected === 0,
    };
    log(formatMemory(result));
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`memory check FAILED: ${message}`);
    return { ...empty, error: message };
  } finally {
    await server?.stop();
  }
}

let built = false;

async function profile(name: string): Promise<void> {
  const system = SYSTEMS.find((s) => s.name === name);
  if (!system) throw new Error(`--profile=${name}: no such system; try: ${SYSTEMS.map((s) => s.name).join(', ')}`);
  const pinNote = pinLoadGenerator();
  if (!built) {
    benchTmp();
    build();
  }
  built = true;
  const dir = join(RESULTS, 'profiles');
  mkdirSync(dir, { recursive: true });
  const base = `${name}-${stamp()}`;
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${base}.cpuprofile`, `--cpu-prof-interval=${config.profileInterval}`];
  const server = await startServer(system, runnerConfig(!pinNote), nodeArgs);
  let window: Window;
  try {
    await checkServer(server);
    await warm(server, { connections: config.connections, pipelining: config.pipelining, duration: config.warmup }, warmUp);
    window = await measure(server, {
      connections: config.connections,
      pipelining: config.pipelining,
      duration: config.duration,
      cores: pinNote ? undefined : { server: parseCpuList(config.serverCpus), load: parseCpuList(config.loadCpus) },
    });
  } finally {
    await server.stop();
  }
  log(`${name} under the profiler (sampling every ${config.profileInterval} µs adds CPU): ${fmt(window)}`);
  const file = join(dir, readdirSync(dir).find((f) => f === `${base}.cpuprofile`) ?? `${base}.cpuprofile`);
  const summary = summariseProfile(file, ROOT, { startUs: window.monoStartUs, endUs: window.monoEndUs, requests: window.requests });
  const text = formatProfile({ ...summary, file: relative(ROOT, file) });
  log();
  log(text);
  writeFileSync(join(dir, `${base}.txt`), `${text}\n`);
  writeFileSync(join(dir, `${base}.summary.json`), JSON.stringify({ window, summary }, null, 2));
  log();
  log(`wrote ${relative(ROOT, join(dir, base))}.{cpuprofile,txt,summary.json} (open the .cpuprofile in Chrome DevTools or speedscope)`);
}

function list(): void {
  log('Systems (* = opt-in: BENCH_ALL=1 or BENCH_ONLY):');
  for (const s of SYSTEMS) log(`  ${s.optIn ? '*' : ' '} ${s.name.padEnd(22)} [${s.scenario}] ${s.label}`);
  log('Targets (each on CPU µs/req and on req/s):');
  for (const t of TARGETS) log(`  #${t.issue} ${t.title}: ${t.system} vs ${t.reference} ≥ ${t.min.toFixed(2)}`);
  log(`  #9 memory: RSS growth after GC over ${config.memoryRequests.toLocaleString('en-US')} requests to ${config.memorySystem} < 10%`);
}

async function main(): Promise<void> {
  if (!hasProc()) throw new Error('The bench reads server CPU time from /proc: it runs on Linux only.');
  process.on('SIGINT', () => process.exit(130));
  if (args.includes('--list')) return list();
  if (profileArg) {
    const names = profileArg.includes('=') ? profileArg.slice(profileArg.indexOf('=') + 1).split(',') : ['fw-self-hello'];
    for (const name of names) await profile(name.trim());
    return;
  }
  return benchmark();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
