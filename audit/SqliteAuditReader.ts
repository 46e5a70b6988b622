import { subjectIndexByRecord, type SubjectRow } from './subjectIndex';
import type Database from 'better-sqlite3';
import { DISCLOSING_OUTCOMES } from './AuditRecord';
import type { AccessLogFilter, AccessLogPage, AuditReader, SubjectAccess } from './AuditStore';
import { labelList, labelsOf } from './subjectLabels';
import type { ChainVerification } from './ChainVerification';
import { ChainWalker, type ChainAnchor, type KnownTail } from './ChainWalker';
import { encodeCursor } from './accessLogCursor';
import { accessLogArgs } from './accessLogArgs';
import { EMPTY_COLUMNS, RECORD_COLUMNS, rowToAccessRecord, rowToRecord, type RecordRow } from './recordRow';
import type { UnusualAccessFinding, UnusualAccessThresholds } from './UnusualAccessDetector';
import { unusualAccessArgs } from './unusualAccessArgs';

export interface SqliteAuditReaderOptions {
  /** `first` above this is silently capped (a privacy officer pages; nobody downloads the log at once). */
  maxPageSize: number;
  /** Records per read while walking the chain, so memory stays flat for any chain length. */
  verifyBatchSize: number;
  /**
   * The data-subject types `unusualAccess` counts (e.g. the groups, policy.yaml
   * `dataSubjects` with `members`); null counts subjects of every type.
   */
  unusualAccessSubjectTypes: readonly string[] | null;
}

export const SQLITE_AUDIT_READER_DEFAULTS: Readonly<SqliteAuditReaderOptions> = {
  maxPageSize: 100,
  verifyBatchSize: 2000,
  unusualAccessSubjectTypes: null,
};

const COLUMNS = RECORD_COLUMNS.join(', ');

/**
 * The read side of the SQLite audit store, over any connection to the file, read-only
 * ones included (the audit subgraph opens it read-only). Statements are prepared once.
 */
export class SqliteAuditReader implements AuditReader {
  private readonly options: SqliteAuditReaderOptions;
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    options: Partial<SqliteAuditReaderOptions> = {},
  ) {
    this.options = { ...SQLITE_AUDIT_READER_DEFAULTS, ...options };
  }

  /** The newest record, or null for an empty log. */
  tail(): KnownTail | null {
    const row = this.statement('SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1').get() as KnownTail | undefined;
    return row ?? null;
  }

  async accessLog(filter: AccessLogFilter, first: number, after: string | null): Promise<AccessLogPage> {
    const { limit, from, to, beforeSeq } = accessLogArgs(filter, first, after, this.options.maxPageSize);
    const where = ["kind = 'access'"];
    const params: Record<string, string | number> = { limit: limit + 1 };
    const add = (clause: string, name: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params[name] = value;
    };
    add('seq IN (SELECT record_seq FROM audit_subjects WHERE subject_id = @subjectId)', 'subjectId', filter.subjectId);
    add('actor_sub = @actorSub', 'actorSub', filter.actorSub);
    add('actor_org = @org', 'org', filter.org);
    add('purpose_id = @purpose', 'purpose', filter.purpose);
    add('outcome = @outcome', 'outcome', filter.outcome);
    add('at >= @from', 'from', from);
    add('at < @to', 'to', to);
    add('seq < @after', 'after', beforeSeq);

    const rows = this.statement(`SELECT ${COLUMNS} FROM audit_records WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`).all(params) as RecordRow[];
    const page = rows.slice(0, limit);
    const edges = page.map((row) => ({ cursor: encodeCursor(row.seq), node: rowToAccessRecord(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async verifyChain(knownTail: KnownTail | null = null): Promise<ChainVerification> {
    return this.verifyChainNow(knownTail);
  }

  /** Walks the whole chain inside one read transaction, so a concurrent prune or append never shows as a break. */
  verifyChainNow(knownTail: KnownTail | null = null): ChainVerification {
    return this.db.transaction(() => {
      const anchors = new Map<number, ChainAnchor>();
      const checkpoints = this.statement("SELECT pruned_through_seq, pruned_last_hash FROM audit_records WHERE kind = 'checkpoint'").all() as Array<{
        pruned_through_seq: number | null;
        pruned_last_hash: string | null;
      }>;
      for (const c of checkpoints) {
        if (c.pruned_through_seq !== null && c.pruned_last_hash !== null) anchors.set(c.pruned_through_seq, { throughSeq: c.pruned_through_seq, lastHash: c.pruned_last_hash });
      }
      const walker = new ChainWalker(anchors);
      const batch = this.statement(`SELECT ${COLUMNS} FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?`);
      const subjects = this.statement('SELECT record_seq, subject_type, subject_id, labels FROM audit_subjects WHERE record_seq BETWEEN ? AND ?');
      let after = 0;
      while (!walker.isBroken) {
        const rows = batch.all(after, this.options.verifyBatchSize) as RecordRow[];
        if (rows.length === 0) break;
        const index = subjectIndexByRecord(subjects.all(rows[0]!.seq, rows.at(-1)!.seq) as SubjectRow[]);
        for (const row of rows) {
          if (!walker.add(rowToRecord(row), index.get(row.seq) ?? [])) break;
        }
        after = rows.at(-1)!.seq;
      }
      return walker.finish(knownTail);
    })();
  }

  async unusualAccess(from: Date, to: Date, thresholds: Partial<UnusualAccessThresholds> = {}): Promise<UnusualAccessFinding[]> {
    const { fromIso, toIso, detector } = unusualAccessArgs(from, to, thresholds);
    const rows = this.statement(
      `SELECT seq, format, at, actor_sub, actor_org, actor_role, outcome, subject_households, subject_persons, subjects, break_glass_justification FROM audit_records
       WHERE kind = 'access' AND at >= ? AND at < ? ORDER BY at, seq`,
    ).iterate(fromIso, toIso) as IterableIterator<
      Pick<RecordRow, 'seq' | 'format' | 'at' | 'actor_sub' | 'actor_org' | 'actor_role' | 'outcome' | 'subject_households' | 'subject_persons' | 'subjects' | 'break_glass_justification'>
    >;
    const types = this.options.unusualAccessSubjectTypes;
    for (const row of rows) {
      const record = rowToAccessRecord({ ...EMPTY_ROW, ...row });
      const subjects = record.subjects.filter((s) => types === null || types.includes(s.type)).map((s) => `${s.type}:${s.id}`);
      const breakGlass = record.breakGlass ? { recordSeq: row.seq, justification: record.breakGlass.justification } : undefined;
      detector.add({ at: record.at, actor: record.actor, outcome: record.outcome, subjects, breakGlass });
    }
    const findings = detector.findings();
    // A break-glass access shows its latest review verdict, whenever it was given.
    const reviews = this.statement(
      `SELECT at, actor_sub, review FROM audit_records WHERE review IS NOT NULL AND json_extract(review, '$.recordSeq') = ? ORDER BY seq DESC LIMIT 1`,
    );
    for (const finding of findings) {
      if (!finding.breakGlass) continue;
      const row = reviews.get(finding.breakGlass.recordSeq) as Pick<RecordRow, 'at' | 'actor_sub' | 'review'> | undefined;
      const review = row ? rowToAccessRecord({ ...EMPTY_ROW, ...row }).review : null;
      finding.breakGlass.review = row && review ? { ...review, at: row.at, reviewer: row.actor_sub } : null;
    }
    return findings;
  }

  async accessesToSubject(subjectId: string): Promise<SubjectAccess[]> {
    // Only requests that returned data about this subject, and not the citizen's own look-ups at this very log.
    const rows = this.statement(
      `SELECT r.at, r.actor_org, r.actor_role, r.purpose_id, r.purpose_activity, r.purpose_legal_basis, r.format, r.fields_returned, r.outcome, s.labels
       FROM audit_subjects s JOIN audit_records r ON r.seq = s.record_seq
       WHERE s.subject_id = @subjectId
         AND r.kind = 'access'
         AND r.outcome IN (SELECT value FROM json_each(@outcomes))
         AND r.actor_sub IS NOT @subjectId
       ORDER BY r.seq DESC`,
    ).all({ subjectId, outcomes: JSON.stringify(DISCLOSING_OUTCOMES) }) as Array<
      Pick<RecordRow, 'at' | 'actor_org' | 'actor_role' | 'purpose_id' | 'purpose_activity' | 'purpose_legal_basis' | 'format' | 'fields_returned' | 'outcome'> & { labels: string }
    >;
    // Deliberately no actor_sub in the answer: the professional stays unnamed (CJEU C-579/21).
    return rows.map((row) => ({
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

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}

const EMPTY_ROW: RecordRow = { seq: 0, format: 1, kind: 'access', at: '', prev_hash: '', hash: '', ...EMPTY_COLUMNS };
