import { DataSource, type Logger } from 'typeorm';
import { testDataSource } from './test-datasource';

/** A TypeORM logger that keeps the SQL and parameters of every query while `recording` is on. */
export class QueryLog implements Logger {
  recording = false;
  readonly queries: Array<{ sql: string; parameters: unknown[] }> = [];

  logQuery(query: string, parameters?: unknown[]): void {
    if (this.recording) this.queries.push({ sql: query, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  /** The queries `fn` runs (transaction statements left out). */
  async during(fn: () => Promise<unknown>): Promise<Array<{ sql: string; parameters: unknown[] }>> {
    this.queries.length = 0;
    this.recording = true;
    try {
      await fn();
    } finally {
      this.recording = false;
    }
    return this.queries.filter((q) => !/^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)/i.test(q.sql));
  }
}

/** testDataSource() with a QueryLog. */
export function loggedDataSource(entities: Function[]): { dataSource: DataSource; log: QueryLog } {
  const log = new QueryLog();
  const base = testDataSource(entities);
  return { dataSource: new DataSource({ ...base.options, logger: log } as never), log };
}
