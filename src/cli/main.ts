#!/usr/bin/env node
/**
 * The command line of express-generic-views (`egv`, Django's manage.py): `egv <command> [options]`.
 * See program.ts for the commands and settings-module.ts for how the settings module is found.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppCommand } from './app-command';
import { CommandError, oneLine, reportError } from './output';
import { addAppCommands, buildProgram, type ProgramIO } from './program';
import { findSettingsModule, loadSettings } from './settings-module';

/** The `--settings` value and the command name in `args`, read before commander parses them. */
function preParse(args: string[]): { settings?: string; command?: string } {
  let settings: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--settings') settings = args[++i];
    else if (arg.startsWith('--settings=')) settings = arg.slice('--settings='.length);
    else if (arg === '--') return { settings, command: args[i + 1] };
    else if (!arg.startsWith('-')) return { settings, command: arg };
  }
  return { settings };
}

/** The commands that the installed apps of the project define. */
async function appCommands(settings: string | undefined): Promise<Array<{ app: string; command: AppCommand }>> {
  const loaded = await loadSettings(findSettingsModule(settings));
  const apps = Array.isArray(loaded.installedApps) ? loaded.installedApps : [];
  return apps.flatMap((app) => (app?.commands ?? []).map((command) => ({ app: app.label, command })));
}

function version(): string {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** Run the command line on `argv` (as process.argv); resolves to the exit code. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const args = argv.slice(2);
  const traceback = args.includes('--traceback');
  const io: ProgramIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), exitCode: 0 };
  try {
    const program = buildProgram(io, version());
    program.exitOverride();
    const { settings, command } = preParse(args);
    const builtin = command !== undefined && program.commands.some((c) => c.name() === command);
    if (!builtin) {
      // An app command, or help: the project's apps are needed to know their commands.
      try {
        addAppCommands(program, io, await appCommands(settings));
      } catch (error) {
        const isHelp = command === undefined || command === 'help';
        if (!isHelp) {
          throw new CommandError(`Unknown command '${command}', and the project's own commands could not be loaded: ${oneLine(error)}`, 1, { cause: error });
        }
        if (args.length > 0 || command === 'help') io.err(`(the project's commands are not listed: ${oneLine(error)})\n`);
      }
    }
    await program.parseAsync(argv);
    return io.exitCode;
  } catch (error) {
    const commanderError = error as { code?: string; exitCode?: number };
    if (typeof commanderError.code === 'string' && commanderError.code.startsWith('commander.')) {
      // Commander printed its message (unknown command or option, missing argument) or the help.
      return commanderError.exitCode ?? 1;
    }
    reportError(error, traceback);
    return error instanceof CommandError ? error.exitCode : 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      reportError(error, process.argv.includes('--traceback'));
      process.exit(1);
    },
  );
}
