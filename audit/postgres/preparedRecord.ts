import { AUDIT_RECORD_FORMAT, type AccessRecord, type AuditRecordInput } from '../AuditRecord';
import type { KnownTail } from '../ChainWalker';
import { GENESIS_HASH, linkedRecordHash, unlinkedCanonicalRecord } from '../canonicalRecord';
import { RECORD_COLUMNS, recordToRow } from '../recordRow';

const SEQ = RECORD_COLUMNS.indexOf('seq');
const PREV_HASH = RECORD_COLUMNS.indexOf('prev_hash');
const HASH = RECORD_COLUMNS.indexOf('hash');

/**
 * A record serialized as far as it can be before its place in the chain is known: its
 * canonical text, its row values and its subject rows. The PostgreSQL store prepares each
 * record as it is appended, so that under the chain lock only the link is left: seq,
 * prevHash, one SHA-256 and three values.
 */
export interface PreparedRecord {
  record: AccessRecord;
  unlinked: string;
  row: unknown[];
  /** Per subject: id, type, labels (JSON). */
  subjects: Array<[string, string, string]>;
}

export function prepareRecord(input: AuditRecordInput): PreparedRecord {
  const record: AccessRecord = { ...input, kind: 'access', format: AUDIT_RECORD_FORMAT, seq: 0, prevHash: '', hash: '' };
  const row = recordToRow(record);
  return {
    record,
    unlinked: unlinkedCanonicalRecord(record),
    row: RECORD_COLUMNS.map((column) => row[column]),
    subjects: record.subjects.map((s) => [s.id, s.type, JSON.stringify(s.labels)]),
  };
}

/** The prepared record at its place after `tail`: the record, and its row values to insert. */
export function linkRecord(prepared: PreparedRecord, tail: KnownTail | null): { record: AccessRecord; row: unknown[] } {
  const seq = (tail?.seq ?? 0) + 1;
  const prevHash = tail?.hash ?? GENESIS_HASH;
  const hash = linkedRecordHash(prepared.unlinked, seq, prevHash);
  const row = [...prepared.row];
  row[SEQ] = seq;
  row[PREV_HASH] = prevHash;
  row[HASH] = hash;
  return { record: { ...prepared.record, seq, prevHash, hash }, row };
}
