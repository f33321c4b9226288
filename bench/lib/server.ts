/** Starting, checking and stopping one server process, pinned to its own core. */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { System } from './systems';

export interface RunnerConfig {
  /** 'build': plain JS from the one-time tsc build; 'tsx': the TypeScript sources through tsx. */
  readonly runner: 'build' | 'tsx';
  /** Where the tsc build put bench/servers/*.js. */
  readonly buildServers: string;
  readonly sourceServers: string;
  /** `taskset -c` list for servers, or null to not pin. */
  readonly serverCpus: string | null;
}

/** The request the load generator sends, as resolved for this process (PATH line, primed cookies). */
export interface LoadRequest {
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface RunningServer {
  readonly system: System;
  readonly pid: number;
  readonly port: number;
  /** The request to load: the system's, with the path the server announced and the cookies of `prime`. */
  request: LoadRequest;
  /** Send a signal to the server process. */
  signal(signal: NodeJS.Signals): void;
  /** The next `MEM {…}` line the server prints (after SIGUSR2, with --expose-gc). */
  nextMemory(timeoutMs?: number): Promise<Record<string, number>>;
  /** SIGTERM, and wait for the process to exit (it writes its --cpu-prof profile then). */
  stop(): Promise<void>;
  /** Null while running; the exit code or signal once it died. */
  exited(): string | null;
  /** The tail of its stderr, for error messages. */
  stderr(): string;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

/** Spawn the server of `system`, wait for its `READY <port>` line (start-up of 10,000 routes included). */
export function startServer(system: System, config: RunnerConfig, nodeArgs: string[] = [], timeoutMs = 120_000): Promise<RunningServer> {
  const script =
    config.runner === 'tsx' ? ['--import', 'tsx', join(config.sourceServers, `${system.server}.ts`)] : [join(config.buildServers, `${system.server}.js`)];
  const argv = [...nodeArgs, ...script];
  const [command, args] = config.serverCpus ? ['taskset', ['-c', config.serverCpus, process.execPath, ...argv]] : [process.execPath, argv];
  // taskset execs node, so the child's pid is the server's pid: /proc/<pid> is the server itself.
  const child = spawn(command, args, {
    env: { ...process.env, ...system.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  let exitInfo: string | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ?? String(code);
      children.delete(child);
      resolve();
    });
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  let memoryWaiter: ((line: string) => void) | null = null;
  return new Promise<RunningServer>((resolve, reject) => {
    let stdout = '';
    let announcedPath: string | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${system.name}: no READY line within ${timeoutMs / 1000}s.\n${stderr}`));
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${system.name}: server exited during start-up (${exitInfo}).\n${stderr}`));
    });
    let ready = false;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      let newline: number;
      while ((newline = stdout.indexOf('\n')) !== -1) {
        const line = stdout.slice(0, newline).trim();
        stdout = stdout.slice(newline + 1);
        if (line.startsWith('MEM ') && memoryWaiter) memoryWaiter(line.slice(4));
        if (line.startsWith('PATH ')) announcedPath = line.slice(5);
        const match = /^READY (\d+)$/.exec(line);
        if (!match || !child.pid || ready) continue;
        ready = true;
        clearTimeout(timer);
        resolve({
          system,
          pid: child.pid,
          port: Number(match[1]),
          request: {
            path: announcedPath ?? system.request.path,
            method: system.request.method ?? 'GET',
            headers: { ...system.request.headers },
            body: system.request.body,
          },
          signal: (sig) => {
            if (exitInfo === null) child.kill(sig);
          },
          nextMemory: (timeoutMs = 30_000) =>
            new Promise((resolveMemory, rejectMemory) => {
              const timeout = setTimeout(() => {
                memoryWaiter = null;
                rejectMemory(new Error(`${system.name}: no MEM line within ${timeoutMs / 1000}s (run with --expose-gc?)`));
              }, timeoutMs);
              memoryWaiter = (line) => {
                clearTimeout(timeout);
                memoryWaiter = null;
                resolveMemory(JSON.parse(line) as Record<string, number>);
              };
            }),
          exited: () => exitInfo,
          stderr: () => stderr,
          stop: async () => {
            if (exitInfo === null) {
              child.kill('SIGTERM');
              const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
              await exitPromise;
              clearTimeout(killer);
            }
          },
        });
      }
    });
  });
}

/** One request on a fresh connection: status, Set-Cookie values, body. */
function once(server: RunningServer, path: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; cookies: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]), body: text }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${server.system.name}: ${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

function mergeCookies(into: Map<string, string>, cookies: string[]): void {
  for (const cookie of cookies) {
    const eq = cookie.indexOf('=');
    if (eq > 0) into.set(cookie.slice(0, eq), cookie.slice(eq + 1));
  }
}

/**
 * Check that the server answers what a correct server answers before it is loaded, and resolve
 * its load request: with `prime`, GET that path once, then the loaded request, and load with the
 * cookies both set (a returning visitor). Returns the checked body (the harness compares the
 * bodies of a scenario's systems).
 */
export async function checkServer(server: RunningServer): Promise<string> {
  const { expect, name, prime } = server.system;
  const { path, method, headers, body } = server.request;
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  if (prime) {
    const primed = await once(server, prime, 'GET', {});
    if (primed.status !== 200) throw new Error(`${name}: priming GET ${prime} answered ${primed.status}: ${primed.body.slice(0, 300)}`);
    mergeCookies(jar, primed.cookies);
    const first = await once(server, path, method, { ...headers, cookie: cookieHeader() }, body);
    mergeCookies(jar, first.cookies);
    server.request = { ...server.request, headers: { ...headers, cookie: cookieHeader() } };
  }
  const res = await once(server, path, method, server.request.headers, body);
  if (res.status !== expect.status) throw new Error(`${name}: ${method} ${path} answered ${res.status}, expected ${expect.status}: ${res.body.slice(0, 300)}`);
  if (expect.body !== undefined && res.body !== expect.body) throw new Error(`${name}: unexpected body ${JSON.stringify(res.body.slice(0, 300))}`);
  return res.body;
}
