import type { Progress } from './app-command';

/**
 * A failure the user can fix: printed as one line (`error: <message>`), no stack trace unless
 * `--traceback`, and the process exits with `exitCode` (Django's CommandError).
 */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CommandError';
  }
}

function colours(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

function paint(code: number, stream: NodeJS.WriteStream = process.stdout): (text: string) => string {
  return (text) => (colours(stream) ? `\u001b[${code}m${text}\u001b[0m` : text);
}

/** Django's terminal styles (colour on a terminal only; NO_COLOR turns it off). */
export const style = {
  success: paint(32),
  warning: paint(33),
  notice: paint(36),
  bold: paint(1),
  error: paint(31, process.stderr),
};

/** The one-line reason of an error: its message, flattened (the first line of a multi-line message plus a count). */
export function oneLine(error: unknown): string {
  if (error instanceof Error) {
    const lines = String(error.message).trim().split('\n');
    // "Transform failed with 1 error:" says little without the line after it.
    const first = (lines[0]?.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1].trim()}` : lines[0]) || error.name;
    // The class name adds nothing for these (a driver's message already names its own error).
    const plain = error instanceof CommandError || /^(Error|ImproperlyConfigured|CommandError|QueryFailedError)$/.test(error.name);
    return plain || /^\w+Error: /.test(first) ? first : `${error.name}: ${first}`;
  }
  return String(error);
}

/** Print an error on stderr as Django does: one line, plus the stack with `traceback`. */
export function reportError(error: unknown, traceback: boolean): void {
  process.stderr.write(`${style.error('error:')} ${oneLine(error)}\n`);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (traceback && cause instanceof Error && cause.stack) process.stderr.write(`${cause.stack}\n`);
  else if (error instanceof Error && (!(error instanceof CommandError) || error.cause) && error.name !== 'ImproperlyConfigured') {
    process.stderr.write('(run again with --traceback to see where it happened)\n');
  }
}

/** A plain-text table with a header row and column padding. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/**
 * A progress report on `stream`: on a terminal one line rewritten in place; otherwise a line at
 * each tenth of the total (or every 100 items without a total), so logs stay short.
 */
export function progress(label: string, total?: number, stream: NodeJS.WriteStream = process.stdout): Progress {
  let done = 0;
  let lastStep = -1;
  const tty = Boolean(stream.isTTY);
  const describe = () => (total ? `${label}: ${done}/${total} (${Math.floor((done / total) * 100)}%)` : `${label}: ${done}`);
  return {
    tick(n = 1) {
      done += n;
      if (tty) {
        stream.write(`\r${describe()}`);
        return;
      }
      const step = total ? Math.floor((done / total) * 10) : Math.floor(done / 100);
      if (step !== lastStep) {
        lastStep = step;
        stream.write(`${describe()}\n`);
      }
    },
    done(message) {
      if (tty) stream.write('\r\u001b[K');
      stream.write(`${message ?? `${label}: ${done} done`}\n`);
    },
  };
}
