import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';

export type Row = Record<string, unknown>;

/**
 * Counts SQL statements of one request. Each subgraph request gets one, so the gateway
 * and the tests can check that a household view costs a bounded number of statements
 * whatever the household's size (issue: DataLoader batches every entity look-up).
 */
export class SqlSession {
  statements = 0;
  constructor(private readonly store: Store) {}

  all<T = Row>(statement: Database.Statement, ...params: unknown[]): T[] {
    this.count();
    return statement.all(...params) as T[];
  }

  get<T = Row>(statement: Database.Statement, ...params: unknown[]): T | undefined {
    this.count();
    return statement.get(...params) as T | undefined;
  }

  private count(): void {
    this.statements += 1;
    this.store.statementsExecuted += 1;
  }
}

/**
 * An agency's own database is migrated on open; a read-only store opens a file someone
 * else owns and migrates (the audit subgraph reads the gateway's audit log this way).
 */
export type StoreOptions = { file: string; migrationsDir: string; readonly?: false } | { file: string; readonly: true };

/** One agency's own SQLite database: WAL, migrated on open, statements prepared once. */
export class Store {
  readonly db: Database.Database;
  statementsExecuted = 0;
  requests = 0;
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(options: StoreOptions) {
    if (options.readonly) {
      this.db = new Database(options.file, { readonly: true, fileMustExist: true });
      return;
    }
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    // WAL lets readers run while the seeder or a migration writes (https://sqlite.org/wal.html).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Reads dominate: map the file and keep a generous page cache, so a look-up costs the
    // same at 100,000 households as at 1,000 (SQLite's default cache is 2 MiB).
    this.db.pragma('mmap_size = 268435456');
    this.db.pragma('cache_size = -65536');
    migrate(this.db, options.migrationsDir);
  }

  /** A cached prepared statement: SQL is parsed once per process, not once per request. */
  statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  /**
   * Changes whenever anything in this database changed: a commit by another connection
   * (`PRAGMA data_version`, https://sqlite.org/pragma.html#pragma_data_version) or by this
   * one (`total_changes()`). Read before an answer, it lets the gateway keep that answer
   * until the data behind it may have changed (gateway/policy/DataVersionWatch.ts).
   */
  dataVersion(): string {
    const others = this.statement('PRAGMA data_version').get() as { data_version: number };
    const own = this.statement('SELECT total_changes() AS changes').get() as { changes: number };
    return `${others.data_version}.${own.changes}`;
  }

  session(): SqlSession {
    this.requests += 1;
    return new SqlSession(this);
  }

  close(): void {
    this.db.close();
  }
}
