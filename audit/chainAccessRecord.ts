import { AUDIT_RECORD_FORMAT, type AccessRecord, type AuditRecordInput } from './AuditRecord';
import type { KnownTail } from './ChainWalker';
import { GENESIS_HASH, recordHash } from './canonicalRecord';

/** A normalized input as the record that follows `tail` in the chain (seq, prevHash, hash). */
export function chainAccessRecord(input: AuditRecordInput, tail: KnownTail | null): AccessRecord {
  const unhashed: AccessRecord = {
    ...input,
    kind: 'access',
    format: AUDIT_RECORD_FORMAT,
    seq: (tail?.seq ?? 0) + 1,
    prevHash: tail?.hash ?? GENESIS_HASH,
    hash: '',
  };
  return { ...unhashed, hash: recordHash(unhashed) };
}
