/**
 * The parts of better-sqlite3 and express-session that the bench servers use (neither package
 * ships types, and the bench adds no @types packages).
 */
declare module 'better-sqlite3' {
  namespace Database {
    interface Statement {
      run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
      pluck(toggle?: boolean): this;
    }
    interface Database {
      prepare(sql: string): Statement;
      exec(sql: string): this;
      pragma(source: string): unknown;
      transaction<F extends (...args: never[]) => unknown>(fn: F): F;
      close(): void;
    }
  }
  const Database: new (filename: string, options?: Record<string, unknown>) => Database.Database;
  export = Database;
}

declare module 'express-session' {
  import type { RequestHandler } from 'express';

  interface SessionOptions {
    secret: string | string[];
    resave?: boolean;
    saveUninitialized?: boolean;
    name?: string;
    cookie?: { httpOnly?: boolean; secure?: boolean; sameSite?: boolean | 'lax' | 'strict' | 'none'; maxAge?: number };
  }
  function session(options: SessionOptions): RequestHandler;
  export = session;
}

declare namespace Express {
  interface Request {
    /** express-session's session: its id and whatever the app stores. */
    session: { id: string; name?: string; [key: string]: unknown };
  }
}
