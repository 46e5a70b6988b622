import type pg from 'pg';
import { loadPolicy } from '../../policies/loadPolicy';
import type { AccessRecord, AuditRecordInput, StoredAuditRecord } from '../AuditRecord';
import type { AccessLogFilter, AccessLogPage, AuditStore, PruneReport, SubjectAccess } from '../AuditStore';
import type { AuditStoreObserver } from '../AuditStoreObserver';
import { AuditChainBrokenError } from '../AuditChainBrokenError';
import { AuditQueryError } from '../AuditQueryError';
import { AuditUnavailableError } from '../AuditUnavailableError';
import { retentionFromPolicy, type AuditRetention } from '../AuditRetention';
import type { ChainVerification } from '../ChainVerification';
import type { KnownTail } from '../ChainWalker';
import { normalizeAuditInput } from '../normalizeAuditInput';
import { checkpointFor, planPrune, type PruneCandidate } from '../planPrune';
import { RECORD_COLUMNS, recordToRow } from '../recordRow';
import type { GroupCommitStats } from '../SqliteAuditStore';
import type { UnusualAccessFinding, UnusualAccessThresholds } from '../UnusualAccessDetector';
import { BEGIN_CHAIN_TRANSACTION } from './chainLock';
import { linkRecord, prepareRecord, type PreparedRecord } from './preparedRecord';
import { checkPostgresAuditStore } from './checkPostgresAuditStore';
import { createPostgresPool, postgresLocation } from './postgresPool';
import { POSTGRES_AUDIT_READER_DEFAULTS, PostgresAuditReader } from './PostgresAuditReader';

export interface PostgresAuditStoreOptions {
  /** `AUDIT_DATABASE_URL`: postgres://user@host:port/database. */
  url: string;
  /** Retention for `prune`; default: read from policies/policy.yaml when a prune runs. */
  retention: AuditRetention | null;
  /** As SqliteAuditStore: 0 commits on the next turn of the event loop; later records join the next batch. */
  flushDelayMs: number;
  /** Most records in one transaction (31 parameters each; PostgreSQL allows 65,535 per statement). */
  maxBatch: number;
  /**
   * A batch not committed within this time fails with AUDIT_UNAVAILABLE (fail closed): a
   * slow database must not hold responses. Its connection is closed, so PostgreSQL rolls
   * the transaction back unless the COMMIT had already arrived.
   */
  commitTimeoutMs: number;
  connectTimeoutMs: number;
  /** Reads (the review, verifyChain pages) give up after this long. */
  queryTimeoutMs: number;
  poolSize: number;
  /** `isWritable` trusts a commit this recent instead of asking the database. */
  probeFreshMs: number;
  /** Apply pending migrations on open when the role may (the owner); otherwise `npm run audit:migrate`. */
  migrate: boolean;
  maxPageSize: number;
  verifyBatchSize: number;
  unusualAccessSubjectTypes: readonly string[] | null;
  /** Told about every commit (metrics, traces); none by default. */
  observer: AuditStoreObserver | null;
}

export const POSTGRES_AUDIT_STORE_DEFAULTS: Readonly<Omit<PostgresAuditStoreOptions, 'url'>> = {
  retention: null,
  flushDelayMs: 0,
  maxBatch: 256,
  commitTimeoutMs: 2000,
  connectTimeoutMs: 2000,
  queryTimeoutMs: 30_000,
  poolSize: 4,
  probeFreshMs: 1000,
  migrate: true,
  maxPageSize: POSTGRES_AUDIT_READER_DEFAULTS.maxPageSize,
  verifyBatchSize: POSTGRES_AUDIT_READER_DEFAULTS.verifyBatchSize,
  unusualAccessSubjectTypes: POSTGRES_AUDIT_READER_DEFAULTS.unusualAccessSubjectTypes,
  observer: null,
};

interface Pending {
  prepared: PreparedRecord;
  resolve(record: AccessRecord): void;
  reject(error: Error): void;
}

/** A connection checked out for one transaction; released (or destroyed) exactly once. */
class Lease {
  private released = false;
  constructor(readonly client: pg.PoolClient) {}
  release(destroy: boolean): void {
    if (this.released) return;
    this.released = true;
    this.client.release(destroy ? true : undefined);
  }
}

const INSERT_RECORD_PREFIX = `INSERT INTO audit_records (${RECORD_COLUMNS.join(', ')}) VALUES `;

const placeholderCache = new Map<string, string>();

/** `($1, $2, …), (…)` for `rows` rows of `width` values (built once per shape: batches repeat their sizes). */
function placeholders(rows: number, width: number): string {
  const key = `${rows}x${width}`;
  let text = placeholderCache.get(key);
  if (text === undefined) {
    const groups: string[] = [];
    for (let r = 0; r < rows; r += 1) groups.push(`(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
    text = groups.join(', ');
    if (placeholderCache.size < 2048) placeholderCache.set(key, text);
  }
  return text;
}

function rowValues(record: StoredAuditRecord): unknown[] {
  const row = recordToRow(record);
  return RECORD_COLUMNS.map((column) => row[column]);
}

/**
 * The audit store on PostgreSQL (audit/postgres/README.md): the same records, canonical
 * JSON and hash chain as SqliteAuditStore, shared by every gateway instance. Each instance
 * group-commits: all records queued while a commit is under way go into the next
 * transaction, which takes the chain lock, reads the tail, inserts and commits with
 * `synchronous_commit = on`; each caller's promise resolves only after that COMMIT.
 */
export class PostgresAuditStore implements AuditStore {
  readonly location: string;
  private readonly options: PostgresAuditStoreOptions;
  private readonly pool: pg.Pool;
  private readonly reader: PostgresAuditReader;
  /** The newest record this instance committed; the chain must never end before it. */
  private known: KnownTail | null = null;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private lastCommitAt = 0;
  private readonly counters: GroupCommitStats = { appended: 0, flushes: 0, largestBatch: 0, failed: 0 };
  private lastError: AuditUnavailableError | null = null;

  /**
   * Never throws for an unreachable database (appends reject until it is back). Use
   * `PostgresAuditStore.open` to refuse a wrong setting at start instead.
   */
  constructor(options: Partial<PostgresAuditStoreOptions> & Pick<PostgresAuditStoreOptions, 'url'>) {
    this.options = { ...POSTGRES_AUDIT_STORE_DEFAULTS, ...options };
    this.location = postgresLocation(this.options.url);
    this.pool = createPostgresPool(this.options.url, {
      poolSize: this.options.poolSize,
      connectTimeoutMs: this.options.connectTimeoutMs,
      queryTimeoutMs: this.options.queryTimeoutMs,
    });
    this.reader = new PostgresAuditReader(this.pool, {
      maxPageSize: this.options.maxPageSize,
      verifyBatchSize: this.options.verifyBatchSize,
      unusualAccessSubjectTypes: this.options.unusualAccessSubjectTypes,
    });
  }

  /**
   * Connects, migrates when allowed and needed, and checks the schema version and the
   * role's privileges; rejects with `AuditStoreConfigError` (one line naming
   * AUDIT_DATABASE_URL and the fix) so the gateway refuses to start.
   */
  static async open(options: Partial<PostgresAuditStoreOptions> & Pick<PostgresAuditStoreOptions, 'url'>): Promise<PostgresAuditStore> {
    const store = new PostgresAuditStore(options);
    try {
      await checkPostgresAuditStore(store.pool, { migrate: store.options.migrate });
      store.known = await store.reader.tail();
      store.lastCommitAt = Date.now();
      return store;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  stats(): GroupCommitStats {
    return { ...this.counters };
  }

  /** Why the store is unavailable, or null while it works (for the operator's log). */
  unavailableReason(): AuditUnavailableError | null {
    return this.lastError;
  }

  append(input: AuditRecordInput): Promise<AccessRecord> {
    if (this.closed) return Promise.reject(this.closedError());
    let prepared: PreparedRecord;
    try {
      // Checked, normalized and serialized now, outside the chain lock (preparedRecord.ts).
      prepared = prepareRecord(normalizeAuditInput(input));
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<AccessRecord>((resolve, reject) => {
      this.queue.push({ prepared, resolve, reject });
      this.schedule();
    });
  }

  async isWritable(): Promise<boolean> {
    if (this.closed) return false;
    if (this.lastError === null && Date.now() - this.lastCommitAt < this.options.probeFreshMs) return true;
    try {
      const [tail, readOnly] = await this.withDeadline(Promise.all([this.reader.tail(), this.reader.readOnly()]), () => undefined);
      // A standby (after a fail-over that pointed the URL at the wrong server) or a role whose
      // transactions are read-only answers reads but would refuse every append.
      if (readOnly) {
        throw new AuditUnavailableError('io', this.location, `The audit database ${this.location} takes no writes (a standby, or transactions read-only for this role): point AUDIT_DATABASE_URL at the primary.`);
      }
      this.checkTail(tail);
      this.lastError = null;
      this.lastCommitAt = Date.now();
      return true;
    } catch (err) {
      this.lastError = this.unavailable(err);
      return false;
    }
  }

  async accessLog(filter: AccessLogFilter, first: number, after: string | null): Promise<AccessLogPage> {
    return this.read(() => this.reader.accessLog(filter, first, after));
  }

  async verifyChain(): Promise<ChainVerification> {
    return this.read(() => this.reader.verifyChain(this.known));
  }

  async unusualAccess(from: Date, to: Date, thresholds?: Partial<UnusualAccessThresholds>): Promise<UnusualAccessFinding[]> {
    return this.read(() => this.reader.unusualAccess(from, to, thresholds));
  }

  async accessesToSubject(subjectId: string): Promise<SubjectAccess[]> {
    return this.read(() => this.reader.accessesToSubject(subjectId));
  }

  /**
   * The retention prune, as on SQLite, in one transaction that holds the chain lock (so no
   * instance appends meanwhile). Deletes only with `audit.pruning` raised for this
   * transaction, which the triggers check, and only as a role that holds DELETE: run
   * `npm run audit:prune` with the owner's URL.
   */
  async prune(now: Date): Promise<PruneReport> {
    if (this.closed) throw this.closedError();
    const retention = this.options.retention ?? retentionFromPolicy(loadPolicy());
    let lease: Lease;
    try {
      lease = new Lease(await this.pool.connect());
    } catch (err) {
      throw this.unavailable(err);
    }
    const db = lease.client;
    try {
      await db.query(BEGIN_CHAIN_TRANSACTION);
      const verification = await this.reader.verifyChainIn(db, this.known);
      if (!verification.verified) throw new AuditChainBrokenError(this.location, verification);
      const rows = (await db.query<PruneCandidate>('SELECT seq, kind, at, purpose_id, hash FROM audit_records ORDER BY seq')).rows;
      const plan = planPrune(rows, retention, now);
      let report: PruneReport = { pruned: 0, checkpoint: null, expiredButKept: plan.expiredButKept };
      if (plan.accessInPrefix > 0 && plan.through !== null) {
        const through = plan.through;
        const checkpoint = checkpointFor({ ...plan, through }, this.checkTail(await this.reader.tail(db)), retention);
        // The checkpoint goes in first: the chain's seq order never has to start from nothing.
        await db.query(`${INSERT_RECORD_PREFIX}${placeholders(1, RECORD_COLUMNS.length)}`, rowValues(checkpoint));
        await db.query("SET LOCAL audit.pruning = 'on'");
        await db.query('DELETE FROM audit_subjects WHERE record_seq <= $1', [through.seq]);
        await db.query('DELETE FROM audit_records WHERE seq <= $1', [through.seq]);
        await db.query("SET LOCAL audit.pruning = 'off'");
        report = { pruned: plan.prefix, checkpoint, expiredButKept: plan.expiredButKept };
      }
      await db.query('COMMIT');
      lease.release(false);
      if (report.checkpoint) this.known = { seq: report.checkpoint.seq, hash: report.checkpoint.hash };
      return report;
    } catch (err) {
      lease.release(true); // rolls back: the connection closes mid-transaction
      if (err instanceof AuditChainBrokenError) throw err;
      throw this.unavailable(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.clearTimer();
    // What is queued gets its commit attempt; whatever fails is rejected, never dropped silently.
    while (this.flushing || this.queue.length > 0) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private async read<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) throw this.closedError();
    try {
      return await run();
    } catch (err) {
      // A bad review argument is the caller's; anything else means the database did not answer.
      if (err instanceof AuditQueryError) throw err;
      throw this.unavailable(err);
    }
  }

  private schedule(): void {
    if (this.timer !== null || this.flushing !== null) return;
    const run = () => {
      this.timer = null;
      void this.flush();
    };
    this.timer = this.options.flushDelayMs > 0 ? setTimeout(run, this.options.flushDelayMs) : setImmediate(run);
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  /** One batch at a time per instance; records queued meanwhile form the next batch. */
  private flush(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return Promise.resolve();
    const done = this.commitBatch(batch).finally(() => {
      this.flushing = null;
      if (this.queue.length > 0 && !this.closed) this.schedule();
    });
    this.flushing = done;
    return done;
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    const observer = this.options.observer;
    const started = process.hrtime.bigint();
    observer?.commitStarted?.(batch.length, this.queue.length);
    const held: { lease: Lease | null; abandoned: boolean } = { lease: null, abandoned: false };
    try {
      const committed = await this.withDeadline(
        (async () => {
          const client = await this.pool.connect();
          held.lease = new Lease(client);
          if (held.abandoned) throw new Error('the batch was given up before a connection came');
          return this.writeBatch(client, batch);
        })(),
        // Past the deadline: close the connection, so PostgreSQL rolls back what it has not committed yet.
        () => {
          held.abandoned = true;
          held.lease?.release(true);
        },
      );
      held.lease?.release(false);
      observer?.committed?.(committed.length, secondsSince(started));
      this.counters.flushes += 1;
      this.counters.appended += committed.length;
      this.counters.largestBatch = Math.max(this.counters.largestBatch, committed.length);
      this.lastCommitAt = Date.now();
      this.lastError = null;
      const last = committed.at(-1)!;
      if (this.known === null || last.seq > this.known.seq) this.known = { seq: last.seq, hash: last.hash };
      batch.forEach((pending, index) => pending.resolve(committed[index]!));
    } catch (err) {
      held.lease?.release(true);
      const error = this.unavailable(err);
      observer?.commitFailed?.(batch.length, secondsSince(started));
      this.lastError = error;
      this.lastCommitAt = 0; // the next readiness probe must ask the database
      this.counters.failed += batch.length;
      for (const pending of batch) pending.reject(error);
    }
  }

  private async writeBatch(db: pg.PoolClient, batch: readonly Pending[]): Promise<AccessRecord[]> {
    await db.query(BEGIN_CHAIN_TRANSACTION);
    // Read under the chain lock: another instance may have appended since our last batch.
    let tail = this.checkTail(await this.reader.tail(db));
    const committed: AccessRecord[] = [];
    const recordValues: unknown[] = [];
    const subjectValues: unknown[] = [];
    for (const { prepared } of batch) {
      const { record, row } = linkRecord(prepared, tail);
      recordValues.push(...row);
      for (const [id, type, labels] of prepared.subjects) subjectValues.push(id, record.seq, type, labels);
      committed.push(record);
      tail = { seq: record.seq, hash: record.hash };
    }
    await db.query(`${INSERT_RECORD_PREFIX}${placeholders(committed.length, RECORD_COLUMNS.length)}`, recordValues);
    if (subjectValues.length > 0) {
      await db.query(`INSERT INTO audit_subjects (subject_id, record_seq, subject_type, labels) VALUES ${placeholders(subjectValues.length / 4, 4)}`, subjectValues);
    }
    await db.query('COMMIT');
    return committed;
  }

  /** The chain must never end before what this instance committed: that would mean acknowledged records are gone. */
  private checkTail(tail: KnownTail | null): KnownTail | null {
    const known = this.known;
    if (known && (tail === null || tail.seq < known.seq)) {
      throw new AuditUnavailableError(
        'diverged',
        this.location,
        `The audit database ${this.location} ends at seq ${tail?.seq ?? 'nothing'}, but this instance committed seq ${known.seq}: records were removed or the database was restored from an older backup. Restore the newest backup; the store will not continue a chain that lost acknowledged records.`,
      );
    }
    return tail;
  }

  /** Rejects after commitTimeoutMs (calling `onTimeout`), whatever `work` is waiting for. */
  private withDeadline<T>(work: Promise<T>, onTimeout: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        onTimeout();
        reject(new AuditUnavailableError('unreachable', this.location, `The audit database ${this.location} did not answer within ${this.options.commitTimeoutMs} ms.`));
      }, this.options.commitTimeoutMs);
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  private closedError(): AuditUnavailableError {
    return new AuditUnavailableError('closed', this.location, `The audit store for ${this.location} is closed.`);
  }

  private unavailable(err: unknown): AuditUnavailableError {
    if (err instanceof AuditUnavailableError) return err;
    const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : null;
    const detail = err instanceof Error ? err.message : String(err);
    return new AuditUnavailableError(
      'unreachable',
      this.location,
      `The audit database ${this.location} cannot take records (${code ?? 'error'}: ${detail}).`,
      null,
      { cause: err },
    );
  }
}

function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
