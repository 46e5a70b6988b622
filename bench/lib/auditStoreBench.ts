import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { SqliteAuditReader } from '../../audit/SqliteAuditReader';
import { migratePostgresAudit } from '../../audit/postgres/migratePostgresAudit';
import { PostgresAuditReader } from '../../audit/postgres/PostgresAuditReader';
import { createPostgresPool, postgresLocation, withSearchPath } from '../../audit/postgres/postgresPool';
import type { AppenderResult } from '../auditAppender';
import type { BenchRun } from './children';
import { round } from './measure';

/** The issue's goal for two instances appending to one PostgreSQL chain (issue 11). */
export const POSTGRES_TWO_INSTANCE_GOAL = 5000;

export interface AuditStoreBenchOptions {
  /** Seconds of closed-loop appends per run. */
  seconds: number;
  /** Appends outstanding per instance (a busy gateway's requests in flight). */
  inFlight: number;
  /** The PostgreSQL database to work in (a schema of its own per run, dropped after); null skips PostgreSQL. */
  databaseUrl: string | null;
}

export interface AuditStoreRow {
  store: 'sqlite' | 'postgres';
  instances: number;
  recordsPerSecond: number;
  commitsPerSecond: number;
  recordsPerCommit: number;
  latencyMs: { p50: number; p99: number };
  appended: number;
  failed: number;
  /** CPU seconds of the appending processes per 1,000 records (hashing, JSON, the driver). */
  cpuSecondsPer1000: number;
  /** The chain after the run: every record there, one chain. */
  chain: { verified: boolean; records: number };
}

export interface AuditStoreComparison {
  options: AuditStoreBenchOptions & { databaseUrl: string | null };
  rows: AuditStoreRow[];
  postgres: 'measured' | string;
}

/** The bench's PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the development machine's. */
export function benchDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `instances` appender processes on one log at once; the rates are over the common window. */
async function measure(
  run: BenchRun,
  label: string,
  store: 'sqlite' | 'postgres',
  target: string,
  instances: number,
  options: AuditStoreBenchOptions,
): Promise<Omit<AuditStoreRow, 'chain'>> {
  const startAt = Date.now() + 4000; // every process has opened its store by then (tsx start-up)
  const outs = Array.from({ length: instances }, (_, i) => path.join(run.dir, `${label}-${i}.json`));
  const children = outs.map((out, i) =>
    run.spawn({
      name: `${label}-${i}`,
      script: 'bench/auditAppender.ts',
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        BENCH_AUDIT_STORE: store,
        BENCH_AUDIT_TARGET: target,
        BENCH_AUDIT_SECONDS: String(options.seconds),
        BENCH_AUDIT_IN_FLIGHT: String(options.inFlight),
        BENCH_AUDIT_START_AT: String(startAt),
        BENCH_AUDIT_OUT: out,
      },
    }),
  );
  // They end by themselves: all marked before any is awaited, or one ending early counts as a crash.
  for (const child of children) child.stopping = true;
  for (const child of children) {
    const how = await child.exited;
    if (how.code !== 0) throw new Error(`${child.name} failed (${how.signal ?? `code ${how.code}`}); see ${child.logFile}`);
  }
  const results = outs.map((out) => JSON.parse(fs.readFileSync(out, 'utf8')) as AppenderResult);
  const window = (Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
  const appended = results.reduce((sum, r) => sum + r.appended, 0);
  const flushes = results.reduce((sum, r) => sum + r.stats.flushes, 0);
  return {
    store,
    instances,
    recordsPerSecond: round(appended / window, 0),
    commitsPerSecond: round(flushes / window, 0),
    recordsPerCommit: round(appended / Math.max(1, flushes), 1),
    // The slower instance's: what a caller on the busier one sees.
    latencyMs: { p50: Math.max(...results.map((r) => r.latencyMs.p50)), p99: Math.max(...results.map((r) => r.latencyMs.p99)) },
    appended,
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    cpuSecondsPer1000: round((results.reduce((sum, r) => sum + r.cpuSeconds, 0) / Math.max(1, appended)) * 1000, 3),
  };
}

async function sqliteRun(run: BenchRun, instances: number, options: AuditStoreBenchOptions): Promise<AuditStoreRow> {
  const file = path.join(run.dir, `audit-bench-${instances}.sqlite`);
  SqliteAuditStore.ensureSchema(file);
  const row = await measure(run, `sqlite-${instances}`, 'sqlite', file, instances, options);
  const db = new Database(file, { readonly: true });
  try {
    const chain = new SqliteAuditReader(db).verifyChainNow();
    return { ...row, chain: { verified: chain.verified, records: chain.records } };
  } finally {
    db.close();
  }
}

async function postgresRun(run: BenchRun, instances: number, options: AuditStoreBenchOptions & { databaseUrl: string }): Promise<AuditStoreRow> {
  const schema = `audit_bench_${process.pid}_${instances}`;
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = withSearchPath(options.databaseUrl, schema);
    const pool = createPostgresPool(url, { poolSize: 2, connectTimeoutMs: 5000, queryTimeoutMs: 120_000 });
    try {
      await migratePostgresAudit(pool);
      const row = await measure(run, `postgres-${instances}`, 'postgres', url, instances, options);
      const chain = await new PostgresAuditReader(pool).verifyChain();
      return { ...row, chain: { verified: chain.verified, records: chain.records } };
    } finally {
      await pool.end();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

/**
 * Records/s that audit store instances sustain, each in its own process appending with
 * `inFlight` outstanding: SQLite (one file) and PostgreSQL (one chain), one instance and
 * two at once. Every run starts from an empty log and ends with the chain verified.
 */
export async function compareAuditStores(run: BenchRun, options: AuditStoreBenchOptions, note: (message: string) => void): Promise<AuditStoreComparison> {
  const rows: AuditStoreRow[] = [];
  for (const instances of [1, 2]) {
    note(`audit stores: sqlite, ${instances} instance(s), ${options.seconds} s at ${options.inFlight} appends in flight each`);
    rows.push(await sqliteRun(run, instances, options));
    note(`  ${rows.at(-1)!.recordsPerSecond} records/s`);
  }
  let postgres = 'measured';
  const problem = options.databaseUrl === null ? 'no database URL' : await reachable(options.databaseUrl);
  if (problem !== null || options.databaseUrl === null) {
    postgres = `skipped: PostgreSQL at ${options.databaseUrl ? postgresLocation(options.databaseUrl) : '(none)'} is not reachable (${problem}); set BENCH_DATABASE_URL`;
    note(`audit stores: ${postgres}`);
  } else {
    for (const instances of [1, 2]) {
      note(`audit stores: postgres, ${instances} instance(s), ${options.seconds} s at ${options.inFlight} appends in flight each`);
      rows.push(await postgresRun(run, instances, { ...options, databaseUrl: options.databaseUrl }));
      note(`  ${rows.at(-1)!.recordsPerSecond} records/s`);
    }
  }
  return { options: { ...options, databaseUrl: options.databaseUrl ? postgresLocation(options.databaseUrl) : null }, rows, postgres };
}

export function auditStoreTable(rows: readonly AuditStoreRow[]): string {
  const header = ['store', 'instances', 'records/s', 'commits/s', 'records/commit', 'p50 ms', 'p99 ms', 'failed', 'CPU s/1000 rec', 'chain'];
  const lines = rows.map((r) => [
    r.store,
    String(r.instances),
    String(r.recordsPerSecond),
    String(r.commitsPerSecond),
    String(r.recordsPerCommit),
    String(r.latencyMs.p50),
    String(r.latencyMs.p99),
    String(r.failed),
    String(r.cpuSecondsPer1000),
    r.chain.verified ? `verified (${r.chain.records})` : 'BROKEN',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}
