import type { DataSource, QueryRunner } from 'typeorm';
import { currentScope } from './context';

/** Drivers with a single connection, on which two transactions must never overlap. */
const SINGLE_CONNECTION = new Set(['better-sqlite3', 'sqlite', 'sqljs', 'capacitor', 'cordova', 'expo', 'react-native', 'nativescript']);

/** The mutable state of a TypeORM query runner that a transaction's own runner must not share. */
interface RunnerState {
  manager: QueryRunner['manager'];
  broadcaster: QueryRunner['broadcaster'];
  isTransactionActive: boolean;
  isReleased: boolean;
  transactionDepth: number;
}

/** TypeORM's `QueryRunner.query`, called on the shared runner. */
type Send = (this: QueryRunner, query: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;

/**
 * The one connection of a single-connection database (SQLite), shared between the framework's
 * transactions and every other statement.
 *
 * Why: TypeORM gives every caller the same query runner on SQLite, so a statement sent while
 * another request's transaction is open runs inside that transaction and vanishes with its
 * rollback. Here transactions take the connection in turn (FIFO) and run on a runner of their
 * own; a statement from anywhere else waits until the transaction open now has ended, and a
 * transaction waits until the statements already running have finished. Code inside an
 * `atomic()` block of the same DataSource is part of its transaction and never waits.
 */
export class ConnectionGate {
  /** The end of the queue of transactions (and of statements queued behind them). */
  private tail: Promise<void> = Promise.resolve();
  /** Transactions holding or waiting for the connection. */
  private transactions = 0;
  /** Statements from outside the framework's transactions running now. */
  private running = 0;
  private drained: (() => void) | null = null;
  private transactionRunner: (QueryRunner & RunnerState) | null = null;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly shared: QueryRunner & RunnerState,
  ) {
    const send = shared.query as Send;
    const gated = (query: string, parameters?: unknown[], structured?: boolean) =>
      this.transactions === 0 || this.inOwnTransaction() || this.insideTransaction() ? this.track(send, query, parameters, structured) : this.queue(send, query, parameters, structured);
    shared.query = gated as QueryRunner['query'];
  }

  /** The gate of `dataSource` when its driver has a single connection, else null. */
  static of(dataSource: DataSource): ConnectionGate | null {
    if (!SINGLE_CONNECTION.has(String(dataSource.options?.type)) || typeof dataSource.driver?.createQueryRunner !== 'function') return null;
    // The driver's one query runner (every createQueryRunner() call returns it until the DataSource is destroyed).
    const shared = dataSource.driver.createQueryRunner('master') as QueryRunner & RunnerState;
    let gate = gates.get(shared);
    if (!gate) gates.set(shared, (gate = new ConnectionGate(dataSource, shared)));
    return gate;
  }

  /**
   * Run `fn` with the connection to itself, on a query runner of its own: after the transactions
   * queued before it and the statements running now; statements sent meanwhile wait for it.
   */
  async exclusive<T>(fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
    this.transactions++;
    const release = await this.turn();
    try {
      await this.quiet();
      return await fn(this.ownRunner());
    } finally {
      this.transactions--;
      release();
    }
  }

  /**
   * Whether a transaction TypeORM opened by itself on the shared runner (a bare `save()`) is open:
   * its statements go on (its BEGIN, sent at depth 0, waits like any other statement).
   */
  private inOwnTransaction(): boolean {
    return this.shared.isTransactionActive && this.shared.transactionDepth > 0;
  }

  /** Whether the code running now is inside an `atomic()` block of this DataSource. */
  private insideTransaction(): boolean {
    const scope = currentScope();
    return scope?.manager !== undefined && scope.database.dataSource === this.dataSource;
  }

  /** A statement sent while no transaction waits, or inside one: counted while it runs. */
  private async track(send: Send, query: string, parameters?: unknown[], structured?: boolean): Promise<unknown> {
    this.running++;
    try {
      return await send.call(this.shared, query, parameters, structured);
    } finally {
      if (--this.running === 0 && this.drained) this.drained();
    }
  }

  /** A statement sent while transactions hold or wait for the connection: it runs after the one open now. */
  private async queue(send: Send, query: string, parameters?: unknown[], structured?: boolean): Promise<unknown> {
    const release = await this.turn();
    // track() counts it synchronously, before the next transaction's turn begins: that transaction waits for it.
    const sent = this.track(send, query, parameters, structured);
    release();
    return sent;
  }

  /** Wait for the connection's turn; resolves with the function that passes it on. */
  private turn(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }

  /** Wait until no outside statement runs and no transaction TypeORM opened by itself (a bare `save()`) is open. */
  private async quiet(): Promise<void> {
    while (this.running > 0 || this.connectionInTransaction()) {
      await new Promise<void>((resolve) => {
        if (this.running > 0) this.drained = resolve;
        // That transaction's statements pass the gate; look again on the next turn of the event loop.
        else setImmediate(resolve);
      });
      this.drained = null;
    }
  }

  /**
   * Whether a transaction is open on the connection itself. better-sqlite3 says so; TypeORM's
   * flags are set before its BEGIN is sent (a BEGIN waiting behind this transaction must not
   * count) and its depth after the BEGIN has run, so they are only the fallback of other drivers.
   */
  private connectionInTransaction(): boolean {
    const connection = (this.shared as unknown as { driver?: { databaseConnection?: { inTransaction?: unknown } } }).driver?.databaseConnection;
    return typeof connection?.inTransaction === 'boolean' ? connection.inTransaction : this.inOwnTransaction();
  }

  /**
   * The query runner of the transaction holding the connection: the shared one's connection and
   * statement cache, with its own transaction state, manager and broadcaster (so subscribers'
   * `event.manager` is the transaction's), and statements that bypass the gate. Transactions
   * hold the connection one at a time, so one runner serves them all, reset for each.
   */
  private ownRunner(): QueryRunner {
    let runner = this.transactionRunner;
    if (!runner) {
      const shared = this.shared;
      runner = this.transactionRunner = Object.create(shared) as QueryRunner & RunnerState;
      // The runner class's own methods, not whatever was set on the shared instance (the gate's query, a wrapper).
      const own = Object.getPrototypeOf(shared) as QueryRunner;
      runner.query = own.query;
      runner.release = own.release;
      const Broadcaster = Object.getPrototypeOf(shared.broadcaster).constructor as new (runner: QueryRunner) => QueryRunner['broadcaster'];
      runner.broadcaster = new Broadcaster(runner);
      runner.manager = this.dataSource.createEntityManager(runner);
    }
    runner.isTransactionActive = false;
    runner.isReleased = false;
    runner.transactionDepth = 0;
    return runner;
  }
}

const gates = new WeakMap<QueryRunner, ConnectionGate>();
