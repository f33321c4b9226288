import { Command, Option } from 'commander';
import type { AppCommand, CommandContext } from './app-command';
import type { CheckMessage } from './check';
import { CommandError, progress } from './output';
import type { OpenOptions, Project } from './project';

// Command modules are loaded when their command runs: `egv --help` or a typo stays fast.
const lazy = {
  check: () => import('./check'),
  makemigrations: () => import('./migrations/makemigrations'),
  migrate: () => import('./migrations/migrate'),
  project: () => import('./project'),
  prompt: () => import('./prompt'),
  runserver: () => import('./runserver/primary'),
  shell: () => import('./shell'),
  showurls: () => import('./showurls'),
  startapp: () => import('./startapp'),
  users: () => import('./users'),
};

/** Where commands write; the exit code the last command chose. */
export interface ProgramIO {
  out(text: string): void;
  err(text: string): void;
  exitCode: number;
}

type Globals = { settings?: string; traceback?: boolean };

async function withProject(cmd: Command, open: Omit<OpenOptions, 'settings'>, run: (project: Project) => Promise<number> | number): Promise<number> {
  const globals = cmd.optsWithGlobals() as Globals;
  const project = await (await lazy.project()).openProject({ ...open, settings: globals.settings });
  try {
    return await run(project);
  } finally {
    await project.close();
  }
}

/** The built-in command names (an app command must not reuse one). */
export const BUILTIN_COMMANDS = [
  'runserver', 'migrate', 'makemigrations', 'showmigrations', 'revert', 'createsuperuser', 'changepassword',
  'check', 'showurls', 'shell', 'startapp', 'clearsessions', 'help',
];

/** Build the command line: global options and every built-in command. */
export function buildProgram(io: ProgramIO, version: string): Command {
  const { out, err } = io;
  const done = (code: number) => {
    io.exitCode = code;
  };
  const program = new Command('egv')
    .description("express-generic-views' manage tool: run, migrate and inspect a project (Django's manage.py).")
    .version(version, '-V, --version')
    .option('--settings <path>', 'the settings module (default: ./settings.ts, or "expressGenericViews.settings" in package.json)')
    .option('--traceback', 'show the stack trace of an error')
    .showSuggestionAfterError()
    .configureOutput({ writeOut: out, writeErr: err });

  program
    .command('runserver')
    .description('serve the project over HTTP (reloads on change in debug)')
    .argument('[addrport]', 'port or address:port to listen on', '127.0.0.1:8000')
    .option('--workers <n>', 'server processes sharing the port (node:cluster)', '1')
    .option('--noreload', 'do not restart when files change (debug)')
    .option('--shutdown-timeout <seconds>', 'how long in-flight requests may run on SIGTERM/SIGINT', '10')
    .option('--no-access-log', 'do not log each request')
    .action(async (addrport: string, opts: Record<string, any>, cmd: Command) => {
      const globals = cmd.optsWithGlobals() as Globals;
      done(await (await lazy.runserver()).runServer({ ...opts, addrport, reload: !opts.noreload, settings: globals.settings, traceback: globals.traceback }, out, err));
    });

  program
    .command('migrate')
    .description("apply the installed apps' pending migrations")
    .option('--fake', 'mark the migrations applied without running them')
    .option('--check', 'exit 1 when migrations are pending, applying nothing')
    .addOption(new Option('--transaction <mode>', 'one transaction for all, each, or none').choices(['all', 'each', 'none']).default('all'))
    .action(async (opts, cmd: Command) => done(await withProject(cmd, { migrating: true }, async (p) => (await lazy.migrate()).migrate(p, opts, out))));

  program
    .command('makemigrations')
    .description('write a migration with the schema changes the entities need')
    .argument('[app]', 'label of the app to write it to')
    .option('-n, --name <name>', 'name of the migration')
    .option('--check', 'exit 1 when changes are needed, writing nothing')
    .option('--dry-run', 'show what would be written')
    .option('--empty', 'write an empty migration to fill in by hand')
    .action(async (app: string | undefined, opts, cmd: Command) => done(await withProject(cmd, { migrating: true }, async (p) => (await lazy.makemigrations()).makeMigrations(p, app, opts, out))));

  program
    .command('showmigrations')
    .description('list the migrations of each app, [X] when applied')
    .action(async (_opts, cmd: Command) => done(await withProject(cmd, { migrating: true }, async (p) => (await lazy.migrate()).showMigrations(p, out))));

  program
    .command('revert')
    .description('unapply the last applied migration(s)')
    .option('--steps <n>', 'how many to revert', '1')
    .option('--fake', 'mark them unapplied without running down()')
    .addOption(new Option('--transaction <mode>', 'transaction per migration (each) or none').choices(['all', 'each', 'none']).default('each'))
    .action(async (opts, cmd: Command) => done(await withProject(cmd, { migrating: true }, async (p) => (await lazy.migrate()).revert(p, opts, out))));

  program
    .command('createsuperuser')
    .description('create a user with every permission (prompts, or --no-input)')
    .option('--username <name>', 'the user name')
    .option('--email <address>', 'the email address')
    .option('--no-input', 'ask nothing: use the options and EGV_SUPERUSER_USERNAME/EMAIL/PASSWORD')
    .action(async (opts, cmd: Command) =>
      done(await withProject(cmd, {}, async (p) => {
          const { Prompter } = await lazy.prompt();
          return (await lazy.users()).createSuperuserCommand(p, opts, () => new Prompter(), out, err);
        })),
    );

  program
    .command('changepassword')
    .description("change a user's password")
    .argument('[username]', 'the user (default: your login name)')
    .action(async (username: string | undefined, _opts, cmd: Command) =>
      done(await withProject(cmd, {}, async (p) => {
          const { Prompter } = await lazy.prompt();
          return (await lazy.users()).changePasswordCommand(p, username, () => new Prompter(), out, err);
        })),
    );

  program
    .command('check')
    .description('inspect settings, URLs, templates, middleware order and entities')
    .option('--deploy', 'also check the settings for production')
    .addOption(new Option('--fail-level <level>', 'exit 1 at this level or above').choices(['error', 'warning', 'info']).default('error'))
    .action(async (opts, cmd: Command) =>
      done(
        await withProject(cmd, {}, async (p) => {
          const { formatChecks, runChecks } = await lazy.check();
          const report = formatChecks(runChecks(p, opts), opts.failLevel as CheckMessage['level']);
          (report.text.startsWith('System check identified no issues') ? out : err)(report.text);
          return report.failed ? 1 : 0;
        }),
      ),
    );

  program
    .command('showurls')
    .description('list the URL patterns: pattern, name and view')
    .option('--json', 'as JSON')
    .action(async (opts, cmd: Command) => done(await withProject(cmd, {}, async (p) => (await lazy.showurls()).showUrls(p, opts, out))));

  program
    .command('shell')
    .description('a REPL with the app, DataSource, entities and reverse() loaded')
    .option('-c, --command <code>', 'run this code (top-level await allowed) and exit')
    .action(async (opts, cmd: Command) => done(await withProject(cmd, {}, async (p) => (await lazy.shell()).shell(p, opts, out))));

  program
    .command('startapp')
    .description('create an app: entities, views, urls, templates, migrations, tests')
    .argument('<name>', 'the app label, e.g. movies')
    .argument('[directory]', 'write into this existing folder instead of ./<name>')
    .action(async (name: string, directory: string | undefined) => done((await lazy.startapp()).startApp(name, directory, out)));

  program
    .command('clearsessions')
    .description('delete expired sessions')
    .action(async (_opts, cmd: Command) => done(await withProject(cmd, {}, async (p) => (await lazy.users()).clearSessionsCommand(p, out))));

  return program;
}

/** Add the commands of the installed apps to the program (an app command must not shadow a built-in one). */
export function addAppCommands(program: Command, io: ProgramIO, commands: Array<{ app: string; command: AppCommand }>): void {
  const seen = new Map<string, string>();
  for (const { app, command } of commands) {
    if (!/^[a-z][a-z0-9-]*$/.test(command.name)) {
      throw new CommandError(`App '${app}': command name '${command.name}' must be lowercase letters, digits and dashes.`);
    }
    if (BUILTIN_COMMANDS.includes(command.name)) throw new CommandError(`App '${app}': command '${command.name}' has the name of a built-in command; rename it.`);
    if (seen.has(command.name)) throw new CommandError(`Apps '${seen.get(command.name)}' and '${app}' both define the command '${command.name}'.`);
    seen.set(command.name, app);
    const sub = program.command(command.name).description(`[${app}] ${command.description ?? ''}`.trim());
    for (const argument of command.arguments ?? []) sub.argument(argument);
    for (const option of command.options ?? []) sub.option(option.flags, option.description ?? '', option.default as string | boolean | string[] | undefined);
    sub.action(async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const args = (params.slice(0, -2) as Array<string | string[] | undefined>).flatMap((a) => (a === undefined ? [] : a));
      const run = async (project: Project) => {
        const context: CommandContext = {
          args,
          options: cmd.optsWithGlobals(),
          app: project.app,
          settings: project.conf,
          dataSource: project.dataSource,
          log: (message) => io.out(`${message}\n`),
          progress: (label, total) => progress(label, total),
        };
        const result = await command.handle(context);
        return typeof result === 'number' ? result : 0;
      };
      io.exitCode = await withProject(cmd, {}, run);
    });
  }
}
