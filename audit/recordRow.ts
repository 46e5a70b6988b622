import type { AccessRecord, AuditField, AuditOutcome, AuditRecordFormat, AuditReview, AuditSubject, StoredAuditRecord } from './AuditRecord';
import { LEGACY_SUBJECT_TYPES } from './canonicalRecord';

/** A row of `audit_records` (migrations/001_init.sql); the record is rebuilt from it for hashing. */
export interface RecordRow {
  seq: number;
  format: number;
  kind: string;
  at: string;
  trace_id: string | null;
  span_id: string | null;
  actor_sub: string | null;
  actor_org: string | null;
  actor_role: string | null;
  purpose_id: string | null;
  purpose_activity: string | null;
  purpose_legal_basis: string | null;
  policy_version: string | null;
  operation_name: string | null;
  document_hash: string | null;
  fields_returned: string | null;
  fields_redacted: string | null;
  /** Format 1 only. */
  subject_households: string | null;
  /** Format 1 only. */
  subject_persons: string | null;
  /** Format 2: JSON [{type, id, labels}]. */
  subjects: string | null;
  malformed_ids: number | null;
  supergraph_version: string | null;
  outcome: string | null;
  error_codes: string | null;
  duration_ms: number | null;
  gateway_instance: string | null;
  /** Format 3. */
  break_glass_justification: string | null;
  /** Format 3: JSON {recordSeq, verdict, note}. */
  review: string | null;
  pruned_count: number | null;
  pruned_through_seq: number | null;
  pruned_last_hash: string | null;
  prev_hash: string;
  hash: string;
}

export const RECORD_COLUMNS: ReadonlyArray<keyof RecordRow> = [
  'seq', 'format', 'kind', 'at', 'trace_id', 'span_id', 'actor_sub', 'actor_org', 'actor_role',
  'purpose_id', 'purpose_activity', 'purpose_legal_basis', 'policy_version', 'operation_name',
  'document_hash', 'fields_returned', 'fields_redacted', 'subject_households', 'subject_persons',
  'subjects', 'malformed_ids', 'supergraph_version', 'outcome', 'error_codes', 'duration_ms', 'gateway_instance', 'break_glass_justification', 'review', 'pruned_count', 'pruned_through_seq',
  'pruned_last_hash', 'prev_hash', 'hash',
];

/** Every optional column unset: the base a row of either kind is built on. */
export const EMPTY_COLUMNS: Omit<RecordRow, 'seq' | 'format' | 'kind' | 'at' | 'prev_hash' | 'hash'> = {
  trace_id: null,
  span_id: null,
  actor_sub: null,
  actor_org: null,
  actor_role: null,
  purpose_id: null,
  purpose_activity: null,
  purpose_legal_basis: null,
  policy_version: null,
  operation_name: null,
  document_hash: null,
  fields_returned: null,
  fields_redacted: null,
  subject_households: null,
  subject_persons: null,
  subjects: null,
  malformed_ids: null,
  supergraph_version: null,
  outcome: null,
  error_codes: null,
  duration_ms: null,
  gateway_instance: null,
  break_glass_justification: null,
  review: null,
  pruned_count: null,
  pruned_through_seq: null,
  pruned_last_hash: null,
};

export function recordToRow(record: StoredAuditRecord): RecordRow {
  const link = { seq: record.seq, format: record.format, kind: record.kind, at: record.at, prev_hash: record.prevHash, hash: record.hash };
  if (record.kind === 'checkpoint') {
    return {
      ...EMPTY_COLUMNS,
      ...link,
      policy_version: record.policyVersion,
      pruned_count: record.prunedCount,
      pruned_through_seq: record.prunedThroughSeq,
      pruned_last_hash: record.prunedLastHash,
    };
  }
  return {
    ...EMPTY_COLUMNS,
    ...link,
    trace_id: record.traceId,
    span_id: record.spanId,
    actor_sub: record.actor?.sub ?? null,
    actor_org: record.actor?.org ?? null,
    actor_role: record.actor?.role ?? null,
    purpose_id: record.purpose?.id ?? null,
    purpose_activity: record.purpose?.processingActivity ?? null,
    purpose_legal_basis: record.purpose?.legalBasis ?? null,
    policy_version: record.policyVersion,
    operation_name: record.operationName,
    document_hash: record.documentHash,
    fields_returned: JSON.stringify(record.fieldsReturned),
    fields_redacted: JSON.stringify(record.fieldsRedacted),
    ...subjectColumns(record),
    outcome: record.outcome,
    error_codes: JSON.stringify(record.errorCodes),
    duration_ms: record.durationMs,
    gateway_instance: record.gatewayInstance,
    break_glass_justification: record.breakGlass?.justification ?? null,
    review: record.review ? JSON.stringify(record.review) : null,
  };
}

/** Format 1 kept two id lists; format 2 one typed list with labels. */
function subjectColumns(record: AccessRecord): Pick<RecordRow, 'subject_households' | 'subject_persons' | 'subjects' | 'malformed_ids' | 'supergraph_version'> {
  if (record.format === 1) {
    const ids = (type: string) => JSON.stringify(record.subjects.filter((s) => s.type === type).map((s) => s.id));
    return {
      subject_households: ids(LEGACY_SUBJECT_TYPES.households),
      subject_persons: ids(LEGACY_SUBJECT_TYPES.persons),
      subjects: null,
      malformed_ids: null,
      supergraph_version: null,
    };
  }
  return {
    subject_households: null,
    subject_persons: null,
    subjects: JSON.stringify(record.subjects),
    malformed_ids: record.malformedIds,
    supergraph_version: record.supergraphVersion,
  };
}

/*
 * Columns are read leniently: a tampered column that no longer parses, or holds the wrong
 * shape, must show up as a hash mismatch in verifyChain rather than as a crash, so it
 * becomes a marker value that no genuine record hashes to.
 */
const UNREADABLE = '(unreadable)';

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return UNREADABLE;
  }
}

function stringList(text: string | null): string[] {
  const value = parse(text);
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : [UNREADABLE];
}

function subjectList(row: RecordRow): AuditSubject[] {
  if (row.format === 1) {
    return [
      ...stringList(row.subject_households).map((id) => ({ type: LEGACY_SUBJECT_TYPES.households, id, labels: [] })),
      ...stringList(row.subject_persons).map((id) => ({ type: LEGACY_SUBJECT_TYPES.persons, id, labels: [] })),
    ];
  }
  const value = parse(row.subjects);
  if (!Array.isArray(value)) return [{ type: UNREADABLE, id: UNREADABLE, labels: [] }];
  return value.map((item: unknown) => {
    const { type, id, labels } = (typeof item === 'object' && item !== null ? item : {}) as { type?: unknown; id?: unknown; labels?: unknown };
    return {
      type: typeof type === 'string' ? type : UNREADABLE,
      id: typeof id === 'string' ? id : UNREADABLE,
      labels: Array.isArray(labels) && labels.every((l) => typeof l === 'string') ? (labels as string[]) : [UNREADABLE],
    };
  });
}

function fieldList(text: string | null): AuditField[] {
  const value = parse(text);
  if (!Array.isArray(value)) return [{ field: UNREADABLE, label: UNREADABLE }];
  return value.map((item: unknown) => {
    const { field, label } = (typeof item === 'object' && item !== null ? item : {}) as { field?: unknown; label?: unknown };
    return { field: typeof field === 'string' ? field : UNREADABLE, label: typeof label === 'string' ? label : UNREADABLE };
  });
}

/** Rebuilds the record from its row. Edited columns rebuild to a record whose hash no longer matches. */
export function rowToRecord(row: RecordRow): StoredAuditRecord {
  // A tampered format still rebuilds; the hash then exposes it.
  const format = row.format as AuditRecordFormat;
  const link = { seq: row.seq, format, at: row.at, prevHash: row.prev_hash, hash: row.hash };
  if (row.kind === 'checkpoint') {
    return {
      ...link,
      kind: 'checkpoint',
      prunedCount: row.pruned_count ?? -1,
      prunedThroughSeq: row.pruned_through_seq ?? -1,
      prunedLastHash: row.pruned_last_hash ?? UNREADABLE,
      policyVersion: row.policy_version,
    };
  }
  return rowToAccessRecord(row);
}

export function rowToAccessRecord(row: RecordRow): AccessRecord {
  const actor = row.actor_sub !== null || row.actor_org !== null || row.actor_role !== null
    ? { sub: row.actor_sub ?? UNREADABLE, org: row.actor_org ?? UNREADABLE, role: row.actor_role ?? UNREADABLE }
    : null;
  const purpose = row.purpose_id !== null || row.purpose_activity !== null || row.purpose_legal_basis !== null
    ? { id: row.purpose_id ?? UNREADABLE, processingActivity: row.purpose_activity ?? UNREADABLE, legalBasis: row.purpose_legal_basis ?? UNREADABLE }
    : null;
  return {
    // An unknown kind is kept as it is, so the hash exposes it instead of the record passing as an access.
    kind: row.kind as 'access',
    seq: row.seq,
    format: row.format as AuditRecordFormat,
    prevHash: row.prev_hash,
    hash: row.hash,
    at: row.at,
    traceId: row.trace_id ?? UNREADABLE,
    spanId: row.span_id ?? UNREADABLE,
    actor,
    purpose,
    policyVersion: row.policy_version,
    operationName: row.operation_name,
    documentHash: row.document_hash,
    fieldsReturned: fieldList(row.fields_returned),
    fieldsRedacted: fieldList(row.fields_redacted),
    subjects: subjectList(row),
    malformedIds: row.format === 1 ? 0 : (row.malformed_ids ?? -1),
    supergraphVersion: row.supergraph_version,
    outcome: (row.outcome ?? UNREADABLE) as AuditOutcome,
    errorCodes: stringList(row.error_codes),
    durationMs: row.duration_ms ?? -1,
    gatewayInstance: row.gateway_instance ?? UNREADABLE,
    breakGlass: row.break_glass_justification === null ? null : { justification: row.break_glass_justification },
    review: reviewOf(row.review),
  };
}

function reviewOf(text: string | null): AuditReview | null {
  const value = parse(text);
  if (value === null) return null;
  const { recordSeq, verdict, note } = (typeof value === 'object' ? value : {}) as { recordSeq?: unknown; verdict?: unknown; note?: unknown };
  return {
    recordSeq: typeof recordSeq === 'number' ? recordSeq : -1,
    verdict: (typeof verdict === 'string' ? verdict : UNREADABLE) as AuditReview['verdict'],
    note: typeof note === 'string' ? note : UNREADABLE,
  };
}
