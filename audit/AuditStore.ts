import type { AccessRecord, AuditOutcome, AuditRecordInput, CheckpointRecord } from './AuditRecord';
import type { ChainVerification } from './ChainVerification';
import type { UnusualAccessFinding, UnusualAccessThresholds } from './UnusualAccessDetector';

/** What a privacy officer narrows the access log by; every field is optional and they combine (AND). */
export interface AccessLogFilter {
  /** A data subject's id among the record's subjects. */
  subjectId?: string;
  actorSub?: string;
  org?: string;
  /** Purpose id, e.g. `regie`. */
  purpose?: string;
  outcome?: AuditOutcome;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** One page of the access log, newest first (Relay cursor connections). */
export interface AccessLogPage {
  edges: Array<{ cursor: string; node: AccessRecord }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * One access to a citizen's data as the citizen may see it (GDPR art. 15(1)(c): the
 * recipients): organisation and role, never the professional (CJEU C-579/21, Pankki S,
 * https://curia.europa.eu/juris/liste.jsf?num=C-579/21).
 */
export interface SubjectAccess {
  at: string;
  org: string | null;
  role: string | null;
  purpose: string | null;
  processingActivity: string | null;
  legalBasis: string | null;
  /** The categories of data the request returned about this subject. */
  labels: string[];
  /** Opened by emergency access (break-glass), without an active relation. */
  breakGlass: boolean;
}

export interface PruneReport {
  /** Records removed (access records and superseded checkpoints). */
  pruned: number;
  /** The checkpoint that now vouches for them; null when nothing was due. */
  checkpoint: CheckpointRecord | null;
  /** Expired records kept because an unexpired one precedes them (only a prefix is pruned). */
  expiredButKept: number;
}

/** The read side: what the audit subgraph needs. */
export interface AuditReader {
  /** Newest first; `first` is capped at the store's maximum page size; `after` is an `endCursor`. */
  accessLog(filter: AccessLogFilter, first: number, after: string | null): Promise<AccessLogPage>;
  verifyChain(): Promise<ChainVerification>;
  /** Unusual patterns among the records with `from <= at < to`. */
  unusualAccess(from: Date, to: Date, thresholds?: Partial<UnusualAccessThresholds>): Promise<UnusualAccessFinding[]>;
  /**
   * Every disclosure of one data subject's data, newest first: requests that returned data
   * about the subject, each with the labels returned about that subject alone.
   */
  accessesToSubject(subjectId: string): Promise<SubjectAccess[]>;
}

/**
 * The audit store the gateway writes through. Small on purpose, so a PostgreSQL store can
 * follow the SQLite one (audit/README.md).
 */
export interface AuditStore extends AuditReader {
  /**
   * Appends one record to the chain. Resolves only once the record is durably committed;
   * rejects with `AuditUnavailableError` when it cannot be (the caller must then not
   * return data), or `AuditRecordError` for an invalid record.
   */
  append(input: AuditRecordInput): Promise<AccessRecord>;
  /** Readiness probe: true when a record could be committed now. Never throws. */
  isWritable(): Promise<boolean>;
  /**
   * Removes records past their purpose's retention, leaving a checkpoint (audit/README.md,
   * Retention). Refuses with `AuditChainBrokenError` when the chain does not verify.
   */
  prune(now: Date): Promise<PruneReport>;
  /** Commits what is queued, then closes; later calls reject. */
  close(): Promise<void>;
}
