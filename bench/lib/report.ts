/** Ratios to the baseline in the same round, medians over rounds, the tables and the targets. */
import type { Window } from './load';
import { SCENARIOS, baselineOf, type Metric, type System, type Target } from './systems';

export interface Sample {
  readonly system: string;
  readonly round: number;
  readonly window?: Window;
  readonly error?: string;
}

/** "Times better than the reference" factors, all higher-is-better. */
export type Factor = 'rps' | 'cpu' | 'p50' | 'p99';

function factor(a: Window, ref: Window, which: Factor): number {
  switch (which) {
    case 'rps':
      return a.rps / ref.rps;
    case 'cpu':
      return ref.cpuUsPerReq / a.cpuUsPerReq;
    case 'p50':
      return ref.p50Us / a.p50Us;
    case 'p99':
      return ref.p99Us / a.p99Us;
  }
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly perRound: number[];
}

function spread(values: number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), perRound: values };
}

/** Per round, the factor of `system` against `reference` (rounds where both were measured). */
function roundFactors(samples: Sample[], system: string, reference: string, which: Factor): number[] {
  const out: number[] = [];
  for (const s of samples) {
    if (s.system !== system || !s.window) continue;
    const ref = samples.find((r) => r.system === reference && r.round === s.round && r.window);
    if (ref?.window) out.push(factor(s.window, ref.window, which));
  }
  return out;
}

export interface SystemSummary {
  readonly name: string;
  readonly scenario: string;
  readonly label: string;
  readonly baseline: string;
  readonly rounds: number;
  readonly failures: string[];
  readonly median: {
    rps: number;
    p50Us: number;
    p99Us: number;
    cpuUsPerReq: number;
    serverCpuPct: number;
    loadCpuPct: number;
    noisePct: number;
    peakRssMb: number;
  };
  readonly errors: number;
  readonly timeouts: number;
  /** Responses whose status was not the expected one (a 302 is expected of the form POST). */
  readonly unexpected: number;
  /** The load generator saturated its core while the server had room: req/s understates the server. */
  readonly loadBound: boolean;
  readonly vsBaseline: Record<Factor, Spread>;
}

export function summarise(systems: readonly System[], samples: Sample[]): SystemSummary[] {
  return systems.map((system) => {
    const own = samples.filter((s) => s.system === system.name);
    const windows = own.flatMap((s) => (s.window ? [s.window] : []));
    const pick = (f: (w: Window) => number) => median(windows.map(f));
    const baseline = baselineOf(system);
    const serverCpuPct = pick((w) => w.serverCpuPct);
    const loadCpuPct = pick((w) => w.loadCpuPct);
    const vs = (which: Factor) => spread(roundFactors(samples, system.name, baseline, which));
    return {
      name: system.name,
      scenario: system.scenario,
      label: system.label,
      baseline,
      rounds: windows.length,
      failures: own.flatMap((s) => (s.error ? [`round ${s.round}: ${s.error}`] : [])),
      median: {
        rps: pick((w) => w.rps),
        p50Us: pick((w) => w.p50Us),
        p99Us: pick((w) => w.p99Us),
        cpuUsPerReq: pick((w) => w.cpuUsPerReq),
        serverCpuPct,
        loadCpuPct,
        noisePct: pick((w) => Math.max(w.serverCoreNoisePct, w.loadCoreNoisePct)),
        peakRssMb: windows.length ? Math.max(...windows.map((w) => w.peakRssMb)) : NaN,
      },
      errors: windows.reduce((n, w) => n + w.errors, 0),
      timeouts: windows.reduce((n, w) => n + w.timeouts, 0),
      unexpected: windows.reduce((n, w) => n + (w.unexpected ?? w.non2xx), 0),
      loadBound: loadCpuPct >= 90 && serverCpuPct < 90,
      vsBaseline: { rps: vs('rps'), cpu: vs('cpu'), p50: vs('p50'), p99: vs('p99') },
    };
  });
}

export interface TargetResult extends Target {
  readonly factors: Record<Metric, Spread>;
  /** Per metric: null when the two systems were not both measured in some round. */
  readonly pass: Record<Metric, boolean | null>;
}

export function checkTargets(targets: readonly Target[], samples: Sample[]): TargetResult[] {
  return targets.map((target) => {
    const cpu = roundFactors(samples, target.system, target.reference, 'cpu');
    const rps = roundFactors(samples, target.system, target.reference, 'rps');
    return {
      ...target,
      factors: { cpu: spread(cpu), rps: spread(rps) },
      pass: { cpu: cpu.length ? median(cpu) >= target.min : null, rps: rps.length ? median(rps) >= target.min : null },
    };
  });
}

/** The memory check: RSS and heap (after GC) before and after N requests. */
export interface MemoryResult {
  readonly system: string;
  readonly requests: number;
  readonly seconds: number;
  readonly unexpected: number;
  readonly errors: number;
  readonly before: Record<string, number>;
  readonly after: Record<string, number>;
  readonly rssGrowthPct: number;
  readonly heapGrowthPct: number;
  readonly growthPct: number;
  readonly pass: boolean;
  readonly error?: string;
}

const num = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const unit = (v: number, suffix: string) => (Number.isFinite(v) ? `${num(v)}${suffix}` : '–');
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** A plain-text table; a row of one cell is a heading line that does not widen the first column. */
function table(header: string[], rows: string[][], leftColumns = 1): string {
  const cells = rows.filter((r) => r.length > 1);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) =>
    row.length === 1 ? row[0] : row.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Scenario order, then the order the systems were given in. */
function grouped(summaries: SystemSummary[]): { scenario: string; title: string; rows: SystemSummary[] }[] {
  const names = [...SCENARIOS.map((s) => s.name), ...new Set(summaries.map((s) => s.scenario))];
  return [...new Set(names)]
    .map((name) => ({ scenario: name, title: SCENARIOS.find((s) => s.name === name)?.title ?? name, rows: summaries.filter((s) => s.scenario === name) }))
    .filter((g) => g.rows.length > 0);
}

export function formatTable(summaries: SystemSummary[]): string {
  const header = ['system', 'req/s', '×base', 'p50 µs', 'p99 µs', 'err/bad', 'CPU µs/req', '×base', 'srv CPU', 'LG CPU', 'noise', 'peak RSS'];
  const rows: string[][] = [];
  for (const group of grouped(summaries)) {
    rows.push([`[${group.scenario}] ${group.title}`]);
    for (const s of group.rows) {
      const m = s.median;
      const self = s.name === s.baseline;
      rows.push([
        `  ${s.name}`,
        num(m.rps) + (s.loadBound ? '*' : ' '),
        self ? 'base' : x(s.vsBaseline.rps.median),
        num(m.p50Us),
        num(m.p99Us),
        `${s.errors + s.timeouts}/${s.unexpected}`,
        num(m.cpuUsPerReq, 1),
        self ? 'base' : x(s.vsBaseline.cpu.median),
        unit(m.serverCpuPct, '%'),
        unit(m.loadCpuPct, '%'),
        unit(m.noisePct, '%'),
        unit(m.peakRssMb, ' MB'),
      ]);
    }
  }
  const notes = [
    'Medians over rounds. ×base: times better than the scenario\'s hand-written Express 5 system ("base") in the same',
    'round, median over rounds (req/s ÷ base req/s; base CPU µs ÷ CPU µs). CPU µs/req: server utime+stime ÷ responses.',
    'err/bad: connection errors+timeouts / responses with another status than a correct server answers.',
    'srv/LG CPU: server / load generator CPU over wall time, % of one core. noise: CPU other processes took on the',
    "server's or the load generator's core during the window (the larger); above ~10% the figures are disturbed.",
  ];
  if (summaries.some((s) => s.loadBound)) notes.push('* the load generator saturated its core while the server did not: req/s understates the server; compare CPU µs/req.');
  const failures = summaries.flatMap((s) => s.failures.map((f) => `FAILED ${s.name} ${f}`));
  return [table(header, rows), '', ...notes, ...failures].join('\n');
}

function verdict(pass: boolean | null, f: Spread): string {
  if (pass === null) return '–';
  return `${pass ? 'PASS' : 'MISS'} ${x(f.median)}`;
}

export function formatTargets(results: TargetResult[], memory?: MemoryResult | null): string {
  const measured = results.filter((r) => r.pass.cpu !== null || r.pass.rps !== null);
  const rows = measured.map((r) => [
    `#${r.issue}`,
    r.title,
    `≥ ${r.min.toFixed(2).replace(/\.?0+$/, '')}`,
    verdict(r.pass.cpu, r.factors.cpu),
    r.factors.cpu.perRound.map((v) => v.toFixed(2)).join(' '),
    verdict(r.pass.rps, r.factors.rps),
    r.factors.rps.perRound.map((v) => v.toFixed(2)).join(' '),
  ]);
  const lines = measured.length
    ? [table(['issue', 'target', 'needs', 'on CPU µs/req', 'per round', 'on req/s', 'per round'], rows, 2)]
    : ['(no target has both its systems in this run)'];
  if (memory) lines.push('', formatMemory(memory));
  return lines.join('\n');
}

export function formatMemory(m: MemoryResult): string {
  if (m.error) return `MISS #9 memory check on ${m.system}: ${m.error}`;
  return [
    `${m.pass ? 'PASS' : 'MISS'} #9 memory: ${num(m.requests)} requests to ${m.system} (${num(m.requests / m.seconds)} req/s, ${m.errors} errors, ${m.unexpected} bad):` +
      ` RSS growth ${m.growthPct.toFixed(1)}% (needs < 10%)`,
    `     after GC, before → after: RSS ${mb(m.before.rss)} → ${mb(m.after.rss)} (${m.rssGrowthPct >= 0 ? '+' : ''}${m.rssGrowthPct.toFixed(1)}%),` +
      ` heap used ${mb(m.before.heapUsed)} → ${mb(m.after.heapUsed)} (${m.heapGrowthPct >= 0 ? '+' : ''}${m.heapGrowthPct.toFixed(1)}%)`,
  ].join('\n');
}

/** The results as Markdown (docs/benchmarks.md is made from it). */
export function formatMarkdown(summaries: SystemSummary[], results: TargetResult[], memory?: MemoryResult | null): string {
  const out: string[] = [];
  out.push('| scenario / system | req/s | × Express | CPU µs/req | × Express | p50 µs | p99 µs | noise | peak RSS |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const group of grouped(summaries)) {
    out.push(`| **${group.title}** | | | | | | | | |`);
    for (const s of group.rows) {
      const m = s.median;
      const self = s.name === s.baseline;
      out.push(
        `| \`${s.name}\` | ${num(m.rps)}${s.loadBound ? '\\*' : ''} | ${self ? '1' : x(s.vsBaseline.rps.median)} | ${num(m.cpuUsPerReq, 1)} | ${self ? '1' : x(s.vsBaseline.cpu.median)} | ${num(m.p50Us)} | ${num(m.p99Us)} | ${unit(m.noisePct, '%')} | ${unit(m.peakRssMb, ' MB')} |`,
      );
    }
  }
  out.push('');
  out.push('| | issue | target | needs | on CPU µs/req | on req/s |');
  out.push('| --- | --- | --- | ---: | --- | --- |');
  for (const r of results.filter((t) => t.pass.cpu !== null || t.pass.rps !== null)) {
    const both = r.pass.cpu !== false && r.pass.rps !== false;
    out.push(
      `| ${both ? 'PASS' : 'MISS'} | #${r.issue} | ${r.title} | ≥ ${r.min.toFixed(2).replace(/\.?0+$/, '')} | ${verdict(r.pass.cpu, r.factors.cpu)} (${r.factors.cpu.perRound.map((v) => v.toFixed(2)).join(', ')}) | ${verdict(r.pass.rps, r.factors.rps)} (${r.factors.rps.perRound.map((v) => v.toFixed(2)).join(', ')}) |`,
    );
  }
  if (memory) {
    out.push(
      memory.error
        ? `| MISS | #9 | memory check | < 10% | ${memory.error} | |`
        : `| ${memory.pass ? 'PASS' : 'MISS'} | #9 | RSS growth over ${num(memory.requests)} requests (\`${memory.system}\`) | < 10% | RSS ${mb(memory.before.rss)} → ${mb(memory.after.rss)} (${memory.rssGrowthPct.toFixed(1)}%), heap ${mb(memory.before.heapUsed)} → ${mb(memory.after.heapUsed)} (${memory.heapGrowthPct.toFixed(1)}%) | |`,
    );
  }
  return out.join('\n');
}
