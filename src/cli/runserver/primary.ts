import cluster, { type Worker } from 'node:cluster';
import { extname, join, relative } from 'node:path';
import { CommandError, oneLine, style } from '../output';
import { addressUrl, parseAddress } from './address';
import { watchTree } from './watcher';
import type { WorkerConfig, WorkerMessage } from './worker';

/** Options of `runserver`. */
export interface RunserverOptions {
  addrport?: string;
  workers?: string;
  /** false with `--noreload`. */
  reload?: boolean;
  shutdownTimeout?: string;
  /** false with `--no-access-log`. */
  accessLog?: boolean;
  settings?: string;
  traceback?: boolean;
}

type Ready = Extract<WorkerMessage, { type: 'ready' }>;

function wholeNumber(value: string, option: string, min: number): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < min || (option === '--workers' && !Number.isInteger(n))) {
    throw new CommandError(`${option} must be a number of at least ${min} (got '${value}').`);
  }
  return n;
}

/**
 * `runserver [addr:port]`: a primary process that forks `--workers` workers (node:cluster; they
 * share the port). In debug it watches the project and, on a change, starts fresh workers and
 * then retires the old ones (a broken change keeps the old ones serving). SIGTERM/SIGINT stop
 * the workers gracefully: in-flight requests finish within `--shutdown-timeout` seconds.
 */
export async function runServer(options: RunserverOptions, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const { host, port } = parseAddress(options.addrport);
  const workers = wholeNumber(options.workers ?? '1', '--workers', 1);
  const timeout = wholeNumber(options.shutdownTimeout ?? '10', '--shutdown-timeout', 0);
  cluster.setupPrimary({ exec: join(__dirname, `worker-entry${extname(__filename)}`), args: [] });

  let current: Worker[] = [];
  let shuttingDown = false;
  const retiring = new Set<Worker>();

  const fork = (checks: boolean): { worker: Worker; ready: Promise<Ready> } => {
    const config: WorkerConfig = {
      host,
      port,
      settings: options.settings,
      shutdownTimeout: timeout,
      accessLog: options.accessLog !== false,
      checks,
      traceback: Boolean(options.traceback),
    };
    const worker = cluster.fork({ EGV_RUNSERVER_WORKER: JSON.stringify(config) });
    const ready = new Promise<Ready>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message?.type === 'ready') resolve(message);
        else if (message?.type === 'fatal') reject(new CommandError(message.message));
      });
      worker.on('exit', (code, signal) => reject(new CommandError(`The server process exited (${signal ?? `code ${code}`}) before it was ready.`)));
    });
    return { worker, ready };
  };

  const stop = (list: Worker[], signal?: NodeJS.Signals): Promise<void> =>
    Promise.all(
      list.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            retiring.add(worker);
            worker.once('exit', () => resolve());
            if (signal) worker.process.kill(signal);
            else worker.send({ type: 'shutdown' });
          }),
      ),
    ).then(() => undefined);

  /** Start a full set of workers; all ready, or all killed and the first failure thrown. */
  const startGeneration = async (checks: boolean): Promise<{ workers: Worker[]; ready: Ready }> => {
    const forks = Array.from({ length: workers }, (_, i) => fork(checks && i === 0));
    const results = await Promise.allSettled(forks.map((f) => f.ready));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await stop(forks.map((f) => f.worker), 'SIGKILL');
      throw failed.reason;
    }
    return { workers: forks.map((f) => f.worker), ready: (results[0] as PromiseFulfilledResult<Ready>).value };
  };

  let first: { workers: Worker[]; ready: Ready };
  try {
    first = await startGeneration(true);
  } catch (error) {
    throw error instanceof CommandError ? error : new CommandError(oneLine(error), 1, { cause: error });
  }
  current = first.workers;
  // Workers always ask for the port as given: the primary shares one listening handle by it (port 0 included).
  const listenPort = first.ready.port;
  const { debug, root, settingsFile } = first.ready;
  const reload = debug && options.reload !== false;
  out(`\n${new Date().toString()}\n`);
  out(`express-generic-views, using settings '${relative(process.cwd(), settingsFile) || settingsFile}'\n`);
  out(`Starting ${debug ? 'development ' : ''}server at ${addressUrl(host, listenPort)}${workers > 1 ? ` with ${workers} workers` : ''}\n`);
  if (reload) out(`Watching for file changes in ${root}\n`);
  out('Quit the server with CONTROL-C.\n');

  return new Promise<number>((resolve) => {
    let stopWatching = () => undefined as void;
    let reloading = false;
    let again: string | null = null;
    const crashes: number[] = [];

    const doReload = async (file: string): Promise<void> => {
      if (reloading) {
        again = file;
        return;
      }
      reloading = true;
      out(`${relative(root, file) || file} changed, reloading.\n`);
      try {
        const next = await startGeneration(true);
        const old = current;
        current = next.workers;
        await stop(old);
        // Until now old and new workers both answered; from here on only the new code does.
        out('Reloaded: serving the new version.\n');
      } catch (error) {
        err(`${style.error('error:')} ${oneLine(error)}\nStill serving the previous version; save a fix to reload.\n`);
      }
      reloading = false;
      if (again && !shuttingDown) {
        const file = again;
        again = null;
        void doReload(file);
      }
    };
    if (reload) stopWatching = watchTree(root, (file) => void doReload(file));

    cluster.on('exit', (worker, code, signal) => {
      if (shuttingDown || retiring.has(worker) || !current.includes(worker)) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0] < now - 10_000) crashes.shift();
      current = current.filter((w) => w !== worker);
      if (crashes.length > 5) {
        err(`${style.error('error:')} server processes keep exiting (last: ${signal ?? `code ${code}`}); giving up.\n`);
        shuttingDown = true;
        stopWatching();
        void stop(current, 'SIGKILL').then(() => resolve(1));
        return;
      }
      err(`A server process exited unexpectedly (${signal ?? `code ${code}`}); starting a new one.\n`);
      const replacement = fork(false);
      current.push(replacement.worker);
      replacement.ready.catch((error) => err(`${style.error('error:')} ${oneLine(error)}\n`));
    });

    const onSignal = (signal: NodeJS.Signals) => {
      if (shuttingDown) {
        err('Forced exit: killing the server processes.\n');
        void stop(Object.values(cluster.workers ?? {}) as Worker[], 'SIGKILL').then(() => resolve(1));
        return;
      }
      shuttingDown = true;
      stopWatching();
      out(`\n${signal} received: shutting down; in-flight requests have up to ${timeout}s to finish.\n`);
      void stop(Object.values(cluster.workers ?? {}) as Worker[]).then(() => {
        out('Server stopped.\n');
        resolve(0);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
