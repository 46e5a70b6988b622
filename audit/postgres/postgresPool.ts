import pg from 'pg';
import { AuditStoreConfigError } from '../AuditStoreConfigError';

/** The setting that chooses the PostgreSQL audit store. */
export const AUDIT_DATABASE_URL = 'AUDIT_DATABASE_URL';

export interface PostgresPoolOptions {
  /** Connections per process; one commits at a time, the rest serve reads. */
  poolSize: number;
  /** A connection attempt that takes longer fails (PostgreSQL down or unreachable). */
  connectTimeoutMs: number;
  /** Any single query that takes longer fails, so nothing waits forever on a silent network. */
  queryTimeoutMs: number;
}

const INT8_OID = 20;

/**
 * `postgres://user[:password]@host[:port]/database[?options=-c search_path=…]` → a pool.
 * A malformed URL is a setting error (the gateway refuses to start). BIGINT (seq, counts)
 * is read as a JS number: seqs stay far below 2^53.
 */
export function createPostgresPool(url: string, options: PostgresPoolOptions): pg.Pool {
  checkPostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    keepAlive: true,
    // Idle connections never keep a process alive that is otherwise done (scripts, tests, the subgraph's reader).
    allowExitOnIdle: true,
    application_name: 'household-gateway-audit',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that breaks (PostgreSQL restarted, network cut) is dropped by the
  // pool; without a listener its 'error' would end the process.
  pool.on('error', () => undefined);
  // So does one that breaks while checked out between queries: the next query fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Refuses anything but a well-formed postgres:// URL naming a database. */
export function checkPostgresUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AuditStoreConfigError(AUDIT_DATABASE_URL, 'is not a URL', 'set it to postgres://user@host:5432/database, or unset it for the SQLite file');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new AuditStoreConfigError(AUDIT_DATABASE_URL, `has scheme ${parsed.protocol} instead of postgres:`, 'set it to postgres://user@host:5432/database, or unset it for the SQLite file');
  }
  if (parsed.hostname === '' || parsed.pathname.length <= 1) {
    throw new AuditStoreConfigError(AUDIT_DATABASE_URL, 'names no host or no database', 'set it to postgres://user@host:5432/database');
  }
}

/** The URL without its password, for messages and logs. */
export function postgresLocation(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '(malformed AUDIT_DATABASE_URL)';
  }
}

/** `url` with `search_path` set to `schema` (libpq's `options`): one database, several separate logs. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
