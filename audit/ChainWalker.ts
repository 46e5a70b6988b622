import type { StoredAuditRecord } from './AuditRecord';
import type { ChainVerification } from './ChainVerification';
import { GENESIS_HASH, recordHash } from './canonicalRecord';

/** A record whose columns were tampered into something unhashable simply fails to match. */
function safeHash(record: StoredAuditRecord): string | null {
  try {
    return recordHash(record);
  } catch {
    return null;
  }
}

/** One subject index row as a comparable key: `<type>:<id>:<label,label…>`. */
export function subjectIndexKey(type: string, id: string, labels: readonly string[]): string {
  return `${type}:${id}:${labels.join(',')}`;
}

/** The subject index entries a record implies, sorted. */
export function subjectIndexKeys(record: StoredAuditRecord): string[] {
  if (record.kind !== 'access') return [];
  return record.subjects.map((s) => subjectIndexKey(s.type, s.id, s.labels)).sort();
}

/** A checkpoint's promise about the pruned prefix: the chain resumes after `throughSeq` from `lastHash`. */
export interface ChainAnchor {
  throughSeq: number;
  lastHash: string;
}

/** The last record a writer knows it committed; a chain ending before it was cut off. */
export interface KnownTail {
  seq: number;
  hash: string;
}

/**
 * Walks records in seq order, fed in pages so a long chain never sits in memory at once,
 * and stops at the first record that does not verify. It detects:
 * - an edited record (its content no longer matches its hash);
 * - a removed record (a seq gap), an inserted or re-linked one (prevHash mismatch);
 * - reordered records (seq is hashed, so a moved record no longer matches its hash);
 * - a removed prefix that no checkpoint accounts for;
 * - a subject index that no longer matches its record (it drives the citizen's view);
 * - with `knownTail`, a cut-off tail.
 * A forger who recomputes every hash from the edit to the end is caught only by comparing
 * `lastHash` with a copy kept elsewhere (audit/README.md, Limits).
 */
export class ChainWalker {
  private verified = 0;
  private expectedSeq: number | null = null;
  private expectedPrevHash: string | null = null;
  private firstSeq: number | null = null;
  private lastSeq: number | null = null;
  private lastHash: string | null = null;
  private broken: { seq: number; reason: string } | null = null;

  constructor(
    /** Checkpoints by the last seq they pruned. */
    private readonly anchors: ReadonlyMap<number, ChainAnchor>,
  ) {}

  get isBroken(): boolean {
    return this.broken !== null;
  }

  /**
   * Checks the next record. `subjectIndex` is what the store's subject index holds for it,
   * as `subjectIndexKeys` writes them; pass null to skip that check.
   */
  add(record: StoredAuditRecord, subjectIndex: readonly string[] | null): boolean {
    if (this.broken) return false;
    if (this.expectedSeq === null) {
      this.firstSeq = record.seq;
      if (record.seq === 1) {
        this.expectedPrevHash = GENESIS_HASH;
      } else {
        const anchor = this.anchors.get(record.seq - 1);
        if (!anchor) {
          const pruned = Math.max(0, ...[...this.anchors.keys()].filter((through) => through < record.seq - 1));
          const missing = pruned > 0 ? `records ${pruned + 1}..${record.seq - 1} are missing; the checkpoints account only for records up to ${pruned}` : `records 1..${record.seq - 1} are missing and no checkpoint accounts for them`;
          return this.fail(record.seq, `${missing} (removed outside the retention prune)`);
        }
        this.expectedPrevHash = anchor.lastHash;
        if (record.prevHash !== anchor.lastHash) {
          return this.fail(record.seq, `prevHash does not match the checkpoint that pruned records up to ${record.seq - 1}`);
        }
      }
    } else if (record.seq !== this.expectedSeq) {
      if (record.seq > this.expectedSeq) {
        const missing = record.seq - 1 === this.expectedSeq ? `record ${this.expectedSeq} is` : `records ${this.expectedSeq}..${record.seq - 1} are`;
        return this.fail(this.expectedSeq, `${missing} missing: seq ${record.seq} follows ${this.expectedSeq - 1}`);
      }
      return this.fail(record.seq, `seq ${record.seq} appears after ${this.expectedSeq - 1}: records are out of order`);
    }
    if (safeHash(record) !== record.hash) {
      return this.fail(record.seq, `the content of record ${record.seq} does not match its hash: it was edited`);
    }
    if (record.prevHash !== this.expectedPrevHash) {
      return this.fail(record.seq, `prevHash of record ${record.seq} does not match the hash of record ${record.seq - 1}: a record before it was changed, removed or inserted`);
    }
    if (subjectIndex !== null) {
      const expected = subjectIndexKeys(record);
      const actual = [...subjectIndex].sort();
      if (expected.length !== actual.length || expected.some((key, index) => key !== actual[index])) {
        return this.fail(record.seq, `the subject index of record ${record.seq} does not match the record: index rows were edited, removed or added`);
      }
    }
    this.verified += 1;
    this.expectedSeq = record.seq + 1;
    this.expectedPrevHash = record.hash;
    this.lastSeq = record.seq;
    this.lastHash = record.hash;
    return true;
  }

  /** The verdict; `knownTail` is the last record the writer itself committed, if it knows one. */
  finish(knownTail: KnownTail | null = null): ChainVerification {
    if (!this.broken && knownTail) {
      if (this.lastSeq === null || this.lastSeq < knownTail.seq) {
        this.fail(
          (this.lastSeq ?? 0) + 1,
          `the chain ends at ${this.lastSeq ?? 'nothing'} but this store committed records up to ${knownTail.seq}: the tail was cut off`,
        );
      } else if (this.lastSeq === knownTail.seq && this.lastHash !== knownTail.hash) {
        this.fail(knownTail.seq, `record ${knownTail.seq} is not the one this store committed: the tail was rewritten`);
      }
    }
    return {
      verified: this.broken === null,
      records: this.verified,
      firstBrokenSeq: this.broken?.seq ?? null,
      reason: this.broken?.reason ?? null,
      firstSeq: this.firstSeq,
      lastSeq: this.lastSeq,
      lastHash: this.lastHash,
    };
  }

  private fail(seq: number, reason: string): false {
    this.broken = { seq, reason };
    return false;
  }
}
