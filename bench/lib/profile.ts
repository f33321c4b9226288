/**
 * Summarise a V8 CPU profile (`node --cpu-prof`): self and total time per function, cut to the
 * measured window, with locations mapped back to the TypeScript sources of the bench build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A function's cost. Percentages are of busy time (samples not idle); µs/req divide by the responses served in the window. */
export interface FunctionCost {
  readonly name: string;
  readonly location: string;
  readonly category: string;
  readonly selfMs: number;
  readonly selfPct: number;
  readonly selfUsPerReq: number;
  readonly totalMs: number;
  readonly totalPct: number;
  readonly totalUsPerReq: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** Whether the samples were cut to the load window (else: the whole process lifetime). */
  readonly windowed: boolean;
  readonly sampledMs: number;
  readonly samples: number;
  /** Share of the samples in which the process was idle (waiting for the load generator). */
  readonly idlePct: number;
  /** Responses served in the window (0 when unknown). */
  readonly requests: number;
  /** Busy (non-idle) time per response, in µs: comparable to the bench's CPU µs/req, minus kernel time outside samples. */
  readonly busyUsPerReq: number;
  readonly top: FunctionCost[];
  /** The framework's own functions (src/) by total time: where a request spends its time in src/. */
  readonly frameworkByTotal: FunctionCost[];
  readonly byCategory: { category: string; selfMs: number; selfPct: number; selfUsPerReq: number }[];
}

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    const mapFile = `${file}.map`;
    maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  return maps.get(file)!;
}

/** Where a function is, as `src/core/handler.ts:120`, `node:_http_server:530` or `express/lib/…:12`. */
function locate(frame: CallFrame, repoRoot: string): { location: string; category: string } {
  const { url } = frame;
  const line = frame.lineNumber + 1;
  if (!url) return { location: '', category: frame.functionName.startsWith('(') ? frame.functionName : 'V8 builtins / native' };
  if (url.startsWith('node:')) return { location: `${url}:${line}`, category: 'node internals' };
  let file = url;
  try {
    if (url.startsWith('file:')) file = fileURLToPath(url);
  } catch {
    /* keep the url */
  }
  const nm = file.lastIndexOf(`${sep}node_modules${sep}`);
  if (nm !== -1) {
    const rest = file.slice(nm + 14);
    const pkg = rest.startsWith('@') ? rest.split(sep).slice(0, 2).join('/') : rest.split(sep)[0];
    return { location: `${rest}:${line}`, category: `node_modules/${pkg}` };
  }
  let source = file;
  let sourceLine = line;
  const map = file.endsWith('.js') ? sourceMapOf(file) : null;
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource) {
      source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
      sourceLine = (entry.originalLine ?? 0) + 1;
    }
  }
  const rel = relative(repoRoot, source);
  const category = rel.startsWith(`src${sep}`) ? `framework ${rel}` : rel.startsWith(`bench${sep}`) ? 'bench server' : 'other';
  return { location: `${rel}:${sourceLine}`, category };
}

/** Self and total (inclusive) time per function within [startUs, endUs] of CLOCK_MONOTONIC, if given. */
export function summariseProfile(
  file: string,
  repoRoot: string,
  window?: { startUs: number; endUs: number; requests: number },
  topN = 30,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  let picked = profile.samples.map((_, i) => i);
  let windowed = false;
  if (window) {
    const inWindow = picked.filter((i) => times[i] >= window.startUs && times[i] <= window.endUs);
    if (inWindow.length > 0) {
      picked = inWindow;
      windowed = true;
    }
  }
  const first = times[picked[0]] ?? profile.startTime;
  const last = times[picked[picked.length - 1]] ?? profile.endTime;
  const sampledMs = (last - first) / 1000;
  const msPerSample = picked.length > 1 ? sampledMs / (picked.length - 1) : 0;

  const keyOf = new Map<number, { key: string; name: string; location: string; category: string }>();
  const describe = (id: number) => {
    let described = keyOf.get(id);
    if (!described) {
      const frame = byId.get(id)!.callFrame;
      const { location, category } = locate(frame, repoRoot);
      const name = frame.functionName || '(anonymous)';
      described = { key: `${name}\u0000${location}`, name, location, category };
      keyOf.set(id, described);
    }
    return described;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const categories = new Map<string, number>();
  for (const i of picked) {
    const leaf = profile.samples[i];
    const d = describe(leaf);
    self.set(d.key, (self.get(d.key) ?? 0) + 1);
    categories.set(d.category, (categories.get(d.category) ?? 0) + 1);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const key = describe(id).key;
      if (!seen.has(key)) {
        seen.add(key);
        total.set(key, (total.get(key) ?? 0) + 1);
      }
    }
  }
  const idleHits = [...self.entries()].filter(([key]) => key.startsWith('(idle)\u0000')).reduce((sum, [, hits]) => sum + hits, 0);
  const busy = picked.length - idleHits || 1;
  const requests = windowed && window ? window.requests : 0;
  const perReq = (hits: number) => (requests ? (hits * msPerSample * 1000) / requests : NaN);
  const info = new Map([...keyOf.values()].map((d) => [d.key, d]));
  const cost = (key: string): FunctionCost => {
    const d = info.get(key)!;
    const selfHits = self.get(key) ?? 0;
    const totalHits = total.get(key) ?? selfHits;
    return {
      name: d.name,
      location: d.location,
      category: d.category,
      selfMs: selfHits * msPerSample,
      selfPct: (selfHits / busy) * 100,
      selfUsPerReq: perReq(selfHits),
      totalMs: totalHits * msPerSample,
      totalPct: (totalHits / busy) * 100,
      totalUsPerReq: perReq(totalHits),
    };
  };
  const top = [...self.entries()]
    .filter(([key]) => !key.startsWith('(idle)\u0000'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([key]) => cost(key));
  const frameworkByTotal = [...total.entries()]
    .filter(([key]) => info.get(key)!.category.startsWith('framework'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([key]) => cost(key));
  const byCategory = [...categories.entries()]
    .filter(([category]) => category !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .map(([category, hits]) => ({ category, selfMs: hits * msPerSample, selfPct: (hits / busy) * 100, selfUsPerReq: perReq(hits) }));
  return {
    file,
    windowed,
    sampledMs,
    samples: picked.length,
    idlePct: (idleHits / (picked.length || 1)) * 100,
    requests,
    busyUsPerReq: perReq(busy),
    top,
    frameworkByTotal,
    byCategory,
  };
}

/** The summary as text. */
export function formatProfile(summary: ProfileSummary): string {
  const us = (v: number) => (Number.isFinite(v) ? v.toFixed(2).padStart(6) : '     –');
  const pct = (v: number) => `${v.toFixed(1).padStart(5)}%`;
  const lines: string[] = [];
  lines.push(
    `CPU profile ${summary.file}`,
    `${summary.samples} samples over ${(summary.sampledMs / 1000).toFixed(1)} s` +
      (summary.windowed ? ` (the load window only), ${summary.requests.toLocaleString('en-US')} responses` : ' (whole process: the window could not be matched)') +
      `; idle ${summary.idlePct.toFixed(0)}%; busy ${us(summary.busyUsPerReq).trim()} µs/req.`,
    'Percentages are of busy (non-idle) samples; µs/req = sampled time ÷ responses.',
  );
  lines.push('', 'Self time by area:', '   busy%  µs/req  area');
  for (const c of summary.byCategory.slice(0, 25)) lines.push(`  ${pct(c.selfPct)}  ${us(c.selfUsPerReq)}  ${c.category}`);
  lines.push('', 'Top functions by self time:', '   self%  µs/req  total%  µs/req  function  (location)');
  const row = (f: FunctionCost) =>
    `  ${pct(f.selfPct)}  ${us(f.selfUsPerReq)}  ${pct(f.totalPct)}  ${us(f.totalUsPerReq)}  ${f.name}  (${f.location || f.category})`;
  for (const f of summary.top) lines.push(row(f));
  lines.push('', 'Framework (src/) functions by total time:', '   self%  µs/req  total%  µs/req  function  (location)');
  for (const f of summary.frameworkByTotal) lines.push(row(f));
  return lines.join('\n');
}
