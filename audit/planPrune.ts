import { AUDIT_RECORD_FORMAT, type CheckpointRecord } from './AuditRecord';
import { isExpired, type AuditRetention } from './AuditRetention';
import type { KnownTail } from './ChainWalker';
import { GENESIS_HASH, recordHash } from './canonicalRecord';

/** What `prune` reads of each record, oldest first. */
export interface PruneCandidate {
  seq: number;
  kind: string;
  at: string;
  purpose_id: string | null;
  hash: string;
}

export interface PrunePlan {
  /** The last record removed; null when nothing is due. */
  through: { seq: number; hash: string } | null;
  /** Records removed (access records and superseded checkpoints). */
  prefix: number;
  /** Access records among them; a prefix of checkpoints alone is not worth a new one. */
  accessInPrefix: number;
  expiredButKept: number;
}

/**
 * The longest expired prefix (audit/README.md, Retention). Only a prefix goes: an expired
 * record behind an unexpired one waits, so the chain that remains is one unbroken run that
 * a single checkpoint can vouch for. Store-independent: SQLite and PostgreSQL prune alike.
 */
export function planPrune(rows: Iterable<PruneCandidate>, retention: AuditRetention, now: Date): PrunePlan {
  const plan: PrunePlan = { through: null, prefix: 0, accessInPrefix: 0, expiredButKept: 0 };
  let inPrefix = true;
  for (const row of rows) {
    // An older checkpoint is superseded by the one this prune writes.
    const expired = row.kind === 'checkpoint' || isExpired(retention, row.purpose_id, row.at, now);
    if (inPrefix && expired) {
      plan.prefix += 1;
      if (row.kind === 'access') plan.accessInPrefix += 1;
      plan.through = { seq: row.seq, hash: row.hash };
    } else {
      inPrefix = false;
      if (expired && row.kind === 'access') plan.expiredButKept += 1;
    }
  }
  return plan;
}

/** The checkpoint that vouches for a planned prefix, chained after `tail`. */
export function checkpointFor(plan: PrunePlan & { through: { seq: number; hash: string } }, tail: KnownTail | null, retention: AuditRetention): CheckpointRecord {
  const unhashed: CheckpointRecord = {
    kind: 'checkpoint',
    format: AUDIT_RECORD_FORMAT,
    seq: (tail?.seq ?? 0) + 1,
    prevHash: tail?.hash ?? GENESIS_HASH,
    hash: '',
    at: new Date().toISOString(),
    prunedCount: plan.prefix,
    prunedThroughSeq: plan.through.seq,
    prunedLastHash: plan.through.hash,
    policyVersion: retention.policyVersion,
  };
  return { ...unhashed, hash: recordHash(unhashed) };
}
