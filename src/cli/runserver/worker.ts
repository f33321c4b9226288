import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { MigrationExecutor } from 'typeorm';
import { formatChecks, runChecks } from '../check';
import { oneLine, style } from '../output';
import { openProject, type Project } from '../project';

/** What the primary tells a worker (through the EGV_RUNSERVER_WORKER variable). */
export interface WorkerConfig {
  readonly host: string;
  readonly port: number;
  readonly settings?: string;
  /** Seconds to let in-flight requests finish on shutdown. */
  readonly shutdownTimeout: number;
  readonly accessLog: boolean;
  /** Run the system checks and report unapplied migrations (the first worker of each start). */
  readonly checks: boolean;
  readonly traceback: boolean;
}

/** Messages from a worker to the primary. */
export type WorkerMessage =
  | { type: 'ready'; debug: boolean; root: string; port: number; settingsFile: string }
  | { type: 'fatal'; message: string };

function fail(message: string, error: unknown, traceback: boolean): void {
  if (traceback && error instanceof Error) process.stderr.write(`${(error.cause instanceof Error ? error.cause : error).stack}\n`);
  const exit = () => process.exit(1);
  // Exit once the message has reached the primary.
  if (process.send) process.send({ type: 'fatal', message } satisfies WorkerMessage, exit);
  else exit();
}

function timestamp(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const month = d.toLocaleString('en', { month: 'short' });
  return `${pad(d.getDate())}/${month}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

async function startupReport(project: Project): Promise<string | null> {
  const report = formatChecks(runChecks(project));
  const out = report.failed ? process.stderr : process.stdout;
  out.write(`Performing system checks...\n\n${report.text}`);
  if (report.failed) return 'System checks found errors: fix them (see above) and start again.';
  if (project.dataSource?.isInitialized) {
    const pending = await new MigrationExecutor(project.dataSource).getPendingMigrations();
    if (pending.length > 0) {
      const apps = [...new Set(pending.map((m) => project.migrations.find((a) => a.name === m.name)?.app ?? '(dataSource)'))];
      process.stdout.write(
        style.warning(`\nYou have ${pending.length} unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): ${apps.join(', ')}.\nRun 'egv migrate' to apply them.`) + '\n',
      );
    }
  }
  return null;
}

/** Track in-flight requests, log them, and stop gracefully: no new connections, finish the running requests, then exit. */
function serve(server: Server, project: Project, config: WorkerConfig): void {
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    if (stopping && !res.headersSent) res.setHeader('Connection', 'close');
    res.on('close', () => {
      inFlight.delete(res);
      if (config.accessLog) {
        const length = res.getHeader('content-length') ?? '-';
        process.stdout.write(`[${timestamp()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${res.statusCode} ${length}\n`);
      }
      if (stopping) server.closeIdleConnections();
    });
  });

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    if (inFlight.size > 0) {
      process.stdout.write(`Worker ${process.pid}: finishing ${inFlight.size} request(s) in flight (up to ${config.shutdownTimeout}s).\n`);
    }
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const force = setTimeout(() => {
      process.stderr.write(`Worker ${process.pid}: ${inFlight.size} request(s) still running after ${config.shutdownTimeout}s; closing their connections.\n`);
      server.closeAllConnections();
    }, config.shutdownTimeout * 1000);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      void project.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'shutdown') shutdown();
  });
  process.on('SIGTERM', shutdown);
  // Ctrl-C reaches every process of the terminal: the primary coordinates the shutdown.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', shutdown);
}

/** A runserver worker: open the project, listen (the primary shares the port), report ready or a one-line fatal error. */
export async function runWorker(config: WorkerConfig): Promise<void> {
  let project: Project;
  try {
    project = await openProject({ settings: config.settings });
  } catch (error) {
    return fail(oneLine(error), error, config.traceback);
  }
  if (config.checks) {
    let problem: string | null;
    try {
      problem = await startupReport(project);
    } catch (error) {
      problem = `System checks failed: ${oneLine(error)}`;
    }
    if (problem) return fail(problem, null, false);
  }
  const server = project.app.listen(config.port, config.host) as Server;
  server.on('error', (error: NodeJS.ErrnoException) => {
    const message =
      error.code === 'EADDRINUSE'
        ? `Port ${config.port} is already in use on ${config.host}: stop the other server or choose another port (runserver ${config.port + 1}).`
        : error.code === 'EACCES'
          ? `Permission denied to listen on ${config.host}:${config.port}: choose a port above 1023.`
          : `Cannot listen on ${config.host}:${config.port}: ${oneLine(error)}`;
    fail(message, error, config.traceback);
  });
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    process.send?.({ type: 'ready', debug: project.conf.debug, root: project.location.root, port, settingsFile: project.location.file } satisfies WorkerMessage);
  });
  serve(server, project, config);
}
