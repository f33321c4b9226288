/**
 * Shutdown on signals for apps serving with `app.listen()`: SIGTERM (a deploy, a container stop)
 * and SIGINT (Ctrl-C) close every listening app gracefully, then end the process. A program that
 * handles the signal itself (its own `process.on('SIGTERM', …)`) is left in charge: it should
 * call `app.close()` there.
 */

/** What the signal handler closes. */
export interface Closable {
  close(): Promise<void>;
}

const watched = new Map<NodeJS.Signals, Set<Closable>>();
const handlers = new Map<NodeJS.Signals, (signal: NodeJS.Signals) => void>();
let shuttingDown = false;

function onSignal(signal: NodeJS.Signals): void {
  // Another listener means the program manages its own shutdown.
  if (process.listenerCount(signal) > 1) return;
  if (shuttingDown) {
    // A second signal while draining: stop now.
    process.exit(1);
  }
  shuttingDown = true;
  const apps = [...(watched.get(signal) ?? [])];
  void Promise.allSettled(apps.map((app) => app.close())).then(() => process.exit(0));
}

/** Close `app` on each of `signals` (called when its server starts listening). */
export function watchSignals(app: Closable, signals: readonly NodeJS.Signals[]): void {
  for (const signal of signals) {
    let apps = watched.get(signal);
    if (!apps) watched.set(signal, (apps = new Set()));
    apps.add(app);
    if (!handlers.has(signal)) {
      const handler = onSignal;
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }
}

/** Stop watching signals for `app` (its servers closed); the process handlers go with the last app. */
export function unwatchSignals(app: Closable): void {
  for (const [signal, apps] of watched) {
    apps.delete(app);
    if (apps.size > 0) continue;
    watched.delete(signal);
    const handler = handlers.get(signal);
    if (handler) process.off(signal, handler);
    handlers.delete(signal);
  }
}
