/** Per-process figures from Linux /proc: CPU time (all threads, GC included) and memory. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

let clkTck: number | null = null;

/** Clock ticks per second of utime/stime (`getconf CLK_TCK`, almost always 100). */
export function clockTicks(): number {
  if (clkTck === null) {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    clkTck = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return clkTck;
}

/** utime + stime of a process so far, in microseconds (resolution: one clock tick). */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  return ((utime + stime) * 1e6) / clockTicks();
}

/**
 * CPU time of every live thread of a process so far, in microseconds, with nanosecond resolution
 * (the first field of /proc/<pid>/task/<tid>/schedstat): short windows need better than a clock
 * tick. Falls back to utime + stime where schedstat is missing.
 */
export function cpuMicrosPrecise(pid: number): number {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return cpuMicros(pid);
  }
  let ns = 0;
  for (const tid of tasks) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ', 1)[0]);
    } catch {
      // The thread ended between the listing and the read: its time is gone with it.
    }
  }
  return Number.isFinite(ns) && ns > 0 ? ns / 1000 : cpuMicros(pid);
}

/** Resident set size now and its peak (VmHWM), in kB. */
export function memoryKb(pid: number): { rss: number; peakRss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), peakRss: field('VmHWM') };
}

/** Whether /proc accounting is available (Linux). */
export function hasProc(): boolean {
  try {
    cpuMicros(process.pid);
    return true;
  } catch {
    return false;
  }
}

/** Busy time (all but idle and iowait) of the given CPUs so far, in microseconds, from /proc/stat. */
export function coreBusyMicros(cores: readonly number[]): number {
  const stat = readFileSync('/proc/stat', 'utf8');
  let ticks = 0;
  for (const core of cores) {
    const line = new RegExp(`^cpu${core} (.*)$`, 'm').exec(stat);
    if (!line) return NaN;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line[1].trim().split(/\s+/).map(Number);
    ticks += user + nice + system + irq + softirq + steal;
    void idle;
    void iowait;
  }
  return (ticks * 1e6) / clockTicks();
}

/** The CPUs of a taskset list such as '1', '0-1' or '2,4-5'. */
export function parseCpuList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (Number.isNaN(b) || b === undefined ? a : b); c++) out.push(c);
  }
  return out;
}
