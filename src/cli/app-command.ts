import type { DataSource } from 'typeorm';
import type { FrameworkApp } from '../core/app';
import type { NormalizedSettings } from '../conf/settings';

/** An option of an app command, in commander's syntax: `{ flags: '-n, --count <n>', description: 'how many' }`. */
export interface AppCommandOption {
  /** `'--fresh'`, `'-n, --count <n>'`, `'--tags [tags...]'`. */
  readonly flags: string;
  readonly description?: string;
  readonly default?: string | boolean | string[];
}

/** Reports how far a long command has got: a line per step, or a counter on a terminal. */
export interface Progress {
  /** Count `n` more items done (default 1). */
  tick(n?: number): void;
  /** Finish the bar and print `message` (default: `<label>: <done> done`). */
  done(message?: string): void;
}

/** What an app command's `handle` receives. */
export interface CommandContext {
  /** Positional arguments, as declared in `arguments`. */
  readonly args: string[];
  /** Parsed options, camelCased (`--dry-run` → `dryRun`), plus the global ones (`settings`, `traceback`). */
  readonly options: Record<string, unknown>;
  /** The project's app (createApp(settings)), started: its DataSource is initialised. */
  readonly app: FrameworkApp;
  /** The project's settings after validation. */
  readonly settings: NormalizedSettings;
  /** `settings.dataSource`, initialised, or undefined when the project has none. */
  readonly dataSource: DataSource | undefined;
  /** Print a line on standard output. */
  log(message: string): void;
  /** Start a progress report for `total` items (unknown total: omit it). */
  progress(label: string, total?: number): Progress;
}

/**
 * A management command of an installed app (Django's `management/commands/<name>.py`), listed in
 * `defineApp({ commands: [...] })` and run as `egv <name> [args] [options]`. Throw an Error to
 * fail: its message is printed on one line and the exit code is 1; return a number to choose the
 * exit code.
 *
 * @example
 * ```ts
 * defineApp({ label: 'movies', entities: [Movie], commands: [{
 *   name: 'seed', description: 'Insert demo movies', arguments: ['[count]'],
 *   options: [{ flags: '--fresh', description: 'delete existing rows first' }],
 *   async handle({ args, options, dataSource, progress }) { … },
 * }] });
 * ```
 */
export interface AppCommand {
  /** The command name: lowercase letters, digits and dashes. Must not be a built-in command's name. */
  readonly name: string;
  /** One line of help. */
  readonly description?: string;
  /** Positional arguments in commander's syntax: `'<file>'`, `'[count]'`, `'[names...]'`. */
  readonly arguments?: readonly string[];
  readonly options?: readonly AppCommandOption[];
  handle(context: CommandContext): void | number | Promise<void | number>;
}
