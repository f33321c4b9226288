import { fork, type ChildProcess } from 'node:child_process';

/** A TypeScript program run in its own Node process (through tsx), with IPC and its output collected. */
export interface Child {
  process: ChildProcess;
  /** stdout so far. */
  out(): string;
  /** stderr so far. */
  err(): string;
  /** The next IPC message of `type`. */
  message<T = Record<string, unknown>>(type: string, timeoutMs?: number): Promise<T>;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start `file` with tsx; `nodeArgs` such as --expose-gc. */
export function startChild(file: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Child {
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx', ...nodeArgs],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    process: child,
    out: () => out,
    err: () => err,
    exited,
    message<T>(type: string, timeoutMs = 30_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no '${type}' message from ${file} in ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)), timeoutMs);
        const onMessage = (message: { type?: string }) => {
          if (message?.type !== type) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message as T);
        };
        child.on('message', onMessage);
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${file} exited before '${type}'; stderr: ${err.slice(-2000)}`));
        });
      });
    },
  };
}
