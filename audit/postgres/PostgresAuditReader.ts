import { subjectIndexByRecord, type SubjectRow } from '../subjectIndex';
import type pg from 'pg';
import { DISCLOSING_OUTCOMES } from '../AuditRecord';
import type { AccessLogFilter, AccessLogPage, AuditReader, SubjectAccess } from '../AuditStore';
import type { ChainVerification } from '../ChainVerification';
import { ChainWalker, type ChainAnchor, type KnownTail } from '../ChainWalker';
import { encodeCursor } from '../accessLogCursor';
import { accessLogArgs } from '../accessLogArgs';
import { EMPTY_COLUMNS, RECORD_COLUMNS, rowToAccessRecord, rowToRecord, type RecordRow } from '../recordRow';
import { labelList, labelsOf } from '../subjectLabels';
import type { UnusualAccessFinding, UnusualAccessThresholds } from '../UnusualAccessDetector';
import { unusualAccessArgs } from '../unusualAccessArgs';
import { SQLITE_AUDIT_READER_DEFAULTS, type SqliteAuditReaderOptions } from '../SqliteAuditReader';

/** The same knobs as the SQLite reader (page cap, verify page size, unusual-access subject types). */
export type PostgresAuditReaderOptions = SqliteAuditReaderOptions;
export const POSTGRES_AUDIT_READER_DEFAULTS: Readonly<PostgresAuditReaderOptions> = SQLITE_AUDIT_READER_DEFAULTS;

/** A pool or one checked-out connection (inside a transaction). */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const COLUMNS = RECORD_COLUMNS.join(', ');

/**
 * The read side of the PostgreSQL audit store: the same answers as `SqliteAuditReader`
 * from the same columns. The audit subgraph uses it with its own pool (SELECT only).
 */
export class PostgresAuditReader implements AuditReader {
  private readonly options: PostgresAuditReaderOptions;

  constructor(
    private readonly pool: pg.Pool,
    options: Partial<PostgresAuditReaderOptions> = {},
  ) {
    this.options = { ...POSTGRES_AUDIT_READER_DEFAULTS, ...options };
  }

  /** The newest record, or null for an empty log. */
  /** Whether this connection's transactions are read-only: a hot standby, or `default_transaction_read_only` for the role. */
  async readOnly(db: Queryable = this.pool): Promise<boolean> {
    const result = await db.query<{ read_only: string }>("SELECT current_setting('transaction_read_only') AS read_only");
    return result.rows[0]?.read_only === 'on';
  }

  async tail(db: Queryable = this.pool): Promise<KnownTail | null> {
    const result = await db.query<KnownTail>('SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1');
    return result.rows[0] ?? null;
  }

  async accessLog(filter: AccessLogFilter, first: number, after: string | null): Promise<AccessLogPage> {
    const { limit, from, to, beforeSeq } = accessLogArgs(filter, first, after, this.options.maxPageSize);
    const where = ["kind = 'access'"];
    const values: Array<string | number> = [];
    const add = (clause: (placeholder: string) => string, value: string | number | undefined) => {
      if (value === undefined) return;
      values.push(value);
      where.push(clause(`$${values.length}`));
    };
    add((p) => `seq IN (SELECT record_seq FROM audit_subjects WHERE subject_id = ${p})`, filter.subjectId);
    add((p) => `actor_sub = ${p}`, filter.actorSub);
    add((p) => `actor_org = ${p}`, filter.org);
    add((p) => `purpose_id = ${p}`, filter.purpose);
    add((p) => `outcome = ${p}`, filter.outcome);
    add((p) => `at >= ${p}`, from);
    add((p) => `at < ${p}`, to);
    add((p) => `seq < ${p}`, beforeSeq);
    values.push(limit + 1);
    const result = await this.pool.query<RecordRow>(`SELECT ${COLUMNS} FROM audit_records WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${values.length}`, values);
    const rows = result.rows;
    const page = rows.slice(0, limit);
    const edges = page.map((row) => ({ cursor: encodeCursor(row.seq), node: rowToAccessRecord(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Walks the whole chain in one REPEATABLE READ snapshot, so concurrent appends or a prune never show as a break. */
  async verifyChain(knownTail: KnownTail | null = null): Promise<ChainVerification> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const verification = await this.verifyChainIn(client, knownTail);
      await client.query('COMMIT');
      client.release();
      return verification;
    } catch (err) {
      client.release(err instanceof Error ? err : true);
      throw err;
    }
  }

  /** The walk itself, on a connection already inside a transaction (the prune's, or verifyChain's snapshot). */
  async verifyChainIn(db: Queryable, knownTail: KnownTail | null): Promise<ChainVerification> {
    const anchors = new Map<number, ChainAnchor>();
    const checkpoints = await db.query<{ pruned_through_seq: number | null; pruned_last_hash: string | null }>(
      "SELECT pruned_through_seq, pruned_last_hash FROM audit_records WHERE kind = 'checkpoint'",
    );
    for (const c of checkpoints.rows) {
      if (c.pruned_through_seq !== null && c.pruned_last_hash !== null) anchors.set(c.pruned_through_seq, { throughSeq: c.pruned_through_seq, lastHash: c.pruned_last_hash });
    }
    const walker = new ChainWalker(anchors);
    let after = 0;
    while (!walker.isBroken) {
      const rows = (await db.query<RecordRow>(`SELECT ${COLUMNS} FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, this.options.verifyBatchSize])).rows;
      if (rows.length === 0) break;
      const subjects = await db.query<SubjectRow>('SELECT record_seq, subject_type, subject_id, labels FROM audit_subjects WHERE record_seq BETWEEN $1 AND $2', [
        rows[0]!.seq,
        rows.at(-1)!.seq,
      ]);
      const index = subjectIndexByRecord(subjects.rows);
      for (const row of rows) {
        if (!walker.add(rowToRecord(row), index.get(row.seq) ?? [])) break;
      }
      after = rows.at(-1)!.seq;
    }
    return walker.finish(knownTail);
  }

  async unusualAccess(from: Date, to: Date, thresholds: Partial<UnusualAccessThresholds> = {}): Promise<UnusualAccessFinding[]> {
    const { fromIso, toIso, detector } = unusualAccessArgs(from, to, thresholds);
    const result = await this.pool.query<
      Pick<RecordRow, 'seq' | 'format' | 'at' | 'actor_sub' | 'actor_org' | 'actor_role' | 'outcome' | 'subject_households' | 'subject_persons' | 'subjects' | 'break_glass_justification'>
    >(
      `SELECT seq, format, at, actor_sub, actor_org, actor_role, outcome, subject_households, subject_persons, subjects, break_glass_justification FROM audit_records
       WHERE kind = 'access' AND at >= $1 AND at < $2 ORDER BY at, seq`,
      [fromIso, toIso],
    );
    const types = this.options.unusualAccessSubjectTypes;
    for (const row of result.rows) {
      const record = rowToAccessRecord({ ...EMPTY_ROW, ...row });
      const subjects = record.subjects.filter((s) => types === null || types.includes(s.type)).map((s) => `${s.type}:${s.id}`);
      const breakGlass = record.breakGlass ? { recordSeq: row.seq, justification: record.breakGlass.justification } : undefined;
      detector.add({ at: record.at, actor: record.actor, outcome: record.outcome, subjects, breakGlass });
    }
    const findings = detector.findings();
    // A break-glass access shows its latest review verdict, whenever it was given.
    for (const finding of findings) {
      if (!finding.breakGlass) continue;
      const reviews = await this.pool.query<Pick<RecordRow, 'at' | 'actor_sub' | 'review'>>(
        `SELECT at, actor_sub, review FROM audit_records WHERE review IS NOT NULL AND ((review::json) ->> 'recordSeq') = $1 ORDER BY seq DESC LIMIT 1`,
        [String(finding.breakGlass.recordSeq)],
      );
      const row = reviews.rows[0];
      const review = row ? rowToAccessRecord({ ...EMPTY_ROW, ...row }).review : null;
      finding.breakGlass.review = row && review ? { ...review, at: row.at, reviewer: row.actor_sub } : null;
    }
    return findings;
  }

  async accessesToSubject(subjectId: string): Promise<SubjectAccess[]> {
    // Only requests that returned data about this subject, and not the citizen's own look-ups at this very log.
    const result = await this.pool.query<
      Pick<RecordRow, 'at' | 'actor_org' | 'actor_role' | 'purpose_id' | 'purpose_activity' | 'purpose_legal_basis' | 'format' | 'fields_returned' | 'outcome'> & { labels: string }
    >(
      `SELECT r.at, r.actor_org, r.actor_role, r.purpose_id, r.purpose_activity, r.purpose_legal_basis, r.format, r.fields_returned, r.outcome, s.labels
       FROM audit_subjects s JOIN audit_records r ON r.seq = s.record_seq
       WHERE s.subject_id = $1
         AND r.kind = 'access'
         AND r.outcome = ANY($2::text[])
         AND r.actor_sub IS DISTINCT FROM $1
       ORDER BY r.seq DESC`,
      [subjectId, [...DISCLOSING_OUTCOMES]],
    );
    // Deliberately no actor_sub in the answer: the professional stays unnamed (CJEU C-579/21).
    return result.rows.map((row) => ({
      at: row.at,
      org: row.actor_org,
      role: row.actor_role,
      purpose: row.purpose_id,
      processingActivity: row.purpose_activity,
      legalBasis: row.purpose_legal_basis,
      // Format 2 keeps the labels about this subject; format 1 only the request's.
      labels: row.format === 1 ? labelsOf(row.fields_returned) : labelList(row.labels),
      breakGlass: row.outcome === 'BREAK_GLASS',
    }));
  }
}

const EMPTY_ROW: RecordRow = { seq: 0, format: 1, kind: 'access', at: '', prev_hash: '', hash: '', ...EMPTY_COLUMNS };
