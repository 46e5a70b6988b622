import type { AuditStoreObserver } from './AuditStoreObserver';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadPolicy } from '../policies/loadPolicy';
import type { AccessRecord, AuditRecordInput } from './AuditRecord';
import type { AccessLogFilter, AccessLogPage, AuditStore, PruneReport, SubjectAccess } from './AuditStore';
import { AuditChainBrokenError } from './AuditChainBrokenError';
import { AuditUnavailableError, type AuditUnavailableReason } from './AuditUnavailableError';
import { retentionFromPolicy, type AuditRetention } from './AuditRetention';
import { chainAccessRecord } from './chainAccessRecord';
import { checkpointFor, planPrune, type PruneCandidate } from './planPrune';
import type { ChainVerification } from './ChainVerification';
import type { KnownTail } from './ChainWalker';
import { migrateAuditSchema } from './migrateAuditSchema';
import { normalizeAuditInput } from './normalizeAuditInput';
import { recordToRow, RECORD_COLUMNS } from './recordRow';
import { SQLITE_AUDIT_READER_DEFAULTS, SqliteAuditReader } from './SqliteAuditReader';
import type { UnusualAccessFinding, UnusualAccessThresholds } from './UnusualAccessDetector';

export interface SqliteAuditStoreOptions {
  file: string;
  /** Retention for `prune`; default: read from policies/policy.yaml when a prune runs. */
  retention: AuditRetention | null;
  /**
   * How long a queued record waits for company before its batch is committed. 0 commits on
   * the next turn of the event loop (setImmediate): everything queued meanwhile shares the
   * commit, and a lone request waits for no timer.
   */
  flushDelayMs: number;
  /** Most records in one commit. */
  maxBatch: number;
  /**
   * How long a batch keeps retrying while another connection holds the write lock (the
   * `audit:prune` CLI, a backup) before its appends fail with `AUDIT_UNAVAILABLE`. Retries
   * are timers, so the event loop keeps serving meanwhile.
   */
  lockWaitMs: number;
  lockRetryMs: number;
  /** SQLite's own busy wait, which blocks the event loop; 0 leaves waiting to the timer retries. */
  busyTimeoutMs: number;
  /** `isWritable` trusts a commit this recent instead of writing a probe. */
  probeFreshMs: number;
  maxPageSize: number;
  verifyBatchSize: number;
  /** Told about every commit (metrics, traces); none by default. */
  observer: AuditStoreObserver | null;
}

export const SQLITE_AUDIT_STORE_DEFAULTS: Readonly<Omit<SqliteAuditStoreOptions, 'file'>> = {
  retention: null,
  flushDelayMs: 0,
  maxBatch: 128,
  lockWaitMs: 2000,
  lockRetryMs: 5,
  busyTimeoutMs: 0,
  probeFreshMs: 1000,
  maxPageSize: SQLITE_AUDIT_READER_DEFAULTS.maxPageSize,
  verifyBatchSize: SQLITE_AUDIT_READER_DEFAULTS.verifyBatchSize,
  observer: null,
};

/** Group-commit counters, for tests, benchmarks and the operator. */
export interface GroupCommitStats {
  /** Records committed. */
  appended: number;
  /** Commits (transactions) that carried them; appended / flushes is the average batch. */
  flushes: number;
  largestBatch: number;
  /** Appends rejected with AUDIT_UNAVAILABLE. */
  failed: number;
}

interface Pending {
  input: AuditRecordInput;
  queuedAt: number;
  resolve(record: AccessRecord): void;
  reject(error: Error): void;
}

interface Connection {
  db: Database.Database;
  reader: SqliteAuditReader;
  /** The file's identity when opened: a different inode at the path means it was replaced. */
  dev: number;
  ino: number;
  insertRecord: Database.Statement;
  insertSubject: Database.Statement;
}

const LOCKED_CODES = /^SQLITE_(BUSY|LOCKED)/;

function errorCode(err: unknown): string | null {
  return err instanceof Database.SqliteError ? err.code : typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : null;
}

/**
 * The default audit store: one SQLite file (WAL, `synchronous = FULL`), append-only,
 * hash-chained, with group commit. See audit/README.md for the design and its limits.
 */
export class SqliteAuditStore implements AuditStore {
  readonly file: string;
  private readonly options: SqliteAuditStoreOptions;
  private conn: Connection | null = null;
  /** The newest record this process knows the file holds; the file must never fall behind it. */
  private known: KnownTail | null = null;
  private queue: Pending[] = [];
  private timer: { kind: 'immediate'; handle: NodeJS.Immediate } | { kind: 'timeout'; handle: NodeJS.Timeout } | null = null;
  private closed = false;
  private lastCommitAt = 0;
  private readonly counters: GroupCommitStats = { appended: 0, flushes: 0, largestBatch: 0, failed: 0 };
  /** Why the store is unavailable right now; null while it works. */
  private lastError: AuditUnavailableError | null = null;
  /** Since when another connection holds the write lock, as far as this store has seen. */
  private lockedSince: number | null = null;

  /**
   * Never throws for an unusable file: the store starts unavailable (appends reject,
   * `isWritable` is false) and recovers once the file can be opened.
   */
  constructor(options: Partial<SqliteAuditStoreOptions> & Pick<SqliteAuditStoreOptions, 'file'>) {
    this.options = { ...SQLITE_AUDIT_STORE_DEFAULTS, ...options };
    this.file = path.resolve(options.file);
    try {
      this.connection();
    } catch (err) {
      this.lastError = this.unavailable(err);
    }
  }

  /** Creates the file with its schema if missing (e.g. before a read-only reader opens it). */
  static ensureSchema(file: string, busyTimeoutMs = 5000): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.pragma('journal_mode = WAL');
      migrateAuditSchema(db);
    } finally {
      db.close();
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
    let normalized: AuditRecordInput;
    try {
      normalized = normalizeAuditInput(input);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<AccessRecord>((resolve, reject) => {
      this.queue.push({ input: normalized, queuedAt: Date.now(), resolve, reject });
      this.schedule(this.options.flushDelayMs);
    });
  }

  async isWritable(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const conn = this.connection();
      // The chain must still end where this process left it: a cut-off tail refuses every
      // write, so readiness must say so too.
      this.tailIn(conn);
      if (Date.now() - this.lastCommitAt >= this.options.probeFreshMs) {
        // A real commit (and fsync): a full disk or a read-only mount only shows on writing.
        conn.db.prepare('UPDATE audit_control SET probed_at = ? WHERE id = 1').run(new Date().toISOString());
        this.lastCommitAt = Date.now();
      }
      this.lastError = null;
      this.lockedSince = null;
      return true;
    } catch (err) {
      const error = this.unavailable(err);
      this.lastCommitAt = 0;
      if (error.reason === 'locked') {
        // Appends wait out a lock for lockWaitMs; so does readiness, or every prune would
        // take the gateway out of rotation.
        this.lockedSince ??= Date.now();
        if (Date.now() - this.lockedSince < this.options.lockWaitMs) return true;
      }
      this.lastError = error;
      return false;
    }
  }

  async accessLog(filter: AccessLogFilter, first: number, after: string | null): Promise<AccessLogPage> {
    return this.read().accessLog(filter, first, after);
  }

  async verifyChain(): Promise<ChainVerification> {
    return this.read().verifyChainNow(this.known);
  }

  async unusualAccess(from: Date, to: Date, thresholds?: Partial<UnusualAccessThresholds>): Promise<UnusualAccessFinding[]> {
    return this.read().unusualAccess(from, to, thresholds);
  }

  async accessesToSubject(subjectId: string): Promise<SubjectAccess[]> {
    return this.read().accessesToSubject(subjectId);
  }

  async prune(now: Date): Promise<PruneReport> {
    if (this.closed) throw this.closedError();
    const retention = this.options.retention ?? retentionFromPolicy(loadPolicy());
    let conn: Connection;
    try {
      conn = this.connection();
    } catch (err) {
      throw this.unavailable(err);
    }
    const report = conn.db.transaction((): PruneReport => {
      const verification = conn.reader.verifyChainNow(this.known);
      if (!verification.verified) throw new AuditChainBrokenError(this.file, verification);
      const rows = conn.db
        .prepare('SELECT seq, kind, at, purpose_id, hash FROM audit_records ORDER BY seq')
        .iterate() as IterableIterator<PruneCandidate>;
      const plan = planPrune(rows, retention, now);
      if (plan.accessInPrefix === 0 || plan.through === null) return { pruned: 0, checkpoint: null, expiredButKept: plan.expiredButKept };
      const through = plan.through;
      const checkpoint = checkpointFor({ ...plan, through }, this.tailIn(conn), retention);
      // The checkpoint goes in first: the chain's seq order never has to start from nothing.
      conn.insertRecord.run(recordToRow(checkpoint));
      conn.db.prepare('UPDATE audit_control SET pruning = 1 WHERE id = 1').run();
      conn.db.prepare('DELETE FROM audit_subjects WHERE record_seq <= ?').run(through.seq);
      conn.db.prepare('DELETE FROM audit_records WHERE seq <= ?').run(through.seq);
      conn.db.prepare('UPDATE audit_control SET pruning = 0 WHERE id = 1').run();
      return { pruned: plan.prefix, checkpoint, expiredButKept: plan.expiredButKept };
    });
    try {
      const result = report.immediate();
      if (result.checkpoint) this.known = { seq: result.checkpoint.seq, hash: result.checkpoint.hash };
      return result;
    } catch (err) {
      if (err instanceof AuditChainBrokenError) throw err;
      throw this.unavailable(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.clearTimer();
    // One last attempt for what is queued; whatever fails is rejected, never dropped silently.
    while (this.queue.length > 0) this.flush({ retryLocked: false });
    this.clearTimer();
    this.closed = true;
    this.drop();
  }

  private read(): SqliteAuditReader {
    if (this.closed) throw this.closedError();
    try {
      return this.connection().reader;
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) return;
    const run = () => {
      this.timer = null;
      this.flush({ retryLocked: true });
    };
    this.timer = delayMs > 0 ? { kind: 'timeout', handle: setTimeout(run, delayMs) } : { kind: 'immediate', handle: setImmediate(run) };
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    if (this.timer.kind === 'timeout') clearTimeout(this.timer.handle);
    else clearImmediate(this.timer.handle);
    this.timer = null;
  }

  /**
   * Group commit: every record queued since the last flush goes into one IMMEDIATE
   * transaction, so the whole batch shares one WAL fsync (`synchronous = FULL`). Each
   * caller's promise settles only after that commit returned.
   */
  private flush({ retryLocked }: { retryLocked: boolean }): void {
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    const observer = this.options.observer;
    const started = process.hrtime.bigint();
    observer?.commitStarted?.(batch.length, this.queue.length);
    try {
      const conn = this.connection();
      const committed = conn.db.transaction(() => this.writeBatch(conn, batch)).immediate();
      observer?.committed?.(committed.length, secondsSince(started));
      this.counters.flushes += 1;
      this.counters.appended += committed.length;
      this.counters.largestBatch = Math.max(this.counters.largestBatch, committed.length);
      this.lastCommitAt = Date.now();
      this.lastError = null;
      this.lockedSince = null;
      this.known = { seq: committed.at(-1)!.seq, hash: committed.at(-1)!.hash };
      batch.forEach((pending, index) => pending.resolve(committed[index]!));
    } catch (err) {
      const error = this.unavailable(err);
      if (error.reason === 'locked') this.lockedSince ??= Date.now();
      const waited = Date.now() - batch[0]!.queuedAt;
      if (retryLocked && error.reason === 'locked' && waited < this.options.lockWaitMs) {
        this.queue.unshift(...batch);
        this.schedule(this.options.lockRetryMs);
        return;
      }
      observer?.commitFailed?.(batch.length, secondsSince(started));
      // This batch has waited the lock out: readiness agrees at once, not lockWaitMs after
      // its own first sight of the lock (which a busy event loop can make later than ours).
      if (error.reason === 'locked') this.lockedSince = Date.now() - this.options.lockWaitMs;
      this.lastError = error;
      this.lastCommitAt = 0; // the next readiness probe must write, not trust an older commit
      this.counters.failed += batch.length;
      for (const pending of batch) pending.reject(error);
    }
    if (this.queue.length > 0) this.schedule(0);
  }

  private writeBatch(conn: Connection, batch: readonly Pending[]): AccessRecord[] {
    let tail = this.tailIn(conn);
    const committed: AccessRecord[] = [];
    for (const { input } of batch) {
      const record = chainAccessRecord(input, tail);
      conn.insertRecord.run(recordToRow(record));
      for (const subject of record.subjects) conn.insertSubject.run(subject.id, record.seq, subject.type, JSON.stringify(subject.labels));
      committed.push(record);
      tail = { seq: record.seq, hash: record.hash };
    }
    return committed;
  }

  /**
   * The tail as the file holds it, read inside the writing transaction: another process
   * (`audit:prune`) may have appended a checkpoint since. It must never be behind what this
   * process committed: that would mean records it acknowledged are gone.
   */
  private tailIn(conn: Connection): KnownTail | null {
    const tail = conn.reader.tail();
    const known = this.known;
    if (known && (tail === null || tail.seq < known.seq || (tail.seq === known.seq && tail.hash !== known.hash))) {
      throw new AuditUnavailableError(
        'diverged',
        this.file,
        `The audit file ${this.file} ends at seq ${tail?.seq ?? 'nothing'}, but this process committed seq ${known.seq}: records were removed or the file was replaced. Restore it; the store will not continue a chain that lost acknowledged records.`,
      );
    }
    return tail;
  }

  /**
   * The open connection, after checking the path still names the file it opened. SQLite
   * happily keeps writing to a deleted file (its inode lives on while open), so without
   * this check records would be "committed" into a file nobody can ever read.
   */
  private connection(): Connection {
    if (this.closed) throw this.closedError();
    if (this.conn) {
      let stat: fs.Stats | null = null;
      try {
        stat = fs.statSync(this.file);
      } catch {
        stat = null;
      }
      if (stat && stat.ino === this.conn.ino && stat.dev === this.conn.dev) return this.conn;
      this.drop();
    }
    return this.open();
  }

  private open(): Connection {
    const exists = fs.existsSync(this.file);
    if (!exists && this.known) {
      // A new empty file would silently start a new chain and hide the loss: refuse instead.
      throw new AuditUnavailableError(
        'vanished',
        this.file,
        `The audit file ${this.file} is gone, but it held records up to seq ${this.known.seq}. Restore it (with sqlite3 .backup or a copy including its -wal file); the store resumes once the restored file holds seq ${this.known.seq}.`,
      );
    }
    if (!exists) fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file, { fileMustExist: exists });
    try {
      db.pragma('journal_mode = WAL');
      // FULL: the WAL is fsynced at every commit, so a committed record survives power loss
      // (https://sqlite.org/pragma.html#pragma_synchronous); group commit pays for it.
      db.pragma('synchronous = FULL');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(this.options.busyTimeoutMs))}`);
      migrateAuditSchema(db);
      const stat = fs.statSync(this.file);
      const conn: Connection = {
        db,
        reader: new SqliteAuditReader(db, { maxPageSize: this.options.maxPageSize, verifyBatchSize: this.options.verifyBatchSize }),
        dev: stat.dev,
        ino: stat.ino,
        insertRecord: db.prepare(`INSERT INTO audit_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map((c) => `@${c}`).join(', ')})`),
        insertSubject: db.prepare('INSERT INTO audit_subjects (subject_id, record_seq, subject_type, labels) VALUES (?, ?, ?, ?)'),
      };
      this.checkContinuity(conn);
      this.known = conn.reader.tail() ?? this.known;
      this.conn = conn;
      return conn;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** A reopened file must still hold the last record this process knows, or have pruned it under a checkpoint. */
  private checkContinuity(conn: Connection): void {
    const known = this.known;
    if (!known) return;
    const row = conn.db.prepare('SELECT hash FROM audit_records WHERE seq = ?').get(known.seq) as { hash: string } | undefined;
    const pruned = conn.db.prepare("SELECT 1 FROM audit_records WHERE kind = 'checkpoint' AND pruned_through_seq >= ? LIMIT 1").get(known.seq);
    if ((row && row.hash === known.hash) || (!row && pruned)) return;
    throw new AuditUnavailableError(
      'diverged',
      this.file,
      `The audit file ${this.file} does not hold record ${known.seq} as this process committed it (${row ? 'different hash' : 'missing'}): it was restored from an older copy or replaced. Restore the newest copy.`,
    );
  }

  /** Closes the connection after a failure, so the next attempt reopens (and rechecks) the file. */
  private drop(): void {
    const conn = this.conn;
    this.conn = null;
    if (!conn) return;
    try {
      conn.db.close();
    } catch {
      // Closing a connection whose file is gone can fail; it is unusable either way.
    }
  }

  private closedError(): AuditUnavailableError {
    return new AuditUnavailableError('closed', this.file, `The audit store for ${this.file} is closed.`);
  }

  private unavailable(err: unknown): AuditUnavailableError {
    if (err instanceof AuditUnavailableError) return err;
    const code = errorCode(err);
    const locked = code !== null && LOCKED_CODES.test(code);
    // Anything but a lock may have left the connection in doubt: reopen (and recheck) next time.
    if (!locked) this.drop();
    const reason: AuditUnavailableReason = locked ? 'locked' : 'io';
    const detail = err instanceof Error ? err.message : String(err);
    return new AuditUnavailableError(
      reason,
      this.file,
      locked
        ? `The audit file ${this.file} is locked by another connection (${code}); records cannot be committed until it is released.`
        : `The audit file ${this.file} cannot be written (${code ?? 'error'}: ${detail}).`,
      code,
      { cause: err },
    );
  }
}

function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
