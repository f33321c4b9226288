import { createInterface, type Interface } from 'node:readline';
import { CommandError } from './output';

/**
 * Questions on the terminal (node:readline): `ask` echoes, `secret` does not (on a terminal).
 * Lines piped in are queued, so `printf 'a\nb\n' | egv createsuperuser` answers each question in turn.
 */
export class Prompter {
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;
  private muted = false;
  private readonly tty: boolean;

  constructor(
    private readonly input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.tty = Boolean(input.isTTY);
    this.rl = createInterface({ input, output: this.tty ? output : undefined, terminal: this.tty });
    // Hide what is typed while a secret is asked for.
    const rl = this.rl as unknown as { _writeToOutput?: (s: string) => void };
    const write = rl._writeToOutput?.bind(this.rl);
    if (write) rl._writeToOutput = (s: string) => (this.muted ? undefined : write(s));
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(line);
      } else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = null;
    });
    // A Ctrl-C at a prompt ends the command like Django's: "Operation cancelled."
    this.rl.on('SIGINT', () => {
      this.output.write('\nOperation cancelled.\n');
      process.exit(1);
    });
  }

  private next(): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(new CommandError('The input ended before every question was answered.'));
    return new Promise((resolve, reject) => {
      this.waiting = (line) => (line === null ? reject(new CommandError('The input ended before every question was answered.')) : resolve(line));
    });
  }

  /** Ask a question; the answer is echoed. */
  async ask(question: string): Promise<string> {
    this.output.write(question);
    const answer = await this.next();
    if (!this.tty) this.output.write('\n');
    return answer;
  }

  /** Ask for a secret: nothing is echoed on a terminal. */
  async secret(question: string): Promise<string> {
    this.output.write(question);
    this.muted = this.tty;
    try {
      return await this.next();
    } finally {
      this.muted = false;
      this.output.write('\n');
    }
  }

  close(): void {
    this.rl.close();
  }
}
